// The one line provd sends back on the lease socket: {"ack":SEQ}.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace provd::kea_hook {

/// Longest ack line the hook accepts; a longer line is a protocol error.
inline constexpr std::size_t kMaxAckLineLength = 1024;

/// The SEQ of an ack line (without its newline): a JSON object whose "ack" member is an
/// unsigned integer; other members are ignored for forward compatibility. Nothing when the
/// line is anything else.
std::optional<std::uint64_t> parseAckLine(std::string_view line);

}  // namespace provd::kea_hook

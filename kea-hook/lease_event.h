// The lease event as the hook sends it to provd, and its NDJSON encoding
// (schema/lease-event.schema.json). Free of Kea types so it can be tested and fuzzed alone.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace provd::kea_hook {

/// What happened to the lease; the wire name is eventName().
enum class EventKind { commit, release, expire, decline, recover };

/// The wire name of an event kind ("commit", ...).
std::string_view eventName(EventKind kind);

/// One DHCP option of the client's packet: its code and payload (without code/length header).
struct DhcpOption {
  std::uint8_t code = 0;
  std::vector<std::uint8_t> data;
};

/// Everything the hook reports about one lease change.
struct LeaseEvent {
  EventKind kind = EventKind::commit;
  std::int64_t ts = 0;              ///< Unix seconds when the hook saw it.
  std::string ip;                   ///< Canonical text address.
  std::string mac;                  ///< Lower-case colon form, or empty.
  std::string client_id;            ///< Lower-case colon hex, or empty.
  std::string hostname;             ///< Raw bytes as Kea keeps them (escaped on output).
  std::uint32_t valid_lft = 0;      ///< Seconds.
  std::int64_t expires = 0;         ///< Unix seconds; 0 for an infinite lease.
  std::uint32_t subnet_id = 0;      ///< Kea subnet id.
  std::vector<DhcpOption> options;  ///< In the order the hook was configured to forward them.
};

/// What the hook had to drop when its buffer overflowed.
struct GapInfo {
  std::uint64_t dropped = 0;    ///< Number of lease events dropped.
  std::uint64_t first_seq = 0;  ///< Lowest dropped seq.
  std::uint64_t last_seq = 0;   ///< Highest dropped seq.

  /// Records one more dropped event.
  void add(std::uint64_t seq);
  /// Folds another gap into this one.
  void merge(const GapInfo& other);
};

/// The members of one event line after v/boot/seq, closing brace included: `"event":...}`.
std::string formatEventBody(const LeaseEvent& event);

/// formatEventBody() appended to out, so a caller can reuse one buffer for every event.
void appendEventBody(std::string& out, const LeaseEvent& event);

/// The members of a gap line after v/boot/seq, closing brace included.
std::string formatGapBody(const GapInfo& gap, std::int64_t ts);

/// Appends `{"v":1,"boot":"BOOT","seq":SEQ,` to out; the body completes the object.
void appendLinePrefix(std::string& out, std::string_view boot, std::uint64_t seq);

/// Appends bytes as a JSON string literal: valid UTF-8 passes, control characters, quotes,
/// backslashes and every byte of invalid UTF-8 are escaped (\u00XX, i.e. read as Latin-1).
void appendJsonString(std::string& out, std::string_view bytes);

/// Lower-case hex of the bytes, with an optional separator between bytes (0 for none).
std::string hexBytes(std::span<const std::uint8_t> bytes, char separator);

/// The bytes as text when every byte is printable ASCII (trailing NULs, which some phones
/// send, are ignored); nothing otherwise.
std::optional<std::string> printableText(std::span<const std::uint8_t> bytes);

}  // namespace provd::kea_hook

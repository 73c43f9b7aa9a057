#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace provd {

/// Normalises an IPv4 (dotted quad, no leading zeros) or IPv6 address to its canonical text,
/// or explains why it is not one. Canonical text is what the store uses as a key.
Result<std::string> normalize_ip(std::string_view text);

/// True for a syntactically valid IPv4 dotted quad.
bool is_ipv4(std::string_view text);

}  // namespace provd

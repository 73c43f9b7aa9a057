#pragma once

#include <string>
#include <string_view>

namespace provd::ident {

/// A value from the network made safe for a key=value log line: quoted, control and non-ASCII
/// bytes written \xHH, quotes and backslashes escaped, cut at 256 bytes (so fail2ban can parse it
/// and an attacker cannot forge fields or lines).
std::string log_text(std::string_view value);

}  // namespace provd::ident

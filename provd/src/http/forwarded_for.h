// Which address a request came from when provd sits behind reverse proxies.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace provd::http {

/// The client address: `socket_ip` when `trusted_hops` is 0 (X-Forwarded-For ignored, since any
/// client can write it); otherwise the `trusted_hops`-th address from the right of the
/// X-Forwarded-For list (all `values` of the header joined in order), because each trusted
/// proxy appends the peer it saw. A list shorter than that yields its leftmost entry, which a
/// trusted proxy wrote too. An entry that is not an IP address yields `socket_ip`.
std::string client_address(std::string_view socket_ip, const std::vector<std::string_view>& values,
                           unsigned trusted_hops);

}  // namespace provd::http

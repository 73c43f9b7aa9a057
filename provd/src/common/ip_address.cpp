#include "common/ip_address.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <array>

namespace provd {
namespace {

// inet_pton is strict for IPv4 (exactly four decimal parts, no leading-zero octal ambiguity
// on glibc) and handles every IPv6 spelling; inet_ntop then gives the canonical text.
std::string c_string(std::string_view text) {
  return std::string(text.substr(0, INET6_ADDRSTRLEN));
}

}  // namespace

bool is_ipv4(std::string_view text) {
  if (text.size() > INET_ADDRSTRLEN) return false;
  in_addr addr{};
  return inet_pton(AF_INET, c_string(text).c_str(), &addr) == 1;
}

Result<std::string> normalize_ip(std::string_view text) {
  std::array<char, INET6_ADDRSTRLEN> out{};
  if (text.size() < INET6_ADDRSTRLEN && text.find('\0') == std::string_view::npos) {
    const std::string input = c_string(text);
    in_addr v4{};
    if (inet_pton(AF_INET, input.c_str(), &v4) == 1) {
      return std::string(inet_ntop(AF_INET, &v4, out.data(), out.size()));
    }
    in6_addr v6{};
    if (inet_pton(AF_INET6, input.c_str(), &v6) == 1) {
      return std::string(inet_ntop(AF_INET6, &v6, out.data(), out.size()));
    }
  }
  return fail("invalid_ip", fmt::format("'{}' is not an IP address", text.substr(0, 64)));
}

}  // namespace provd

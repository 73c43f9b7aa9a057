#include "http/forwarded_for.h"

#include "common/ip_address.h"

namespace provd::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string client_address(std::string_view socket_ip, const std::vector<std::string_view>& values,
                           unsigned trusted_hops) {
  if (trusted_hops == 0) return std::string(socket_ip);
  std::vector<std::string_view> entries;
  for (std::string_view value : values) {
    while (true) {
      const auto comma = value.find(',');
      const auto entry = trim(value.substr(0, comma));
      if (!entry.empty()) entries.push_back(entry);
      if (comma == std::string_view::npos) break;
      value.remove_prefix(comma + 1);
    }
  }
  if (entries.empty()) return std::string(socket_ip);
  const std::size_t from_right = std::min<std::size_t>(trusted_hops, entries.size());
  const auto chosen = normalize_ip(entries[entries.size() - from_right]);
  if (!chosen) return std::string(socket_ip);
  return *chosen;
}

}  // namespace provd::http

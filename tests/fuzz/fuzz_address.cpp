// MAC and IP parsing on arbitrary bytes (they come from User-Agents, file names, lease events).
// Property: whatever is accepted normalises to a canonical form that parses to itself.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/ip_address.h"
#include "common/mac_address.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto mac = provd::normalize_mac(text); mac.ok()) {
    auto again = provd::normalize_mac(*mac);
    if (!again.ok() || *again != *mac) __builtin_trap();
  }
  if (auto ip = provd::normalize_ip(text); ip.ok()) {
    auto again = provd::normalize_ip(*ip);
    if (!again.ok() || *again != *ip) __builtin_trap();
  }
  return 0;
}

// The option stash: the client's identifying options kept in its lease's user-context (Kea
// itself keeps no option 60), so that lease4-get-all gives them back when provd reconciles.
#pragma once

#include <cc/data.h>
#include <dhcpsrv/lease.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "lease_event.h"

namespace provd::kea_hook {

/// Key of the hook's map inside a lease's user-context.
inline constexpr const char* kUserContextKey = "provd";

/// Stash elements already built, by the options they hold. Phones of one model send the same
/// option 60, and Kea never changes a user-context in place (it hands out ConstElementPtr), so
/// their leases can share one element instead of each building three maps. Thread-safe.
class StashCache {
 public:
  /// The stash for these options: {"options": {"60": {"hex": "...", "text": "..."}}}.
  isc::data::ConstElementPtr stashFor(const std::vector<const DhcpOption*>& options);

  /// Distinct option sets held; bounded (the cache starts over when full).
  std::size_t size() const;

 private:
  static constexpr std::size_t kMaxEntries = 256;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, isc::data::ConstElementPtr> entries_;  // by code, length, bytes
};

/// Stores the options among found whose codes are listed in the lease's user-context under
/// "provd", keeping other keys. Leaves the context as it is when it already holds that stash
/// (a renewal), and drops the key when none of the codes was found.
void stashOptions(isc::dhcp::Lease4& lease, const std::vector<DhcpOption>& found,
                  const std::vector<std::uint8_t>& codes, StashCache& cache);

}  // namespace provd::kea_hook

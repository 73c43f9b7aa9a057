// The hook's parameters (hooks-libraries[].parameters in kea-dhcp4.conf), validated from one
// table: allowed keys, types, bounds and defaults in one place. Unknown keys are errors.
#pragma once

#include <cc/data.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace provd::kea_hook {

/// A parameter the hook refuses; what() names the key, the problem and where it is.
class ParamError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Where commits are reported from (commit-hook-point).
enum class CommitHookPoint {
  lease4_select,     ///< lease4_select and lease4_renew, as Kea is about to store the lease
  leases4_committed  ///< leases4_committed, once Kea has stored it (Kea then parks every packet)
};

/// The validated parameters.
struct HookParams {
  std::string socket_path;                                             ///< socket-path (required)
  std::size_t queue_size = 65536;                                      ///< queue-size
  std::vector<std::uint8_t> options = {12, 55, 60, 61, 77, 82};        ///< options
  std::vector<std::uint8_t> stash_options = {60};                      ///< stash-options
  std::chrono::milliseconds reconnect_min{100};                        ///< reconnect-min-ms
  std::chrono::milliseconds reconnect_max{5000};                       ///< reconnect-max-ms
  std::chrono::milliseconds ack_timeout{10000};                        ///< ack-timeout-ms
  std::chrono::milliseconds flush_interval{20};                        ///< flush-interval-ms
  CommitHookPoint commit_hook_point = CommitHookPoint::lease4_select;  ///< commit-hook-point
};

/// Bounds of the integer parameters, also quoted in error messages.
inline constexpr std::int64_t kQueueSizeMin = 4, kQueueSizeMax = 1048576;
inline constexpr std::int64_t kReconnectMsMin = 10, kReconnectMsMax = 600000;
inline constexpr std::int64_t kAckTimeoutMsMin = 100, kAckTimeoutMsMax = 600000;
inline constexpr std::int64_t kFlushIntervalMsMin = 0, kFlushIntervalMsMax = 1000;

/// Validates the parameters map (null when the config has none); throws ParamError.
HookParams parseHookParams(const isc::data::ConstElementPtr& parameters);

/// The Kea hook point's name ("lease4_select", "leases4_committed").
const char* hookPointName(CommitHookPoint point);

/// The options list as text, e.g. "12,55,60".
std::string optionsText(const std::vector<std::uint8_t>& options);

}  // namespace provd::kea_hook

// The hook's implementation object: one per load(). Callouts turn Kea's leases into events and
// push them on the bounded queue (never waiting on provd); the writer thread does the rest.
#pragma once

#include <dhcp/pkt4.h>
#include <dhcpsrv/lease.h>
#include <hooks/callout_handle.h>

#include <memory>
#include <string>

#include "event_queue.h"
#include "feed_writer.h"
#include "hook_params.h"
#include "lease_event.h"
#include "option_stash.h"

namespace provd::kea_hook {

/// A new random boot id: 32 lower-case hex digits.
std::string newBootId();

/// Everything a loaded hook owns: parameters, boot id, queue and writer thread.
class ProvdHook {
 public:
  /// Starts the writer thread for these (validated) parameters.
  explicit ProvdHook(HookParams params);
  ProvdHook(const ProvdHook&) = delete;
  ProvdHook& operator=(const ProvdHook&) = delete;
  /// Stops the writer in bounded time and logs what was left un-acknowledged.
  ~ProvdHook();

  /// leases4_committed (registered only with commit-hook-point leases4_committed): new and
  /// renewed leases as commits, deleted ones as releases.
  void leases4Committed(isc::hooks::CalloutHandle& handle);
  /// lease4_release.
  void lease4Release(isc::hooks::CalloutHandle& handle);
  /// lease4_decline.
  void lease4Decline(isc::hooks::CalloutHandle& handle);
  /// lease4_expire.
  void lease4Expire(isc::hooks::CalloutHandle& handle);
  /// lease4_recover.
  void lease4Recover(isc::hooks::CalloutHandle& handle);
  /// lease4_select: unless it is a DISCOVER's fake allocation, commitFrom().
  void lease4Select(isc::hooks::CalloutHandle& handle);
  /// lease4_renew: commitFrom().
  void lease4Renew(isc::hooks::CalloutHandle& handle);

  /// Queues one event (what every callout ends with).
  void enqueue(const LeaseEvent& event);

  /// This instance's boot id.
  const std::string& boot() const { return boot_; }
  /// The queue, for tests.
  EventQueue& queue() { return queue_; }
  /// The validated parameters.
  const HookParams& params() const { return params_; }

 private:
  // Stashes the client's options in the lease's user-context and, with commit-hook-point
  // lease4_select, reports the lease as a commit (never for a DISCOVER or a vetoed lease).
  void commitFrom(isc::hooks::CalloutHandle& handle);
  // A commit carrying these options unless the lease is declined or has no Ethernet MAC.
  void reportCommit(const isc::dhcp::Lease4Ptr& lease, std::vector<DhcpOption> options);
  void report(EventKind kind, const isc::dhcp::Lease4Ptr& lease, const isc::dhcp::Pkt4Ptr& query);

  const HookParams params_;
  // What commitFrom() takes from the packet once: the forwarded options, in their order, then
  // the stashed ones not among them.
  const std::vector<std::uint8_t> collected_codes_;
  StashCache stash_cache_;
  const std::string boot_;
  EventQueue queue_;
  FeedWriter writer_;
};

}  // namespace provd::kea_hook

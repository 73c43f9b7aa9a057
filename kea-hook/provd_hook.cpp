#include "provd_hook.h"

#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <system_error>

#include <dhcp/dhcp4.h>

#include "kea_events.h"
#include "provd_log.h"

namespace provd::kea_hook {

using isc::dhcp::Lease4Ptr;
using isc::dhcp::Pkt4Ptr;
using isc::hooks::CalloutHandle;

namespace {

// Context key (per packet's callout handle) marking an address lease4_release reported, so
// that the same release seen again in leases4_committed's deleted_leases4 is not sent twice.
constexpr const char* kReleasedContext = "provd-released";

// The address lease4_release reported for this packet, or "" when it reported none.
// getContext() throws when this library set no context on the packet, so callers ask only
// when there are deleted leases: an exception per commit would be a cost on Kea's packet path.
std::string releasedAddress(const CalloutHandle& handle) {
  std::string released;
  try {
    handle.getContext(kReleasedContext, released);
  } catch (const isc::hooks::NoSuchCalloutContext&) {
    // No context for this library on this packet: lease4_release did not run.
  }
  return released;
}

std::vector<std::uint8_t> forwardedThenStashed(const HookParams& params) {
  std::vector<std::uint8_t> codes = params.options;
  for (std::uint8_t code : params.stash_options) {
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  }
  return codes;
}

}  // namespace

std::string newBootId() {
  std::uint8_t bytes[16];
  std::size_t filled = 0;
  while (filled < sizeof bytes) {
    ssize_t got = ::getrandom(bytes + filled, sizeof bytes - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::system_category(), "getrandom");
    }
    filled += static_cast<std::size_t>(got);
  }
  return hexBytes(bytes, 0);
}

ProvdHook::ProvdHook(HookParams params)
    : params_(std::move(params)),
      collected_codes_(forwardedThenStashed(params_)),
      boot_(newBootId()),
      queue_(params_.queue_size),
      writer_(WriterSettings{.socket_path = params_.socket_path,
                             .reconnect_min = params_.reconnect_min,
                             .reconnect_max = params_.reconnect_max,
                             .ack_timeout = params_.ack_timeout,
                             .flush_interval = params_.flush_interval,
                             .boot = boot_},
              queue_) {
  writer_.start();
}

ProvdHook::~ProvdHook() {
  writer_.stop();
  QueueStats stats = queue_.stats();
  LOG_INFO(provd_logger, PROVD_HOOK_UNLOADED).arg(stats.outstanding).arg(stats.dropped);
}

void ProvdHook::enqueue(const LeaseEvent& event) {
  std::string body = queue_.spareBody();
  appendEventBody(body, event);
  if (queue_.push(std::move(body))) writer_.wake();
  LOG_DEBUG(provd_logger, kDebugEvents, PROVD_HOOK_EVENT_QUEUED)
      .arg(std::string(eventName(event.kind)))
      .arg(event.ip)
      .arg(event.mac);
}

void ProvdHook::report(EventKind kind, const Lease4Ptr& lease, const Pkt4Ptr& query) {
  if (!lease) return;
  enqueue(makeLeaseEvent(kind, *lease, query, params_.options, std::time(nullptr)));
}

void ProvdHook::leases4Committed(CalloutHandle& handle) {
  Pkt4Ptr query;
  isc::dhcp::Lease4CollectionPtr leases;
  isc::dhcp::Lease4CollectionPtr deleted;
  handle.getArgument("query4", query);
  handle.getArgument("leases4", leases);
  handle.getArgument("deleted_leases4", deleted);
  if (leases) {
    for (const Lease4Ptr& lease : *leases) {
      if (lease) reportCommit(lease, query ? collectOptions(*query, params_.options) : std::vector<DhcpOption>{});
    }
  }
  if (deleted && !deleted->empty()) {
    std::string released = releasedAddress(handle);
    for (const Lease4Ptr& lease : *deleted) {
      if (!lease) continue;
      if (lease->addr_.toText() == released) continue;  // lease4_release already sent it
      // A lease deleted by a commit (the client moved to another address, or released it
      // without lease4_release being seen): the old address is no longer the client's.
      report(EventKind::release, lease, query);
    }
  }
}

void ProvdHook::lease4Release(CalloutHandle& handle) {
  if (handle.getStatus() != CalloutHandle::NEXT_STEP_CONTINUE) return;  // another hook vetoed
  Pkt4Ptr query;
  Lease4Ptr lease;
  handle.getArgument("query4", query);
  handle.getArgument("lease4", lease);
  if (!lease) return;
  report(EventKind::release, lease, query);
  if (params_.commit_hook_point == CommitHookPoint::leases4_committed) {
    handle.setContext(kReleasedContext, lease->addr_.toText());
  }
}

void ProvdHook::lease4Decline(CalloutHandle& handle) {
  Pkt4Ptr query;
  Lease4Ptr lease;
  handle.getArgument("query4", query);
  handle.getArgument("lease4", lease);
  report(EventKind::decline, lease, query);
}

void ProvdHook::lease4Expire(CalloutHandle& handle) {
  Lease4Ptr lease;
  handle.getArgument("lease4", lease);
  report(EventKind::expire, lease, Pkt4Ptr());
}

void ProvdHook::lease4Recover(CalloutHandle& handle) {
  Lease4Ptr lease;
  handle.getArgument("lease4", lease);
  report(EventKind::recover, lease, Pkt4Ptr());
}

// Kea 2.2 calls lease4_select for a lease it is about to store (and for a DISCOVER's offer, with
// fake_allocation set) and lease4_renew for a lease it is about to extend (and, with no such flag,
// for a DISCOVER from a client that holds one). By default commits are reported from these two
// rather than from leases4_committed: Kea parks every packet for a leases4_committed callout,
// which cost it ~24k instructions per DORA (callgrind, 9% of a DORA without hooks), more than
// the hook's own work and both of these callouts together. The lease is the one Kea then
// stores; a client moving to another address is a commit of the new one, and provd moves the
// association.
void ProvdHook::lease4Select(CalloutHandle& handle) {
  bool fake = false;
  handle.getArgument("fake_allocation", fake);
  if (fake) return;  // a DISCOVER's offer: nothing is stored
  commitFrom(handle);
}

void ProvdHook::lease4Renew(CalloutHandle& handle) {
  commitFrom(handle);
}

void ProvdHook::commitFrom(CalloutHandle& handle) {
  // A library loaded before this one vetoed the allocation or renewal: Kea stores nothing.
  if (handle.getStatus() != CalloutHandle::NEXT_STEP_CONTINUE) return;
  Pkt4Ptr query;
  Lease4Ptr lease;
  handle.getArgument("query4", query);
  handle.getArgument("lease4", lease);
  if (!query || !lease || query->getType() == isc::dhcp::DHCPDISCOVER) return;
  if (params_.commit_hook_point != CommitHookPoint::lease4_select) {
    stashOptions(*lease, collectOptions(*query, params_.stash_options), params_.stash_options, stash_cache_);
    return;  // leases4_committed reports it
  }
  // Each option is read from the packet once, for the stash and for the event.
  std::vector<DhcpOption> found = collectOptions(*query, collected_codes_);
  stashOptions(*lease, found, params_.stash_options, stash_cache_);
  // The forwarded options come first in found; the rest were only for the stash.
  auto forwarded = [&](const DhcpOption& option) {
    return std::find(params_.options.begin(), params_.options.end(), option.code) != params_.options.end();
  };
  found.erase(std::find_if_not(found.begin(), found.end(), forwarded), found.end());
  reportCommit(lease, std::move(found));
}

void ProvdHook::reportCommit(const Lease4Ptr& lease, std::vector<DhcpOption> options) {
  if (const char* refusal = commitRefusal(*lease)) {
    LOG_DEBUG(provd_logger, kDebugEvents, PROVD_HOOK_EVENT_SKIPPED)
        .arg("commit")
        .arg(lease->addr_.toText())
        .arg(refusal);
    return;
  }
  enqueue(makeLeaseEvent(EventKind::commit, *lease, std::move(options), std::time(nullptr)));
}

}  // namespace provd::kea_hook

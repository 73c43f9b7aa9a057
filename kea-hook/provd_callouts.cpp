// The C entry points Kea calls, and nothing else: each one is a thin wrapper around the
// implementation object that catches every exception, so a failing callout never takes
// kea-dhcp4 down and a bad configuration makes load() fail with a logged reason.
#include <hooks/hooks.h>

#include <exception>
#include <memory>

#include "hook_params.h"
#include "provd_hook.h"
#include "provd_log.h"

using isc::hooks::CalloutHandle;
using isc::hooks::LibraryHandle;
using provd::kea_hook::provd_logger;
using provd::kea_hook::ProvdHook;

namespace {

// One instance between load() and unload(); Kea stops its packet threads before unload().
std::unique_ptr<ProvdHook> hook;

template <void (ProvdHook::*Method)(CalloutHandle&)>
int callout(const char* name, CalloutHandle& handle) noexcept {
  try {
    if (hook) ((*hook).*Method)(handle);
  } catch (const std::exception& error) {
    try {
      LOG_ERROR(provd_logger, provd::kea_hook::PROVD_HOOK_CALLOUT_FAILED).arg(name).arg(error.what());
    } catch (...) {
    }
  } catch (...) {
    try {
      LOG_ERROR(provd_logger, provd::kea_hook::PROVD_HOOK_CALLOUT_FAILED).arg(name).arg("unknown exception");
    } catch (...) {
    }
  }
  return 0;  // DHCP goes on whatever happened to the event
}

// Not exported under Kea's name: load() registers it only when commits come from there, since
// Kea parks every packet for a leases4_committed callout, whatever the callout does.
int leases4CommittedCallout(CalloutHandle& handle) {
  return callout<&ProvdHook::leases4Committed>("leases4_committed", handle);
}

}  // namespace

extern "C" {

int load(LibraryHandle& handle) {
  try {
    auto params = provd::kea_hook::parseHookParams(handle.getParameters());
    hook = std::make_unique<ProvdHook>(std::move(params));
    if (hook->params().commit_hook_point == provd::kea_hook::CommitHookPoint::leases4_committed) {
      handle.registerCallout("leases4_committed", leases4CommittedCallout);
    }
    LOG_INFO(provd_logger, provd::kea_hook::PROVD_HOOK_LOADED)
        .arg(hook->params().socket_path)
        .arg(hook->params().queue_size)
        .arg(provd::kea_hook::optionsText(hook->params().options))
        .arg(provd::kea_hook::optionsText(hook->params().stash_options))
        .arg(hook->params().reconnect_min.count())
        .arg(hook->params().reconnect_max.count())
        .arg(hook->params().flush_interval.count())
        .arg(provd::kea_hook::hookPointName(hook->params().commit_hook_point))
        .arg(hook->boot());
    return 0;
  } catch (const std::exception& error) {
    hook.reset();
    try {
      LOG_ERROR(provd_logger, provd::kea_hook::PROVD_HOOK_LOAD_FAILED).arg(error.what());
    } catch (...) {
    }
    return 1;
  } catch (...) {
    hook.reset();
    return 1;
  }
}

int unload() {
  try {
    hook.reset();
  } catch (...) {
    return 1;
  }
  return 0;
}

int multi_threading_compatible() {
  return 1;
}

int lease4_release(CalloutHandle& handle) {
  return callout<&ProvdHook::lease4Release>("lease4_release", handle);
}

int lease4_decline(CalloutHandle& handle) {
  return callout<&ProvdHook::lease4Decline>("lease4_decline", handle);
}

int lease4_expire(CalloutHandle& handle) {
  return callout<&ProvdHook::lease4Expire>("lease4_expire", handle);
}

int lease4_recover(CalloutHandle& handle) {
  return callout<&ProvdHook::lease4Recover>("lease4_recover", handle);
}

int lease4_select(CalloutHandle& handle) {
  return callout<&ProvdHook::lease4Select>("lease4_select", handle);
}

int lease4_renew(CalloutHandle& handle) {
  return callout<&ProvdHook::lease4Renew>("lease4_renew", handle);
}

}  // extern "C"

// The hook's one logger and its message catalogue (Kea's log framework: stable message ids,
// a severity chosen at each call site, operator-readable text with %N arguments).
#pragma once

#include <log/logger.h>
#include <log/macros.h>
#include <log/message_types.h>

namespace provd::kea_hook {

/// The hook's logger: configure it in Kea as "kea-dhcp4.provd-hooks".
extern isc::log::Logger provd_logger;

/// Debug level of per-event messages (Kea's DBGLVL_TRACE_BASIC).
inline constexpr int kDebugEvents = 40;

extern const isc::log::MessageID PROVD_HOOK_LOADED;
extern const isc::log::MessageID PROVD_HOOK_LOAD_FAILED;
extern const isc::log::MessageID PROVD_HOOK_UNLOADED;
extern const isc::log::MessageID PROVD_HOOK_CONNECTED;
extern const isc::log::MessageID PROVD_HOOK_CONNECT_FAILED;
extern const isc::log::MessageID PROVD_HOOK_DISCONNECTED;
extern const isc::log::MessageID PROVD_HOOK_PROTOCOL_ERROR;
extern const isc::log::MessageID PROVD_HOOK_ACK_TIMEOUT;
extern const isc::log::MessageID PROVD_HOOK_EVENTS_DROPPED;
extern const isc::log::MessageID PROVD_HOOK_CALLOUT_FAILED;
extern const isc::log::MessageID PROVD_HOOK_EVENT_QUEUED;
extern const isc::log::MessageID PROVD_HOOK_EVENT_SKIPPED;
extern const isc::log::MessageID PROVD_HOOK_WRITER_FAILED;

}  // namespace provd::kea_hook

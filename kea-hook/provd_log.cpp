// The message catalogue, written as kea-msg-compiler would generate it from a .mes file.
#include "provd_log.h"

#include <log/message_initializer.h>

namespace provd::kea_hook {

isc::log::Logger provd_logger("provd-hooks");

extern const isc::log::MessageID PROVD_HOOK_LOADED = "PROVD_HOOK_LOADED";
extern const isc::log::MessageID PROVD_HOOK_LOAD_FAILED = "PROVD_HOOK_LOAD_FAILED";
extern const isc::log::MessageID PROVD_HOOK_UNLOADED = "PROVD_HOOK_UNLOADED";
extern const isc::log::MessageID PROVD_HOOK_CONNECTED = "PROVD_HOOK_CONNECTED";
extern const isc::log::MessageID PROVD_HOOK_CONNECT_FAILED = "PROVD_HOOK_CONNECT_FAILED";
extern const isc::log::MessageID PROVD_HOOK_DISCONNECTED = "PROVD_HOOK_DISCONNECTED";
extern const isc::log::MessageID PROVD_HOOK_PROTOCOL_ERROR = "PROVD_HOOK_PROTOCOL_ERROR";
extern const isc::log::MessageID PROVD_HOOK_ACK_TIMEOUT = "PROVD_HOOK_ACK_TIMEOUT";
extern const isc::log::MessageID PROVD_HOOK_EVENTS_DROPPED = "PROVD_HOOK_EVENTS_DROPPED";
extern const isc::log::MessageID PROVD_HOOK_CALLOUT_FAILED = "PROVD_HOOK_CALLOUT_FAILED";
extern const isc::log::MessageID PROVD_HOOK_EVENT_QUEUED = "PROVD_HOOK_EVENT_QUEUED";
extern const isc::log::MessageID PROVD_HOOK_EVENT_SKIPPED = "PROVD_HOOK_EVENT_SKIPPED";
extern const isc::log::MessageID PROVD_HOOK_WRITER_FAILED = "PROVD_HOOK_WRITER_FAILED";

namespace {

const char* catalogue[] = {
    "PROVD_HOOK_LOADED",
    "provd hook loaded: socket-path %1, queue-size %2, options %3, stash-options %4, reconnect %5..%6 ms, "
    "flush-interval %7 ms, commits from %8, boot %9",
    "PROVD_HOOK_LOAD_FAILED",
    "provd hook refused its configuration: %1",
    "PROVD_HOOK_UNLOADED",
    "provd hook unloaded: %1 events not yet acknowledged by provd discarded (provd reconciles "
    "when it sees the next boot), %2 dropped on overflow during this boot",
    "PROVD_HOOK_CONNECTED",
    "connected to provd at %1; %2 events to (re)send",
    "PROVD_HOOK_CONNECT_FAILED",
    "cannot connect to provd at %1: %2; retrying with backoff up to %3 ms, events are buffered",
    "PROVD_HOOK_DISCONNECTED",
    "connection to provd at %1 lost: %2; %3 un-acknowledged events will be resent",
    "PROVD_HOOK_ACK_TIMEOUT",
    "provd at %1 acknowledged nothing for %2 ms (%3 events sent and waiting); reconnecting",
    "PROVD_HOOK_PROTOCOL_ERROR",
    "provd at %1 broke the lease-event protocol (%2); reconnecting",
    "PROVD_HOOK_EVENTS_DROPPED",
    "event buffer full: %1 lease events dropped so far in this boot; a gap event tells provd to "
    "reconcile from Kea",
    "PROVD_HOOK_CALLOUT_FAILED",
    "callout %1 failed, lease event not queued: %2",
    "PROVD_HOOK_EVENT_QUEUED",
    "queued %1 event: ip %2 mac %3",
    "PROVD_HOOK_EVENT_SKIPPED",
    "%1 of ip %2 not sent: %3",
    "PROVD_HOOK_WRITER_FAILED",
    "provd hook writer thread stopped on an unexpected error: %1; events are no longer sent",
    nullptr};

const isc::log::MessageInitializer catalogue_initializer(catalogue);

}  // namespace

}  // namespace provd::kea_hook

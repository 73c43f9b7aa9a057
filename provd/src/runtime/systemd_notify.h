// The systemd service-manager notification protocol (sd_notify(3)) without libsystemd: one
// datagram per state change to the socket named by $NOTIFY_SOCKET. Outside systemd (no
// variable) every call is a no-op, so provd behaves the same when run by hand or in tests.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace provd::runtime {

/// Sends `state` (e.g. "READY=1") to the notification socket at `socket_path`; a leading '@'
/// names an abstract socket. Never blocks. Returns false when the datagram was not delivered.
bool notify_socket_send(const std::string& socket_path, std::string_view state);

/// Sends `state` to $NOTIFY_SOCKET. Returns false when the variable is unset or sending failed.
bool systemd_notify(std::string_view state);

/// The watchdog period systemd expects pings within, from WATCHDOG_USEC and WATCHDOG_PID
/// (the pid, when given, must be `self`); nullopt when the watchdog is off or meant for another
/// process.
std::optional<std::chrono::microseconds> watchdog_period(const char* watchdog_usec, const char* watchdog_pid,
                                                         pid_t self);

/// watchdog_period() for this process's environment.
std::optional<std::chrono::microseconds> systemd_watchdog_period();

}  // namespace provd::runtime

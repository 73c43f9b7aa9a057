#include "runtime/systemd_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>

#include "common/unique_fd.h"

namespace provd::runtime {

bool notify_socket_send(const std::string& socket_path, std::string_view state) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  // Abstract names are not NUL-terminated: their length is part of the address.
  if (socket_path.size() < 2 || socket_path.size() >= sizeof(address.sun_path)) return false;
  if (socket_path[0] != '/' && socket_path[0] != '@') return false;
  std::memcpy(address.sun_path, socket_path.data(), socket_path.size());
  if (socket_path[0] == '@') address.sun_path[0] = '\0';
  const auto length =
      static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_path.size() + (socket_path[0] == '/' ? 1 : 0));

  UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return false;
  // MSG_DONTWAIT: a stalled service manager must never stall an I/O thread.
  const ssize_t sent = ::sendto(fd.get(), state.data(), state.size(), MSG_NOSIGNAL | MSG_DONTWAIT,
                                reinterpret_cast<const sockaddr*>(&address), length);
  return sent == static_cast<ssize_t>(state.size());
}

bool systemd_notify(std::string_view state) {
  const char* path = std::getenv("NOTIFY_SOCKET");
  if (path == nullptr) return false;
  return notify_socket_send(path, state);
}

std::optional<std::chrono::microseconds> watchdog_period(const char* watchdog_usec, const char* watchdog_pid,
                                                         pid_t self) {
  if (watchdog_usec == nullptr) return std::nullopt;
  if (watchdog_pid != nullptr) {
    long pid = 0;
    const char* end = watchdog_pid + std::strlen(watchdog_pid);
    auto [ptr, ec] = std::from_chars(watchdog_pid, end, pid);
    if (ec != std::errc() || ptr != end || pid != self) return std::nullopt;
  }
  unsigned long long usec = 0;
  const char* end = watchdog_usec + std::strlen(watchdog_usec);
  auto [ptr, ec] = std::from_chars(watchdog_usec, end, usec);
  if (ec != std::errc() || ptr != end || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec);
}

std::optional<std::chrono::microseconds> systemd_watchdog_period() {
  return watchdog_period(std::getenv("WATCHDOG_USEC"), std::getenv("WATCHDOG_PID"), ::getpid());
}

}  // namespace provd::runtime

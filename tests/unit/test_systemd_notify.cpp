// sd_notify without libsystemd: datagrams reach a real Unix socket (path and abstract), and
// the watchdog period is read the way systemd(1) sets it.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "common/unique_fd.h"
#include "runtime/systemd_notify.h"
#include "support_temp_dir.h"

namespace {

using provd::UniqueFd;
using provd::runtime::notify_socket_send;
using provd::runtime::systemd_notify;
using provd::runtime::watchdog_period;

/// A bound datagram socket standing in for the service manager.
class FakeManager {
 public:
  /// `name` is a file path, or an abstract name starting with '@'.
  explicit FakeManager(const std::string& name) : fd_(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, name.data(), name.size());
    socklen_t length = offsetof(sockaddr_un, sun_path) + name.size();
    if (name[0] == '@') {
      address.sun_path[0] = '\0';
    } else {
      length += 1;
    }
    if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&address), length) != 0) throw std::runtime_error("bind");
    timeval timeout{2, 0};  // a lost datagram fails the test instead of hanging it
    ::setsockopt(fd_.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  std::string receive() {
    char buffer[512];
    const ssize_t n = ::recv(fd_.get(), buffer, sizeof buffer, 0);
    return n < 0 ? std::string("<nothing>") : std::string(buffer, static_cast<std::size_t>(n));
  }

 private:
  UniqueFd fd_;
};

TEST(SystemdNotify, SendsToPathSocket) {
  provd::test::TempDir dir;
  const std::string path = (dir.path() / "notify").string();
  FakeManager manager(path);
  ASSERT_TRUE(notify_socket_send(path, "READY=1"));
  EXPECT_EQ(manager.receive(), "READY=1");
  ASSERT_TRUE(notify_socket_send(path, "STATUS=serving\nWATCHDOG=1"));
  EXPECT_EQ(manager.receive(), "STATUS=serving\nWATCHDOG=1");
}

TEST(SystemdNotify, SendsToAbstractSocket) {
  const std::string name = "@provd-notify-test-" + std::to_string(::getpid());
  FakeManager manager(name);
  ASSERT_TRUE(notify_socket_send(name, "STOPPING=1"));
  EXPECT_EQ(manager.receive(), "STOPPING=1");
}

TEST(SystemdNotify, ReadsNotifySocketFromEnvironment) {
  provd::test::TempDir dir;
  const std::string path = (dir.path() / "notify").string();
  FakeManager manager(path);
  ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
  EXPECT_TRUE(systemd_notify("RELOADING=1"));
  EXPECT_EQ(manager.receive(), "RELOADING=1");
  ::unsetenv("NOTIFY_SOCKET");
  EXPECT_FALSE(systemd_notify("READY=1"));
}

TEST(SystemdNotify, RefusesUnusableAddresses) {
  provd::test::TempDir dir;
  EXPECT_FALSE(notify_socket_send("", "READY=1"));
  EXPECT_FALSE(notify_socket_send("relative/path", "READY=1"));
  EXPECT_FALSE(notify_socket_send("/" + std::string(200, 'x'), "READY=1"));
  EXPECT_FALSE(notify_socket_send((dir.path() / "nobody-listens").string(), "READY=1"));
}

TEST(SystemdNotify, WatchdogPeriod) {
  EXPECT_EQ(watchdog_period("30000000", nullptr, 42), std::chrono::seconds(30));
  EXPECT_EQ(watchdog_period("30000000", "42", 42), std::chrono::seconds(30));
  EXPECT_FALSE(watchdog_period("30000000", "43", 42)) << "meant for another process";
  EXPECT_FALSE(watchdog_period(nullptr, "42", 42));
  EXPECT_FALSE(watchdog_period("0", nullptr, 42));
  EXPECT_FALSE(watchdog_period("30s", nullptr, 42));
  EXPECT_FALSE(watchdog_period("", nullptr, 42));
}

}  // namespace

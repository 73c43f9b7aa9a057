// A real Unix-socket peer standing in for provd's lease listener in the hook's tests:
// it listens, accepts, reads NDJSON lines and writes acks, every wait bounded by a timeout.
#pragma once

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/unique_fd.h"

namespace provd::test {

/// Listens on a Unix socket path; one accepted connection at a time.
class UnixPeer {
 public:
  /// Binds and listens at path with the given backlog.
  explicit UnixPeer(const std::string& path, int backlog = 8) {
    listener_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    if (::bind(listener_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_.get(), backlog) != 0) {
      throw std::runtime_error("cannot listen on " + path + ": " + std::strerror(errno));
    }
  }

  /// Accepts the next connection; false when none arrives within the timeout.
  bool accept(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    pollfd wait{.fd = listener_.get(), .events = POLLIN, .revents = 0};
    if (::poll(&wait, 1, static_cast<int>(timeout.count())) <= 0) return false;
    connection_.reset(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    buffer_.clear();
    return connection_.valid();
  }

  /// Reads until count complete lines arrived (or the timeout, or EOF); returns them.
  std::vector<std::string> readLines(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::vector<std::string> lines;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (lines.size() < count) {
      std::size_t newline = buffer_.find('\n');
      if (newline != std::string::npos) {
        lines.push_back(buffer_.substr(0, newline));
        buffer_.erase(0, newline + 1);
        continue;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd wait{.fd = connection_.get(), .events = POLLIN, .revents = 0};
      if (::poll(&wait, 1, static_cast<int>(left.count())) <= 0) break;
      char chunk[4096];
      ssize_t got = ::recv(connection_.get(), chunk, sizeof chunk, 0);
      if (got <= 0) break;
      buffer_.append(chunk, static_cast<std::size_t>(got));
    }
    return lines;
  }

  /// Writes text on the current connection.
  void send(const std::string& text) { ::send(connection_.get(), text.data(), text.size(), MSG_NOSIGNAL); }

  /// Closes the current connection (the listener stays).
  void disconnect() { connection_.reset(); }

  /// The listening descriptor, for tests that fill its backlog.
  int listener() const { return listener_.get(); }

 private:
  UniqueFd listener_;
  UniqueFd connection_;
  std::string buffer_;
};

}  // namespace provd::test

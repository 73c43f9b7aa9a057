#include "feed_writer.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <system_error>

#include "ack_line.h"
#include "provd_log.h"

namespace provd::kea_hook {

namespace {

// Upper bound of one poll(): the loop re-checks its state at least this often.
constexpr int kPollSliceMs = 500;
// Lines are batched into the send buffer up to about this size.
constexpr std::size_t kSendBatchBytes = 256 * 1024;

std::string errnoText(int error) {
  return std::system_category().message(error);
}

// A poll() timeout that does not wake before deadline: rounded up, 0 once it has passed.
int msUntil(std::chrono::steady_clock::time_point deadline, std::chrono::steady_clock::time_point now) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
  return static_cast<int>(std::clamp<std::int64_t>(left, 0, kPollSliceMs));
}

}  // namespace

FeedWriter::FeedWriter(WriterSettings settings, EventQueue& queue) : settings_(std::move(settings)), queue_(queue) {
  wakeup_.reset(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!wakeup_.valid()) throw std::system_error(errno, std::system_category(), "eventfd");
}

FeedWriter::~FeedWriter() {
  stop();
}

void FeedWriter::start() {
  // The first attempt runs here, on the thread that loads the hook, and so does the log line
  // saying how it went. Kea applies its logging configuration a second time right after
  // loading the hooks, and a line another thread logs meanwhile can go to the default output
  // or nowhere: PROVD_HOOK_CONNECT_FAILED was missing from the configured log in 1 start of 6.
  std::string why;
  UniqueFd first = connect(why, false);
  if (first.valid()) {
    LOG_INFO(provd_logger, PROVD_HOOK_CONNECTED).arg(settings_.socket_path).arg(queue_.stats().outstanding);
  } else {
    logConnectFailed(why);
  }
  thread_ = std::thread([this, socket = std::move(first)]() mutable { run(std::move(socket)); });
}

void FeedWriter::logConnectFailed(const std::string& why) {
  LOG_WARN(provd_logger, PROVD_HOOK_CONNECT_FAILED)
      .arg(settings_.socket_path)
      .arg(why)
      .arg(settings_.reconnect_max.count());
}

void FeedWriter::wake() noexcept {
  std::uint64_t one = 1;
  // EAGAIN only when the counter is saturated, which is a pending wake-up anyway.
  [[maybe_unused]] auto written = ::write(wakeup_.get(), &one, sizeof one);
}

void FeedWriter::stop() noexcept {
  stopping_.store(true);
  wake();
  if (thread_.joinable()) thread_.join();
}

void FeedWriter::drainWakeups() noexcept {
  std::uint64_t count = 0;
  [[maybe_unused]] auto got = ::read(wakeup_.get(), &count, sizeof count);
}

void FeedWriter::reportDrops() {
  std::uint64_t dropped = queue_.stats().dropped;
  if (dropped != dropped_reported_) {
    dropped_reported_ = dropped;
    LOG_WARN(provd_logger, PROVD_HOOK_EVENTS_DROPPED).arg(dropped);
  }
}

void FeedWriter::sleepFor(std::chrono::milliseconds delay) {
  auto deadline = std::chrono::steady_clock::now() + delay;
  while (!stopping_.load()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return;
    pollfd wait{.fd = wakeup_.get(), .events = POLLIN, .revents = 0};
    int timeout = static_cast<int>(std::min<std::int64_t>(left.count(), kPollSliceMs));
    if (::poll(&wait, 1, timeout) > 0) drainWakeups();
  }
}

UniqueFd FeedWriter::connect(std::string& why, bool wait) {
  UniqueFd socket(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!socket.valid()) {
    why = "socket: " + errnoText(errno);
    return {};
  }
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, settings_.socket_path.data(),
              std::min(settings_.socket_path.size(), sizeof address.sun_path - 1));
  if (::connect(socket.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
    return socket;
  }
  if (errno == EAGAIN) {
    // A Unix socket says EAGAIN, not EINPROGRESS, when the listener's backlog is full;
    // a blocking connect() would hang here until provd accepts.
    why = "provd's listen backlog is full";
    return {};
  }
  if (errno != EINPROGRESS) {
    why = errnoText(errno);
    return {};
  }
  if (!wait) {
    why = "connect in progress";
    return {};
  }
  auto deadline = std::chrono::steady_clock::now() + settings_.reconnect_max;
  while (!stopping_.load() && std::chrono::steady_clock::now() < deadline) {
    pollfd waits[2] = {{.fd = wakeup_.get(), .events = POLLIN, .revents = 0},
                       {.fd = socket.get(), .events = POLLOUT, .revents = 0}};
    if (::poll(waits, 2, kPollSliceMs) <= 0) continue;
    if (waits[0].revents != 0) drainWakeups();
    if (waits[1].revents != 0) {
      int error = 0;
      socklen_t length = sizeof error;
      ::getsockopt(socket.get(), SOL_SOCKET, SO_ERROR, &error, &length);
      if (error == 0) return socket;
      why = errnoText(error);
      return {};
    }
  }
  why = "connect timed out";
  return {};
}

std::string FeedWriter::serve(int socket) {
  std::string out;
  std::size_t out_offset = 0;
  std::string in;
  char buffer[4096];
  // Since when sent events have waited for an ack with none arriving (reset by every ack that
  // makes progress): a peer that accepts and reads but never answers must not keep the events.
  auto waiting_since = std::chrono::steady_clock::now();
  bool waiting = false;
  // When the unsent events noticed so far go out: at most one send per flush_interval, the
  // first at once. A lone event (an office phone renewing) leaves immediately; under a storm
  // the events of an interval share one send, one wake-up of provd, one LMDB commit and one
  // ack, because per-event context switches and commits cost Kea and provd more CPU than the
  // events themselves. A burst of kBurstEvents goes out without waiting.
  constexpr auto kNone = std::chrono::steady_clock::time_point::max();
  auto flush_due = kNone;
  auto last_flush = std::chrono::steady_clock::time_point::min();
  while (!stopping_.load()) {
    auto now = std::chrono::steady_clock::now();
    const bool room = out.size() - out_offset < kSendBatchBytes / 2;
    if (room) {
      std::size_t unsent = queue_.stats().unsent;
      if (unsent == 0) {
        flush_due = kNone;
      } else if (flush_due == kNone) {
        flush_due = last_flush < now - settings_.flush_interval ? now : last_flush + settings_.flush_interval;
      }
      if (flush_due != kNone && (now >= flush_due || unsent >= EventQueue::kBurstEvents)) {
        out.erase(0, out_offset);
        out_offset = 0;
        queue_.takeUnsent(out, settings_.boot, kSendBatchBytes, std::time(nullptr));
        last_flush = now;
        flush_due = kNone;
        if (queue_.stats().unsent > 0) flush_due = now;  // the send buffer filled up first
      }
    }
    // Sleeping with nothing noticed needs a wake-up for the next event; park() refuses when
    // one slipped in since the look above.
    if (room && flush_due == kNone && !queue_.park()) continue;
    reportDrops();
    QueueStats stats = queue_.stats();
    bool unacked = stats.outstanding > stats.unsent;
    if (!unacked) {
      waiting = false;
    } else if (!waiting) {
      waiting = true;
      waiting_since = now;
    } else if (now - waiting_since >= settings_.ack_timeout) {
      ++ack_timeouts_;
      LOG_WARN(provd_logger, PROVD_HOOK_ACK_TIMEOUT)
          .arg(settings_.socket_path)
          .arg(settings_.ack_timeout.count())
          .arg(stats.outstanding - stats.unsent);
      return "no ack within " + std::to_string(settings_.ack_timeout.count()) + " ms";
    }
    bool want_write = out_offset < out.size();
    pollfd waits[2] = {{.fd = wakeup_.get(), .events = POLLIN, .revents = 0},
                       {.fd = socket, .events = static_cast<short>(POLLIN | (want_write ? POLLOUT : 0)), .revents = 0}};
    int slice = kPollSliceMs;
    if (waiting) slice = std::min(slice, msUntil(waiting_since + settings_.ack_timeout, now));
    if (flush_due != kNone && room) slice = std::min(slice, msUntil(flush_due, now));
    int ready = ::poll(waits, 2, slice);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return "poll: " + errnoText(errno);
    }
    if (waits[0].revents != 0) drainWakeups();
    short events = waits[1].revents;
    if ((events & POLLOUT) != 0 && want_write) {
      ssize_t sent = ::send(socket, out.data() + out_offset, out.size() - out_offset, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (sent > 0) {
        out_offset += static_cast<std::size_t>(sent);
      } else if (sent < 0 && errno != EAGAIN && errno != EINTR) {
        return "send: " + errnoText(errno);
      }
    }
    if ((events & (POLLIN | POLLHUP | POLLERR)) != 0) {
      ssize_t got = ::recv(socket, buffer, sizeof buffer, MSG_DONTWAIT);
      if (got == 0) return "provd closed the connection";
      if (got < 0) {
        if (errno == EAGAIN || errno == EINTR) continue;
        return "recv: " + errnoText(errno);
      }
      in.append(buffer, static_cast<std::size_t>(got));
      std::size_t start = 0;
      for (std::size_t newline; (newline = in.find('\n', start)) != std::string::npos; start = newline + 1) {
        std::string_view line(in.data() + start, newline - start);
        auto seq = parseAckLine(line);
        if (!seq) {
          LOG_WARN(provd_logger, PROVD_HOOK_PROTOCOL_ERROR)
              .arg(settings_.socket_path)
              .arg("not an ack line: " + std::string(line.substr(0, 80)));
          return "protocol error";
        }
        if (*seq > queue_.stats().acknowledged) waiting = false;  // progress: restart the clock
        if (queue_.acknowledge(*seq) != AckOutcome::ok) {
          LOG_WARN(provd_logger, PROVD_HOOK_PROTOCOL_ERROR)
              .arg(settings_.socket_path)
              .arg("ack " + std::to_string(*seq) + " of an event never sent");
          return "protocol error";
        }
      }
      in.erase(0, start);
      if (in.size() > kMaxAckLineLength) {
        LOG_WARN(provd_logger, PROVD_HOOK_PROTOCOL_ERROR)
            .arg(settings_.socket_path)
            .arg("line longer than " + std::to_string(kMaxAckLineLength) + " bytes");
        return "protocol error";
      }
    }
  }
  return "hook unloading";
}

void FeedWriter::run(UniqueFd first) noexcept {
  try {
    auto backoff = settings_.reconnect_min;
    // start() made the first attempt and logged how it went.
    bool first_attempt = true;
    bool failure_logged = !first.valid();
    while (!stopping_.load()) {
      std::string why;
      const bool logged_by_start = first_attempt && first.valid();
      UniqueFd socket = first_attempt ? std::move(first) : connect(why, true);
      first_attempt = false;
      if (!socket.valid()) {
        if (!failure_logged) {
          logConnectFailed(why);
          failure_logged = true;
        }
        reportDrops();
        sleepFor(backoff);
        backoff = std::min(backoff * 2, settings_.reconnect_max);
        continue;
      }
      failure_logged = false;
      backoff = settings_.reconnect_min;
      ++connections_;
      queue_.rewind();
      if (!logged_by_start) {
        LOG_INFO(provd_logger, PROVD_HOOK_CONNECTED).arg(settings_.socket_path).arg(queue_.stats().outstanding);
      }
      std::string ended = serve(socket.get());
      socket.reset();
      if (!stopping_.load()) {
        LOG_WARN(provd_logger, PROVD_HOOK_DISCONNECTED)
            .arg(settings_.socket_path)
            .arg(ended)
            .arg(queue_.stats().outstanding);
        sleepFor(settings_.reconnect_min);
      }
    }
  } catch (const std::exception& error) {
    // Nothing may escape a thread; Kea keeps serving DHCP without the feed.
    try {
      LOG_ERROR(provd_logger, PROVD_HOOK_WRITER_FAILED).arg(error.what());
    } catch (...) {
    }
  }
}

}  // namespace provd::kea_hook

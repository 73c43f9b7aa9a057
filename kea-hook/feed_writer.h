// The hook's one writer thread: owns the Unix socket to provd. A small state machine:
// backoff -> connect (non-blocking) -> connected (send lines, read acks) -> backoff ...
// Every wait is a poll() that also watches a wake-up eventfd, so stop() is prompt even when
// provd is hung or its listen backlog is full; a connection on which sent events get no ack
// for ack_timeout is dropped and the events resent on a new one.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "common/unique_fd.h"
#include "event_queue.h"

namespace provd::kea_hook {

/// How the writer reaches provd.
struct WriterSettings {
  std::string socket_path;                    ///< provd's lease socket.
  std::chrono::milliseconds reconnect_min{};  ///< First retry delay after a failure.
  std::chrono::milliseconds reconnect_max{};  ///< Retry delays double up to this.
  /// Sent events waiting this long with no ack progress mean provd is hung: reconnect, resend.
  std::chrono::milliseconds ack_timeout{10000};
  /// At most one send per interval, the first one at once (0: each event as soon as it is seen).
  std::chrono::milliseconds flush_interval{0};
  std::string boot;  ///< This load()'s boot id.
};

/// Sends the queue's lines to provd and applies its acks, on its own thread.
class FeedWriter {
 public:
  /// The queue must outlive the writer.
  FeedWriter(WriterSettings settings, EventQueue& queue);
  FeedWriter(const FeedWriter&) = delete;
  FeedWriter& operator=(const FeedWriter&) = delete;
  /// Stops the thread (see stop()).
  ~FeedWriter();

  /// Makes the first connection attempt on the calling thread, logs its outcome there, then
  /// starts the thread.
  void start();
  /// Tells the thread there is something to send; never blocks.
  void wake() noexcept;
  /// Stops the thread and joins it; bounded by one poll round, whatever provd does.
  void stop() noexcept;
  /// Times a connection to provd was established (for tests and logs).
  std::uint64_t connections() const noexcept { return connections_.load(); }
  /// Connections given up because provd did not acknowledge in time (for tests and logs).
  std::uint64_t ackTimeouts() const noexcept { return ack_timeouts_.load(); }

 private:
  void run(UniqueFd first) noexcept;
  // wait: give a connect still in progress up to reconnect_max (false: report it as a failure).
  UniqueFd connect(std::string& why, bool wait);
  void logConnectFailed(const std::string& why);
  std::string serve(int socket);
  void sleepFor(std::chrono::milliseconds delay);
  void drainWakeups() noexcept;
  void reportDrops();

  const WriterSettings settings_;
  EventQueue& queue_;
  UniqueFd wakeup_;  // eventfd
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> connections_{0};
  std::atomic<std::uint64_t> ack_timeouts_{0};
  std::uint64_t dropped_reported_ = 0;
  std::thread thread_;
};

}  // namespace provd::kea_hook

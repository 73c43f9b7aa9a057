#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "config/settings.h"
#include "runtime/io_spread.h"
#include "runtime/service.h"

namespace provd::runtime {

/// The process runtime: one single-threaded io_context per I/O thread (general.threads), a
/// separate pool for blocking work, signal handling (SIGTERM/SIGINT drain then exit, SIGHUP
/// reload) and the managed services.
class Runtime {
 public:
  /// Re-reads the configuration on SIGHUP; nullopt keeps the current one (error already logged).
  using ReloadSource = std::function<std::optional<config::Settings>()>;

  explicit Runtime(const config::Settings& settings);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  /// The I/O context listeners, timers and services use (the first I/O thread's). Never block on it.
  boost::asio::io_context& io() noexcept { return *contexts_.front(); }
  /// All I/O contexts, for spreading connections and transfers over the I/O threads.
  IoSpread spread() const;
  /// The pool for disk and network work that may block.
  boost::asio::thread_pool& blocking() noexcept { return blocking_; }
  /// The current configuration (a snapshot; SIGHUP swaps it).
  std::shared_ptr<const config::Settings> settings() const;
  /// Adds a service; it is started by run() in the order added and stopped in reverse.
  void add(std::shared_ptr<Service> service);
  /// The managed services (for /status).
  std::vector<std::shared_ptr<Service>> services() const;
  /// When run() started.
  std::chrono::steady_clock::time_point started_at() const noexcept { return started_at_; }

  /// Starts the services and runs until a stop signal (or request_stop()), drains in-flight
  /// work up to general.drain_timeout_s, then returns the process exit code.
  int run(ReloadSource reload_source);
  /// Asks run() to drain and return, as SIGTERM does. Thread-safe.
  void request_stop();

 private:
  void wait_for_stop();
  void wait_for_hup();
  void on_reload();
  void drain_and_stop();
  /// Pings the systemd watchdog every half `period` until draining starts.
  void ping_watchdog(std::chrono::microseconds period);

  // Declared (so destroyed) in this order on purpose: handlers still queued in an I/O context
  // when it is destroyed may own strands of blocking_ (the REST plugin-action strand), which must
  // be freed while blocking_'s strand service still exists. blocking_ has no threads left by then.
  boost::asio::thread_pool blocking_;
  /// An io_context whose shutdown can run before any context is destroyed (see ~Runtime).
  struct IoContext : boost::asio::io_context {
    using boost::asio::io_context::io_context;
    using boost::asio::io_context::shutdown;
  };
  std::vector<std::unique_ptr<IoContext>> contexts_;  // one per I/O thread, never empty
  struct Signals;
  std::unique_ptr<Signals> signals_;
  mutable std::mutex mutex_;
  std::shared_ptr<const config::Settings> settings_;
  std::vector<std::shared_ptr<Service>> services_;
  ReloadSource reload_source_;
  std::atomic<bool> stopping_{false};
  std::chrono::steady_clock::time_point started_at_ = std::chrono::steady_clock::now();
};

}  // namespace provd::runtime

#include "runtime/runtime.h"

#include <csignal>
#include <thread>

#include <fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "config/loader.h"
#include "log/logging.h"
#include "runtime/systemd_notify.h"

namespace provd::runtime {
namespace asio = boost::asio;

struct Runtime::Signals {
  explicit Signals(asio::io_context& io)
      : stop(io, SIGTERM, SIGINT), hup(io, SIGHUP), drain_timer(io), watchdog_timer(io) {}
  asio::signal_set stop;
  asio::signal_set hup;
  asio::steady_timer drain_timer;
  asio::steady_timer watchdog_timer;
};

namespace {

unsigned io_thread_count(const config::Settings& s) {
  if (s.general.threads > 0) return static_cast<unsigned>(s.general.threads);
  return std::max(1u, std::thread::hardware_concurrency());
}

template <class Context>
std::vector<std::unique_ptr<Context>> make_contexts(unsigned count) {
  std::vector<std::unique_ptr<Context>> contexts;
  // Concurrency hint 1: each context is run by one thread, so Asio never wakes a second thread
  // to hand it the reactor. Posting from other threads (the blocking pool) stays safe.
  for (unsigned i = 0; i < count; ++i) {
    contexts.push_back(std::make_unique<Context>(1));
    // A context opens its epoll, eventfd and timerfd with its first timer or socket: do it now,
    // so the descriptor count after start-up is flat (leak checks compare against it).
    asio::steady_timer open_reactor(*contexts.back());
  }
  return contexts;
}

}  // namespace

Runtime::Runtime(const config::Settings& settings)
    : blocking_(static_cast<std::size_t>(settings.general.blocking_threads)),
      contexts_(make_contexts<IoContext>(io_thread_count(settings))),
      signals_(std::make_unique<Signals>(io())),
      settings_(std::make_shared<const config::Settings>(settings)) {}

Runtime::~Runtime() {
  blocking_.join();
  // Handlers still queued in one context may own I/O objects of another (a connection's frame
  // holds the server, whose acceptors live on every context). Shutting every context down
  // first destroys those handlers while all contexts' services still exist.
  for (const auto& context : contexts_) context->shutdown();
}

IoSpread Runtime::spread() const {
  std::vector<asio::io_context*> contexts;
  for (const auto& context : contexts_) contexts.push_back(context.get());
  return IoSpread(std::move(contexts));
}

std::shared_ptr<const config::Settings> Runtime::settings() const {
  std::lock_guard lock(mutex_);
  return settings_;
}

void Runtime::add(std::shared_ptr<Service> service) {
  std::lock_guard lock(mutex_);
  services_.push_back(std::move(service));
}

std::vector<std::shared_ptr<Service>> Runtime::services() const {
  std::lock_guard lock(mutex_);
  return services_;
}

void Runtime::wait_for_stop() {
  signals_->stop.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    spdlog::info("event=runtime.signal signal={} action=drain", signo == SIGTERM ? "SIGTERM" : "SIGINT");
    drain_and_stop();
  });
}

void Runtime::wait_for_hup() {
  signals_->hup.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    on_reload();
    if (!stopping_) wait_for_hup();
  });
}

void Runtime::on_reload() {
  if (!reload_source_) return;
  systemd_notify("RELOADING=1");
  auto fresh = reload_source_();
  if (!fresh) {
    systemd_notify("READY=1");
    return;
  }
  auto current = settings();
  const auto changed = config::changed_keys(*current, *fresh);
  const auto needs_restart = config::restart_only(changed);
  if (!needs_restart.empty()) {
    spdlog::warn("event=config.reload_partial restart_needed=\"{}\"", fmt::join(needs_restart, ","));
  }
  const config::Settings applied = config::with_live_keys(*current, *fresh);
  {
    std::lock_guard lock(mutex_);
    settings_ = std::make_shared<const config::Settings>(applied);
  }
  log::set_level(applied.log.level);
  for (const auto& service : services()) service->reload(applied);
  spdlog::info("event=config.reloaded changed={}", changed.size());
  systemd_notify("READY=1");
}

void Runtime::ping_watchdog(std::chrono::microseconds period) {
  // Half the period, as sd_watchdog_enabled(3) advises, so one late tick is not fatal.
  signals_->watchdog_timer.expires_after(period / 2);
  signals_->watchdog_timer.async_wait([this, period](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    systemd_notify("WATCHDOG=1");
    ping_watchdog(period);
  });
}

void Runtime::request_stop() {
  asio::post(io(), [this] { drain_and_stop(); });
}

void Runtime::drain_and_stop() {
  if (stopping_.exchange(true)) return;
  systemd_notify("STOPPING=1");
  signals_->watchdog_timer.cancel();
  const auto running = services();
  for (auto it = running.rbegin(); it != running.rend(); ++it) (*it)->stop();
  signals_->hup.cancel();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(settings()->general.drain_timeout_s);
  // Poll rather than wire completion callbacks through every service: draining happens once.
  auto poll = std::make_shared<std::function<void()>>();
  *poll = [this, deadline, poll] {
    std::size_t busy = 0;
    for (const auto& service : services()) busy += service->in_flight();
    if (busy == 0 || std::chrono::steady_clock::now() >= deadline) {
      if (busy != 0) spdlog::warn("event=runtime.drain_timeout abandoned={}", busy);
      signals_->stop.cancel();
      for (const auto& context : contexts_) context->stop();
      *poll = nullptr;  // break the self-reference
      return;
    }
    signals_->drain_timer.expires_after(std::chrono::milliseconds(50));
    signals_->drain_timer.async_wait([poll](const boost::system::error_code& ec) {
      if (!ec && *poll) (*poll)();
    });
  };
  (*poll)();
}

int Runtime::run(ReloadSource reload_source) {
  reload_source_ = std::move(reload_source);
  started_at_ = std::chrono::steady_clock::now();
  for (const auto& service : services()) {
    service->start();
    spdlog::info("event=service.started service={}", service->name());
  }
  wait_for_stop();
  wait_for_hup();
  // Readiness means every listener is bound: services start() synchronously above.
  if (systemd_notify("READY=1")) spdlog::info("event=runtime.systemd_ready");
  if (const auto period = systemd_watchdog_period()) {
    systemd_notify("WATCHDOG=1");
    ping_watchdog(*period);
  }
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  for (const auto& context : contexts_) guards.push_back(asio::make_work_guard(*context));
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < contexts_.size(); ++i)
    threads.emplace_back([context = contexts_[i].get()] { context->run(); });
  io().run();
  for (auto& t : threads) t.join();
  blocking_.join();
  spdlog::info("event=runtime.stopped");
  return 0;
}

}  // namespace provd::runtime

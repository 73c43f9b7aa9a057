#include "serve/guarded_handler.h"

#include <mutex>

#include <spdlog/spdlog.h>
#include <boost/asio/steady_timer.hpp>

#include "metrics/registry.h"

namespace provd::serve {
namespace {

Answer unavailable(std::string why) {
  Answer answer = Answer::not_found(std::move(why));
  answer.status = Answer::Status::kUnavailable;
  return answer;
}

// One request's race between the inner answer and the deadline: whichever comes first answers.
struct Race {
  Race(boost::asio::io_context& io, AnswerCallback callback) : timer(io), done(std::move(callback)) {}
  boost::asio::steady_timer timer;
  std::mutex mutex;  // the timer is touched from the handler's thread and the I/O thread
  AnswerCallback done;
  std::atomic<bool> answered{false};
  bool claim() { return !answered.exchange(true); }
};

}  // namespace

GuardedHandler::GuardedHandler(std::shared_ptr<RequestHandler> inner, runtime::IoSpread io, HandlerLimits limits)
    : inner_(std::move(inner)), io_(std::move(io)), limits_(limits) {}

boost::asio::io_context& GuardedHandler::timer_context() const {
  for (boost::asio::io_context* context : io_.all()) {
    if (context->get_executor().running_in_this_thread()) return *context;
  }
  return io_.first();
}

void GuardedHandler::async_handle(Request request, AnswerCallback done) {
  static auto& shed =
      metrics::counter("provd_provisioning_shed_total",
                       "Provisioning requests answered 'unavailable' by the load limits", {{"reason", "pending"}});
  static auto& late =
      metrics::counter("provd_provisioning_shed_total",
                       "Provisioning requests answered 'unavailable' by the load limits", {{"reason", "timeout"}});
  if (pending_->fetch_add(1) >= limits_.max_pending) {
    pending_->fetch_sub(1);
    shed.inc();
    spdlog::warn("event=provisioning.shed ip={} reason=pending limit={}", request.source_ip, limits_.max_pending);
    done(unavailable("too many pending requests"));
    return;
  }
  auto race = std::make_shared<Race>(timer_context(), std::move(done));
  {
    std::lock_guard lock(race->mutex);
    race->timer.expires_after(limits_.answer_timeout);
    race->timer.async_wait([race, ip = request.source_ip](const boost::system::error_code& ec) {
      if (ec || !race->claim()) return;
      late.inc();
      spdlog::warn("event=provisioning.shed ip={} reason=timeout", ip);
      race->done(unavailable("no answer in time"));
    });
  }
  inner_->async_handle(std::move(request), [race, pending = pending_](Answer answer) {
    pending->fetch_sub(1);
    if (!race->claim()) return;  // the deadline answered already; the late answer is dropped
    {
      std::lock_guard lock(race->mutex);
      race->timer.cancel();
    }
    race->done(std::move(answer));
  });
}

}  // namespace provd::serve

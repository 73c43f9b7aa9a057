// Bounds what a provisioning request may cost the servers while its handler works. After a
// power cut thousands of phones ask at once; if the pipeline falls behind (the blocking pool is
// saturated, the store's write lock is held), a request must neither wait forever nor pile up
// without limit. This decorator answers "unavailable" (TFTP error 0 "try again", HTTP 503 with
// Retry-After) when too many requests are already pending or when the handler has not answered
// within the deadline; phones retry. A late answer is dropped (its file closed).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>

#include <boost/asio/io_context.hpp>

#include "runtime/io_spread.h"
#include "serve/request.h"

namespace provd::serve {

/// Limits applied around a RequestHandler.
struct HandlerLimits {
  std::chrono::milliseconds answer_timeout{5000};  ///< longest wait for the inner handler
  std::size_t max_pending = 4096;                  ///< requests in the inner handler at once
};

/// A RequestHandler that sheds load and enforces an answer deadline around another one.
class GuardedHandler final : public RequestHandler {
 public:
  /// Wraps `inner`; a request's deadline timer runs on the context of `io` the caller runs on
  /// (else the first), so that its cancellation does not wake another I/O thread.
  GuardedHandler(std::shared_ptr<RequestHandler> inner, runtime::IoSpread io, HandlerLimits limits);
  /// Passes `request` on unless the pending limit is reached; calls `done` exactly once.
  void async_handle(Request request, AnswerCallback done) override;
  /// The inner handler's immediate answer: it waits for nothing, so no limit applies.
  std::optional<Answer> answer_now(const Request& request) override { return inner_->answer_now(request); }
  /// Requests now in the inner handler.
  std::size_t pending() const noexcept { return pending_->load(); }

 private:
  boost::asio::io_context& timer_context() const;

  std::shared_ptr<RequestHandler> inner_;
  runtime::IoSpread io_;
  HandlerLimits limits_;
  // Shared with in-flight callbacks, which may outlive this object during shutdown.
  std::shared_ptr<std::atomic<std::size_t>> pending_ = std::make_shared<std::atomic<std::size_t>>(0);
};

}  // namespace provd::serve

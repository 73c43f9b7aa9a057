#include "sip/notify_transaction.h"

#include <algorithm>
#include <array>

#include <spdlog/spdlog.h>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace provd::sip {
namespace asio = boost::asio;
using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

// Cancellation is polled at least this often, so DELETE /operations/{id} acts promptly.
constexpr milliseconds kCancelPoll{200};

// Socket and timer shared with the timer's handler, which may run after the coroutine ended.
struct Io {
  explicit Io(const asio::any_io_executor& ex) : socket(ex), timer(ex) {}
  asio::ip::udp::socket socket;
  asio::steady_timer timer;
  std::uint64_t generation = 0;
};

}  // namespace

asio::awaitable<NotifyOutcome> run_notify_transaction(NotifyRequest request, asio::ip::udp::endpoint target,
                                                      TransactionTimers timers,
                                                      std::shared_ptr<std::atomic<bool>> cancel,
                                                      TransmissionObserver observer) {
  const auto executor = co_await asio::this_coro::executor;
  auto io = std::make_shared<Io>(executor);
  NotifyOutcome outcome;
  const auto start = clock::now();
  auto finish = [&](std::string what, std::string reason = {}) {
    outcome.outcome = std::move(what);
    if (!reason.empty()) outcome.reason = std::move(reason);
    outcome.elapsed_ms = std::chrono::duration_cast<milliseconds>(clock::now() - start).count();
    return outcome;
  };

  boost::system::error_code ec;
  io->socket.open(target.protocol(), ec);
  // A connected UDP socket only hears the phone and learns of ICMP "port unreachable".
  if (!ec) io->socket.connect(target, ec);
  if (ec) co_return finish("unreachable", ec.message());
  const auto local = io->socket.local_endpoint(ec);
  if (ec) co_return finish("unreachable", ec.message());

  request.target_host = target.address().to_string();
  request.target_port = target.port();
  request.local_host = local.address().to_string();
  request.local_port = local.port();
  assign_transaction_ids(request);
  const std::string message = build_notify(request);

  const milliseconds t1 = timers.t1;
  const milliseconds t2 = 8 * t1;
  const auto give_up_at = start + 64 * t1;
  milliseconds interval = t1;
  bool proceeding = false;

  auto transmit = [&]() -> asio::awaitable<bool> {
    boost::system::error_code send_ec;
    co_await io->socket.async_send(asio::buffer(message), asio::redirect_error(asio::use_awaitable, send_ec));
    if (send_ec) co_return false;
    ++outcome.transmissions;
    if (observer) observer(outcome.transmissions);
    co_return true;
  };

  if (!co_await transmit()) co_return finish("unreachable", "send failed");
  auto next_send = clock::now() + interval;
  std::array<char, 4096> buffer{};
  for (;;) {
    if (cancel && cancel->load()) co_return finish("cancelled");
    const auto now = clock::now();
    if (now >= give_up_at) co_return finish("timeout", "no final response within 64*T1");
    if (now >= next_send) {
      if (!co_await transmit()) co_return finish("unreachable", "send failed");
      interval = proceeding ? t2 : std::min(2 * interval, t2);
      next_send = clock::now() + interval;
    }
    const auto wake = std::min({next_send, give_up_at, clock::now() + kCancelPoll});
    const std::uint64_t generation = ++io->generation;
    io->timer.expires_at(wake);
    io->timer.async_wait([io, generation](const boost::system::error_code& timer_ec) {
      if (!timer_ec && io->generation == generation) io->socket.cancel();
    });
    boost::system::error_code receive_ec;
    const std::size_t size =
        co_await io->socket.async_receive(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, receive_ec));
    ++io->generation;  // a timer handler already queued must not cancel the next receive
    io->timer.cancel();
    if (receive_ec == asio::error::operation_aborted) continue;  // woke up to retransmit or poll
    if (receive_ec == asio::error::connection_refused) co_return finish("unreachable", "ICMP port unreachable");
    if (receive_ec) co_return finish("unreachable", receive_ec.message());
    auto response = parse_response(std::string_view(buffer.data(), size));
    if (!response || !answers(*response, request)) {
      spdlog::debug("event=sip.ignored_datagram ip={} bytes={}", request.target_host, size);
      continue;
    }
    if (response->status < 200) {
      // Proceeding: keep retransmitting, but only every T2 (17.1.2.2).
      proceeding = true;
      interval = t2;
      continue;
    }
    outcome.status = response->status;
    outcome.reason = response->reason;
    co_return finish("answered");
  }
}

}  // namespace provd::sip

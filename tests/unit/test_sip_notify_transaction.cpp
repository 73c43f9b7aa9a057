// The NOTIFY client transaction against an in-process UDP "phone" on loopback.
#include <atomic>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "sip/notify_transaction.h"

namespace provd::sip {
namespace {
namespace asio = boost::asio;
using asio::ip::udp;

// Copies the transaction headers of a request into a response with `status`.
std::string answer(const std::string& request, int status) {
  std::string out = "SIP/2.0 " + std::to_string(status) + " Something\r\n";
  for (const char* name : {"Via:", "From:", "To:", "Call-ID:", "CSeq:"}) {
    const auto at = request.find(std::string("\r\n") + name);
    out += request.substr(at + 2, request.find("\r\n", at + 2) - at);
  }
  return out + "Content-Length: 0\r\n\r\n";
}

struct Phone {
  explicit Phone(asio::io_context& io) : socket(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}
  udp::socket socket;
  int received = 0;
  std::string first_request;
};

// Answers the n-th NOTIFY it receives (counting from 1) with each status in `script`; 0 means
// stay silent for that one.
asio::awaitable<void> play(Phone& phone, std::vector<int> script) {
  std::array<char, 4096> buffer{};
  for (;;) {
    udp::endpoint from;
    boost::system::error_code ec;
    const std::size_t n = co_await phone.socket.async_receive_from(asio::buffer(buffer), from,
                                                                   asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    const std::string request(buffer.data(), n);
    if (phone.received++ == 0) phone.first_request = request;
    const int status = phone.received <= static_cast<int>(script.size()) ? script[phone.received - 1] : 0;
    if (status == 0) continue;
    const std::string response = answer(request, status);
    co_await phone.socket.async_send_to(asio::buffer(response), from, asio::redirect_error(asio::use_awaitable, ec));
  }
}

NotifyOutcome run(asio::io_context& io, Phone& phone, std::chrono::milliseconds t1,
                  std::shared_ptr<std::atomic<bool>> cancel = nullptr) {
  std::optional<NotifyOutcome> outcome;
  NotifyRequest request;
  request.event = "check-sync";
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        outcome = co_await run_notify_transaction(request, phone.socket.local_endpoint(), TransactionTimers{t1}, cancel,
                                                  nullptr);
        phone.socket.close();
      },
      asio::detached);
  io.run();
  return *outcome;
}

TEST(NotifyTransaction, FinalAnswerEndsIt) {
  asio::io_context io;
  Phone phone(io);
  asio::co_spawn(io, play(phone, {200}), asio::detached);
  const NotifyOutcome outcome = run(io, phone, std::chrono::milliseconds(50));
  EXPECT_EQ(outcome.outcome, "answered");
  EXPECT_EQ(outcome.status, 200);
  EXPECT_EQ(outcome.transmissions, 1);
  EXPECT_NE(phone.first_request.find("Event: check-sync\r\n"), std::string::npos);
}

TEST(NotifyTransaction, RetransmitsUntilAnsweredAndSkipsProvisional) {
  asio::io_context io;
  Phone phone(io);
  // Silent on the first copy, "100 Trying" on the second, then the final answer.
  asio::co_spawn(io, play(phone, {0, 100, 481}), asio::detached);
  const NotifyOutcome outcome = run(io, phone, std::chrono::milliseconds(5));
  EXPECT_EQ(outcome.outcome, "answered");
  EXPECT_EQ(outcome.status, 481);
  EXPECT_EQ(outcome.transmissions, 3);
  EXPECT_EQ(phone.received, 3);
}

TEST(NotifyTransaction, SilentPhoneTimesOutAfterRetransmissions) {
  asio::io_context io;
  Phone phone(io);
  asio::co_spawn(io, play(phone, {}), asio::detached);
  const NotifyOutcome outcome = run(io, phone, std::chrono::milliseconds(20));
  EXPECT_EQ(outcome.outcome, "timeout");
  // How many copies fit in 64*T1 depends on scheduling; the phone cannot have seen more.
  EXPECT_GE(outcome.transmissions, 1);
  EXPECT_LE(phone.received, outcome.transmissions);
}

TEST(NotifyTransaction, CancelFlagStopsIt) {
  asio::io_context io;
  Phone phone(io);
  asio::co_spawn(io, play(phone, {}), asio::detached);
  auto cancel = std::make_shared<std::atomic<bool>>(true);
  const NotifyOutcome outcome = run(io, phone, std::chrono::milliseconds(1000), cancel);
  EXPECT_EQ(outcome.outcome, "cancelled");
}

}  // namespace
}  // namespace provd::sip

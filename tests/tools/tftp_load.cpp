// tftp_load: a TFTP load generator for benchmarks. Simulates many phones, each from its own
// loopback source address (127.1.x.y), each fetching one file again and again (a new socket,
// so a new source port, per transfer) with optional blksize/windowsize. Prints one line:
//   transactions=N failures=F seconds=S tps=T bytes=B
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "tftp/packet.h"

namespace asio = boost::asio;
using asio::ip::udp;
using namespace provd::tftp;
using Clock = std::chrono::steady_clock;

namespace {

struct Config {
  udp::endpoint server;
  std::string file;
  int clients = 16;
  double duration_s = 5;
  int count = 0;  // transfers per client; 0: until the duration ends
  int blksize = 512;
  int windowsize = 1;
  int timeout_ms = 1000;
};

struct Stats {
  std::uint64_t transactions = 0;
  std::uint64_t failures = 0;
  std::uint64_t bytes = 0;
};

std::uint16_t u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

// Datagrams taken from a socket in one recvmmsg(2) and handed out one at a time, so that a
// window costs the client one system call, whichever server sent it.
class Inbox {
 public:
  /// Room for `slots` datagrams of up to `size` bytes each.
  void resize(std::size_t slots, std::size_t size) {
    data_.assign(slots, std::vector<std::uint8_t>(size));
    iov_.resize(slots);
    names_.resize(slots);
    headers_.resize(slots);
    count_ = next_ = 0;
  }
  /// Takes what the socket holds (never waits); false when it held nothing.
  bool fill(int fd) {
    for (std::size_t i = 0; i < data_.size(); ++i) {
      iov_[i] = iovec{data_[i].data(), data_[i].size()};
      headers_[i] = mmsghdr{};
      headers_[i].msg_hdr.msg_name = &names_[i];
      headers_[i].msg_hdr.msg_namelen = sizeof(names_[i]);
      headers_[i].msg_hdr.msg_iov = &iov_[i];
      headers_[i].msg_hdr.msg_iovlen = 1;
    }
    const int n = ::recvmmsg(fd, headers_.data(), static_cast<unsigned>(headers_.size()), MSG_DONTWAIT, nullptr);
    count_ = n > 0 ? static_cast<std::size_t>(n) : 0;
    next_ = 0;
    return count_ > 0;
  }
  /// The next datagram taken, copied into `buf`; its size (0 when none is left).
  std::size_t pop(std::vector<std::uint8_t>& buf, udp::endpoint& from) {
    if (next_ == count_) return 0;
    const auto& h = headers_[next_];
    const std::size_t n = std::min<std::size_t>(h.msg_len, buf.size());
    std::memcpy(buf.data(), data_[next_].data(), n);
    std::memcpy(from.data(), &names_[next_], std::min<std::size_t>(h.msg_hdr.msg_namelen, sizeof(names_[next_])));
    ++next_;
    return n;
  }

 private:
  std::vector<std::vector<std::uint8_t>> data_;
  std::vector<iovec> iov_;
  std::vector<sockaddr_storage> names_;
  std::vector<mmsghdr> headers_;
  std::size_t count_ = 0;
  std::size_t next_ = 0;
};

// Receives one datagram or times out (ec = operation_aborted). Datagrams already queued are
// taken at once: arming a timer per datagram made this client, not the server, the bottleneck
// of windowed transfers (16 datagrams per ACK).
asio::awaitable<std::size_t> receive(udp::socket& s, Inbox& inbox, std::vector<std::uint8_t>& buf, udp::endpoint& from,
                                     int ms, boost::system::error_code& ec) {
  ec = {};
  if (const std::size_t n = inbox.pop(buf, from); n > 0) co_return n;
  if (inbox.fill(s.native_handle())) co_return inbox.pop(buf, from);
  asio::steady_timer timer(s.get_executor());
  timer.expires_after(std::chrono::milliseconds(ms));
  timer.async_wait([&s](const boost::system::error_code& e) {
    if (!e) s.cancel();
  });
  const std::size_t n =
      co_await s.async_receive_from(asio::buffer(buf), from, asio::redirect_error(asio::use_awaitable, ec));
  timer.cancel();
  co_return n;
}

// One complete transfer; true when the whole file arrived.
asio::awaitable<bool> fetch(const Config& cfg, const asio::ip::address& source, Stats& stats) {
  auto ex = co_await asio::this_coro::executor;
  udp::socket s(ex, udp::endpoint(source, 0));
  s.non_blocking(true);
  std::vector<Option> options;
  if (cfg.blksize != 512) options.emplace_back("blksize", std::to_string(cfg.blksize));
  if (cfg.windowsize != 1) options.emplace_back("windowsize", std::to_string(cfg.windowsize));
  const auto request = encode_rrq(cfg.file, "octet", options);
  co_await s.async_send_to(asio::buffer(request), cfg.server, asio::use_awaitable);
  std::vector<std::uint8_t> buf(70000);
  Inbox inbox;
  inbox.resize(1, 516);
  udp::endpoint from;
  udp::endpoint tid;
  bool have_tid = false;
  int blksize = 512, window = 1, timeouts = 0;
  std::uint64_t expected = 1, bytes = 0;
  auto ack = [&](std::uint64_t n) -> asio::awaitable<void> {
    const auto packet = encode_ack(wire_block(n));
    // Sent at once: a 4-byte ACK on a non-blocking socket does not wait, and a lost one is
    // what the retransmission path is for; awaiting it cost a trip through the scheduler.
    boost::system::error_code ignored;
    s.send_to(asio::buffer(packet), tid, 0, ignored);
    co_return;
  };
  for (;;) {
    boost::system::error_code ec;
    const std::size_t n = co_await receive(s, inbox, buf, from, cfg.timeout_ms, ec);
    if (ec) {
      if (++timeouts > 5) co_return false;
      if (!have_tid) {
        co_await s.async_send_to(asio::buffer(request), cfg.server, asio::use_awaitable);
      } else {
        co_await ack(expected - 1);
      }
      continue;
    }
    if (n < 4) continue;
    if (!have_tid) {
      tid = from;
      have_tid = true;
    } else if (from != tid) {
      continue;
    }
    const std::uint16_t op = u16(buf.data());
    if (op == 5) co_return false;
    if (op == 6) {  // OACK: read what was granted
      std::string name;
      std::size_t i = 2;
      while (i < n) {
        const auto end =
            std::find(buf.begin() + static_cast<std::ptrdiff_t>(i), buf.begin() + static_cast<std::ptrdiff_t>(n), 0);
        std::string field(buf.begin() + static_cast<std::ptrdiff_t>(i), end);
        i = static_cast<std::size_t>(end - buf.begin()) + 1;
        if (name.empty()) {
          name = field;
        } else {
          if (name == "blksize") blksize = std::stoi(field);
          if (name == "windowsize") window = std::stoi(field);
          name.clear();
        }
      }
      timeouts = 0;
      inbox.resize(static_cast<std::size_t>(std::clamp(window, 1, 64)), static_cast<std::size_t>(blksize) + 4);
      co_await ack(0);
      continue;
    }
    if (op != 3) continue;
    if (u16(buf.data() + 2) != wire_block(expected)) continue;  // out of order: wait for the resend
    timeouts = 0;
    const std::size_t payload = n - 4;
    bytes += payload;
    if (payload < static_cast<std::size_t>(blksize)) {
      co_await ack(expected);
      stats.bytes += bytes;
      co_return true;
    }
    if (expected % static_cast<std::uint64_t>(window) == 0) co_await ack(expected);
    ++expected;
  }
}

asio::awaitable<void> phone(const Config& cfg, int index, Clock::time_point deadline, Stats& stats) {
  const auto source = asio::ip::make_address_v4((127u << 24) | (1u << 16) | static_cast<unsigned>(index + 1));
  for (int done = 0; cfg.count == 0 ? Clock::now() < deadline : done < cfg.count; ++done) {
    bool ok = false;
    try {
      ok = co_await fetch(cfg, source, stats);
    } catch (const boost::system::system_error& e) {
      std::cerr << "tftp_load: " << e.what() << "\n";
    }
    ++(ok ? stats.transactions : stats.failures);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tftp_load: TFTP load generator (loopback benchmarks)"};
  Config cfg;
  std::string host = "127.0.0.1";
  int port = 69;
  app.add_option("--host", host, "server address");
  app.add_option("--port", port, "server port")->required();
  app.add_option("--file", cfg.file, "file to fetch")->required();
  app.add_option("--clients", cfg.clients, "simulated phones, each from its own 127.1.x.y address");
  app.add_option("--duration", cfg.duration_s, "seconds to run (when --count is 0)");
  app.add_option("--count", cfg.count, "transfers per phone (0: run for --duration)");
  app.add_option("--blksize", cfg.blksize, "blksize to ask (512: do not ask)");
  app.add_option("--windowsize", cfg.windowsize, "windowsize to ask (1: do not ask)");
  app.add_option("--timeout-ms", cfg.timeout_ms, "client retransmission timeout");
  CLI11_PARSE(app, argc, argv);
  cfg.server = udp::endpoint(asio::ip::make_address(host), static_cast<std::uint16_t>(port));

  asio::io_context io(1);
  Stats stats;
  const auto start = Clock::now();
  const auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(cfg.duration_s));
  for (int i = 0; i < cfg.clients; ++i) asio::co_spawn(io, phone(cfg, i, deadline, stats), asio::detached);
  io.run();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::cout << "transactions=" << stats.transactions << " failures=" << stats.failures << " seconds=" << seconds
            << " tps=" << static_cast<double>(stats.transactions) / seconds << " bytes=" << stats.bytes << "\n";
  return stats.failures == 0 ? 0 : 1;
}

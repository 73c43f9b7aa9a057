// Internal to the HTTP server: the state its listener and sessions share.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "http/http_metrics.h"
#include "http/provisioning_http_server.h"

namespace provd::http {

/// One connection as the listener sees it. Fields other than the constants are touched only
/// on the connection's strand.
struct SessionState {
  std::uint64_t id = 0;
  std::string ip;  ///< socket peer
  std::uint16_t port = 0;
  boost::asio::strand<boost::asio::io_context::executor_type> strand;
  boost::beast::tcp_stream* lowest = nullptr;  ///< set while the stream exists
  bool busy = false;                           ///< a request is being answered
};

struct ProvisioningHttpServer::Core {
  Core(runtime::IoSpread io_spread, boost::asio::thread_pool& blocking_pool, ListenerOptions listener,
       ServerLimits server_limits, std::shared_ptr<serve::RequestHandler> request_handler)
      : spread(std::move(io_spread)),
        blocking(blocking_pool),
        options(std::move(listener)),
        limits(server_limits),
        handler(std::move(request_handler)),
        metrics(options.name) {}

  runtime::IoSpread spread;  ///< the I/O contexts, one acceptor on each
  boost::asio::thread_pool& blocking;
  ListenerOptions options;
  ServerLimits limits;
  std::shared_ptr<serve::RequestHandler> handler;
  /// One per I/O context, all on the same port (SO_REUSEPORT): the kernel spreads connections
  /// and each is accepted on the thread that will serve it.
  std::vector<std::unique_ptr<boost::asio::ip::tcp::acceptor>> acceptors;
  HttpMetrics metrics;
  std::uint16_t bound_port = 0;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> active_requests{0};
  std::atomic<std::uint64_t> requests_total{0};

  std::mutex mutex;  ///< guards the maps below
  std::map<std::uint64_t, std::shared_ptr<SessionState>> sessions;
  std::map<std::string, std::size_t> per_ip;
  std::uint64_t next_id = 0;

  /// Removes a finished session from the books.
  void forget(const SessionState& session);
  /// The log line and counter of every refusal (fail2ban matches `event=http.refused`).
  void log_refused(std::string_view ip, std::string_view path, std::string_view reason);
};

}  // namespace provd::http

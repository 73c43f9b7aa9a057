#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without including it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "runtime/service.h"

namespace provd::net {

/// Per-listener protection against slow or greedy clients.
struct HttpLimits {
  std::size_t header_bytes = 8 * 1024;    ///< request line + headers
  std::size_t body_bytes = 1024 * 1024;   ///< request body
  std::chrono::seconds read_timeout{10};  ///< to receive a whole request once it started
  std::chrono::seconds idle_timeout{30};  ///< keep-alive wait for the next request
  std::size_t max_connections = 1024;     ///< beyond this, new connections are closed at once
};

/// Where a request came from (the socket's peer).
struct Peer {
  std::string ip;
  std::uint16_t port = 0;
};

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
/// Produces the response to one request; may hop to the blocking pool and back.
using HttpHandler = std::function<boost::asio::awaitable<HttpResponse>(HttpRequest, Peer)>;

/// An HTTP/1.1 listener (HTTPS when given a TLS context) with keep-alive, limits and a
/// draining stop, used by the REST API.
class HttpListener : public runtime::Service {
 public:
  /// `tls` null: plain HTTP; otherwise every connection starts with a TLS handshake.
  HttpListener(std::string name, boost::asio::io_context& io, std::string bind, std::uint16_t port, HttpLimits limits,
               HttpHandler handler, std::shared_ptr<boost::asio::ssl::context> tls = nullptr);
  ~HttpListener() override;

  std::string name() const override { return name_; }
  void start() override;
  void stop() override;
  std::size_t in_flight() const override { return active_requests_.load(); }
  nlohmann::json status() const override;
  /// The bound port (useful when configured as 0 in tests).
  std::uint16_t port() const noexcept { return bound_port_; }

 private:
  struct Session;
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> serve(std::shared_ptr<Session> session);
  template <class Stream>
  boost::asio::awaitable<void> serve_requests(std::shared_ptr<Session> session, Stream& stream, Peer peer);
  void forget(std::uint64_t id);

  std::string name_;
  boost::asio::io_context& io_;
  std::string bind_;
  std::uint16_t port_;
  std::uint16_t bound_port_ = 0;
  HttpLimits limits_;
  HttpHandler handler_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> active_requests_{0};
  std::atomic<std::uint64_t> requests_total_{0};
  mutable std::mutex mutex_;
  std::map<std::uint64_t, std::shared_ptr<Session>> sessions_;
  std::uint64_t next_session_id_ = 0;
};

/// A TLS server context for `certificate` (PEM chain) and `private_key`; TLS 1.2 and newer.
/// Throws std::runtime_error naming `key_prefix`.certificate/private_key when one cannot be loaded.
std::shared_ptr<boost::asio::ssl::context> make_server_tls_context(const std::string& key_prefix,
                                                                   const std::string& certificate,
                                                                   const std::string& private_key);

/// A JSON response with the right headers.
HttpResponse json_response(const HttpRequest& request, boost::beast::http::status status, const nlohmann::json& body);

}  // namespace provd::net

#include "net/http_listener.h"

#include <spdlog/spdlog.h>

#include <fmt/format.h>
#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <optional>

namespace provd::net {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpListener::Session {
  Session(std::uint64_t session_id, tcp::socket socket, asio::ssl::context* tls) : id(session_id) {
    if (tls) {
      secure.emplace(std::move(socket), *tls);
    } else {
      plain.emplace(std::move(socket));
    }
  }
  /// The TCP layer (timeouts, close), under TLS or not.
  beast::tcp_stream& tcp() { return secure ? beast::get_lowest_layer(*secure) : *plain; }
  std::uint64_t id;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  std::atomic<bool> busy{false};
};

namespace {

// The same {error, message, details} shape as the REST API's own errors.
HttpResponse error_response(unsigned version, http::status status, std::string_view code, std::string_view message) {
  HttpResponse res{status, version};
  res.set(http::field::content_type, "application/json");
  res.keep_alive(false);
  res.body() = nlohmann::json{{"error", code}, {"message", message}, {"details", nlohmann::json::object()}}.dump();
  res.prepare_payload();
  return res;
}

// Decrements a counter however the scope is left.
class CountGuard {
 public:
  explicit CountGuard(std::atomic<std::size_t>& counter) : counter_(counter) { ++counter_; }
  ~CountGuard() { --counter_; }
  CountGuard(const CountGuard&) = delete;
  CountGuard& operator=(const CountGuard&) = delete;

 private:
  std::atomic<std::size_t>& counter_;
};

// Reads and drops what the peer still sends, for at most two seconds and 64 MiB.
asio::awaitable<void> discard_input(beast::tcp_stream& stream) {
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  std::array<char, 16384> sink{};
  std::size_t total = 0;
  stream.expires_after(std::chrono::seconds(2));
  while (!ec && total < 64 * 1024 * 1024) {
    total += co_await stream.async_read_some(asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
  }
}

}  // namespace

HttpResponse json_response(const HttpRequest& request, http::status status, const nlohmann::json& body) {
  HttpResponse res{status, request.version()};
  res.set(http::field::content_type, "application/json");
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(request.keep_alive());
  res.body() = body.dump();
  res.prepare_payload();
  return res;
}

std::shared_ptr<asio::ssl::context> make_server_tls_context(const std::string& key_prefix,
                                                            const std::string& certificate,
                                                            const std::string& private_key) {
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                       asio::ssl::context::single_dh_use);
  boost::system::error_code ec;
  context->use_certificate_chain_file(certificate, ec);
  if (ec) throw std::runtime_error(fmt::format("{}.tls_certificate \"{}\": {}", key_prefix, certificate, ec.message()));
  context->use_private_key_file(private_key, asio::ssl::context::pem, ec);
  if (ec) throw std::runtime_error(fmt::format("{}.tls_private_key \"{}\": {}", key_prefix, private_key, ec.message()));
  return context;
}

HttpListener::HttpListener(std::string name, asio::io_context& io, std::string bind, std::uint16_t port,
                           HttpLimits limits, HttpHandler handler, std::shared_ptr<asio::ssl::context> tls)
    : name_(std::move(name)),
      io_(io),
      bind_(std::move(bind)),
      port_(port),
      limits_(limits),
      handler_(std::move(handler)),
      tls_(std::move(tls)),
      acceptor_(asio::make_strand(io)) {}

HttpListener::~HttpListener() = default;

void HttpListener::start() {
  const tcp::endpoint endpoint(asio::ip::make_address(bind_), port_);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  bound_port_ = acceptor_.local_endpoint().port();
  spdlog::info("event=listener.bound service={} bind={} port={} tls={}", name_, bind_, bound_port_, tls_ != nullptr);
  asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached);
}

void HttpListener::stop() {
  stopping_ = true;
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
  // Idle keep-alive connections are closed now; busy ones close after their response.
  std::lock_guard lock(mutex_);
  for (const auto& entry : sessions_) {
    asio::post(entry.second->tcp().get_executor(), [session = entry.second] {
      if (!session->busy) session->tcp().socket().close();
    });
  }
}

nlohmann::json HttpListener::status() const {
  std::lock_guard lock(mutex_);
  return {{"bind", bind_},
          {"port", bound_port_},
          {"tls", tls_ != nullptr},
          {"connections", sessions_.size()},
          {"requests_total", requests_total_.load()}};
}

void HttpListener::forget(std::uint64_t id) {
  std::lock_guard lock(mutex_);
  sessions_.erase(id);
}

asio::awaitable<void> HttpListener::accept_loop() {
  while (!stopping_) {
    boost::system::error_code ec;
    tcp::socket socket =
        co_await acceptor_.async_accept(asio::make_strand(io_), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (stopping_ || ec == asio::error::operation_aborted) break;
      spdlog::warn("event=listener.accept_failed service={} error=\"{}\"", name_, ec.message());
      continue;
    }
    std::shared_ptr<Session> session;
    {
      std::lock_guard lock(mutex_);
      if (sessions_.size() >= limits_.max_connections) {
        spdlog::warn("event=listener.connection_refused service={} reason=max_connections", name_);
        continue;  // the socket closes as it goes out of scope
      }
      session = std::make_shared<Session>(next_session_id_++, std::move(socket), tls_.get());
      sessions_.emplace(session->id, session);
    }
    asio::co_spawn(session->tcp().get_executor(), serve(session), asio::detached);
  }
}

template <class Stream>
asio::awaitable<void> HttpListener::serve_requests(std::shared_ptr<Session> session, Stream& stream, Peer peer) {
  beast::tcp_stream& lowest = session->tcp();
  beast::flat_buffer buffer;
  bool first = true;
  while (!stopping_ || first) {
    first = false;
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits_.header_bytes));
    parser.body_limit(limits_.body_bytes);
    boost::system::error_code ec;
    // Idle timeout until the first byte would be ideal; Beast's stream timer covers the whole
    // read, so the keep-alive wait and the slow-request limit share the shorter of the two.
    lowest.expires_after(buffer.size() > 0 ? limits_.read_timeout
                                           : std::min(limits_.read_timeout, limits_.idle_timeout));
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      std::optional<HttpResponse> refusal;
      const bool ec_is_body_limit = ec == http::error::body_limit;
      if (ec == http::error::header_limit)
        refusal = error_response(11, http::status::request_header_fields_too_large, "header_too_large",
                                 "request header too large");
      if (ec == http::error::body_limit)
        refusal = error_response(11, http::status::payload_too_large, "body_too_large", "request body too large");
      if (ec == http::error::bad_method || ec == http::error::bad_target || ec == http::error::bad_version ||
          ec == http::error::bad_field || ec == http::error::bad_value || ec == http::error::bad_line_ending) {
        refusal = error_response(11, http::status::bad_request, "malformed_request", "malformed request");
      }
      if (refusal) {
        spdlog::info("event=http.refused service={} ip={} reason=\"{}\"", name_, peer.ip, ec.message());
        lowest.expires_after(limits_.read_timeout);
        co_await http::async_write(stream, *refusal, asio::redirect_error(asio::use_awaitable, ec));
        // A client still sending a refused body would get a reset, not our answer, if we closed
        // now: stop sending, then read and discard for a short while (a "lingering close").
        if (!ec && ec_is_body_limit) co_await discard_input(lowest);
      }
      break;
    }
    HttpRequest request = parser.release();
    const bool keep_alive = request.keep_alive();
    HttpResponse response;
    {
      CountGuard active(active_requests_);
      session->busy = true;
      ++requests_total_;
      try {
        response = co_await handler_(std::move(request), peer);
      } catch (const std::exception& e) {
        // The handler's own bug or an impossible state: this request fails, the server lives.
        spdlog::error("event=http.handler_failed service={} ip={} error=\"{}\"", name_, peer.ip, e.what());
        response = error_response(11, http::status::internal_server_error, "internal", "internal error");
      }
      response.keep_alive(keep_alive && response.keep_alive() && !stopping_);
      lowest.expires_after(limits_.read_timeout);
      co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
      session->busy = false;
    }
    if (ec || !response.keep_alive()) break;
  }
}

asio::awaitable<void> HttpListener::serve(std::shared_ptr<Session> session) {
  Peer peer;
  {
    boost::system::error_code ec;
    auto remote = session->tcp().socket().remote_endpoint(ec);
    if (!ec) peer = Peer{remote.address().to_string(), remote.port()};
  }
  if (session->secure) {
    boost::system::error_code ec;
    session->tcp().expires_after(limits_.read_timeout);
    co_await session->secure->async_handshake(asio::ssl::stream_base::server,
                                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      spdlog::info("event=http.refused service={} ip={} reason=tls_handshake error=\"{}\"", name_, peer.ip,
                   ec.message());
    } else {
      co_await serve_requests(session, *session->secure, peer);
    }
  } else {
    co_await serve_requests(session, *session->plain, peer);
  }
  boost::system::error_code ignored;
  session->tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
  session->tcp().socket().close(ignored);
  forget(session->id);
}

}  // namespace provd::net

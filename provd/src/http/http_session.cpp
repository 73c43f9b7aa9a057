#include "http/http_session.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "http/async_bridges.h"
#include "http/conditional.h"
#include "http/content_type.h"
#include "http/forwarded_for.h"
#include "http/path_normalizer.h"

namespace provd::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using Core = ProvisioningHttpServer::Core;
using tcp = asio::ip::tcp;
using Response = bhttp::response<bhttp::buffer_body>;

namespace {

// File bodies go out in 64 KiB chunks (async_pread): what the page cache holds is read on the
// I/O thread without waiting (RWF_NOWAIT), what must come from the disk is read on the
// blocking pool, so a cold firmware image on a slow disk (or NFS) never stalls the
// connections sharing the I/O thread. Beast's file_body needs a path and reads on the I/O
// thread whatever the cost; sendfile(2) would block the same way and cannot feed TLS. 64 KiB
// keeps per-connection memory small (only while a file is being sent) and syscalls few.
constexpr std::size_t kChunkBytes = 64 * 1024;

enum class ReadOutcome { kRequest, kClosed, kTimeout, kHeaderTooLarge, kBodyTooLarge, kMalformed };

// Reads one request. Until its first byte the connection is idle (idle_timeout); from then on
// the whole request must arrive within read_timeout, however slowly it trickles (slowloris).
template <class Stream>
asio::awaitable<ReadOutcome> read_request(Stream& stream, beast::flat_buffer& buffer,
                                          bhttp::request_parser<bhttp::string_body>& parser,
                                          const ServerLimits& limits) {
  auto& lowest = beast::get_lowest_layer(stream);
  const std::size_t max_buffer = limits.header_bytes + limits.body_bytes + 1;
  bool started = buffer.size() > 0;  // pipelined bytes already count as a started request
  auto deadline = std::chrono::steady_clock::now() + limits.read_timeout;
  while (true) {
    if (buffer.size() > 0) {
      boost::system::error_code ec;
      const std::size_t used = parser.put(buffer.data(), ec);
      buffer.consume(used);
      if (ec == bhttp::error::header_limit) co_return ReadOutcome::kHeaderTooLarge;
      if (ec == bhttp::error::body_limit) co_return ReadOutcome::kBodyTooLarge;
      if (ec && ec != bhttp::error::need_more) co_return ReadOutcome::kMalformed;
      if (parser.is_done()) co_return ReadOutcome::kRequest;
      if (used > 0 && buffer.size() > 0) continue;
    }
    if (buffer.size() >= max_buffer) {
      co_return parser.is_header_done() ? ReadOutcome::kBodyTooLarge : ReadOutcome::kHeaderTooLarge;
    }
    if (started) {
      lowest.expires_at(deadline);
    } else {
      lowest.expires_after(limits.idle_timeout);
    }
    boost::system::error_code ec;
    const std::size_t room = std::min<std::size_t>(max_buffer - buffer.size(), 16 * 1024);
    const std::size_t n =
        co_await stream.async_read_some(buffer.prepare(room), asio::redirect_error(asio::use_awaitable, ec));
    buffer.commit(n);
    if (ec) co_return (ec == beast::error::timeout && started) ? ReadOutcome::kTimeout : ReadOutcome::kClosed;
    if (!started && n > 0) {
      started = true;
      deadline = std::chrono::steady_clock::now() + limits.read_timeout;
    }
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

// Quotes a client-supplied value for a log line so it cannot forge fields.
std::string log_quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s.substr(0, 256)) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += '?';
      continue;
    }
    out += c;
  }
  out += '"';
  return out;
}

std::optional<std::string> field(const bhttp::request<bhttp::string_body>& request, bhttp::field name) {
  const auto it = request.find(name);
  if (it == request.end()) return std::nullopt;
  return std::string(it->value());
}

// The verified client certificate's subject (RFC 2253), if the client presented one.
std::optional<std::string> verified_subject(SSL* ssl) {
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (cert == nullptr) return std::nullopt;
  std::optional<std::string> subject;
  if (SSL_get_verify_result(ssl) == X509_V_OK) {
    BIO* bio = BIO_new(BIO_s_mem());
    if (bio != nullptr) {
      X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
      char* data = nullptr;
      const long size = BIO_get_mem_data(bio, &data);
      if (size > 0) subject = std::string(data, static_cast<std::size_t>(size));
      BIO_free(bio);
    }
  }
  X509_free(cert);
  return subject;
}

// What the body of a response comes from.
struct BodySource {
  const char* memory = nullptr;  ///< in-memory bytes (already offset), or
  int fd = -1;                   ///< a file read from `first`
  std::uint64_t first = 0;
  std::uint64_t length = 0;
};

template <class Stream>
class Connection {
 public:
  Connection(std::shared_ptr<Core> core, std::shared_ptr<SessionState> state, Stream& stream,
             std::optional<std::string> cert_subject)
      : core_(std::move(core)), state_(std::move(state)), stream_(stream), cert_subject_(std::move(cert_subject)) {}

  asio::awaitable<void> run() {
    beast::flat_buffer buffer;
    while (!core_->stopping) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(core_->limits.header_bytes));
      parser.body_limit(core_->limits.body_bytes);
      parser.eager(true);
      const ReadOutcome outcome = co_await read_request(stream_, buffer, parser, core_->limits);
      if (outcome == ReadOutcome::kClosed) break;
      if (outcome != ReadOutcome::kRequest) {
        co_await refuse_connection(outcome);
        break;
      }
      state_->busy = true;
      ++core_->active_requests;
      ++core_->requests_total;
      bool keep_going = false;
      try {
        keep_going = co_await answer(parser.get());
      } catch (const std::exception& e) {
        // A handler bug or an impossible state ends this connection, never the server.
        spdlog::error("event=http.request_failed service={} ip={} error=\"{}\"", core_->options.name, state_->ip,
                      e.what());
      }
      --core_->active_requests;
      state_->busy = false;
      if (!keep_going) break;
    }
  }

 private:
  asio::awaitable<void> refuse_connection(ReadOutcome outcome) {
    unsigned status = 400;
    std::string_view reason = "malformed_request";
    if (outcome == ReadOutcome::kTimeout) {
      status = 408;
      reason = "read_timeout";
    } else if (outcome == ReadOutcome::kHeaderTooLarge) {
      status = 431;
      reason = "header_too_large";
    } else if (outcome == ReadOutcome::kBodyTooLarge) {
      status = 413;
      reason = "body_too_large";
    }
    core_->log_refused(state_->ip, "-", reason);
    core_->metrics.request("other", status);
    co_await send_error(11, status, false);
  }

  // Small text answers for errors and refusals.
  asio::awaitable<bool> send_error(unsigned version, unsigned status, bool keep_alive, std::string_view allow = {}) {
    Response res{static_cast<bhttp::status>(status), version};
    const std::string_view text = bhttp::obsolete_reason(static_cast<bhttp::status>(status));
    body_text_ = std::string(text) + "\n";
    res.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    if (!allow.empty()) res.set(bhttp::field::allow, allow);
    if (status == 503) res.set(bhttp::field::retry_after, "30");
    res.keep_alive(keep_alive);
    co_return co_await send(res, BodySource{body_text_.data(), -1, 0, body_text_.size()});
  }

  // Writes `res` with `body`: the header and the first chunk leave in one write.
  asio::awaitable<bool> send(Response& res, BodySource body) {
    auto& lowest = beast::get_lowest_layer(stream_);
    res.set(bhttp::field::server, "provd");
    res.set(bhttp::field::date, format_http_date(std::chrono::system_clock::now()));
    if (res.result() != bhttp::status::not_modified) res.content_length(body.length);
    bhttp::response_serializer<bhttp::buffer_body> serializer{res};
    boost::system::error_code ec;
    std::uint64_t sent = 0;
    while (sent < body.length) {
      const char* data = nullptr;
      std::size_t size = 0;
      if (body.memory != nullptr) {
        data = body.memory;
        size = body.length;
      } else {
        if (!chunk_) chunk_ = std::make_unique<char[]>(kChunkBytes);
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunkBytes, body.length - sent));
        const std::int64_t got =
            co_await async_pread(core_->blocking, body.fd, chunk_.get(), want, body.first + sent, asio::use_awaitable);
        if (got <= 0) {
          // The file shrank or failed after the header promised its length: all the client
          // can be told is a connection closed early.
          spdlog::error("event=http.file_read_failed service={} ip={} error={}", core_->options.name, state_->ip,
                        got == 0 ? "unexpected end of file" : std::strerror(static_cast<int>(-got)));
          co_return false;
        }
        data = chunk_.get();
        size = static_cast<std::size_t>(got);
      }
      res.body().data = const_cast<char*>(data);  // buffer_body's pointer is not const, it is only read
      res.body().size = size;
      res.body().more = true;
      lowest.expires_after(core_->limits.idle_timeout);
      co_await bhttp::async_write(stream_, serializer, asio::redirect_error(asio::use_awaitable, ec));
      if (ec == bhttp::error::need_buffer) ec = {};
      if (ec) co_return false;
      sent += size;
      core_->metrics.bytes_sent(size);
    }
    res.body().data = nullptr;
    res.body().size = 0;
    res.body().more = false;
    lowest.expires_after(core_->limits.idle_timeout);
    co_await bhttp::async_write(stream_, serializer, asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec;
  }

  // Answers one parsed request; false when the connection must close.
  asio::awaitable<bool> answer(bhttp::request<bhttp::string_body>& req) {
    const unsigned version = req.version();
    const bool keep_alive = req.keep_alive();
    const std::string method(req.method_string());
    if (static_cast<std::size_t>(std::distance(req.begin(), req.end())) > core_->limits.header_count) {
      core_->log_refused(state_->ip, "-", "too_many_headers");
      core_->metrics.request(method, 431);
      co_await send_error(version, 431, false);
      co_return false;
    }
    const bool head = req.method() == bhttp::verb::head;
    if (req.method() != bhttp::verb::get && !head) {
      core_->metrics.request(method, 405);
      co_return co_await send_error(version, 405, keep_alive, "GET, HEAD") && keep_alive;
    }
    // Behind trusted proxies the client is named by X-Forwarded-For: refusals log that
    // address, so fail2ban bans the client rather than the proxy.
    std::vector<std::string_view> forwarded;
    for (const auto& f : req) {
      if (beast::iequals(f.name_string(), "x-forwarded-for"))
        forwarded.emplace_back(f.value().data(), f.value().size());
    }
    std::string client_ip = client_address(state_->ip, forwarded, core_->limits.trusted_proxy_hops);
    const std::string_view target(req.target().data(), req.target().size());
    const SplitTarget split = split_target(target);
    auto path = normalize_path(split.path);
    if (!path) {
      core_->log_refused(client_ip, log_quoted(target), path.error().code);
      core_->metrics.request(method, 400);
      co_return co_await send_error(version, 400, keep_alive) && keep_alive;
    }

    serve::Request request;
    request.protocol = core_->options.tls ? serve::Protocol::kHttps : serve::Protocol::kHttp;
    for (const auto& f : req) request.headers.emplace_back(lower(f.name_string()), std::string(f.value()));
    request.source_ip = client_ip;
    request.source_port = state_->port;
    request.path = *path;
    request.query = std::string(split.query);
    request.client_cert_subject = cert_subject_;

    // Not a conditional expression: GCC 12 mishandles temporaries around a co_await in one.
    std::optional<serve::Answer> ready = core_->handler->answer_now(request);
    serve::Answer answer;
    if (ready) {
      answer = std::move(*ready);
    } else {
      answer = co_await async_answer(*core_->handler, core_->blocking, std::move(request), asio::use_awaitable);
    }
    if (answer.status != serve::Answer::Status::kOk) {
      unsigned status = 404;
      if (answer.status == serve::Answer::Status::kForbidden) status = 403;
      if (answer.status == serve::Answer::Status::kUnavailable) status = 503;
      spdlog::debug("event=http.request service={} ip={} method={} path={} status={} reason=\"{}\"",
                    core_->options.name, client_ip, method, log_quoted(*path), status, answer.reason);
      core_->metrics.request(method, status);
      co_return co_await send_error(version, status, keep_alive) && keep_alive;
    }

    Representation representation;
    representation.etag = answer.etag;
    representation.modified = answer.modified;
    BodySource body;
    if (auto* memory = std::get_if<serve::MemoryBody>(&answer.body); memory && memory->data) {
      representation.size = memory->data->size();
      body.memory = memory->data->data();
    } else if (auto* file = std::get_if<serve::FileBody>(&answer.body)) {
      representation.size = file->size;
      body.fd = file->fd.get();
    }
    Preconditions preconditions;
    const auto if_none_match = field(req, bhttp::field::if_none_match);
    const auto if_modified_since = field(req, bhttp::field::if_modified_since);
    const auto range = field(req, bhttp::field::range);
    const auto if_range = field(req, bhttp::field::if_range);
    if (if_none_match) preconditions.if_none_match = *if_none_match;
    if (if_modified_since) preconditions.if_modified_since = *if_modified_since;
    if (range) preconditions.range = *range;
    if (if_range) preconditions.if_range = *if_range;
    const ResponsePlan plan = plan_response(preconditions, representation);

    Response res{static_cast<bhttp::status>(plan.status), version};
    res.keep_alive(keep_alive);
    if (!answer.etag.empty()) res.set(bhttp::field::etag, "\"" + answer.etag + "\"");
    if (representation.modified.time_since_epoch().count() != 0) {
      res.set(bhttp::field::last_modified, format_http_date(representation.modified));
    }
    if (plan.status != 304) {
      res.set(bhttp::field::content_type,
              answer.content_type.empty() ? std::string(content_type_for(*path)) : answer.content_type);
      res.set(bhttp::field::accept_ranges, "bytes");
    }
    if (!plan.content_range.empty()) res.set(bhttp::field::content_range, plan.content_range);
    if (body.memory != nullptr) body.memory += plan.first;
    body.first = plan.first;
    body.length = plan.length;
    if (head) {
      // HEAD announces the length GET would send, and sends nothing.
      res.content_length(plan.length);
      body.length = 0;
    }
    core_->metrics.request(method, plan.status);
    spdlog::debug("event=http.request service={} ip={} method={} path={} status={} bytes={}{}", core_->options.name,
                  client_ip, method, log_quoted(*path), plan.status, body.length,
                  cert_subject_ ? " client_cert=" + log_quoted(*cert_subject_) : std::string());
    bool ok = false;  // if/else, not ?: around co_await (see above)
    if (head) {
      ok = co_await send_head(res);
    } else {
      ok = co_await send(res, body);
    }
    co_return ok&& keep_alive;
  }

  asio::awaitable<bool> send_head(Response& res) {
    auto& lowest = beast::get_lowest_layer(stream_);
    res.set(bhttp::field::server, "provd");
    res.set(bhttp::field::date, format_http_date(std::chrono::system_clock::now()));
    res.body().data = nullptr;
    res.body().more = false;
    bhttp::response_serializer<bhttp::buffer_body> serializer{res};
    boost::system::error_code ec;
    lowest.expires_after(core_->limits.idle_timeout);
    co_await bhttp::async_write_header(stream_, serializer, asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec;
  }

  std::shared_ptr<Core> core_;
  std::shared_ptr<SessionState> state_;
  Stream& stream_;
  std::optional<std::string> cert_subject_;
  std::unique_ptr<char[]> chunk_;
  std::string body_text_;
};

// Keeps the listener's books right however the connection ends.
class SessionGuard {
 public:
  SessionGuard(std::shared_ptr<Core> core, std::shared_ptr<SessionState> state, beast::tcp_stream& lowest)
      : core_(std::move(core)), state_(std::move(state)) {
    state_->lowest = &lowest;
    core_->metrics.connections().add(1);
  }
  ~SessionGuard() {
    state_->lowest = nullptr;
    core_->metrics.connections().add(-1);
    core_->forget(*state_);
  }
  SessionGuard(const SessionGuard&) = delete;
  SessionGuard& operator=(const SessionGuard&) = delete;

 private:
  std::shared_ptr<Core> core_;
  std::shared_ptr<SessionState> state_;
};

void close_quietly(beast::tcp_stream& lowest) {
  boost::system::error_code ignored;
  lowest.socket().shutdown(tcp::socket::shutdown_send, ignored);
  lowest.socket().close(ignored);
}

}  // namespace

asio::awaitable<void> run_connection(std::shared_ptr<Core> core, std::shared_ptr<SessionState> state,
                                     tcp::socket socket) {
  if (!core->options.tls) {
    beast::tcp_stream stream(std::move(socket));
    SessionGuard guard(core, state, stream);
    co_await Connection<beast::tcp_stream>(core, state, stream, std::nullopt).run();
    close_quietly(stream);
    co_return;
  }
  beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *core->options.tls);
  SessionGuard guard(core, state, beast::get_lowest_layer(stream));
  boost::system::error_code ec;
  beast::get_lowest_layer(stream).expires_after(core->limits.read_timeout);
  co_await stream.async_handshake(asio::ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    // A missing or unverifiable client certificate ends here, as does a plain-HTTP client.
    core->log_refused(state->ip, "-", "tls_handshake");
    spdlog::debug("event=https.handshake_failed ip={} error=\"{}\"", state->ip, ec.message());
    close_quietly(beast::get_lowest_layer(stream));
    co_return;
  }
  auto subject = verified_subject(stream.native_handle());
  co_await Connection<beast::ssl_stream<beast::tcp_stream>>(core, state, stream, std::move(subject)).run();
  close_quietly(beast::get_lowest_layer(stream));
}

}  // namespace provd::http

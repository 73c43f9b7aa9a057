#include "http/provisioning_http_server.h"

// GCC 12 at -O2 reports a "potential null pointer dereference" inside Boost.Asio's scheduler
// (scheduler.ipp, compensating_work_started) once it inlines co_spawn here: a false positive in
// a system header, which -Werror would turn into a release-build failure.
#pragma GCC diagnostic ignored "-Wnull-dereference"

#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/http_session.h"
#include "http/server_core.h"

namespace provd::http {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Core = ProvisioningHttpServer::Core;

namespace {

asio::awaitable<void> accept_loop(std::shared_ptr<Core> core, tcp::acceptor& acceptor, asio::io_context& context) {
  asio::steady_timer backoff(acceptor.get_executor());
  while (!core->stopping) {
    boost::system::error_code ec;
    // The acceptor's own context: the connection is served by the thread that accepted it.
    auto strand = asio::make_strand(context);
    tcp::endpoint peer;  // filled by accept itself: no getpeername(2) per connection
    tcp::socket socket = co_await acceptor.async_accept(strand, peer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (core->stopping || ec == asio::error::operation_aborted) break;
      // Out of descriptors or similar: pause rather than spin on the same error.
      spdlog::warn("event=http.accept_failed service={} error=\"{}\"", core->options.name, ec.message());
      backoff.expires_after(std::chrono::milliseconds(100));
      co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    std::string ip = peer.address().to_string();
    if (peer.address().is_v6() && peer.address().to_v6().is_v4_mapped()) {
      ip = asio::ip::make_address_v4(asio::ip::v4_mapped, peer.address().to_v6()).to_string();
    }
    std::shared_ptr<SessionState> state;
    std::string_view refusal;
    {
      std::lock_guard lock(core->mutex);
      if (core->sessions.size() >= core->limits.max_connections) {
        refusal = "max_connections";
      } else if (core->per_ip[ip] >= core->limits.max_connections_per_ip) {
        refusal = "max_connections_per_ip";
      } else {
        state = std::make_shared<SessionState>(SessionState{core->next_id++, ip, peer.port(), strand});
        core->sessions.emplace(state->id, state);
        ++core->per_ip[ip];
      }
      if (!state && core->per_ip[ip] == 0) core->per_ip.erase(ip);
    }
    if (!state) {
      core->log_refused(ip, "-", refusal);
      continue;  // the socket closes as it goes out of scope
    }
    asio::co_spawn(strand, run_connection(core, state, std::move(socket)), asio::detached);
  }
}

}  // namespace

void Core::forget(const SessionState& session) {
  std::lock_guard lock(mutex);
  sessions.erase(session.id);
  const auto it = per_ip.find(session.ip);
  if (it != per_ip.end() && --it->second == 0) per_ip.erase(it);
}

void Core::log_refused(std::string_view ip, std::string_view path, std::string_view reason) {
  spdlog::warn("event=http.refused service={} ip={} path={} reason={}", options.name, ip, path, reason);
  metrics.refused(reason);
}

ServerLimits ServerLimits::from(const config::HttpSettings& settings) {
  ServerLimits limits;
  limits.header_bytes = static_cast<std::size_t>(settings.max_header_bytes);
  limits.header_count = static_cast<std::size_t>(settings.max_header_count);
  limits.body_bytes = static_cast<std::size_t>(settings.max_body_bytes);
  limits.idle_timeout = std::chrono::seconds(settings.idle_timeout_s);
  limits.read_timeout = std::chrono::seconds(settings.read_timeout_s);
  limits.max_connections = static_cast<std::size_t>(settings.max_connections);
  limits.max_connections_per_ip = static_cast<std::size_t>(settings.max_connections_per_ip);
  limits.trusted_proxy_hops = static_cast<unsigned>(settings.trusted_proxy_hops);
  return limits;
}

ProvisioningHttpServer::ProvisioningHttpServer(runtime::IoSpread io, asio::thread_pool& blocking,
                                               ListenerOptions options, ServerLimits limits,
                                               std::shared_ptr<serve::RequestHandler> handler)
    : core_(std::make_shared<Core>(std::move(io), blocking, std::move(options), limits, std::move(handler))) {}

ProvisioningHttpServer::~ProvisioningHttpServer() = default;

std::string ProvisioningHttpServer::name() const {
  return core_->options.name;
}

void ProvisioningHttpServer::start() {
  tcp::endpoint endpoint(asio::ip::make_address(core_->options.bind), core_->options.port);
  {
    // SO_REUSEPORT would let this process join another's listener on the port and silently
    // share its connections. A plain bind first fails with "address in use" if anyone listens,
    // and chooses the port when the configuration says 0.
    tcp::acceptor probe(core_->spread.first());
    probe.open(endpoint.protocol());
    probe.set_option(asio::socket_base::reuse_address(true));
    probe.bind(endpoint);
    endpoint.port(probe.local_endpoint().port());
  }
  using reuse_port = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;
  const auto& contexts = core_->spread.all();
  for (asio::io_context* context : contexts) {
    auto acceptor = std::make_unique<tcp::acceptor>(asio::make_strand(*context));
    acceptor->open(endpoint.protocol());
    acceptor->set_option(asio::socket_base::reuse_address(true));
    acceptor->set_option(reuse_port(true));
    acceptor->bind(endpoint);
    acceptor->listen(asio::socket_base::max_listen_connections);
    core_->acceptors.push_back(std::move(acceptor));
  }
  core_->bound_port = endpoint.port();
  spdlog::info("event=listener.bound service={} bind={} port={} tls={} client_cert={}", core_->options.name,
               core_->options.bind, core_->bound_port, core_->options.tls != nullptr,
               core_->options.client_cert_required ? "required" : "not_required");
  for (std::size_t i = 0; i < core_->acceptors.size(); ++i) {
    auto& acceptor = *core_->acceptors[i];
    asio::co_spawn(acceptor.get_executor(), accept_loop(core_, acceptor, *contexts[i]), asio::detached);
  }
}

void ProvisioningHttpServer::stop() {
  core_->stopping = true;
  for (std::size_t i = 0; i < core_->acceptors.size(); ++i) {
    asio::post(core_->acceptors[i]->get_executor(), [core = core_, i] {
      boost::system::error_code ignored;
      core->acceptors[i]->close(ignored);
    });
  }
  // Idle keep-alive connections close now; a connection answering a request closes after it.
  std::lock_guard lock(core_->mutex);
  for (const auto& [id, session] : core_->sessions) {
    asio::post(session->strand, [session] {
      if (session->lowest != nullptr && !session->busy) {
        boost::system::error_code ignored;
        session->lowest->socket().close(ignored);
      }
    });
  }
}

std::size_t ProvisioningHttpServer::in_flight() const {
  return core_->active_requests.load();
}

std::uint16_t ProvisioningHttpServer::port() const noexcept {
  return core_->bound_port;
}

nlohmann::json ProvisioningHttpServer::status() const {
  std::lock_guard lock(core_->mutex);
  return {{"bind", core_->options.bind},
          {"port", core_->bound_port},
          {"tls", core_->options.tls != nullptr},
          {"connections", core_->sessions.size()},
          {"in_flight", core_->active_requests.load()},
          {"requests_total", core_->requests_total.load()}};
}

std::shared_ptr<asio::ssl::context> make_tls_context(const config::HttpsSettings& settings) {
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                       asio::ssl::context::single_dh_use);
  auto load = [](const std::string& key, const std::string& path, auto&& action) {
    boost::system::error_code ec;
    action(ec);
    if (ec) throw std::runtime_error(fmt::format("{} \"{}\": {}", key, path, ec.message()));
  };
  load("https.certificate", settings.certificate,
       [&](auto& ec) { context->use_certificate_chain_file(settings.certificate, ec); });
  load("https.private_key", settings.private_key,
       [&](auto& ec) { context->use_private_key_file(settings.private_key, asio::ssl::context::pem, ec); });
  if (settings.client_cert != "none") {
    if (settings.client_ca.empty()) {
      throw std::runtime_error(
          fmt::format("https.client_cert is {} but https.client_ca is empty", settings.client_cert));
    }
    load("https.client_ca", settings.client_ca, [&](auto& ec) { context->load_verify_file(settings.client_ca, ec); });
    auto mode = asio::ssl::verify_peer;
    if (settings.client_cert == "required") mode |= asio::ssl::verify_fail_if_no_peer_cert;
    context->set_verify_mode(mode);
  }
  return context;
}

void add_provisioning_http(runtime::Runtime& runtime, std::shared_ptr<serve::RequestHandler> handler) {
  const auto settings = runtime.settings();
  const ServerLimits limits = ServerLimits::from(settings->http);
  ListenerOptions plain;
  plain.name = "http";
  plain.bind = settings->http.bind;
  plain.port = static_cast<std::uint16_t>(settings->http.port);
  runtime.add(std::make_shared<ProvisioningHttpServer>(runtime.spread(), runtime.blocking(), plain, limits, handler));
  if (settings->https.certificate.empty()) return;
  ListenerOptions secure;
  secure.name = "https";
  secure.bind = settings->https.bind;
  secure.port = static_cast<std::uint16_t>(settings->https.port);
  secure.tls = make_tls_context(settings->https);
  secure.client_cert_required = settings->https.client_cert == "required";
  runtime.add(std::make_shared<ProvisioningHttpServer>(runtime.spread(), runtime.blocking(), secure, limits, handler));
}

}  // namespace provd::http

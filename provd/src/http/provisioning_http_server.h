// The provisioning HTTP and HTTPS listeners: GET/HEAD of what the shared RequestHandler answers,
// with keep-alive, ranges, conditional requests and per-listener limits.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without including it

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "config/settings.h"
#include "runtime/runtime.h"
#include "runtime/service.h"
#include "serve/request.h"

namespace provd::http {

/// Protection against slow, greedy or lying clients (from the `http` config section).
struct ServerLimits {
  std::size_t header_bytes = 8192;
  std::size_t header_count = 64;
  std::size_t body_bytes = 1024;
  std::chrono::seconds idle_timeout{15};
  std::chrono::seconds read_timeout{10};
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_ip = 128;
  unsigned trusted_proxy_hops = 0;

  /// The limits configured in `settings`.
  static ServerLimits from(const config::HttpSettings& settings);
};

/// Where a listener binds and how it speaks.
struct ListenerOptions {
  std::string name = "http";  ///< service name and protocol label: "http" or "https"
  std::string bind = "127.0.0.1";
  std::uint16_t port = 0;                          ///< 0: any free port (tests)
  std::shared_ptr<boost::asio::ssl::context> tls;  ///< null: plain HTTP
  bool client_cert_required = false;               ///< log wording only; the context enforces it
};

/// One provisioning listener, managed by the runtime. stop() closes the listening socket and
/// idle keep-alive connections; responses being written finish first.
class ProvisioningHttpServer : public runtime::Service {
 public:
  ProvisioningHttpServer(runtime::IoSpread io, boost::asio::thread_pool& blocking, ListenerOptions options,
                         ServerLimits limits, std::shared_ptr<serve::RequestHandler> handler);
  ~ProvisioningHttpServer() override;

  std::string name() const override;
  void start() override;
  void stop() override;
  std::size_t in_flight() const override;
  nlohmann::json status() const override;
  /// The bound port (after start()).
  std::uint16_t port() const noexcept;

  struct Core;  ///< shared with the sessions, which may outlive this object briefly

 private:
  std::shared_ptr<Core> core_;
};

/// A TLS server context from the `https` section: certificate chain, key and, unless
/// client_cert is "none", client verification against client_ca. Throws std::runtime_error
/// naming the file when something cannot be loaded (start-up fails loudly).
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const config::HttpsSettings& settings);

/// Adds the HTTP listener, and the HTTPS one when https.certificate is set, to `runtime`.
void add_provisioning_http(runtime::Runtime& runtime, std::shared_ptr<serve::RequestHandler> handler);

}  // namespace provd::http

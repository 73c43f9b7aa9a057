#include "rest/rest_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "metrics/registry.h"
#include "rest/api_context.h"
#include "rest/router.h"
#include "rest/status_endpoint.h"
#include "store/devices.h"
#include "store/leases.h"

namespace provd::rest {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

constexpr std::string_view kApiBase = "/api/v1";

// Runs `work` on the blocking pool and resumes the caller on its own executor afterwards.
template <class Work>
asio::awaitable<ApiResponse> on_blocking_pool(asio::thread_pool& pool, Work work) {
  co_return co_await asio::co_spawn(
      pool.get_executor(), [work = std::move(work)]() mutable -> asio::awaitable<ApiResponse> { co_return work(); },
      asio::use_awaitable);
}

net::HttpResponse to_http(const net::HttpRequest& request, const ApiResponse& api) {
  net::HttpResponse response;
  if (api.body.is_null()) {
    response = net::HttpResponse{api.status, request.version()};
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
  } else {
    response = net::json_response(request, api.status, api.body);
  }
  for (const auto& [field, value] : api.headers) response.set(field, value);
  return response;
}

net::HttpResponse metrics_response(const net::HttpRequest& request) {
  net::HttpResponse response{http::status::ok, request.version()};
  response.set(http::field::content_type, "text/plain; version=0.0.4");
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(request.keep_alive());
  response.body() = metrics::render_prometheus();
  response.prepare_payload();
  return response;
}

// The store's size is read when scraped (on the blocking pool), not counted as it changes.
void update_store_gauges(ApiContext& context) {
  store::ReadTxn txn = context.store.read();
  metrics::gauge("provd_store_devices", "Devices in the store")
      .set(static_cast<std::int64_t>(store::Devices(context.store).count(txn)));
  metrics::gauge("provd_store_leases", "Leases in the store")
      .set(static_cast<std::int64_t>(store::Leases(context.store).count(txn)));
  metrics::gauge("provd_store_operations", "Operations in the store (every state)")
      .set(static_cast<std::int64_t>(context.operations.list(txn).size()));
  metrics::gauge("provd_store_file_bytes", "Size of the LMDB data file in bytes")
      .set(static_cast<std::int64_t>(context.store.env().file_size()));
}

void count_request(std::string_view route, http::verb method, http::status status) {
  metrics::counter("provd_rest_requests_total", "REST API requests by route, method and status",
                   {{"route", std::string(route)},
                    {"method", std::string(http::to_string(method))},
                    {"status", std::to_string(static_cast<unsigned>(status))}})
      .inc();
}

// Authenticates, authorises and answers one /api/v1 request.
asio::awaitable<net::HttpResponse> handle_api(std::shared_ptr<ApiContext> context, net::HttpRequest request,
                                              std::string_view path, std::string_view query) {
  const http::verb method = request.method();
  const auto header = request[http::field::authorization];
  const auto token = bearer_token(std::string_view(header.data(), header.size()));
  RouteMatch match = match_route(path, method);
  ApiRequest api{method, std::move(match.segments), std::string(query), std::move(request.body()), {}};
  const Route* route = match.route;
  std::optional<ApiResponse> rejection = std::move(match.rejection);
  const std::string token_text(token.value_or(""));
  ApiResponse answer = co_await on_blocking_pool(context->runtime.blocking(), [&]() -> ApiResponse {
    if (!token) {
      ApiResponse refusal =
          api_error(http::status::unauthorized, "unauthorized", "an Authorization: Bearer token is required");
      refusal.headers.emplace_back(http::field::www_authenticate, "Bearer realm=\"provd\"");
      return refusal;
    }
    std::optional<nlohmann::json> caller;
    {
      store::ReadTxn txn = context->store.read();
      auto verified = context->tokens.verify(txn, token_text, unix_now());
      if (!verified) {
        ApiResponse refusal = api_error(http::status::unauthorized, verified.error().code, verified.error().message);
        refusal.headers.emplace_back(http::field::www_authenticate, "Bearer realm=\"provd\", error=\"invalid_token\"");
        return refusal;
      }
      caller = std::move(*verified);
    }
    api.caller = Caller{(*caller)["id"].get<std::string>(), (*caller)["name"].get<std::string>(),
                        (*caller)["role"].get<std::string>()};
    if (rejection) return std::move(*rejection);
    if (std::find(route->roles.begin(), route->roles.end(), api.caller.role) == route->roles.end()) {
      return api_error(http::status::forbidden, "forbidden",
                       "a token with role " + api.caller.role + " may not use " + std::string(route->name));
    }
    if (route->handler == nullptr) {  // /metrics: answered below, from these fresh values
      update_store_gauges(*context);
      return ApiResponse{http::status::ok, nullptr, {}};
    }
    return route->handler(*context, api);
  });
  const std::string_view route_name = route ? route->name : std::string_view("(unmatched)");
  count_request(route_name, method, answer.status);
  if (route && route->handler == nullptr && answer.status == http::status::ok) co_return metrics_response(request);
  co_return to_http(request, answer);
}

}  // namespace

std::shared_ptr<net::HttpListener> make_rest_listener(runtime::Runtime& runtime, store::Store& store,
                                                      std::shared_ptr<plugins::PluginRegistry> plugin_registry) {
  auto settings = runtime.settings();
  auto context = std::make_shared<ApiContext>(runtime, store);
  context->plugin_installer =
      std::make_shared<plugins::PluginInstaller>(plugins::repository_config(*settings), plugin_registry, store);
  context->package_installer = std::make_shared<plugins::PackageInstaller>(*context->plugin_installer);
  context->plugin_actions.emplace(asio::make_strand(runtime.blocking()));
  // operator/ keeps an absolute path as it is and puts a relative one under data_dir.
  const std::filesystem::path token_file =
      std::filesystem::path(settings->general.data_dir) / settings->rest.admin_token_file;
  if (ensure_first_admin_token(store, token_file)) {
    spdlog::warn("event=rest.admin_token_created file=\"{}\"", token_file.string());
  }
  {
    store::WriteTxn txn = store.write();
    if (const auto n = context->operations.fail_interrupted(txn, unix_now()); n > 0) {
      spdlog::warn("event=rest.operations_interrupted count={}", n);
    }
    txn.commit();
  }
  net::HttpHandler handler = [&runtime, &store, context, plugin_registry](
                                 net::HttpRequest request, net::Peer) -> asio::awaitable<net::HttpResponse> {
    const std::string target(request.target().data(), request.target().size());
    const auto question = target.find('?');
    const std::string path = target.substr(0, question);
    const std::string query = question == std::string::npos ? std::string() : target.substr(question + 1);
    if (path == "/status") {
      if (request.method() != http::verb::get && request.method() != http::verb::head) {
        co_return net::json_response(
            request, http::status::method_not_allowed,
            {{"error", "method_not_allowed"}, {"message", "use GET"}, {"details", nlohmann::json::object()}});
      }
      co_return net::json_response(request, http::status::ok, status_document(runtime, store, plugin_registry.get()));
    }
    if (path == "/metrics") co_return co_await handle_api(context, std::move(request), "/metrics", query);
    if (path.starts_with(kApiBase) && (path.size() == kApiBase.size() || path[kApiBase.size()] == '/')) {
      co_return co_await handle_api(context, std::move(request), std::string_view(path).substr(kApiBase.size()), query);
    }
    count_request("(unmatched)", request.method(), http::status::not_found);
    co_return net::json_response(
        request, http::status::not_found,
        {{"error", "not_found"}, {"message", "no such resource"}, {"details", nlohmann::json::object()}});
  };
  net::HttpLimits limits;
  limits.body_bytes = static_cast<std::size_t>(settings->rest.max_body_bytes);
  std::shared_ptr<asio::ssl::context> tls;
  if (!settings->rest.tls_certificate.empty() || !settings->rest.tls_private_key.empty()) {
    if (settings->rest.tls_certificate.empty() || settings->rest.tls_private_key.empty()) {
      throw std::runtime_error("rest.tls_certificate and rest.tls_private_key must be set together");
    }
    tls = net::make_server_tls_context("rest", settings->rest.tls_certificate, settings->rest.tls_private_key);
  }
  return std::make_shared<net::HttpListener>("rest", runtime.io(), settings->rest.bind,
                                             static_cast<std::uint16_t>(settings->rest.port), limits,
                                             std::move(handler), std::move(tls));
}

}  // namespace provd::rest

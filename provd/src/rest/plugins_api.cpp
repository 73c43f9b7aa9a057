// /plugins, /plugins/installable, /plugins/{id}, /plugins/{id}/packages[/{pkg}]: the plugin
// repository and packages. Installs and upgrades are operations (202 + /operations/{id}) whose
// progress (phase, bytes, files) is written to the store at most every 200 ms; uninstalls are
// quick renames answered directly.
#include <chrono>
#include <functional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "metrics/registry.h"
#include "rest/api_context.h"
#include "rest/list_query.h"

namespace provd::rest {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using nlohmann::json;

namespace {

using Work = std::function<Result<json>(const plugins::ProgressSink&)>;

constexpr auto kProgressInterval = std::chrono::milliseconds(200);

ApiResponse plugin_error(const Error& error) {
  if (error.code == "read_only" || error.code == "busy") {
    return api_error(http::status::conflict, error.code, error.message);
  }
  if (error.code == "download_failed" || error.code == "invalid_index") {
    return api_error(http::status::bad_gateway, error.code, error.message);
  }
  if (error.code == "no_repository") return api_error(http::status::service_unavailable, error.code, error.message);
  return api_error(error);
}

json progress_document(const plugins::Progress& p) {
  return {{"phase", p.phase}, {"bytes", p.bytes}, {"total_bytes", p.total_bytes}, {"files", p.files}};
}

// Records the operation, queues `work` behind the other plugin actions and answers 202.
ApiResponse start_operation(ApiContext& context, std::string_view kind, json target, Work work) {
  json operation;
  {
    store::WriteTxn txn = context.store.write();
    operation = context.operations.create(txn, kind, std::move(target), unix_now());
    txn.commit();
  }
  const std::string id = operation["id"].get<std::string>();
  auto cancel = context.cancels.add(id);
  auto self = context.shared_from_this();
  asio::post(*context.plugin_actions, [self, id, cancel, work = std::move(work), kind_name = std::string(kind)] {
    auto last = std::chrono::steady_clock::now() - kProgressInterval;
    std::string last_phase;
    plugins::ProgressSink sink = [&](const plugins::Progress& p) {
      if (cancel->load()) return false;
      const auto now = std::chrono::steady_clock::now();
      if (now - last >= kProgressInterval || p.phase != last_phase) {
        store::WriteTxn txn = self->store.write();
        if (self->operations.set_progress(txn, id, progress_document(p), unix_now())) txn.commit();
        last = now;
        last_phase = p.phase;
      }
      return true;
    };
    Result<json> outcome = fail("internal", "not run");
    try {
      outcome = work(sink);
    } catch (const std::exception& e) {  // an impossible state ends this operation only
      spdlog::error("event=plugins.operation_error operation={} error=\"{}\"", id, e.what());
      outcome = fail("internal", e.what());
    }
    const std::string state = outcome ? "succeeded" : (outcome.error().code == "cancelled" ? "cancelled" : "failed");
    const json result =
        outcome ? *outcome : json{{"outcome", outcome.error().code}, {"message", outcome.error().message}};
    if (!outcome) {
      spdlog::warn("event=plugins.operation_failed operation={} kind={} error={} message=\"{}\"", id, kind_name,
                   outcome.error().code, outcome.error().message);
    }
    metrics::counter("provd_plugin_operations_total", "Plugin and package operations by kind and state",
                     {{"kind", kind_name}, {"state", state}})
        .inc();
    store::WriteTxn txn = self->store.write();
    if (self->operations.finish(txn, id, state, result, unix_now())) txn.commit();
    self->cancels.remove(id);
  });
  ApiResponse response = api_ok(operation, http::status::accepted);
  response.headers.emplace_back(http::field::location, "/api/v1/operations/" + id);
  return response;
}

ApiResponse unavailable() {
  return api_error(http::status::service_unavailable, "unavailable", "plugin management is not running");
}

// ?force=true (or 1); anything else in the query is refused.
Result<bool> force_flag(std::string_view query) {
  auto pairs = parse_query_string(query);
  if (!pairs) return pairs.error();
  bool force = false;
  for (const auto& [key, value] : *pairs) {
    if (key != "force") return fail("invalid_query", key + ": unknown parameter");
    if (value != "true" && value != "false" && value != "1" && value != "0") {
      return fail("invalid_query", "force: use true or false");
    }
    force = value == "true" || value == "1";
  }
  return force;
}

}  // namespace

ApiResponse plugins_installed(ApiContext& context, const ApiRequest&) {
  if (!context.plugin_installer) return unavailable();
  return api_ok({{"items", context.plugin_installer->list_installed()}});
}

ApiResponse plugins_installable(ApiContext& context, const ApiRequest&) {
  if (!context.plugin_installer) return unavailable();
  auto items = context.plugin_installer->list_installable();
  if (!items) return plugin_error(items.error());
  return api_ok({{"items", std::move(*items)}});
}

ApiResponse plugin_item(ApiContext& context, const ApiRequest& request) {
  if (!context.plugin_installer) return unavailable();
  const std::string& id = request.segments[1];
  if (request.method == http::verb::get) {
    for (auto& item : context.plugin_installer->list_installed()) {
      if (item["id"] == id) return api_ok(std::move(item));
    }
    return api_error(http::status::not_found, "not_found", fmt::format("no plugin '{}' is installed", id));
  }
  if (request.method == http::verb::delete_) {
    auto force = force_flag(request.query);
    if (!force) return api_error(force.error());
    auto removed = context.plugin_installer->uninstall(id, *force);
    if (!removed) return plugin_error(removed.error());
    return api_ok(std::move(*removed));
  }
  if (!request.body.empty()) {  // nothing to say yet, but a body must at least be an object
    auto body = parse_json_object(request.body);
    if (!body) return api_error(body.error());
    if (!body->empty()) {
      return api_error(http::status::bad_request, "invalid_document", body->begin().key() + ": unknown field",
                       {{"field", body->begin().key()}});
    }
  }
  auto installer = context.plugin_installer;
  return start_operation(context, "plugin_install", {{"plugin", id}},
                         [installer, id](const plugins::ProgressSink& sink) { return installer->install(id, sink); });
}

ApiResponse plugin_packages(ApiContext& context, const ApiRequest& request) {
  if (!context.package_installer) return unavailable();
  auto items = context.package_installer->list(request.segments[1]);
  if (!items) return plugin_error(items.error());
  return api_ok({{"items", std::move(*items)}});
}

ApiResponse plugin_package_item(ApiContext& context, const ApiRequest& request) {
  if (!context.package_installer) return unavailable();
  const std::string& plugin = request.segments[1];
  const std::string& package = request.segments[3];
  if (request.method == http::verb::delete_) {
    auto removed = context.package_installer->uninstall(plugin, package);
    if (!removed) return plugin_error(removed.error());
    return api_ok(std::move(*removed));
  }
  bool accepted = false;
  if (!request.body.empty()) {
    auto body = parse_json_object(request.body);
    if (!body) return api_error(body.error());
    for (const auto& [key, value] : body->items()) {
      if (key != "accept_license") {
        return api_error(http::status::bad_request, "invalid_document", key + ": unknown field", {{"field", key}});
      }
      if (!value.is_boolean()) {
        return api_error(http::status::bad_request, "invalid_document", "accept_license: must be a boolean",
                         {{"field", key}});
      }
      accepted = value.get<bool>();
    }
  }
  // Refuse an unaccepted license now, with the text, rather than in a failed operation.
  auto declared = context.package_installer->list(plugin);
  if (!declared) return plugin_error(declared.error());
  const json* found = nullptr;
  for (const auto& item : *declared) found = item["id"] == package ? &item : found;
  if (found == nullptr) {
    return api_error(http::status::not_found, "not_found",
                     fmt::format("plugin '{}' declares no package '{}'", plugin, package));
  }
  if ((*found)["license_required"].get<bool>() && !accepted) {
    return api_error(http::status::unprocessable_entity, "license_not_accepted",
                     fmt::format("package '{}' needs its license accepted: send {{\"accept_license\": true}}", package),
                     {{"license", (*found)["license"]}});
  }
  auto packages = context.package_installer;
  return start_operation(context, "package_install", {{"plugin", plugin}, {"package", package}},
                         [packages, plugin, package, accepted](const plugins::ProgressSink& sink) {
                           return packages->install(plugin, package, accepted, sink);
                         });
}

}  // namespace provd::rest

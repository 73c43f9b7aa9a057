#pragma once

#include <memory>

#include <optional>

#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "plugins/installer.h"
#include "plugins/packages.h"
#include "rest/api_types.h"
#include "rest/operations.h"
#include "rest/tokens.h"
#include "runtime/runtime.h"
#include "store/store.h"

namespace provd::rest {

/// What every route needs: the runtime (settings, pools), the store and the REST-owned tables.
struct ApiContext : std::enable_shared_from_this<ApiContext> {
  ApiContext(runtime::Runtime& rt, store::Store& st) : runtime(rt), store(st), tokens(st), operations(st) {}
  runtime::Runtime& runtime;
  store::Store& store;
  Tokens tokens;
  Operations operations;
  CancelFlags cancels;
  std::shared_ptr<plugins::PluginInstaller> plugin_installer;    ///< /plugins (null: unavailable)
  std::shared_ptr<plugins::PackageInstaller> package_installer;  ///< /plugins/{id}/packages
  /// Plugin and package operations run one after another on the blocking pool: a queued one
  /// waits here instead of holding a pool thread.
  std::optional<boost::asio::strand<boost::asio::thread_pool::executor_type>> plugin_actions;
};

/// A route body. Runs on the blocking pool (store reads and writes happen here).
using RouteHandler = ApiResponse (*)(ApiContext& context, const ApiRequest& request);

// Resources, one file each. Path ids have been checked with valid_path_id() already.
/// GET (list with filters, sort, paging) and POST /devices.
ApiResponse devices_collection(ApiContext& context, const ApiRequest& request);
/// GET, PUT, PATCH (JSON merge patch) and DELETE /devices/{id}.
ApiResponse device_item(ApiContext& context, const ApiRequest& request);
/// POST /devices/{id}/reconfigure: marks the device for regeneration of its files.
ApiResponse device_reconfigure(ApiContext& context, const ApiRequest& request);
/// POST /devices/{id}/synchronize: starts a SIP NOTIFY operation (202).
ApiResponse device_synchronize(ApiContext& context, const ApiRequest& request);
/// GET (list) and POST /configs.
ApiResponse configs_collection(ApiContext& context, const ApiRequest& request);
/// GET, PUT, PATCH and DELETE /configs/{id}.
ApiResponse config_item(ApiContext& context, const ApiRequest& request);
/// GET /configs/{id}/effective: the merged raw_config.
ApiResponse config_effective(ApiContext& context, const ApiRequest& request);
/// GET /operations: every operation (filters ?kind=&state=, sort, paging like /devices).
ApiResponse operations_collection(ApiContext& context, const ApiRequest& request);
/// GET (state, progress) and DELETE (cancel) /operations/{id}.
ApiResponse operation_item(ApiContext& context, const ApiRequest& request);
/// GET (list) and POST (create) /tokens.
ApiResponse tokens_collection(ApiContext& context, const ApiRequest& request);
/// GET and DELETE (revoke) /tokens/{id}.
ApiResponse token_item(ApiContext& context, const ApiRequest& request);
/// POST /dhcpinfo: a lease event from a DHCP server script.
ApiResponse dhcpinfo(ApiContext& context, const ApiRequest& request);
/// GET /plugins: the installed plugins.
ApiResponse plugins_installed(ApiContext& context, const ApiRequest& request);
/// GET /plugins/installable: the repository's index.
ApiResponse plugins_installable(ApiContext& context, const ApiRequest& request);
/// GET, POST (install or upgrade: an operation, 202) and DELETE (uninstall, ?force=true) /plugins/{id}.
ApiResponse plugin_item(ApiContext& context, const ApiRequest& request);
/// GET /plugins/{id}/packages: the plugin's declared packages.
ApiResponse plugin_packages(ApiContext& context, const ApiRequest& request);
/// POST (install: an operation, 202; {"accept_license": true}) and DELETE /plugins/{id}/packages/{pkg}.
ApiResponse plugin_package_item(ApiContext& context, const ApiRequest& request);

}  // namespace provd::rest

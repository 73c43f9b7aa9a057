// /configs resources.
#include "rest/api_context.h"
#include "rest/list_query.h"
#include "store/configs.h"

namespace provd::rest {
namespace http = boost::beast::http;
using nlohmann::json;

namespace {

ApiResponse write_config(store::WriteTxn& txn, const store::Configs& configs, json doc, bool create) {
  auto written = create ? configs.create(txn, std::move(doc)) : configs.update(txn, std::move(doc));
  if (!written) return api_error(written.error());
  txn.commit();
  return written_response(*written, create, "/api/v1/configs");
}

}  // namespace

ApiResponse configs_collection(ApiContext& context, const ApiRequest& request) {
  store::Configs configs(context.store);
  if (request.method == http::verb::get) {
    const auto max = static_cast<std::size_t>(context.runtime.settings()->rest.max_page_size);
    auto query = parse_list_query(request.query, 100, max);
    if (!query) return api_error(query.error());
    store::ReadTxn txn = context.store.read();
    return api_ok(page_of(configs.list(txn), *query));
  }
  auto doc = parse_json_object(request.body);
  if (!doc) return api_error(doc.error());
  store::WriteTxn txn = context.store.write();
  return write_config(txn, configs, std::move(*doc), true);
}

ApiResponse config_item(ApiContext& context, const ApiRequest& request) {
  const std::string& id = request.segments[1];
  store::Configs configs(context.store);
  switch (request.method) {
    case http::verb::get: {
      store::ReadTxn txn = context.store.read();
      auto config = configs.get(txn, id);
      if (!config) return api_error(http::status::not_found, "not_found", "no config " + id);
      return api_ok(*config);
    }
    case http::verb::delete_: {
      store::WriteTxn txn = context.store.write();
      if (auto removed = configs.remove(txn, id); !removed) return api_error(removed.error());
      txn.commit();
      return ApiResponse{http::status::no_content, nullptr, {}};
    }
    case http::verb::put: {
      auto doc = parse_json_object(request.body);
      if (!doc) return api_error(doc.error());
      if (auto ok = check_body_id(*doc, id); !ok) return api_error(ok.error());
      store::WriteTxn txn = context.store.write();
      return write_config(txn, configs, std::move(*doc), false);
    }
    default: {  // PATCH (RFC 7396)
      auto patch = parse_json_object(request.body);
      if (!patch) return api_error(patch.error());
      store::WriteTxn txn = context.store.write();
      auto config = configs.get(txn, id);
      if (!config) return api_error(http::status::not_found, "not_found", "no config " + id);
      config->merge_patch(*patch);
      if (auto ok = check_body_id(*config, id); !ok) return api_error(ok.error());
      return write_config(txn, configs, std::move(*config), false);
    }
  }
}

ApiResponse config_effective(ApiContext& context, const ApiRequest& request) {
  const std::string& id = request.segments[1];
  store::ReadTxn txn = context.store.read();
  auto effective = store::Configs(context.store).effective_raw_config(txn, id);
  if (!effective) return api_error(effective.error());
  return api_ok({{"id", id}, {"raw_config", *effective}});
}

}  // namespace provd::rest

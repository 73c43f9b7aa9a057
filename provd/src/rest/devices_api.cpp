// /devices resources.
#include <fmt/format.h>

#include "rest/api_context.h"
#include "rest/list_query.h"
#include "store/configs.h"
#include "store/devices.h"

namespace provd::rest {
namespace http = boost::beast::http;
using nlohmann::json;

namespace {

// A device may only name a config that exists.
Result<void> check_config_reference(ApiContext& context, store::TxnRef txn, const json& device) {
  auto it = device.find("config");
  if (it == device.end() || !it->is_string()) return {};  // the schema reports a wrong type
  if (!store::Configs(context.store).get(txn, it->get<std::string>())) {
    return fail("unknown_config", fmt::format("config: no config '{}'", it->get<std::string>()));
  }
  return {};
}

ApiResponse write_device(ApiContext& context, store::WriteTxn& txn, json doc, bool create) {
  store::Devices devices(context.store);
  if (auto ok = check_config_reference(context, txn, doc); !ok) return api_error(ok.error());
  auto written = create ? devices.create(txn, std::move(doc)) : devices.update(txn, std::move(doc));
  if (!written) return api_error(written.error());
  txn.commit();
  return written_response(*written, create, "/api/v1/devices");
}

}  // namespace

ApiResponse devices_collection(ApiContext& context, const ApiRequest& request) {
  if (request.method == http::verb::get) {
    const auto max = static_cast<std::size_t>(context.runtime.settings()->rest.max_page_size);
    auto query = parse_list_query(request.query, 100, max);
    if (!query) return api_error(query.error());
    store::ReadTxn txn = context.store.read();
    return api_ok(page_of(store::Devices(context.store).search(txn, json::object()), *query));
  }
  auto doc = parse_json_object(request.body);
  if (!doc) return api_error(doc.error());
  if (!doc->contains("added")) (*doc)["added"] = "manual";
  store::WriteTxn txn = context.store.write();
  return write_device(context, txn, std::move(*doc), true);
}

ApiResponse device_item(ApiContext& context, const ApiRequest& request) {
  const std::string& id = request.segments[1];
  store::Devices devices(context.store);
  switch (request.method) {
    case http::verb::get: {
      store::ReadTxn txn = context.store.read();
      auto device = devices.get(txn, id);
      if (!device) return api_error(http::status::not_found, "not_found", "no device " + id);
      return api_ok(*device);
    }
    case http::verb::delete_: {
      store::WriteTxn txn = context.store.write();
      if (!devices.remove(txn, id)) return api_error(http::status::not_found, "not_found", "no device " + id);
      txn.commit();
      return ApiResponse{http::status::no_content, nullptr, {}};
    }
    case http::verb::put: {
      auto doc = parse_json_object(request.body);
      if (!doc) return api_error(doc.error());
      if (auto ok = check_body_id(*doc, id); !ok) return api_error(ok.error());
      store::WriteTxn txn = context.store.write();
      return write_device(context, txn, std::move(*doc), false);
    }
    default: {  // PATCH: RFC 7396 JSON merge patch over the stored document
      auto patch = parse_json_object(request.body);
      if (!patch) return api_error(patch.error());
      // Read and write in one transaction so a concurrent change is never lost.
      store::WriteTxn txn = context.store.write();
      auto device = devices.get(txn, id);
      if (!device) return api_error(http::status::not_found, "not_found", "no device " + id);
      device->merge_patch(*patch);
      if (auto ok = check_body_id(*device, id); !ok) return api_error(ok.error());
      return write_device(context, txn, std::move(*device), false);
    }
  }
}

ApiResponse device_reconfigure(ApiContext& context, const ApiRequest& request) {
  const std::string& id = request.segments[1];
  store::Devices devices(context.store);
  store::WriteTxn txn = context.store.write();
  auto device = devices.get(txn, id);
  if (!device) return api_error(http::status::not_found, "not_found", "no device " + id);
  // Generated files are derived from the device document (the pipeline caches on its hash),
  // so rewriting it with configured=false is what makes them regenerate.
  (*device)["configured"] = false;
  auto written = devices.update(txn, std::move(*device));
  if (!written) return api_error(written.error());
  txn.commit();
  return api_ok(*written);
}

}  // namespace provd::rest

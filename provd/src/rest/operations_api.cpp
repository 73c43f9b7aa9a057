// /operations/{id} and /tokens resources.
#include <fmt/format.h>

#include "rest/api_context.h"
#include "rest/list_query.h"

namespace provd::rest {
namespace http = boost::beast::http;
using nlohmann::json;

ApiResponse operations_collection(ApiContext& context, const ApiRequest& request) {
  const auto max = static_cast<std::size_t>(context.runtime.settings()->rest.max_page_size);
  auto query = parse_list_query(request.query, 100, max);
  if (!query) return api_error(query.error());
  store::ReadTxn txn = context.store.read();
  return api_ok(page_of(context.operations.list(txn), *query));
}

ApiResponse operation_item(ApiContext& context, const ApiRequest& request) {
  const std::string& id = request.segments[1];
  if (request.method == http::verb::get) {
    store::ReadTxn txn = context.store.read();
    auto operation = context.operations.get(txn, id);
    if (!operation) return api_error(http::status::not_found, "not_found", "no operation " + id);
    return api_ok(*operation);
  }
  // DELETE cancels: the running work sees the flag and records state "cancelled" itself.
  {
    store::ReadTxn txn = context.store.read();
    auto operation = context.operations.get(txn, id);
    if (!operation) return api_error(http::status::not_found, "not_found", "no operation " + id);
    if ((*operation)["state"] != "running") {
      return api_error(http::status::conflict, "already_finished",
                       fmt::format("operation {} already ended ({})", id, (*operation)["state"].get<std::string>()));
    }
  }
  if (!context.cancels.cancel(id)) {
    return api_error(http::status::conflict, "already_finished", "operation " + id + " is no longer running");
  }
  store::ReadTxn txn = context.store.read();
  json operation = context.operations.get(txn, id).value_or(json::object());
  operation["cancel_requested"] = true;
  return api_ok(operation, http::status::accepted);
}

ApiResponse tokens_collection(ApiContext& context, const ApiRequest& request) {
  if (request.method == http::verb::get) {
    store::ReadTxn txn = context.store.read();
    json items = json::array();
    for (auto& token : context.tokens.list(txn)) items.push_back(std::move(token));
    return api_ok({{"items", std::move(items)}});
  }
  auto body = parse_json_object(request.body);
  if (!body) return api_error(body.error());
  for (const auto& [key, value] : body->items()) {
    if (key != "name" && key != "role" && key != "expires_in_s") {
      return api_error(http::status::bad_request, "invalid_document", key + ": unknown field", {{"field", key}});
    }
  }
  const json name = body->value("name", json());
  const json role = body->value("role", json("operator"));
  const json expires_in = body->value("expires_in_s", json(0));
  if (!name.is_string()) {
    return api_error(http::status::bad_request, "invalid_document", "name: a string is required", {{"field", "name"}});
  }
  if (!role.is_string()) {
    return api_error(http::status::bad_request, "invalid_document", "role: must be a string", {{"field", "role"}});
  }
  if (!expires_in.is_number_integer() || expires_in.get<std::int64_t>() < 0) {
    return api_error(http::status::bad_request, "invalid_document", "expires_in_s: must be a non-negative integer",
                     {{"field", "expires_in_s"}});
  }
  const std::int64_t now = unix_now();
  const std::int64_t seconds = expires_in.get<std::int64_t>();
  store::WriteTxn txn = context.store.write();
  auto created =
      context.tokens.create(txn, name.get<std::string>(), role.get<std::string>(), seconds ? now + seconds : 0, now);
  if (!created) return api_error(created.error());
  txn.commit();
  json out = created->record;
  out["token"] = created->token;  // the only time the secret is shown
  return api_ok(out, http::status::created);
}

ApiResponse token_item(ApiContext& context, const ApiRequest& request) {
  const std::string& id = request.segments[1];
  if (request.method == http::verb::get) {
    store::ReadTxn txn = context.store.read();
    auto token = context.tokens.get(txn, id);
    if (!token) return api_error(http::status::not_found, "not_found", "no token " + id);
    return api_ok(*token);
  }
  store::WriteTxn txn = context.store.write();
  if (!context.tokens.revoke(txn, id)) return api_error(http::status::not_found, "not_found", "no token " + id);
  txn.commit();
  return ApiResponse{http::status::no_content, nullptr, {}};
}

}  // namespace provd::rest

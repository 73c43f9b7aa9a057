// POST /dhcpinfo: lease events from DHCP server scripts (ISC dhcpd `on commit`, dnsmasq
// --dhcp-script). Applied directly over store/leases.h with the lease feed's semantics:
// commit records the lease and refreshes the known device's IP; release/expiry forget it.
#include <fmt/format.h>

#include "common/ip_address.h"
#include "common/mac_address.h"
#include "rest/api_context.h"
#include "store/devices.h"
#include "store/leases.h"

namespace provd::rest {
namespace http = boost::beast::http;
using nlohmann::json;

namespace {

ApiResponse field_error(const std::string& field, const std::string& problem) {
  return api_error(http::status::bad_request, "invalid_document", field + ": " + problem, {{"field", field}});
}

}  // namespace

ApiResponse dhcpinfo(ApiContext& context, const ApiRequest& request) {
  auto body = parse_json_object(request.body);
  if (!body) return api_error(body.error());
  for (const auto& [key, value] : body->items()) {
    if (key != "op" && key != "ip" && key != "mac" && key != "options" && key != "hostname" && key != "expires") {
      return field_error(key, "unknown field");
    }
  }
  const json op = body->value("op", json());
  if (!op.is_string() || (op != "commit" && op != "release" && op != "expiry")) {
    return field_error("op", "must be commit, release or expiry");
  }
  if (!body->value("mac", json()).is_string()) return field_error("mac", "a string is required");
  if (!body->value("ip", json()).is_string()) return field_error("ip", "a string is required");
  if (body->contains("options") && !(*body)["options"].is_object()) return field_error("options", "must be an object");
  auto mac_text = normalize_mac((*body)["mac"].get<std::string>());
  if (!mac_text)
    return api_error(http::status::unprocessable_entity, "invalid_mac", "mac: " + mac_text.error().message);
  auto ip_text = normalize_ip((*body)["ip"].get<std::string>());
  if (!ip_text) return api_error(http::status::unprocessable_entity, "invalid_ip", "ip: " + ip_text.error().message);
  const std::string& mac = *mac_text;
  const std::string& ip = *ip_text;

  store::Leases leases(context.store);
  store::Devices devices(context.store);
  store::WriteTxn txn = context.store.write();
  json result = {{"op", op}, {"mac", mac}, {"ip", ip}};
  if (op == "commit") {
    json lease = {{"mac", mac}, {"ip", ip}, {"expires", body->value("expires", 0)}};
    if (body->contains("options")) lease["options"] = (*body)["options"];
    if (body->contains("hostname")) lease["hostname"] = (*body)["hostname"];
    auto stored = leases.upsert(txn, std::move(lease));
    if (!stored) return api_error(stored.error());
    result["device"] = nullptr;
    if (auto device = devices.find_by_mac(txn, mac)) {
      result["device"] = (*device)["id"];
      if (device->value("ip", "") != ip) {
        (*device)["ip"] = ip;
        auto updated = devices.update(txn, std::move(*device));
        if (!updated) return api_error(updated.error());
      }
    }
  } else {
    result["removed"] = leases.remove(txn, mac, ip);
  }
  txn.commit();
  return api_ok(result);
}

}  // namespace provd::rest

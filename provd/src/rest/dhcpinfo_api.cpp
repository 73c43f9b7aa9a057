// POST /dhcpinfo: lease events from DHCP server scripts (ISC dhcpd `on commit`, dnsmasq
// --dhcp-script). The body is turned into the Kea hook's lease-event document and goes through
// the same parser (lease_event_from_json) and the same LeaseApplier as the hook's feed, so a
// posted event has exactly the effect of a hook event, counted in the same lease counters.
#include <fmt/format.h>

#include "common/hex.h"
#include "common/mac_address.h"
#include "leases/lease_applier.h"
#include "leases/lease_event.h"
#include "metrics/registry.h"
#include "rest/api_context.h"

namespace provd::rest {
namespace http = boost::beast::http;
using nlohmann::json;

namespace {

ApiResponse field_error(const std::string& field, const std::string& problem) {
  return api_error(http::status::bad_request, "invalid_document", field + ": " + problem, {{"field", field}});
}

// Scripts can only easily give an option's text (dnsmasq's DNSMASQ_VENDOR_CLASS); the wire
// format wants its bytes as hex, so {text} alone gains the hex of that text.
Result<json> wire_options(const json& options) {
  json out = json::object();
  for (const auto& [code, value] : options.items()) {
    if (!value.is_object()) return fail("invalid_document", fmt::format("options.{}: must be an object", code));
    json option = value;
    if (!option.contains("hex") && option.contains("text") && option["text"].is_string()) {
      option["hex"] = hex_from_bytes(option["text"].get<std::string>());
    }
    out[code] = std::move(option);
  }
  return out;
}

metrics::Counter& received() {
  return metrics::counter("provd_lease_events_received_total", "Lease event lines received");
}
metrics::Counter& applied() {
  return metrics::counter("provd_lease_events_applied_total", "Lease events applied to the store");
}
metrics::Counter& invalid() {
  return metrics::counter("provd_lease_events_invalid_total", "Lease event lines skipped as invalid");
}
metrics::Counter& refused() {
  return metrics::counter("provd_lease_events_refused_total", "Lease events the store refused");
}

}  // namespace

ApiResponse dhcpinfo(ApiContext& context, const ApiRequest& request) {
  received().inc();
  auto body = parse_json_object(request.body);
  if (!body) {
    invalid().inc();
    return api_error(body.error());
  }
  auto check = [&]() -> std::optional<ApiResponse> {
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
    if (body->contains("options") && !(*body)["options"].is_object())
      return field_error("options", "must be an object");
    return std::nullopt;
  };
  if (auto refusal = check()) {
    invalid().inc();
    return std::move(*refusal);
  }
  const std::string op = (*body)["op"].get<std::string>();
  // Scripts pass MACs as their server prints them (upper case, dashes); the wire format wants
  // the canonical form, so normalise first and report a bad one as unprocessable.
  auto mac = normalize_mac((*body)["mac"].get<std::string>());
  if (!mac) {
    invalid().inc();
    return api_error(http::status::unprocessable_entity, "invalid_mac", "mac: " + mac.error().message,
                     {{"field", "mac"}});
  }
  json wire = {{"v", 1},           {"boot", "rest-dhcpinfo"}, {"seq", 1},   {"event", op == "expiry" ? "expire" : op},
               {"ts", unix_now()}, {"ip", (*body)["ip"]},     {"mac", *mac}};
  for (const char* key : {"hostname", "expires"}) {
    if (body->contains(key)) wire[key] = (*body)[key];
  }
  if (body->contains("options")) {
    auto options = wire_options((*body)["options"]);
    if (!options) {
      invalid().inc();
      return api_error(options.error());
    }
    wire["options"] = std::move(*options);
  }
  auto event = leases::lease_event_from_json(wire);
  if (!event) {
    invalid().inc();
    return api_error(event.error());
  }

  store::Leases leases(context.store);
  store::Devices devices(context.store);
  const leases::LeaseApplier applier(context.store);
  store::WriteTxn txn = context.store.write();
  json result = {{"op", op}, {"mac", event->mac}, {"ip", event->ip}};
  const bool held = leases.by_mac(txn, event->mac).has_value();
  // Not apply_sequenced: scripts carry no sequence; each post is applied once, as it comes.
  if (auto done = applier.apply(txn, *event); !done) {
    refused().inc();
    return api_error(done.error());
  }
  if (event->kind == leases::EventKind::kCommit) {
    auto device = devices.find_by_mac(txn, event->mac);
    result["device"] = device ? (*device)["id"] : json(nullptr);
  } else {
    result["removed"] = held && !leases.by_mac(txn, event->mac).has_value();
  }
  txn.commit();
  applied().inc();
  return api_ok(result);
}

}  // namespace provd::rest

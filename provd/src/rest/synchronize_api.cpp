// POST /devices/{id}/synchronize: asks the phone to re-read its configuration with a SIP
// NOTIFY, as an operation the client polls. The transaction runs on an I/O strand; every store
// write it causes goes through the blocking pool.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "metrics/registry.h"
#include "rest/api_context.h"
#include "sip/notify_transaction.h"
#include "store/devices.h"

namespace provd::rest {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using nlohmann::json;

namespace {

std::string final_state(const sip::NotifyOutcome& outcome) {
  if (outcome.outcome == "cancelled") return "cancelled";
  if (outcome.outcome == "answered" && outcome.status >= 200 && outcome.status < 300) return "succeeded";
  return "failed";
}

json outcome_document(const sip::NotifyOutcome& outcome) {
  json doc = {{"outcome", outcome.outcome},
              {"transmissions", outcome.transmissions},
              {"elapsed_ms", outcome.elapsed_ms},
              {"message", outcome.reason}};
  if (outcome.outcome == "answered") doc["sip_status"] = outcome.status;
  return doc;
}

}  // namespace

ApiResponse device_synchronize(ApiContext& context, const ApiRequest& request) {
  const std::string& id = request.segments[1];
  const auto settings = context.runtime.settings();
  json target;
  json operation;
  {
    store::WriteTxn txn = context.store.write();
    auto device = store::Devices(context.store).get(txn, id);
    if (!device) return api_error(http::status::not_found, "not_found", "no device " + id);
    if (!device->contains("ip")) {
      return api_error(http::status::unprocessable_entity, "no_ip", "device " + id + " has no known IP address");
    }
    boost::system::error_code ec;
    asio::ip::make_address((*device)["ip"].get<std::string>(), ec);
    if (ec) return api_error(http::status::unprocessable_entity, "invalid_ip", "ip: not usable for SIP");
    target = {{"device", id},
              {"ip", (*device)["ip"]},
              {"sip_port", device->value("sip_port", settings->rest.sip_default_port)},
              {"event", device->value("sync_event", settings->rest.sip_sync_event)}};
    operation = context.operations.create(txn, "synchronize", target, unix_now());
    txn.commit();
  }
  const std::string operation_id = operation["id"].get<std::string>();
  auto cancel = context.cancels.add(operation_id);
  auto self = context.shared_from_this();

  sip::NotifyRequest notify;
  notify.event = target["event"].get<std::string>();
  const asio::ip::udp::endpoint endpoint(asio::ip::make_address(target["ip"].get<std::string>()),
                                         static_cast<std::uint16_t>(target["sip_port"].get<int>()));
  const sip::TransactionTimers timers{std::chrono::milliseconds(settings->rest.sip_t1_ms)};
  auto observer = [self, operation_id](int transmissions) {
    asio::post(self->runtime.blocking(), [self, operation_id, transmissions] {
      store::WriteTxn txn = self->store.write();
      if (self->operations.set_progress(txn, operation_id, {{"transmissions", transmissions}}, unix_now())) {
        txn.commit();
      }
    });
  };
  asio::co_spawn(
      asio::make_strand(context.runtime.io()),
      [self, operation_id, notify, endpoint, timers, cancel, observer]() -> asio::awaitable<void> {
        const sip::NotifyOutcome outcome =
            co_await sip::run_notify_transaction(notify, endpoint, timers, cancel, observer);
        metrics::counter("provd_sip_notify_total", "Resync NOTIFY transactions by outcome",
                         {{"outcome", outcome.outcome}})
            .inc();
        spdlog::info("event=sip.notify_done operation={} ip={} outcome={} status={} transmissions={}", operation_id,
                     endpoint.address().to_string(), outcome.outcome, outcome.status, outcome.transmissions);
        asio::post(self->runtime.blocking(), [self, operation_id, outcome] {
          store::WriteTxn txn = self->store.write();
          if (self->operations.finish(txn, operation_id, final_state(outcome), outcome_document(outcome), unix_now())) {
            txn.commit();
          }
          self->cancels.remove(operation_id);
        });
      },
      asio::detached);

  ApiResponse response = api_ok(operation, http::status::accepted);
  response.headers.emplace_back(http::field::location, "/api/v1/operations/" + operation_id);
  return response;
}

}  // namespace provd::rest

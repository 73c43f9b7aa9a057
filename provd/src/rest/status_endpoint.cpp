#include "rest/status_endpoint.h"

#include "store/devices.h"
#include "store/leases.h"
#include "version.h"

namespace provd::rest {

nlohmann::json status_document(runtime::Runtime& runtime, store::Store& store, const plugins::PluginRegistry* plugins) {
  using clock = std::chrono::steady_clock;
  nlohmann::json listeners = nlohmann::json::object();
  for (const auto& service : runtime.services()) listeners[service->name()] = service->status();
  // A read snapshot is a few memory loads: cheap enough for the I/O thread.
  store::ReadTxn txn = store.read();
  nlohmann::json store_status = {
      {"schema_version", store::Store::kSchemaVersion},
      {"devices", store::Devices(store).count(txn)},
      {"leases", store::Leases(store).count(txn)},
      {"file_bytes", store.env().file_size()},
  };
  nlohmann::json document = {
      {"status", "ok"},
      {"version", kVersion},
      {"uptime_s", std::chrono::duration_cast<std::chrono::seconds>(clock::now() - runtime.started_at()).count()},
      {"listeners", listeners},
      {"store", store_status}};
  if (plugins) {
    // Plugin health: a broken manifest is skipped at load, so without this an operator would only
    // learn of it from the log; status stays "ok" because the other plugins keep serving.
    const auto loaded = plugins->current();
    nlohmann::json broken = nlohmann::json::array();
    for (const auto& error : loaded->errors()) broken.push_back(error.message);
    document["plugins"] = {{"loaded", loaded->plugins().size()}, {"broken", std::move(broken)}};
  }
  return document;
}

}  // namespace provd::rest

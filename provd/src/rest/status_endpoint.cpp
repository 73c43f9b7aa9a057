#include "rest/status_endpoint.h"

#include "store/devices.h"
#include "store/leases.h"
#include "version.h"

namespace provd::rest {

nlohmann::json status_document(runtime::Runtime& runtime, store::Store& store) {
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
  return {{"status", "ok"},
          {"version", kVersion},
          {"uptime_s", std::chrono::duration_cast<std::chrono::seconds>(clock::now() - runtime.started_at()).count()},
          {"listeners", listeners},
          {"store", store_status}};
}

}  // namespace provd::rest

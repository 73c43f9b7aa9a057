// Stage 3: bring the store up to date with what the request showed. Stages (pipeline.update):
//   add_info         set mac, sn, uuid, vendor, model the device does not have yet;
//   refresh          overwrite ip and version with the request's;
//   clear_stale_ip   remove the device's IP from every other device (skipped with pipeline.nat);
//   associate_plugin give a device without a plugin the best-scoring one (plugins/scoring.h);
//   assign_config    give a device without a config a clone of the `autocreate` config, or else
//                    the `default` config.
// An unknown device is created first (added: auto) when pipeline.auto_create allows it and the
// request was recognised (a MAC, or a vendor from some plugin's rule); an unrecognised request
// (a browser) creates nothing. Everything happens in the caller's transaction: with a write
// transaction the changes are made there; with only a read snapshot update() stops at the first
// write it would make and says so (needs_write), so that a request from a known, unchanged device
// never takes LMDB's single writer lock (which a lease batch may hold through its fsync).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/settings.h"
#include "ident/device_info.h"
#include "plugins/plugin_set.h"
#include "store/store.h"

namespace provd::ident {

/// The update stages provd knows.
const std::vector<std::string>& update_stage_names();

/// Where update() reads, and writes when `write` is set (it must be the transaction `read` views).
struct UpdateTxn {
  store::TxnRef read;
  store::WriteTxn* write = nullptr;
};

/// The device after the update.
struct UpdateResult {
  std::optional<nlohmann::json> device;
  bool created = false;
  bool changed = false;      ///< something was written (the transaction should be committed)
  bool needs_write = false;  ///< read-only run: it stopped where it would have written; nothing else is set
};

/// Applies the stages to `device` (nullopt: unknown) inside `txn`; appends to `why`.
UpdateResult update(store::Store& store, UpdateTxn txn, const plugins::PluginSet& plugins,
                    const config::PipelineSettings& settings, const DeviceInfo& info,
                    std::optional<nlohmann::json> device, nlohmann::json& why);

}  // namespace provd::ident

// The identification pipeline: extract -> retrieve -> update -> route (see each stage's header).
// A run first identifies in a read snapshot; when the update would write (a new device, a moved
// IP, a first plugin or config), it starts again in a single write transaction, committed only
// when the update changed something (and never in a dry run), so concurrent requests from one
// new device cannot create it twice. Requests from known, unchanged devices (nearly all of them)
// never wait for the writer lock. Rendering happens after the transaction ends.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/settings.h"
#include "ident/answer_cache.h"
#include "ident/device_info.h"
#include "ident/inputs.h"
#include "ident/route.h"
#include "ident/update.h"
#include "plugins/generated_cache.h"
#include "plugins/plugin_registry.h"
#include "plugins/plugin_set.h"
#include "serve/request.h"
#include "store/store.h"

namespace provd::ident {

/// Everything a run decided, for the answer and for `provctl identify`.
struct Outcome {
  serve::Answer answer;
  DeviceInfo info;
  std::optional<nlohmann::json> device;  ///< the device after the update, if any
  std::optional<std::string> plugin;     ///< the plugin that answered (or would)
  std::optional<std::string> route;      ///< what was served ("device:F", "common:F", "static:F")
  bool created = false;
  nlohmann::json why = nlohmann::json::array();
};

/// Whether a run may change the store.
enum class RunMode { kCommit, kDryRun };

/// The pipeline over one store and one set of plugins. Thread-safe; run() blocks (store, disk).
class Pipeline {
 public:
  Pipeline(std::shared_ptr<const plugins::PluginSet> plugins, store::Store& store, config::PipelineSettings settings);
  /// A pipeline whose plugins can be replaced while it runs (each run uses one snapshot).
  Pipeline(std::shared_ptr<plugins::PluginRegistry> registry, store::Store& store, config::PipelineSettings settings);

  /// Runs every stage for `inputs`. A DHCP input stops after update (nothing to serve).
  Outcome run(const Inputs& inputs, RunMode mode = RunMode::kCommit);

  /// run() for many DHCP inputs (the lease feed's option 60), in order, with every write they
  /// need in one transaction: a storm of new phones costs one commit, not one per phone.
  std::vector<Outcome> identify_dhcp(std::span<const Inputs> inputs);

  /// The plugins a run starting now would use.
  std::shared_ptr<const plugins::PluginSet> plugins() const { return registry_->current(); }
  const plugins::GeneratedCache& cache() const noexcept { return cache_; }
  /// What a run starting now would compute from (for AnswerCache).
  AnswerStamp stamp() const { return AnswerStamp{store_.env().last_commit(), registry_->generation()}; }

 private:
  /// Extract, retrieve, update and gather route facts into `out`/`facts`, in a write
  /// transaction or a read snapshot; false when the snapshot was not enough (nothing kept).
  bool identify(const Inputs& inputs, const plugins::PluginSet& plugins, RunMode mode, bool writable, Outcome& out,
                RouteFacts& facts);
  /// Extract, retrieve and update in `txn` into `out`: whether the update wrote, or nullopt
  /// when `txn` is a read snapshot and the update needs to write (nothing kept).
  std::optional<bool> identify_in(const Inputs& inputs, const plugins::PluginSet& plugins, UpdateTxn txn, Outcome& out);

  std::shared_ptr<plugins::PluginRegistry> registry_;
  store::Store& store_;
  config::PipelineSettings settings_;
  plugins::GeneratedCache cache_;
};

}  // namespace provd::ident

#include "leases/reconciler.h"

#include <map>
#include <string>

#include <spdlog/spdlog.h>

#include "store/leases.h"

namespace provd::leases {
using nlohmann::json;

ReconcileCounts reconcile(store::WriteTxn& txn, store::Store& store, const LeaseApplier& applier,
                          const std::vector<json>& kea_leases) {
  store::Leases leases(store);
  ReconcileCounts counts;
  std::map<std::string, const json*> wanted;  // mac -> Kea's lease (the last one wins)
  for (const json& lease : kea_leases) wanted[lease.at("mac").get<std::string>()] = &lease;

  for (const json& stored : leases.list(txn)) {
    const std::string mac = stored.at("mac").get<std::string>();
    if (!wanted.contains(mac)) {
      leases.remove(txn, mac);
      ++counts.removed;
    }
  }
  for (const auto& [mac, kea] : wanted) {
    json lease = *kea;
    auto stored = leases.by_mac(txn, mac);
    const bool same = stored && (*stored)["ip"] == lease["ip"];
    // Kea's stash keeps only the hook's stash-options (default 60); the events brought more.
    // For a lease that did not move, keep what the events brought and take the stash's newer
    // values for the codes it has.
    if (same && stored->contains("options") && (*stored)["options"].is_object()) {
      json options = (*stored)["options"];
      if (auto stash = lease.find("options"); stash != lease.end() && stash->is_object()) options.update(*stash);
      lease["options"] = std::move(options);
    }
    if (auto recorded = applier.associate(txn, lease); !recorded) {
      spdlog::warn("event=leases.reconcile_refused mac={} error=\"{}\"", mac, recorded.error().message);
      ++counts.invalid;
      continue;
    }
    ++(same ? counts.kept : counts.added);
  }
  return counts;
}

}  // namespace provd::leases

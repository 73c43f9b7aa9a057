#include "ident/pipeline.h"

#include "ident/extract.h"
#include "ident/log_text.h"
#include "ident/retrieve.h"
#include "ident/route.h"
#include "ident/update.h"
#include "store/configs.h"
#include "store/leases.h"

namespace provd::ident {
namespace {

using nlohmann::json;

RouteFacts gather_facts(store::Store& store, store::TxnRef txn, const std::optional<json>& device,
                        const std::string& source_ip, json& why) {
  RouteFacts facts;
  facts.device = device;
  const store::Leases leases(store);
  if (auto lease = leases.by_ip(txn, source_ip); lease && lease->contains("mac")) {
    facts.source_lease_mac = (*lease)["mac"].get<std::string>();
  }
  if (!device) return facts;
  if (auto mac = device->find("mac"); mac != device->end() && mac->is_string()) {
    if (auto lease = leases.by_mac(txn, mac->get<std::string>()); lease && lease->contains("ip")) {
      facts.device_lease_ip = (*lease)["ip"].get<std::string>();
    }
  }
  if (auto config = device->find("config"); config != device->end() && config->is_string()) {
    auto raw = store::Configs(store).effective_raw_config(txn, config->get<std::string>());
    if (raw) {
      facts.raw_config = std::move(*raw);
    } else {
      why.push_back({{"step", "route"}, {"config", *config}, {"missing", raw.error().message}});
    }
  }
  return facts;
}

}  // namespace

Pipeline::Pipeline(std::shared_ptr<const plugins::PluginSet> plugins, store::Store& store,
                   config::PipelineSettings settings)
    : Pipeline(std::make_shared<plugins::PluginRegistry>(std::move(plugins)), store, std::move(settings)) {}

Pipeline::Pipeline(std::shared_ptr<plugins::PluginRegistry> registry, store::Store& store,
                   config::PipelineSettings settings)
    : registry_(std::move(registry)),
      store_(store),
      settings_(std::move(settings)),
      cache_(static_cast<std::size_t>(std::max(settings_.cache_entries, 0))) {}

bool Pipeline::identify(const Inputs& inputs, const plugins::PluginSet& plugins, RunMode mode, bool writable,
                        Outcome& out, RouteFacts& facts) {
  Extraction extraction = extract(inputs, plugins, settings_.extract);
  out.info = std::move(extraction.info);
  out.why = std::move(extraction.why);
  std::optional<store::WriteTxn> write;
  std::optional<store::ReadTxn> read;
  const store::TxnRef txn =
      writable ? store::TxnRef(write.emplace(store_.write())) : store::TxnRef(read.emplace(store_.read()));
  Retrieval found = retrieve(store_, txn, out.info, settings_.retrieve, out.why);
  UpdateResult updated = update(store_, UpdateTxn{txn, write ? &*write : nullptr}, plugins, settings_, out.info,
                                std::move(found.device), out.why);
  if (updated.needs_write) return false;
  out.created = updated.created;
  out.device = std::move(updated.device);
  if (out.device && out.device->contains("plugin")) out.plugin = (*out.device)["plugin"].get<std::string>();
  if (inputs.channel != Channel::kDhcp) facts = gather_facts(store_, txn, out.device, inputs.source_ip, out.why);
  if (write && updated.changed && mode == RunMode::kCommit) write->commit();
  return true;  // an uncommitted write transaction aborts here: nothing changed, or a dry run
}

Outcome Pipeline::run(const Inputs& inputs, RunMode mode) {
  // One snapshot for the whole run: an install that lands meanwhile is seen by the next one.
  const std::shared_ptr<const plugins::PluginSet> snapshot = registry_->current();
  Outcome out;
  RouteFacts facts;
  if (!identify(inputs, *snapshot, mode, false, out, facts)) {
    out = Outcome{};
    identify(inputs, *snapshot, mode, true, out, facts);
  }
  if (inputs.channel == Channel::kDhcp) {
    out.answer = serve::Answer::not_found("DHCP requests are identified, not served");
    return out;
  }
  Routing routing = route(inputs, *snapshot, cache_, facts, out.why);
  out.answer = std::move(routing.answer);
  out.route = std::move(routing.route);
  if (routing.plugin) out.plugin = std::move(routing.plugin);
  return out;
}

}  // namespace provd::ident

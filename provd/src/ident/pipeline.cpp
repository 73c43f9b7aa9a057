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

serve::Answer dhcp_answer() {
  return serve::Answer::not_found("DHCP requests are identified, not served");
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
  std::optional<store::WriteTxn> write;
  std::optional<store::ReadTxn> read;
  const store::TxnRef txn =
      writable ? store::TxnRef(write.emplace(store_.write())) : store::TxnRef(read.emplace(store_.read()));
  const std::optional<bool> changed = identify_in(inputs, plugins, UpdateTxn{txn, write ? &*write : nullptr}, out);
  if (!changed) return false;
  if (inputs.channel != Channel::kDhcp) facts = gather_facts(store_, txn, out.device, inputs.source_ip, out.why);
  if (write && *changed && mode == RunMode::kCommit) write->commit();
  return true;  // an uncommitted write transaction aborts here: nothing changed, or a dry run
}

std::optional<bool> Pipeline::identify_in(const Inputs& inputs, const plugins::PluginSet& plugins, UpdateTxn txn,
                                          Outcome& out) {
  Extraction extraction = extract(inputs, plugins, settings_.extract);
  out.info = std::move(extraction.info);
  out.why = std::move(extraction.why);
  Retrieval found = retrieve(store_, txn.read, out.info, settings_.retrieve, out.why);
  UpdateResult updated = update(store_, txn, plugins, settings_, out.info, std::move(found.device), out.why);
  if (updated.needs_write) return std::nullopt;
  out.created = updated.created;
  out.device = std::move(updated.device);
  if (out.device && out.device->contains("plugin")) out.plugin = (*out.device)["plugin"].get<std::string>();
  return updated.changed;
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
    out.answer = dhcp_answer();
    return out;
  }
  Routing routing = route(inputs, *snapshot, cache_, facts, out.why);
  out.answer = std::move(routing.answer);
  out.route = std::move(routing.route);
  if (routing.plugin) out.plugin = std::move(routing.plugin);
  return out;
}

std::vector<Outcome> Pipeline::identify_dhcp(std::span<const Inputs> inputs) {
  const std::shared_ptr<const plugins::PluginSet> snapshot = registry_->current();
  std::vector<Outcome> outcomes(inputs.size());
  std::vector<std::size_t> writers;
  {
    store::ReadTxn read = store_.read();
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      if (!identify_in(inputs[i], *snapshot, UpdateTxn{read, nullptr}, outcomes[i])) {
        outcomes[i] = Outcome{};
        writers.push_back(i);
      }
    }
  }
  if (!writers.empty()) {
    // Later inputs see what earlier ones wrote (one phone twice in a batch is created once).
    store::WriteTxn write = store_.write();
    bool changed = false;
    for (std::size_t i : writers) {
      changed = identify_in(inputs[i], *snapshot, UpdateTxn{write, &write}, outcomes[i]).value_or(false) || changed;
    }
    if (changed) write.commit();
  }
  for (Outcome& out : outcomes) out.answer = dhcp_answer();
  return outcomes;
}

}  // namespace provd::ident

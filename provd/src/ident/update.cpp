#include "ident/update.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "plugins/scoring.h"
#include "store/configs.h"
#include "store/devices.h"

namespace provd::ident {
namespace {

using nlohmann::json;

std::string text_field(const json& doc, const char* name) {
  auto it = doc.find(name);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// True when some other device lost the IP (or would lose it: read-only run).
bool clear_stale_ip(const store::Devices& devices, UpdateTxn txn, const json& device, json& why) {
  const std::string ip = text_field(device, "ip");
  if (ip.empty()) return false;
  bool cleared = false;
  for (auto other : devices.find_by_ip(txn.read, ip)) {
    if (other["id"] == device["id"]) continue;
    if (txn.write == nullptr) return true;
    other.erase("ip");
    auto updated = devices.update(*txn.write, other);
    if (!updated) throw std::runtime_error("clearing a stale IP failed: " + updated.error().message);
    spdlog::info("event=ident.ip_moved ip={} from_device={} to_device={}", ip, other["id"].get<std::string>(),
                 device["id"].get<std::string>());
    why.push_back({{"step", "update"}, {"stage", "clear_stale_ip"}, {"cleared_from", other["id"]}});
    cleared = true;
  }
  return cleared;
}

void associate_plugin(const plugins::PluginSet& plugins, const config::PipelineSettings& settings, json& device,
                      json& why) {
  if (device.contains("plugin")) return;
  const plugins::DeviceTraits traits{text_field(device, "vendor"), text_field(device, "model"),
                                     text_field(device, "version")};
  auto choice = plugins::choose_plugin(plugins, traits, settings.min_association_score);
  json entry = {{"step", "update"},
                {"stage", "associate_plugin"},
                {"scores", choice.scores},
                {"min_score", settings.min_association_score}};
  if (choice.tie) {
    spdlog::info("event=ident.plugin_tie device={} {}", text_field(device, "id"), *choice.tie);
    entry["tie"] = *choice.tie;
  }
  if (choice.plugin) {
    device["plugin"] = *choice.plugin;
    entry["plugin"] = *choice.plugin;
    entry["score"] = choice.score;
  } else {
    entry["plugin"] = nullptr;
  }
  why.push_back(std::move(entry));
}

// False when a read-only run reaches the clone it would create.
bool assign_config(store::Store& store, UpdateTxn txn, json& device, json& why) {
  if (device.contains("config")) return true;
  const store::Configs configs(store);
  if (auto autocreate = configs.find_by_role(txn.read, "autocreate")) {
    if (txn.write == nullptr) return false;
    json clone = {{"id", fmt::format("auto-{}", text_field(device, "id"))},
                  {"raw_config", (*autocreate)["raw_config"]},
                  {"deletable", true},
                  {"label", fmt::format("created for device {} from {}", text_field(device, "id"),
                                        (*autocreate)["id"].get<std::string>())}};
    if (autocreate->contains("parent_ids")) clone["parent_ids"] = (*autocreate)["parent_ids"];
    auto created = configs.create(*txn.write, clone);
    if (!created) throw std::runtime_error("cloning the autocreate config failed: " + created.error().message);
    device["config"] = (*created)["id"];
    why.push_back({{"step", "update"},
                   {"stage", "assign_config"},
                   {"cloned", (*autocreate)["id"]},
                   {"config", (*created)["id"]}});
  } else if (auto fallback = configs.find_by_role(txn.read, "default")) {
    device["config"] = (*fallback)["id"];
    why.push_back({{"step", "update"}, {"stage", "assign_config"}, {"config", (*fallback)["id"]}});
  }
  return true;
}

UpdateResult write_needed() {
  UpdateResult result;
  result.needs_write = true;
  return result;
}

}  // namespace

const std::vector<std::string>& update_stage_names() {
  static const std::vector<std::string> names{"add_info", "refresh", "clear_stale_ip", "associate_plugin",
                                              "assign_config"};
  return names;
}

UpdateResult update(store::Store& store, UpdateTxn txn, const plugins::PluginSet& plugins,
                    const config::PipelineSettings& settings, const DeviceInfo& info, std::optional<json> device,
                    json& why) {
  const store::Devices devices(store);
  UpdateResult result;
  if (!device) {
    const bool recognised = info.value("mac") || info.value("vendor");
    if (!recognised) {
      why.push_back({{"step", "update"}, {"created", false}, {"reason", "nothing identifies this request"}});
      return result;
    }
    if (!settings.auto_create) {
      why.push_back({{"step", "update"}, {"created", false}, {"reason", "pipeline.auto_create is off"}});
      return result;
    }
    if (txn.write == nullptr) return write_needed();
    json fresh = {{"added", "auto"}};
    for (const char* field : {"mac", "sn", "uuid", "vendor", "model", "version", "ip"}) {
      if (auto value = info.value(field)) fresh[field] = *value;
    }
    auto created = devices.create(*txn.write, fresh);
    if (!created) throw std::runtime_error("creating a device failed: " + created.error().message);
    device = *created;
    result.created = true;
    result.changed = true;
    spdlog::info("event=ident.device_created device={} mac={} vendor={} model={}", text_field(*device, "id"),
                 text_field(*device, "mac"), text_field(*device, "vendor"), text_field(*device, "model"));
    why.push_back({{"step", "update"}, {"created", (*device)["id"]}});
  }

  json doc = *device;
  for (const auto& stage : settings.update) {
    if (stage == "add_info") {
      for (const char* field : {"mac", "sn", "uuid", "vendor", "model"}) {
        auto value = info.value(field);
        if (value && !doc.contains(field)) doc[field] = *value;
      }
    } else if (stage == "refresh") {
      for (const char* field : {"ip", "version"}) {
        if (auto value = info.value(field)) doc[field] = *value;
      }
    } else if (stage == "clear_stale_ip") {
      if (!settings.nat && clear_stale_ip(devices, txn, doc, why)) {
        if (txn.write == nullptr) return write_needed();
        result.changed = true;
      }
    } else if (stage == "associate_plugin") {
      associate_plugin(plugins, settings, doc, why);
    } else if (stage == "assign_config") {
      if (!assign_config(store, txn, doc, why)) return write_needed();
    }
  }
  if (doc != *device) {
    if (txn.write == nullptr) return write_needed();
    auto updated = devices.update(*txn.write, doc);
    if (!updated) throw std::runtime_error("updating a device failed: " + updated.error().message);
    doc = *updated;
    result.changed = true;
  }
  result.device = std::move(doc);
  return result;
}

}  // namespace provd::ident

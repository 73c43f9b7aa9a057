#include "store/configs.h"

#include <set>

#include <fmt/format.h>

#include "common/random_id.h"
#include "json/schema_validator.h"

namespace provd::store {
namespace {

using nlohmann::json;

std::vector<std::string> parents_of(const json& doc) {
  std::vector<std::string> out;
  if (auto it = doc.find("parent_ids"); it != doc.end()) {
    for (const auto& p : *it) out.push_back(p.get<std::string>());
  }
  return out;
}

}  // namespace

void deep_merge(json& base, const json& overlay) {
  if (!base.is_object() || !overlay.is_object()) {
    base = overlay;
    return;
  }
  for (const auto& [key, value] : overlay.items()) {
    auto it = base.find(key);
    if (it != base.end() && it->is_object() && value.is_object()) {
      deep_merge(*it, value);
    } else {
      base[key] = value;
    }
  }
}

Result<json> Configs::check_document(TxnRef txn, json doc) const {
  if (!doc.is_object()) return fail("invalid_document", "a config must be a JSON object");
  if (!doc.contains("id")) doc["id"] = random_id();
  if (!doc.contains("raw_config")) doc["raw_config"] = json::object();
  if (auto valid = provd::json::SchemaValidator::config().validate(doc); !valid) return valid.error();
  for (const auto& parent : parents_of(doc)) {
    if (parent == doc["id"]) return fail("cycle", fmt::format("config {} lists itself as a parent", parent));
    if (!txn.get(dbs_.configs, parent))
      return fail("unknown_parent", fmt::format("parent config {} does not exist", parent));
  }
  if (auto acyclic = check_acyclic(txn, doc); !acyclic) return acyclic.error();
  return doc;
}

// Walks the ancestors of `doc` as it would be stored; meeting doc's own id again is a cycle.
Result<void> Configs::check_acyclic(TxnRef txn, const json& doc) const {
  const std::string self = doc.at("id").get<std::string>();
  std::vector<std::string> pending = parents_of(doc);
  std::set<std::string> seen;
  while (!pending.empty()) {
    std::string id = std::move(pending.back());
    pending.pop_back();
    if (id == self) return fail("cycle", fmt::format("parent_ids of config {} would form a cycle", self));
    if (!seen.insert(id).second) continue;
    auto text = txn.get(dbs_.configs, id);
    if (!text) continue;  // existence of direct parents is checked by the caller
    for (auto& p : parents_of(json::parse(*text))) pending.push_back(std::move(p));
  }
  return {};
}

Result<json> Configs::create(WriteTxn& txn, json doc) const {
  auto checked = check_document(txn, std::move(doc));
  if (!checked) return checked.error();
  const std::string id = checked->at("id").get<std::string>();
  if (txn.get(dbs_.configs, id)) return fail("conflict", fmt::format("a config with id {} exists", id));
  txn.put(dbs_.configs, id, checked->dump());
  return checked;
}

Result<json> Configs::update(WriteTxn& txn, json doc) const {
  if (!doc.is_object() || !doc.contains("id") || !doc["id"].is_string()) {
    return fail("invalid_document", "an updated config needs its string id");
  }
  if (!txn.get(dbs_.configs, doc["id"].get<std::string>())) {
    return fail("not_found", fmt::format("no config {}", doc["id"].get<std::string>()));
  }
  auto checked = check_document(txn, std::move(doc));
  if (!checked) return checked.error();
  txn.put(dbs_.configs, checked->at("id").get<std::string>(), checked->dump());
  return checked;
}

Result<void> Configs::remove(WriteTxn& txn, std::string_view id) const {
  if (!txn.get(dbs_.configs, id)) return fail("not_found", fmt::format("no config {}", id));
  // Full scans: configs are few and deletions rare; an index would cost every write.
  Cursor configs(txn, dbs_.configs);
  for (auto entry = configs.first(); entry; entry = configs.next()) {
    for (const auto& parent : parents_of(json::parse(entry->value))) {
      if (parent == id) return fail("in_use", fmt::format("config {} is a parent of config {}", id, entry->key));
    }
  }
  Cursor devices(txn, dbs_.devices);
  for (auto entry = devices.first(); entry; entry = devices.next()) {
    json device = json::parse(entry->value);
    if (auto c = device.find("config"); c != device.end() && *c == id) {
      return fail("in_use", fmt::format("config {} is used by device {}", id, entry->key));
    }
  }
  txn.del(dbs_.configs, id);
  return {};
}

std::optional<json> Configs::get(TxnRef txn, std::string_view id) const {
  auto text = txn.get(dbs_.configs, id);
  if (!text) return std::nullopt;
  return json::parse(*text);
}

std::vector<json> Configs::list(TxnRef txn) const {
  std::vector<json> out;
  Cursor cursor(txn, dbs_.configs);
  for (auto entry = cursor.first(); entry; entry = cursor.next()) out.push_back(json::parse(entry->value));
  return out;
}

std::optional<json> Configs::find_by_role(TxnRef txn, std::string_view role) const {
  Cursor cursor(txn, dbs_.configs);
  for (auto entry = cursor.first(); entry; entry = cursor.next()) {
    json config = json::parse(entry->value);
    if (auto r = config.find("role"); r != config.end() && *r == role) return config;
  }
  return std::nullopt;
}

Result<json> Configs::effective_raw_config(TxnRef txn, std::string_view id) const {
  auto config = get(txn, id);
  if (!config) return fail("not_found", fmt::format("no config {}", id));
  // Writes refuse cycles and missing parents, so meeting either here means the store was
  // changed behind provd's back: an impossible state.
  std::vector<std::string> chain{std::string(id)};
  auto merge_from = [&](auto& self, const json& cfg) -> json {
    json merged = json::object();
    for (const auto& parent_id : parents_of(cfg)) {
      if (std::find(chain.begin(), chain.end(), parent_id) != chain.end()) {
        throw StoreError(fmt::format("config inheritance cycle through {}", parent_id), MDB_CORRUPTED);
      }
      auto parent = get(txn, parent_id);
      if (!parent)
        throw StoreError(fmt::format("config {} has missing parent {}", cfg["id"].dump(), parent_id), MDB_CORRUPTED);
      chain.push_back(parent_id);
      deep_merge(merged, self(self, *parent));
      chain.pop_back();
    }
    deep_merge(merged, cfg.value("raw_config", json::object()));
    return merged;
  };
  return merge_from(merge_from, *config);
}

}  // namespace provd::store

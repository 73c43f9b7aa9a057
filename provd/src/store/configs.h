#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "store/store.h"

namespace provd::store {

/// Config documents (schema/config.schema.json) forming an inheritance graph by parent_ids.
class Configs {
 public:
  explicit Configs(Store& store) : dbs_(store.dbs()) {}

  /// Adds a config; assigns an id when absent. Errors: invalid_document, conflict (id used),
  /// unknown_parent, cycle.
  Result<nlohmann::json> create(WriteTxn& txn, nlohmann::json doc) const;
  /// Replaces a config. Errors as create, plus not_found.
  Result<nlohmann::json> update(WriteTxn& txn, nlohmann::json doc) const;
  /// Removes a config. Errors: not_found, in_use (a device or another config refers to it).
  Result<void> remove(WriteTxn& txn, std::string_view id) const;

  /// The config with this id.
  std::optional<nlohmann::json> get(TxnRef txn, std::string_view id) const;
  /// Every config, ordered by id.
  std::vector<nlohmann::json> list(TxnRef txn) const;
  /// The first config (by id) whose role is `role` ("default" or "autocreate").
  std::optional<nlohmann::json> find_by_role(TxnRef txn, std::string_view role) const;
  /// The effective raw_config: parents' effective raw_configs merged in order, then its own.
  /// Errors: not_found.
  Result<nlohmann::json> effective_raw_config(TxnRef txn, std::string_view id) const;

 private:
  Result<nlohmann::json> check_document(TxnRef txn, nlohmann::json doc) const;
  Result<void> check_acyclic(TxnRef txn, const nlohmann::json& doc) const;
  Databases dbs_;
};

/// Deep merge: objects merge key by key (recursively), any other value of `overlay` replaces.
void deep_merge(nlohmann::json& base, const nlohmann::json& overlay);

}  // namespace provd::store

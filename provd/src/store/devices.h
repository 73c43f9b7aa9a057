#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "store/store.h"

namespace provd::store {

/// Device documents (schema/device.schema.json) with unique-MAC, IP and serial-number indexes.
/// Every write keeps the indexes consistent inside the caller's transaction.
class Devices {
 public:
  explicit Devices(Store& store) : dbs_(store.dbs()) {}

  /// Adds a device. Assigns an id when absent, normalises mac/ip, validates against the schema.
  /// Errors: invalid_mac, invalid_ip, invalid_document, conflict (id or MAC already used).
  Result<nlohmann::json> create(WriteTxn& txn, nlohmann::json doc) const;
  /// Replaces the device with the same id (the whole document). Errors as create, plus not_found.
  Result<nlohmann::json> update(WriteTxn& txn, nlohmann::json doc) const;
  /// Removes a device and its index entries; false when there was none.
  bool remove(WriteTxn& txn, std::string_view id) const;

  /// The device with this id.
  std::optional<nlohmann::json> get(TxnRef txn, std::string_view id) const;
  /// The device with this MAC (any accepted spelling); nullopt also for an invalid MAC.
  std::optional<nlohmann::json> find_by_mac(TxnRef txn, std::string_view mac) const;
  /// The devices with this serial number (normally at most one).
  std::vector<nlohmann::json> find_by_sn(TxnRef txn, std::string_view sn) const;
  /// The devices whose last known IP is `ip`; more than one means the IP is ambiguous.
  std::vector<nlohmann::json> find_by_ip(TxnRef txn, std::string_view ip) const;
  /// Every device whose fields equal all of `filter`'s (an object of field -> value).
  std::vector<nlohmann::json> search(TxnRef txn, const nlohmann::json& filter) const;
  /// Number of devices.
  std::size_t count(TxnRef txn) const;

 private:
  Result<nlohmann::json> normalise(nlohmann::json doc) const;
  void index(WriteTxn& txn, const nlohmann::json& doc) const;
  void unindex(WriteTxn& txn, const nlohmann::json& doc) const;
  std::vector<nlohmann::json> by_index(TxnRef txn, Dbi db, std::string_view key) const;
  Databases dbs_;
};

}  // namespace provd::store

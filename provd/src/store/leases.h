#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "store/store.h"

namespace provd::store {

/// The DHCP lease table: MAC -> lease document, with a unique IP -> MAC index.
/// A lease document holds at least `mac`, `ip` and `expires` (Unix seconds, 0 = never);
/// `hostname`, `client_id`, `subnet_id` and `options` (code -> {hex, text}) when known.
class Leases {
 public:
  explicit Leases(Store& store) : dbs_(store.dbs()) {}

  /// Records that `lease.mac` holds `lease.ip`, replacing that MAC's previous lease and any
  /// other MAC's lease on the same IP. Errors: invalid_mac, invalid_ip, invalid_document.
  Result<nlohmann::json> upsert(WriteTxn& txn, nlohmann::json lease) const;
  /// upsert() of a lease document already in stored form, kept as `document` unchanged: `mac`
  /// and `ip` are canonical and are the document's own (the lease feed builds it as text).
  void upsert_canonical(WriteTxn& txn, const std::string& mac, const std::string& ip, std::string_view document) const;
  /// Forgets the lease of `mac`, but only while it is still for `ip` (so a stale release never
  /// removes a newer association); with no `ip`, unconditionally. False when nothing changed.
  bool remove(WriteTxn& txn, std::string_view mac, std::optional<std::string_view> ip = std::nullopt) const;
  /// Removes every lease whose expiry is before `now_unix`; returns how many.
  std::size_t expire(WriteTxn& txn, std::int64_t now_unix) const;
  /// Removes every lease (reconciliation rebuilds the table from the DHCP server's list).
  void clear(WriteTxn& txn) const;

  /// The lease of this MAC (any accepted spelling).
  std::optional<nlohmann::json> by_mac(TxnRef txn, std::string_view mac) const;
  /// The lease on this IP.
  std::optional<nlohmann::json> by_ip(TxnRef txn, std::string_view ip) const;
  /// Every lease, ordered by MAC.
  std::vector<nlohmann::json> list(TxnRef txn) const;
  /// Number of leases.
  std::size_t count(TxnRef txn) const;

 private:
  Databases dbs_;
};

}  // namespace provd::store

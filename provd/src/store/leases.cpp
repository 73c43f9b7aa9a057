#include "store/leases.h"

#include <fmt/format.h>

#include "common/ip_address.h"
#include "common/mac_address.h"

namespace provd::store {
using nlohmann::json;

Result<json> Leases::upsert(WriteTxn& txn, json lease) const {
  if (!lease.is_object()) return fail("invalid_document", "a lease must be a JSON object");
  if (!lease.contains("mac") || !lease["mac"].is_string())
    return fail("invalid_document", "a lease needs a string mac");
  if (!lease.contains("ip") || !lease["ip"].is_string()) return fail("invalid_document", "a lease needs a string ip");
  auto mac = normalize_mac(lease["mac"].get<std::string>());
  if (!mac) return mac.error();
  auto ip = normalize_ip(lease["ip"].get<std::string>());
  if (!ip) return ip.error();
  if (auto e = lease.find("expires"); e != lease.end() && !e->is_number_integer()) {
    return fail("invalid_document", "lease expires must be an integer (Unix seconds)");
  }
  lease["mac"] = *mac;
  lease["ip"] = *ip;
  if (!lease.contains("expires")) lease["expires"] = 0;
  upsert_canonical(txn, *mac, *ip, lease.dump());
  return lease;
}

void Leases::upsert_canonical(WriteTxn& txn, const std::string& mac, const std::string& ip,
                              std::string_view document) const {
  std::optional<std::string> owner;  // a copy: the view dies with the next write
  if (auto current = txn.get(dbs_.leases_by_ip, ip)) owner = std::string(*current);
  // The index says this IP is this MAC's already (a renewal, nearly every event): its lease is
  // on this IP, so there is no old address to unlink and no other holder to evict.
  if (owner != mac) {
    // The MAC moves: its old address no longer points to it.
    if (auto old = txn.get(dbs_.leases, mac)) {
      const std::string old_ip = json::parse(*old).at("ip").get<std::string>();
      if (auto old_owner = txn.get(dbs_.leases_by_ip, old_ip); old_owner && *old_owner == mac) {
        txn.del(dbs_.leases_by_ip, old_ip);
      }
    }
    // The address moves: the previous holder's lease is over (a DHCP server gives an address
    // to one client at a time).
    if (owner) txn.del(dbs_.leases, *owner);
  }
  txn.put(dbs_.leases, mac, document);
  txn.put(dbs_.leases_by_ip, ip, mac);
}

bool Leases::remove(WriteTxn& txn, std::string_view mac_text, std::optional<std::string_view> ip_text) const {
  auto mac = normalize_mac(mac_text);
  if (!mac) return false;
  auto stored = txn.get(dbs_.leases, *mac);
  if (!stored) return false;
  const std::string current_ip = json::parse(*stored).at("ip").get<std::string>();
  if (ip_text) {
    auto ip = normalize_ip(*ip_text);
    if (!ip || *ip != current_ip) return false;
  }
  txn.del(dbs_.leases, *mac);
  if (auto owner = txn.get(dbs_.leases_by_ip, current_ip); owner && *owner == *mac)
    txn.del(dbs_.leases_by_ip, current_ip);
  return true;
}

std::size_t Leases::expire(WriteTxn& txn, std::int64_t now_unix) const {
  std::vector<std::pair<std::string, std::string>> expired;
  {
    Cursor cursor(txn, dbs_.leases);
    for (auto entry = cursor.first(); entry; entry = cursor.next()) {
      json lease = json::parse(entry->value);
      std::int64_t expires = lease.value("expires", std::int64_t{0});
      if (expires != 0 && expires < now_unix) expired.emplace_back(entry->key, lease["ip"].get<std::string>());
    }
  }
  for (const auto& [mac, ip] : expired) remove(txn, mac, ip);
  return expired.size();
}

void Leases::clear(WriteTxn& txn) const {
  txn.clear(dbs_.leases);
  txn.clear(dbs_.leases_by_ip);
}

std::optional<json> Leases::by_mac(TxnRef txn, std::string_view mac_text) const {
  auto mac = normalize_mac(mac_text);
  if (!mac) return std::nullopt;
  auto text = txn.get(dbs_.leases, *mac);
  if (!text) return std::nullopt;
  return json::parse(*text);
}

std::optional<json> Leases::by_ip(TxnRef txn, std::string_view ip_text) const {
  auto ip = normalize_ip(ip_text);
  if (!ip) return std::nullopt;
  auto mac = txn.get(dbs_.leases_by_ip, *ip);
  if (!mac) return std::nullopt;
  auto text = txn.get(dbs_.leases, *mac);
  if (!text) throw StoreError(fmt::format("leases_by_ip points to missing lease {}", *mac), MDB_CORRUPTED);
  return json::parse(*text);
}

std::vector<json> Leases::list(TxnRef txn) const {
  std::vector<json> out;
  Cursor cursor(txn, dbs_.leases);
  for (auto entry = cursor.first(); entry; entry = cursor.next()) out.push_back(json::parse(entry->value));
  return out;
}

std::size_t Leases::count(TxnRef txn) const {
  MDB_stat stat{};
  check(mdb_stat(txn.raw(), dbs_.leases.handle, &stat), "mdb_stat");
  return stat.ms_entries;
}

}  // namespace provd::store

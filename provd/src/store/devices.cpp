#include "store/devices.h"

#include <fmt/format.h>

#include "common/ip_address.h"
#include "common/mac_address.h"
#include "common/random_id.h"
#include "json/schema_validator.h"

namespace provd::store {
namespace {

using nlohmann::json;

std::optional<std::string> string_field(const json& doc, const char* name) {
  auto it = doc.find(name);
  if (it == doc.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

json parse_document(std::string_view text) {
  return json::parse(text);
}

}  // namespace

Result<json> Devices::normalise(json doc) const {
  if (!doc.is_object()) return fail("invalid_document", "a device must be a JSON object");
  if (!doc.contains("id")) doc["id"] = random_id();
  if (auto mac = doc.find("mac"); mac != doc.end() && mac->is_string()) {
    auto canonical = normalize_mac(mac->get<std::string>());
    if (!canonical) return canonical.error();
    *mac = *canonical;
  }
  if (auto ip = doc.find("ip"); ip != doc.end() && ip->is_string()) {
    auto canonical = normalize_ip(ip->get<std::string>());
    if (!canonical) return canonical.error();
    *ip = *canonical;
  }
  if (auto valid = provd::json::SchemaValidator::device().validate(doc); !valid) return valid.error();
  return doc;
}

void Devices::index(WriteTxn& txn, const json& doc) const {
  const std::string id = doc.at("id").get<std::string>();
  if (auto mac = string_field(doc, "mac")) txn.put(dbs_.devices_by_mac, *mac, id);
  if (auto ip = string_field(doc, "ip")) txn.put(dbs_.devices_by_ip, *ip, id);
  if (auto sn = string_field(doc, "sn")) txn.put(dbs_.devices_by_sn, *sn, id);
}

void Devices::unindex(WriteTxn& txn, const json& doc) const {
  const std::string id = doc.at("id").get<std::string>();
  if (auto mac = string_field(doc, "mac")) txn.del(dbs_.devices_by_mac, *mac);
  if (auto ip = string_field(doc, "ip")) txn.del(dbs_.devices_by_ip, *ip, id);
  if (auto sn = string_field(doc, "sn")) txn.del(dbs_.devices_by_sn, *sn, id);
}

Result<json> Devices::create(WriteTxn& txn, json doc) const {
  auto normalised = normalise(std::move(doc));
  if (!normalised) return normalised.error();
  const json& device = *normalised;
  const std::string id = device.at("id").get<std::string>();
  if (txn.get(dbs_.devices, id)) return fail("conflict", fmt::format("a device with id {} exists", id));
  if (auto mac = string_field(device, "mac"); mac && txn.get(dbs_.devices_by_mac, *mac)) {
    return fail("conflict", fmt::format("a device with MAC {} exists", *mac));
  }
  txn.put(dbs_.devices, id, device.dump());
  index(txn, device);
  return normalised;
}

Result<json> Devices::update(WriteTxn& txn, json doc) const {
  if (!doc.is_object() || !doc.contains("id") || !doc["id"].is_string()) {
    return fail("invalid_document", "an updated device needs its string id");
  }
  auto normalised = normalise(std::move(doc));
  if (!normalised) return normalised.error();
  const json& device = *normalised;
  const std::string id = device.at("id").get<std::string>();
  auto old_text = txn.get(dbs_.devices, id);
  if (!old_text) return fail("not_found", fmt::format("no device {}", id));
  const json old = parse_document(*old_text);
  if (auto mac = string_field(device, "mac"); mac && mac != string_field(old, "mac")) {
    if (auto owner = txn.get(dbs_.devices_by_mac, *mac); owner && *owner != id) {
      return fail("conflict", fmt::format("MAC {} belongs to device {}", *mac, *owner));
    }
  }
  unindex(txn, old);
  txn.put(dbs_.devices, id, device.dump());
  index(txn, device);
  return normalised;
}

bool Devices::remove(WriteTxn& txn, std::string_view id) const {
  auto text = txn.get(dbs_.devices, id);
  if (!text) return false;
  unindex(txn, parse_document(*text));
  txn.del(dbs_.devices, id);
  return true;
}

std::optional<json> Devices::get(TxnRef txn, std::string_view id) const {
  auto text = txn.get(dbs_.devices, id);
  if (!text) return std::nullopt;
  return parse_document(*text);
}

std::optional<json> Devices::find_by_mac(TxnRef txn, std::string_view mac) const {
  auto canonical = normalize_mac(mac);
  if (!canonical) return std::nullopt;
  auto id = txn.get(dbs_.devices_by_mac, *canonical);
  if (!id) return std::nullopt;
  auto device = get(txn, *id);
  if (!device) throw StoreError(fmt::format("index devices_by_mac points to missing device {}", *id), MDB_CORRUPTED);
  return device;
}

std::vector<json> Devices::by_index(TxnRef txn, Dbi db, std::string_view key) const {
  std::vector<json> out;
  Cursor cursor(txn, db);
  for (auto entry = cursor.find(key); entry; entry = cursor.next_dup()) {
    auto device = get(txn, entry->value);
    if (!device) throw StoreError(fmt::format("device index points to missing device {}", entry->value), MDB_CORRUPTED);
    out.push_back(std::move(*device));
  }
  return out;
}

std::vector<json> Devices::find_by_sn(TxnRef txn, std::string_view sn) const {
  return by_index(txn, dbs_.devices_by_sn, sn);
}

std::vector<json> Devices::find_by_ip(TxnRef txn, std::string_view ip) const {
  auto canonical = normalize_ip(ip);
  if (!canonical) return {};
  return by_index(txn, dbs_.devices_by_ip, *canonical);
}

std::vector<json> Devices::search(TxnRef txn, const json& filter) const {
  std::vector<json> out;
  Cursor cursor(txn, dbs_.devices);
  for (auto entry = cursor.first(); entry; entry = cursor.next()) {
    json device = parse_document(entry->value);
    bool match = true;
    for (const auto& [key, value] : filter.items()) {
      auto it = device.find(key);
      if (it == device.end() || *it != value) {
        match = false;
        break;
      }
    }
    if (match) out.push_back(std::move(device));
  }
  return out;
}

std::size_t Devices::count(TxnRef txn) const {
  MDB_stat stat{};
  check(mdb_stat(txn.raw(), dbs_.devices.handle, &stat), "mdb_stat");
  return stat.ms_entries;
}

}  // namespace provd::store

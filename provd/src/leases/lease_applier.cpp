#include "leases/lease_applier.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/ip_address.h"
#include "common/mac_address.h"

namespace provd::leases {
using nlohmann::json;

namespace {

constexpr std::string_view kBootPrefix = "lease_boot/";

std::string boot_key(std::string_view boot) {
  return fmt::format("{}{}", kBootPrefix, boot);
}

std::int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

Result<void> LeaseApplier::apply(store::WriteTxn& txn, const LeaseEvent& event) const {
  switch (event.kind) {
    case EventKind::kCommit:
    case EventKind::kRecover: {
      // Written as text, not through a JSON document: this runs for every lease Kea commits.
      auto mac = normalize_mac(event.mac);
      if (!mac) return mac.error();
      auto ip = normalize_ip(event.ip);
      if (!ip) return ip.error();
      leases_.upsert_canonical(txn, *mac, *ip, lease_document_text(event, *mac, *ip));
      point_device_at(txn, *mac, *ip);
      return {};
    }
    case EventKind::kRelease:
    case EventKind::kExpire: {
      if (!event.mac.empty()) {
        leases_.remove(txn, event.mac, event.ip);
      } else if (auto holder = leases_.by_ip(txn, event.ip)) {
        leases_.remove(txn, (*holder)["mac"].get<std::string>(), event.ip);
      }
      return {};
    }
    case EventKind::kDecline: {
      // The address is unusable (another host answers on it): whoever held it does not any more.
      if (auto holder = leases_.by_ip(txn, event.ip)) {
        leases_.remove(txn, (*holder)["mac"].get<std::string>(), event.ip);
      }
      return {};
    }
    case EventKind::kGap:
      return {};
  }
  return {};
}

Result<json> LeaseApplier::associate(store::WriteTxn& txn, json lease) const {
  auto stored = leases_.upsert(txn, std::move(lease));
  if (!stored) return stored.error();
  point_device_at(txn, (*stored)["mac"].get<std::string>(), (*stored)["ip"].get<std::string>());
  return stored;
}

void LeaseApplier::point_device_at(store::WriteTxn& txn, const std::string& mac, const std::string& ip) const {
  auto device = devices_.find_by_mac(txn, mac);
  const std::string own_id = device ? (*device)["id"].get<std::string>() : std::string{};
  // An address belongs to one host at a time: devices that last had it no longer do.
  for (json other : devices_.find_by_ip(txn, ip)) {
    if (other["id"] == own_id) continue;
    other.erase("ip");
    if (auto updated = devices_.update(txn, other); !updated) {
      spdlog::warn("event=leases.device_update_failed id={} error=\"{}\"", other["id"].get<std::string>(),
                   updated.error().message);
    }
  }
  if (device && device->value("ip", std::string{}) != ip) {
    (*device)["ip"] = ip;
    if (auto updated = devices_.update(txn, *device); !updated) {
      spdlog::warn("event=leases.device_update_failed id={} error=\"{}\"", own_id, updated.error().message);
    }
  }
}

std::optional<std::int64_t> LeaseApplier::last_seq(store::TxnRef txn, std::string_view boot) const {
  auto text = txn.get(dbs_.meta, boot_key(boot));
  if (!text) return std::nullopt;
  json record = json::parse(*text, nullptr, false);
  if (record.is_discarded() || !record.contains("seq") || !record["seq"].is_number_integer()) {
    throw store::StoreError(fmt::format("meta {} holds a corrupt record", boot_key(boot)), MDB_CORRUPTED);
  }
  return record["seq"].get<std::int64_t>();
}

SequencedOutcome LeaseApplier::apply_sequenced(store::WriteTxn& txn, const LeaseEvent& event) const {
  SequencedBatch batch(*this, txn);
  SequencedOutcome outcome = batch.apply(event);
  batch.flush();
  return outcome;
}

SequencedOutcome SequencedBatch::apply(const LeaseEvent& event) {
  auto found = boots_.find(event.boot);
  if (found == boots_.end()) {
    Boot boot;
    boot.last = applier_.last_seq(txn_, event.boot);
    boot.was_new = !boot.last;
    found = boots_.emplace(event.boot, boot).first;
  }
  Boot& boot = found->second;
  SequencedOutcome outcome;
  outcome.new_boot = !boot.last;
  if (boot.last && event.seq <= *boot.last) {
    outcome.duplicate = true;
    return outcome;
  }
  if (auto applied = applier_.apply(txn_, event); !applied) outcome.error = applied.error();
  // A refused event still advances the sequence: resending it cannot make it acceptable.
  boot.last = event.seq;
  boot.dirty = true;
  return outcome;
}

void SequencedBatch::flush() {
  for (auto& [name, boot] : boots_) {
    if (!boot.dirty) continue;
    applier_.record_seq(txn_, name, *boot.last, boot.was_new);
    boot.was_new = false;
    boot.dirty = false;
  }
}

void LeaseApplier::record_seq(store::WriteTxn& txn, std::string_view boot, std::int64_t seq, bool new_boot) const {
  if (new_boot) {
    // Each Kea start is a new boot; forget the least recently seen ones so meta stays small.
    std::vector<std::pair<std::string, std::int64_t>> boots;
    {
      store::Cursor cursor(txn, dbs_.meta);
      for (auto entry = cursor.lower_bound(kBootPrefix); entry && entry->key.starts_with(kBootPrefix);
           entry = cursor.next()) {
        json record = json::parse(entry->value, nullptr, false);
        std::int64_t seen = record.is_object() ? record.value("seen", std::int64_t{0}) : 0;
        boots.emplace_back(std::string(entry->key), seen);
      }
    }
    while (boots.size() >= kRememberedBoots) {
      auto oldest = std::min_element(boots.begin(), boots.end(),
                                     [](const auto& a, const auto& b) { return a.second < b.second; });
      txn.del(dbs_.meta, oldest->first);
      boots.erase(oldest);
    }
  }
  txn.put(dbs_.meta, boot_key(boot), json{{"seq", seq}, {"seen", now_unix()}}.dump());
}

}  // namespace provd::leases

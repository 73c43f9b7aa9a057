#include "ident/retrieve.h"

#include <algorithm>
#include <cctype>

#include <spdlog/spdlog.h>

#include "store/devices.h"
#include "store/leases.h"

namespace provd::ident {
namespace {

using nlohmann::json;

bool same_text(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

// A device found by something weaker than its MAC must not contradict what the request says.
bool consistent(const json& device, const DeviceInfo& info) {
  auto mac = info.value("mac");
  if (mac && device.contains("mac") && device["mac"] != *mac) return false;
  auto vendor = info.value("vendor");
  if (vendor && device.contains("vendor") && !same_text(device["vendor"].get<std::string>(), *vendor)) return false;
  return true;
}

std::optional<json> only_consistent(const std::vector<json>& found, const DeviceInfo& info, const std::string& stage,
                                    const std::string& key, json& why) {
  std::vector<json> matching;
  for (const auto& device : found) {
    if (consistent(device, info)) matching.push_back(device);
  }
  if (matching.size() == 1) return matching.front();
  if (matching.size() > 1) {
    spdlog::warn("event=ident.ambiguous stage={} key={} devices={}", stage, key, matching.size());
    why.push_back({{"step", "retrieve"}, {"stage", stage}, {"ambiguous", matching.size()}, {"key", key}});
  }
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& retrieve_stage_names() {
  static const std::vector<std::string> names{"mac", "sn", "uuid", "ip_lease", "ip_last_known"};
  return names;
}

Retrieval retrieve(store::Store& store, store::TxnRef txn, DeviceInfo& info, const std::vector<std::string>& stages,
                   json& why) {
  const store::Devices devices(store);
  const store::Leases leases(store);
  for (const auto& stage : stages) {
    std::optional<json> found;
    if (stage == "mac") {
      if (auto mac = info.value("mac")) found = devices.find_by_mac(txn, *mac);
    } else if (stage == "sn") {
      if (auto sn = info.value("sn")) found = only_consistent(devices.find_by_sn(txn, *sn), info, stage, *sn, why);
    } else if (stage == "uuid") {
      if (auto uuid = info.value("uuid")) {
        found = only_consistent(devices.search(txn, {{"uuid", *uuid}}), info, stage, *uuid, why);
      }
    } else if (stage == "ip_lease") {
      auto ip = info.value("ip");
      auto lease = ip ? leases.by_ip(txn, *ip) : std::nullopt;
      if (lease && lease->contains("mac")) {
        const std::string lease_mac = (*lease)["mac"].get<std::string>();
        auto mac = info.value("mac");
        if (!mac) {
          info.fields["mac"] = FieldValue{lease_mac, "lease", "ip_lease"};
          why.push_back({{"step", "retrieve"}, {"stage", stage}, {"lease_mac", lease_mac}, {"ip", *ip}});
          found = devices.find_by_mac(txn, lease_mac);
        } else if (*mac == lease_mac) {
          found = devices.find_by_mac(txn, lease_mac);
        } else {
          why.push_back({{"step", "retrieve"},
                         {"stage", stage},
                         {"note", "the lease on this IP is another MAC's"},
                         {"lease_mac", lease_mac}});
        }
      }
    } else if (stage == "ip_last_known") {
      auto ip = info.value("ip");
      if (ip && info.value("vendor")) {
        found = only_consistent(devices.find_by_ip(txn, *ip), info, stage, *ip, why);
      } else if (ip) {
        why.push_back({{"step", "retrieve"}, {"stage", stage}, {"skipped", "no plugin recognised the request"}});
      }
    }
    if (found) {
      why.push_back({{"step", "retrieve"}, {"stage", stage}, {"device", (*found)["id"]}});
      return Retrieval{std::move(found), stage};
    }
  }
  why.push_back({{"step", "retrieve"}, {"found", false}});
  return Retrieval{};
}

}  // namespace provd::ident

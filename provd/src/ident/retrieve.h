// Stage 2: find the device the request comes from. Stages (pipeline.retrieve), tried in order:
//   mac           the device with the request's MAC;
//   sn            the one device with its serial number;
//   uuid          the one device with its uuid;
//   ip_lease      the DHCP lease on the source IP names the MAC (authoritative): that MAC's
//                 device; the MAC is added to the DeviceInfo (source "lease") when the request
//                 did not reveal one;
//   ip_last_known the one device whose last known IP is the source IP, only for a request some
//                 plugin recognised (a vendor was identified) and whose vendor agrees; two or
//                 more devices on that IP is ambiguous: none is chosen and a warning is logged.
// A device found by sn/uuid/IP whose MAC differs from a MAC the request revealed is not it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ident/device_info.h"
#include "store/store.h"

namespace provd::ident {

/// The retrieve stages provd knows.
const std::vector<std::string>& retrieve_stage_names();

/// The device found, if any, and the stage that found it.
struct Retrieval {
  std::optional<nlohmann::json> device;
  std::string by;  ///< stage name; empty when not found
};

/// Runs the named stages; may add the lease's MAC to `info`; appends to `why`.
Retrieval retrieve(store::Store& store, store::TxnRef txn, DeviceInfo& info, const std::vector<std::string>& stages,
                   nlohmann::json& why);

}  // namespace provd::ident

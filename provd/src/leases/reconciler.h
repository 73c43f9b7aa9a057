// Makes provd's lease table equal to Kea's list of current leases, in one write transaction.
// Needed whenever events may have been missed: at start-up, when a new hook boot appears and
// when the hook reports a gap.
#pragma once

#include <cstddef>
#include <vector>

#include <nlohmann/json.hpp>

#include "leases/lease_applier.h"
#include "store/store.h"

namespace provd::leases {

/// What a reconciliation changed.
struct ReconcileCounts {
  std::size_t added = 0;    ///< associations Kea has and provd did not (new MAC or moved IP)
  std::size_t removed = 0;  ///< associations provd had and Kea does not
  std::size_t kept = 0;     ///< associations both agreed on (details refreshed from Kea)
  std::size_t invalid = 0;  ///< Kea leases the store refused (logged)
};

/// Rewrites the lease table to `kea_leases` (documents as kea_lease_source.h produces them),
/// moving devices' ip like commit events do. Options provd learned from the hook survive for
/// leases that are kept when Kea's copy carries none.
ReconcileCounts reconcile(store::WriteTxn& txn, store::Store& store, const LeaseApplier& applier,
                          const std::vector<nlohmann::json>& kea_leases);

}  // namespace provd::leases

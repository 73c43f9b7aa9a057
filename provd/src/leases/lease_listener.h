// The provd end of the Kea hook's lease feed: a Unix stream socket carrying NDJSON lease events
// (schema/lease-event.schema.json). Events from every connection are applied in batches, one
// LMDB write transaction each, on the blocking pool; `{"ack":SEQ}` goes back only after the
// transaction holding SEQ committed. Reconciliation with Kea (at start-up, for a new hook boot,
// after a gap) and the expiry sweep run in the same single-writer pipeline, so they never race
// with event batches.
#pragma once

#include <memory>

#include "config/settings.h"
#include "leases/lease_observer.h"
#include "runtime/runtime.h"
#include "runtime/service.h"
#include "store/store.h"

namespace provd::leases {

/// Creates the lease listener service. `observer` (optional) hears about committed leases.
std::shared_ptr<runtime::Service> make_lease_listener(runtime::Runtime& runtime, store::Store& store,
                                                      const config::LeaseSettings& settings,
                                                      std::shared_ptr<LeaseObserver> observer = nullptr);

}  // namespace provd::leases

// The one code path that turns lease events into store changes. The lease listener calls it
// for the hook's feed and the REST /dhcpinfo endpoint for events posted by other DHCP servers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "leases/lease_event.h"
#include "store/devices.h"
#include "store/leases.h"

namespace provd::leases {

/// What applying one sequenced event did.
struct SequencedOutcome {
  bool duplicate = false;      ///< seq was not newer than the last applied one of its boot: no change
  bool new_boot = false;       ///< the first event ever seen from this boot (reconciliation is due)
  std::optional<Error> error;  ///< the event was well-formed but the store refused it
};

/// Applies lease events inside the caller's write transaction.
class LeaseApplier {
 public:
  /// How many hook boots keep their last seq in the meta database (older ones are forgotten).
  static constexpr std::size_t kRememberedBoots = 16;

  explicit LeaseApplier(store::Store& store) : dbs_(store.dbs()), leases_(store), devices_(store) {}

  /// The store effect of `event`: commit/recover records mac<->ip and moves the device's ip;
  /// release/expire forget the lease only while it is still for that ip; decline forgets any
  /// lease of that ip and never associates; gap changes nothing. Errors come from the store
  /// (invalid_mac, invalid_ip, invalid_document).
  Result<void> apply(store::WriteTxn& txn, const LeaseEvent& event) const;

  /// Records the lease document `lease` (store::Leases form) and points the device with its MAC
  /// at its ip, clearing that ip from other devices: reconciliation's path for Kea's leases.
  /// A commit event does the same in apply(), writing its document as text.
  Result<nlohmann::json> associate(store::WriteTxn& txn, nlohmann::json lease) const;

  /// apply() guarded by the per-boot sequence number kept in the meta database within the same
  /// transaction, so a resent or replayed event (even after a restart) changes nothing.
  /// A batch of events goes through SequencedBatch instead (one meta read and write per boot).
  SequencedOutcome apply_sequenced(store::WriteTxn& txn, const LeaseEvent& event) const;

  /// The last seq applied for `boot`, if that boot is known.
  std::optional<std::int64_t> last_seq(store::TxnRef txn, std::string_view boot) const;

 private:
  friend class SequencedBatch;
  void record_seq(store::WriteTxn& txn, std::string_view boot, std::int64_t seq, bool new_boot) const;
  void point_device_at(store::WriteTxn& txn, const std::string& mac, const std::string& ip) const;
  store::Databases dbs_;
  store::Leases leases_;
  store::Devices devices_;
};

/// apply_sequenced() for many events in one write transaction: each boot's last seq is read
/// once and written back once by flush(), instead of a meta read, parse and write per event.
class SequencedBatch {
 public:
  SequencedBatch(const LeaseApplier& applier, store::WriteTxn& txn) : applier_(applier), txn_(txn) {}

  /// What apply_sequenced() would do for `event`, after the events applied before it.
  SequencedOutcome apply(const LeaseEvent& event);

  /// Records each boot's new last seq in the transaction: call it before committing.
  void flush();

 private:
  struct Boot {
    std::optional<std::int64_t> last;  // nullopt: never seen, in the store or in this batch
    bool was_new = false;              // unknown to the store when the batch began
    bool dirty = false;
  };
  const LeaseApplier& applier_;
  store::WriteTxn& txn_;
  std::map<std::string, Boot, std::less<>> boots_;
};

}  // namespace provd::leases

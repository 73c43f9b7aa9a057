// Long-running work (synchronize today; plugin installs later) as operations that clients
// poll: a document in the store's `operations` database plus, while it runs, an in-memory
// cancellation flag. States: running -> succeeded | failed | cancelled.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "store/store.h"

namespace provd::rest {

/// The operations database: id -> {id, kind, target, state, progress, result, created, updated}.
class Operations {
 public:
  explicit Operations(store::Store& store) : db_(store.dbs().operations) {}

  /// Records a new running operation of `kind` (e.g. "synchronize") on `target`.
  nlohmann::json create(store::WriteTxn& txn, std::string_view kind, nlohmann::json target, std::int64_t now) const;
  /// The operation with this id.
  std::optional<nlohmann::json> get(store::TxnRef txn, std::string_view id) const;
  /// Every operation, ordered by id (the list endpoint filters, sorts and pages them).
  std::vector<nlohmann::json> list(store::TxnRef txn) const;
  /// Replaces the progress object of a running operation; false if it is gone or finished.
  bool set_progress(store::WriteTxn& txn, std::string_view id, nlohmann::json progress, std::int64_t now) const;
  /// Moves a running operation to a final state with its result; false if gone or finished.
  bool finish(store::WriteTxn& txn, std::string_view id, std::string_view state, nlohmann::json result,
              std::int64_t now) const;
  /// Marks every operation left running by a previous process as failed; returns how many.
  std::size_t fail_interrupted(store::WriteTxn& txn, std::int64_t now) const;

 private:
  store::Dbi db_;
};

/// Cancellation flags of the operations running in this process.
class CancelFlags {
 public:
  /// Registers a running operation; the returned flag turns true when someone cancels it.
  std::shared_ptr<std::atomic<bool>> add(const std::string& id);
  /// Requests cancellation; false when the operation is not running here.
  bool cancel(const std::string& id);
  /// Forgets a finished operation.
  void remove(const std::string& id);

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> flags_;
};

}  // namespace provd::rest

#pragma once

#include <filesystem>
#include <functional>
#include <vector>

#include "store/lmdb.h"

namespace provd::store {

/// Handles of every named database of the provd environment.
struct Databases {
  Dbi meta;            ///< "schema_version" and other store-wide facts
  Dbi devices;         ///< device id -> device JSON
  Dbi devices_by_mac;  ///< canonical mac -> device id (unique)
  Dbi devices_by_ip;   ///< canonical ip -> device ids (dupsort: an IP may be ambiguous)
  Dbi devices_by_sn;   ///< serial number -> device ids (dupsort)
  Dbi configs;         ///< config id -> config JSON
  Dbi leases;          ///< canonical mac -> lease JSON
  Dbi leases_by_ip;    ///< canonical ip -> mac (unique: one lease per address)
  Dbi plugins;         ///< installed plugin id -> record JSON
  Dbi operations;      ///< operation id -> operation JSON
};

/// One schema upgrade step, run inside the write transaction that bumps the version.
struct Migration {
  int from_version;
  std::function<void(WriteTxn&, const Databases&)> apply;
};

/// The provd LMDB environment with its databases and a versioned on-disk schema.
class Store {
 public:
  /// The schema version this build writes.
  static constexpr int kSchemaVersion = 1;

  /// Opens or creates the store under `dir` and upgrades an older schema with `migrations`.
  /// Throws StoreError for a store written by a newer provd or a failing migration.
  explicit Store(const std::filesystem::path& dir, const EnvOptions& options = {},
                 const std::vector<Migration>& migrations = default_migrations());

  /// The migrations this build knows, oldest first.
  static const std::vector<Migration>& default_migrations();

  ReadTxn read() { return env_.read(); }
  WriteTxn write() { return env_.write(); }
  const Databases& dbs() const noexcept { return dbs_; }
  Env& env() noexcept { return env_; }
  /// The schema version found on disk after opening (and migrating).
  int schema_version();

 private:
  void upgrade(const std::vector<Migration>& migrations);
  Env env_;
  Databases dbs_;
};

}  // namespace provd::store

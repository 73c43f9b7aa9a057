#include "store/store.h"

#include <algorithm>
#include <charconv>
#include <string>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace provd::store {
namespace {

constexpr std::string_view kVersionKey = "schema_version";

int read_version(TxnRef txn, Dbi meta) {
  auto text = txn.get(meta, kVersionKey);
  if (!text) return 0;  // a brand-new environment
  int version = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), version);
  if (ec != std::errc() || ptr != text->data() + text->size()) {
    throw StoreError(fmt::format("store meta has a corrupt schema_version '{}'", *text), MDB_CORRUPTED);
  }
  return version;
}

}  // namespace

const std::vector<Migration>& Store::default_migrations() {
  // Version 0 is an empty environment: creating the databases is all version 1 needs.
  static const std::vector<Migration> migrations{
      {0, [](WriteTxn&, const Databases&) {}},
  };
  return migrations;
}

Store::Store(const std::filesystem::path& dir, const EnvOptions& options, const std::vector<Migration>& migrations)
    : env_(dir, options) {
  dbs_.meta = env_.open_db("meta");
  dbs_.devices = env_.open_db("devices");
  dbs_.devices_by_mac = env_.open_db("devices_by_mac");
  dbs_.devices_by_ip = env_.open_db("devices_by_ip", true);
  dbs_.devices_by_sn = env_.open_db("devices_by_sn", true);
  dbs_.configs = env_.open_db("configs");
  dbs_.leases = env_.open_db("leases");
  dbs_.leases_by_ip = env_.open_db("leases_by_ip");
  dbs_.plugins = env_.open_db("plugins");
  dbs_.operations = env_.open_db("operations");
  upgrade(migrations);
}

int Store::schema_version() {
  ReadTxn txn = read();
  return read_version(txn, dbs_.meta);
}

void Store::upgrade(const std::vector<Migration>& migrations) {
  WriteTxn txn = write();
  int version = read_version(txn, dbs_.meta);
  if (version > kSchemaVersion) {
    throw StoreError(fmt::format("store schema version {} is newer than this provd understands ({}); "
                                 "refusing to touch it",
                                 version, kSchemaVersion),
                     MDB_VERSION_MISMATCH);
  }
  const int found = version;
  while (version < kSchemaVersion) {
    auto step = std::find_if(migrations.begin(), migrations.end(),
                             [version](const Migration& m) { return m.from_version == version; });
    if (step == migrations.end()) {
      throw StoreError(fmt::format("no migration from store schema version {}", version), MDB_VERSION_MISMATCH);
    }
    step->apply(txn, dbs_);
    ++version;
  }
  if (version != found) {
    txn.put(dbs_.meta, kVersionKey, std::to_string(version));
    txn.commit();
    if (found != 0) spdlog::info("event=store.migrated from={} to={}", found, version);
  }
}

}  // namespace provd::store

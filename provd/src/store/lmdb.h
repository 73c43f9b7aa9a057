// RAII over LMDB, after PowerDNS's lmdb-safe.
// - One Env per database file per process (LMDB forbids opening the same file twice).
// - ReadTxn and WriteTxn are unrelated, move-only types; both abort in their destructor unless
//   committed, so an early return or an exception can never leave a half-written change.
// - A second write transaction on a thread that already has one throws instead of deadlocking.
// - Cursors borrow their transaction and must not outlive it.
// Errors: MDB_NOTFOUND is an expected outcome (std::optional / false); every other LMDB error
// is an impossible state here and throws StoreError.
#pragma once

#include <lmdb.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace provd::store {

/// An LMDB failure that the design does not expect (disk full, corruption, map full).
class StoreError : public std::runtime_error {
 public:
  StoreError(const std::string& what, int code);
  int code() const noexcept { return code_; }

 private:
  int code_;
};

/// Throws StoreError when `rc` is not MDB_SUCCESS.
void check(int rc, const char* what);

/// Options for opening an environment.
struct EnvOptions {
  std::size_t map_size = std::size_t{1} << 30;  ///< address space reserved for the file
  unsigned max_dbs = 32;
  unsigned max_readers = 512;
};

class ReadTxn;
class WriteTxn;

/// A named database handle, valid for the lifetime of its Env.
struct Dbi {
  MDB_dbi handle = 0;
};

/// An LMDB environment: one directory, one data file, opened once per process.
class Env {
 public:
  Env(const std::filesystem::path& dir, const EnvOptions& options);
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;
  ~Env();

  /// Opens (creating if needed) a named database; `dupsort` allows several values per key.
  Dbi open_db(const std::string& name, bool dupsort = false);
  /// Starts a read-only snapshot.
  ReadTxn read();
  /// Starts the single write transaction of this thread; throws if the thread already has one.
  WriteTxn write();
  /// Size of the data file in bytes (for /status and metrics).
  std::size_t file_size() const;
  /// The id of the last committed write transaction (by any process): it changes with every
  /// commit, so an unchanged id means an unchanged store. Reads the meta page, takes no lock.
  std::uint64_t last_commit() const;

  MDB_env* raw() const noexcept { return env_; }

 private:
  MDB_env* env_ = nullptr;
};

/// Converts between std::string_view and MDB_val without copying.
inline MDB_val to_val(std::string_view s) {
  return MDB_val{s.size(), const_cast<char*>(s.data())};  // NOLINT: LMDB never writes through it
}
inline std::string_view from_val(const MDB_val& v) {
  return {static_cast<const char*>(v.mv_data), v.mv_size};
}

/// The value stored under `key` in any transaction, if any.
std::optional<std::string_view> get_raw(MDB_txn* txn, Dbi db, std::string_view key);

/// A non-owning view of either kind of transaction, for code that only reads.
class TxnRef {
 public:
  TxnRef(const ReadTxn& txn);   // NOLINT(google-explicit-constructor): a view, like string_view
  TxnRef(const WriteTxn& txn);  // NOLINT(google-explicit-constructor)
  std::optional<std::string_view> get(Dbi db, std::string_view key) const { return get_raw(txn_, db, key); }
  MDB_txn* raw() const noexcept { return txn_; }

 private:
  MDB_txn* txn_;
};

/// A read-only snapshot. Values returned as string_view stay valid until the txn ends.
class ReadTxn {
 public:
  explicit ReadTxn(Env& env);
  ReadTxn(ReadTxn&& other) noexcept;
  ReadTxn& operator=(ReadTxn&&) = delete;
  ReadTxn(const ReadTxn&) = delete;
  ReadTxn& operator=(const ReadTxn&) = delete;
  ~ReadTxn();

  /// The value stored under `key`, if any.
  std::optional<std::string_view> get(Dbi db, std::string_view key) const;
  /// Ends the snapshot early (the destructor does it otherwise).
  void abort() noexcept;
  MDB_txn* raw() const noexcept { return txn_; }

 private:
  MDB_txn* txn_ = nullptr;
};

/// The one read-write transaction of a thread. Aborts on destruction unless commit() was called.
class WriteTxn {
 public:
  explicit WriteTxn(Env& env);
  WriteTxn(WriteTxn&& other) noexcept;
  WriteTxn& operator=(WriteTxn&&) = delete;
  WriteTxn(const WriteTxn&) = delete;
  WriteTxn& operator=(const WriteTxn&) = delete;
  ~WriteTxn();

  /// The value stored under `key`, if any (sees this transaction's own writes).
  std::optional<std::string_view> get(Dbi db, std::string_view key) const;
  /// Stores `value` under `key` (adds a duplicate in a dupsort database).
  void put(Dbi db, std::string_view key, std::string_view value);
  /// Removes `key` (every duplicate); false when it was absent.
  bool del(Dbi db, std::string_view key);
  /// Removes one (key, value) pair of a dupsort database; false when absent.
  bool del(Dbi db, std::string_view key, std::string_view value);
  /// Removes every entry of `db`.
  void clear(Dbi db);
  /// Makes the changes durable. The transaction is finished afterwards.
  void commit();
  /// Discards the changes (the destructor does it otherwise).
  void abort() noexcept;
  MDB_txn* raw() const noexcept { return txn_; }

 private:
  void release_thread_guard() noexcept;
  MDB_txn* txn_ = nullptr;
};

/// Iterates a database inside a transaction it borrows; closes itself.
class Cursor {
 public:
  Cursor(MDB_txn* txn, Dbi db);
  Cursor(TxnRef txn, Dbi db) : Cursor(txn.raw(), db) {}
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;
  ~Cursor();

  /// One entry; views valid until the transaction ends or the entry is written.
  struct Entry {
    std::string_view key;
    std::string_view value;
  };
  /// The first entry of the database.
  std::optional<Entry> first();
  /// The entry after the current one (next duplicate first in a dupsort database).
  std::optional<Entry> next();
  /// The first entry whose key is >= `key`.
  std::optional<Entry> lower_bound(std::string_view key);
  /// The first value of exactly `key`.
  std::optional<Entry> find(std::string_view key);
  /// The next duplicate of the current key, if any.
  std::optional<Entry> next_dup();

 private:
  std::optional<Entry> step(MDB_val* key, MDB_val* value, MDB_cursor_op op);
  MDB_cursor* cursor_ = nullptr;
};

}  // namespace provd::store

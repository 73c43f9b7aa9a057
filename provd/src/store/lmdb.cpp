#include "store/lmdb.h"

#include <sys/stat.h>

#include <utility>

#include <fmt/format.h>

namespace provd::store {
namespace {

// Set while this thread holds a write transaction: LMDB would deadlock on a second one.
thread_local bool t_in_write_txn = false;

}  // namespace

StoreError::StoreError(const std::string& what, int code)
    : std::runtime_error(fmt::format("{}: {}", what, mdb_strerror(code))), code_(code) {}

void check(int rc, const char* what) {
  if (rc != MDB_SUCCESS) throw StoreError(what, rc);
}

Env::Env(const std::filesystem::path& dir, const EnvOptions& options) {
  std::filesystem::create_directories(dir);
  check(mdb_env_create(&env_), "mdb_env_create");
  try {
    check(mdb_env_set_mapsize(env_, options.map_size), "mdb_env_set_mapsize");
    check(mdb_env_set_maxdbs(env_, options.max_dbs), "mdb_env_set_maxdbs");
    check(mdb_env_set_maxreaders(env_, options.max_readers), "mdb_env_set_maxreaders");
    // MDB_NOTLS: read snapshots are not tied to a thread, so an Asio handler may resume on
    // another pool thread while holding one. Full durability (no NOSYNC): every commit fsyncs.
    check(mdb_env_open(env_, dir.c_str(), MDB_NOTLS, 0640), "mdb_env_open");
  } catch (...) {
    mdb_env_close(env_);
    throw;
  }
}

Env::~Env() {
  mdb_env_close(env_);
}

Dbi Env::open_db(const std::string& name, bool dupsort) {
  WriteTxn txn = write();
  Dbi dbi;
  unsigned flags = MDB_CREATE | (dupsort ? MDB_DUPSORT : 0u);
  check(mdb_dbi_open(txn.raw(), name.c_str(), flags, &dbi.handle), "mdb_dbi_open");
  txn.commit();
  return dbi;
}

ReadTxn Env::read() {
  return ReadTxn(*this);
}
WriteTxn Env::write() {
  return WriteTxn(*this);
}

std::uint64_t Env::last_commit() const {
  MDB_envinfo info{};
  check(mdb_env_info(env_, &info), "mdb_env_info");
  return static_cast<std::uint64_t>(info.me_last_txnid);
}

std::size_t Env::file_size() const {
  const char* path = nullptr;
  check(mdb_env_get_path(env_, &path), "mdb_env_get_path");
  struct stat st {};
  std::string file = fmt::format("{}/data.mdb", path);
  if (::stat(file.c_str(), &st) != 0) return 0;
  return static_cast<std::size_t>(st.st_size);
}

std::optional<std::string_view> get_raw(MDB_txn* txn, Dbi db, std::string_view key) {
  MDB_val k = to_val(key);
  MDB_val v{};
  int rc = mdb_get(txn, db.handle, &k, &v);
  if (rc == MDB_NOTFOUND) return std::nullopt;
  check(rc, "mdb_get");
  return from_val(v);
}

TxnRef::TxnRef(const ReadTxn& txn) : txn_(txn.raw()) {}
TxnRef::TxnRef(const WriteTxn& txn) : txn_(txn.raw()) {}

ReadTxn::ReadTxn(Env& env) {
  check(mdb_txn_begin(env.raw(), nullptr, MDB_RDONLY, &txn_), "mdb_txn_begin(read)");
}
ReadTxn::ReadTxn(ReadTxn&& other) noexcept : txn_(std::exchange(other.txn_, nullptr)) {}
ReadTxn::~ReadTxn() {
  abort();
}

void ReadTxn::abort() noexcept {
  if (txn_ != nullptr) mdb_txn_abort(std::exchange(txn_, nullptr));
}

std::optional<std::string_view> ReadTxn::get(Dbi db, std::string_view key) const {
  return get_raw(txn_, db, key);
}

WriteTxn::WriteTxn(Env& env) {
  if (t_in_write_txn) throw std::logic_error("nested LMDB write transaction on one thread");
  check(mdb_txn_begin(env.raw(), nullptr, 0, &txn_), "mdb_txn_begin(write)");
  t_in_write_txn = true;
}

// Moving a write transaction keeps it on the same thread (LMDB requires that), so the guard
// stays set and is released by whichever object finally ends it.
WriteTxn::WriteTxn(WriteTxn&& other) noexcept : txn_(std::exchange(other.txn_, nullptr)) {}
WriteTxn::~WriteTxn() {
  abort();
}

void WriteTxn::release_thread_guard() noexcept {
  t_in_write_txn = false;
}

void WriteTxn::abort() noexcept {
  if (txn_ != nullptr) {
    mdb_txn_abort(std::exchange(txn_, nullptr));
    release_thread_guard();
  }
}

void WriteTxn::commit() {
  if (txn_ == nullptr) throw std::logic_error("commit of a finished LMDB transaction");
  // mdb_txn_commit frees the transaction even when it fails.
  int rc = mdb_txn_commit(std::exchange(txn_, nullptr));
  release_thread_guard();
  check(rc, "mdb_txn_commit");
}

std::optional<std::string_view> WriteTxn::get(Dbi db, std::string_view key) const {
  return get_raw(txn_, db, key);
}

void WriteTxn::put(Dbi db, std::string_view key, std::string_view value) {
  MDB_val k = to_val(key);
  MDB_val v = to_val(value);
  int rc = mdb_put(txn_, db.handle, &k, &v, 0);
  if (rc == MDB_KEYEXIST) return;  // identical duplicate in a dupsort database: already there
  check(rc, "mdb_put");
}

bool WriteTxn::del(Dbi db, std::string_view key) {
  MDB_val k = to_val(key);
  int rc = mdb_del(txn_, db.handle, &k, nullptr);
  if (rc == MDB_NOTFOUND) return false;
  check(rc, "mdb_del");
  return true;
}

bool WriteTxn::del(Dbi db, std::string_view key, std::string_view value) {
  MDB_val k = to_val(key);
  MDB_val v = to_val(value);
  int rc = mdb_del(txn_, db.handle, &k, &v);
  if (rc == MDB_NOTFOUND) return false;
  check(rc, "mdb_del");
  return true;
}

void WriteTxn::clear(Dbi db) {
  check(mdb_drop(txn_, db.handle, 0), "mdb_drop");
}

Cursor::Cursor(MDB_txn* txn, Dbi db) {
  check(mdb_cursor_open(txn, db.handle, &cursor_), "mdb_cursor_open");
}
Cursor::~Cursor() {
  mdb_cursor_close(cursor_);
}

std::optional<Cursor::Entry> Cursor::step(MDB_val* key, MDB_val* value, MDB_cursor_op op) {
  int rc = mdb_cursor_get(cursor_, key, value, op);
  if (rc == MDB_NOTFOUND) return std::nullopt;
  check(rc, "mdb_cursor_get");
  return Entry{from_val(*key), from_val(*value)};
}

std::optional<Cursor::Entry> Cursor::first() {
  MDB_val k{}, v{};
  return step(&k, &v, MDB_FIRST);
}
std::optional<Cursor::Entry> Cursor::next() {
  MDB_val k{}, v{};
  return step(&k, &v, MDB_NEXT);
}
std::optional<Cursor::Entry> Cursor::next_dup() {
  MDB_val k{}, v{};
  return step(&k, &v, MDB_NEXT_DUP);
}
std::optional<Cursor::Entry> Cursor::lower_bound(std::string_view key) {
  MDB_val k = to_val(key), v{};
  return step(&k, &v, MDB_SET_RANGE);
}
std::optional<Cursor::Entry> Cursor::find(std::string_view key) {
  MDB_val k = to_val(key), v{};
  return step(&k, &v, MDB_SET_KEY);
}

}  // namespace provd::store

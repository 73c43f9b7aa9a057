#include <gtest/gtest.h>

#include "store/lmdb.h"
#include "store/store.h"
#include "support_temp_dir.h"

namespace provd::store {
namespace {

TEST(Lmdb, UncommittedWriteIsAborted) {
  test::TempDir dir;
  Env env(dir.path(), {});
  Dbi db = env.open_db("t");
  {
    WriteTxn txn = env.write();
    txn.put(db, "k", "v");
    EXPECT_EQ(txn.get(db, "k"), "v");  // visible inside its own transaction
  }
  ReadTxn read = env.read();
  EXPECT_FALSE(read.get(db, "k"));
}

TEST(Lmdb, CommittedWriteIsVisibleAndSurvivesReopen) {
  test::TempDir dir;
  {
    Env env(dir.path(), {});
    Dbi db = env.open_db("t");
    WriteTxn txn = env.write();
    txn.put(db, "k", "v");
    txn.commit();
  }
  Env env(dir.path(), {});
  Dbi db = env.open_db("t");
  EXPECT_EQ(env.read().get(db, "k"), "v");
}

TEST(Lmdb, NestedWriteOnOneThreadThrowsInsteadOfDeadlocking) {
  test::TempDir dir;
  Env env(dir.path(), {});
  WriteTxn outer = env.write();
  EXPECT_THROW({ WriteTxn inner = env.write(); }, std::logic_error);
  outer.abort();
  EXPECT_NO_THROW({ WriteTxn again = env.write(); });  // the guard is released by abort
}

TEST(Lmdb, MovedWriteTxnKeepsOneOwner) {
  test::TempDir dir;
  Env env(dir.path(), {});
  Dbi db = env.open_db("t");
  WriteTxn a = env.write();
  a.put(db, "k", "1");
  WriteTxn b(std::move(a));
  b.commit();
  EXPECT_THROW(b.commit(), std::logic_error);  // finished transactions cannot commit twice
  EXPECT_EQ(env.read().get(db, "k"), "1");
}

TEST(Lmdb, ReadSnapshotIgnoresLaterCommits) {
  test::TempDir dir;
  Env env(dir.path(), {});
  Dbi db = env.open_db("t");
  ReadTxn snapshot = env.read();
  {
    WriteTxn txn = env.write();
    txn.put(db, "k", "v");
    txn.commit();
  }
  EXPECT_FALSE(snapshot.get(db, "k"));
  EXPECT_TRUE(env.read().get(db, "k"));
}

TEST(Lmdb, DupsortCursorWalksDuplicates) {
  test::TempDir dir;
  Env env(dir.path(), {});
  Dbi db = env.open_db("d", true);
  WriteTxn txn = env.write();
  txn.put(db, "ip", "b");
  txn.put(db, "ip", "a");
  txn.put(db, "ip", "a");  // an identical duplicate is not an error
  txn.put(db, "other", "c");
  std::vector<std::string> values;
  {
    Cursor cursor(txn, db);
    for (auto e = cursor.find("ip"); e; e = cursor.next_dup()) values.emplace_back(e->value);
  }
  EXPECT_EQ(values, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(txn.del(db, "ip", "a"));
  EXPECT_FALSE(txn.del(db, "ip", "a"));
  txn.commit();
}

TEST(Lmdb, MapFullIsAStoreError) {
  test::TempDir dir;
  EnvOptions small;
  small.map_size = 64 * 1024;
  Env env(dir.path(), small);
  Dbi db = env.open_db("t");
  WriteTxn txn = env.write();
  const std::string big(4096, 'x');
  EXPECT_THROW(
      {
        for (int i = 0; i < 1000; ++i) txn.put(db, std::to_string(i), big);
      },
      StoreError);
}

TEST(Store, FreshStoreHasCurrentSchemaVersion) {
  test::TempDir dir;
  Store store(dir.path());
  EXPECT_EQ(store.schema_version(), Store::kSchemaVersion);
}

TEST(Store, RefusesAStoreFromANewerProvd) {
  test::TempDir dir;
  {
    Store store(dir.path());
    WriteTxn txn = store.write();
    txn.put(store.dbs().meta, "schema_version", std::to_string(Store::kSchemaVersion + 1));
    txn.commit();
  }
  EXPECT_THROW(Store store(dir.path()), StoreError);
}

TEST(Store, RunsMigrationsFromOlderVersionsInOrder) {
  test::TempDir dir;
  {
    Store store(dir.path());
    WriteTxn txn = store.write();
    txn.put(store.dbs().meta, "schema_version", "0");
    txn.commit();
  }
  std::vector<int> ran;
  std::vector<Migration> migrations{{0, [&](WriteTxn& txn, const Databases& dbs) {
                                       ran.push_back(0);
                                       txn.put(dbs.meta, "migrated", "yes");
                                     }}};
  Store store(dir.path(), {}, migrations);
  EXPECT_EQ(ran, std::vector<int>{0});
  EXPECT_EQ(store.schema_version(), Store::kSchemaVersion);
  EXPECT_EQ(store.read().get(store.dbs().meta, "migrated"), "yes");
}

TEST(Store, MissingMigrationStepIsAnError) {
  test::TempDir dir;
  {
    Store store(dir.path());
    WriteTxn txn = store.write();
    txn.put(store.dbs().meta, "schema_version", "0");
    txn.commit();
  }
  EXPECT_THROW(Store store(dir.path(), {}, {}), StoreError);
}

TEST(Store, CorruptVersionIsAnError) {
  test::TempDir dir;
  {
    Store store(dir.path());
    WriteTxn txn = store.write();
    txn.put(store.dbs().meta, "schema_version", "one");
    txn.commit();
  }
  EXPECT_THROW(Store store(dir.path()), StoreError);
}

}  // namespace
}  // namespace provd::store

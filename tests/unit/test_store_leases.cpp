#include <gtest/gtest.h>

#include "store/leases.h"
#include "support_temp_dir.h"

namespace provd::store {
namespace {

using nlohmann::json;

class LeasesTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  Store store{dir.path()};
  Leases leases{store};

  void upsert(json lease) {
    WriteTxn txn = store.write();
    auto r = leases.upsert(txn, std::move(lease));
    ASSERT_TRUE(r.ok()) << r.error().message;
    txn.commit();
  }
};

TEST_F(LeasesTest, UpsertIndexesBothWays) {
  upsert({{"mac", "00-06-53-7B-84-EF"}, {"ip", "192.0.2.20"}, {"expires", 2000000000}, {"hostname", "phone"}});
  ReadTxn txn = store.read();
  auto by_ip = leases.by_ip(txn, "192.0.2.20");
  ASSERT_TRUE(by_ip);
  EXPECT_EQ((*by_ip)["mac"], "00:06:53:7b:84:ef");
  EXPECT_EQ((*leases.by_mac(txn, "00:06:53:7b:84:ef"))["hostname"], "phone");
}

TEST_F(LeasesTest, ARenewalOnTheSameIpReplacesTheDocumentAndKeepsTheIndex) {
  upsert({{"mac", "00:06:53:7b:84:ef"}, {"ip", "192.0.2.20"}, {"expires", 100}});
  upsert({{"mac", "00:06:53:7b:84:02"}, {"ip", "192.0.2.22"}, {"expires", 100}});
  upsert({{"mac", "00:06:53:7b:84:ef"}, {"ip", "192.0.2.20"}, {"expires", 200}, {"hostname", "renewed"}});
  ReadTxn txn = store.read();
  auto lease = leases.by_ip(txn, "192.0.2.20");
  ASSERT_TRUE(lease);
  EXPECT_EQ((*lease)["mac"], "00:06:53:7b:84:ef");
  EXPECT_EQ((*lease)["expires"], 200);
  EXPECT_EQ((*lease)["hostname"], "renewed");
  EXPECT_EQ((*leases.by_ip(txn, "192.0.2.22"))["mac"], "00:06:53:7b:84:02") << "another phone's lease is untouched";
  EXPECT_EQ(leases.count(txn), 2u);
}

TEST_F(LeasesTest, RenewOntoAnotherIpMovesTheAssociation) {
  upsert({{"mac", "00:06:53:7b:84:ef"}, {"ip", "192.0.2.20"}});
  upsert({{"mac", "00:06:53:7b:84:ef"}, {"ip", "192.0.2.21"}});
  ReadTxn txn = store.read();
  EXPECT_FALSE(leases.by_ip(txn, "192.0.2.20"));
  EXPECT_EQ((*leases.by_ip(txn, "192.0.2.21"))["mac"], "00:06:53:7b:84:ef");
  EXPECT_EQ(leases.count(txn), 1u);
}

TEST_F(LeasesTest, AnAddressGivenToAnotherMacEndsThePreviousLease) {
  upsert({{"mac", "00:00:00:00:00:01"}, {"ip", "192.0.2.30"}});
  upsert({{"mac", "00:00:00:00:00:02"}, {"ip", "192.0.2.30"}});
  ReadTxn txn = store.read();
  EXPECT_FALSE(leases.by_mac(txn, "00:00:00:00:00:01"));
  EXPECT_EQ((*leases.by_ip(txn, "192.0.2.30"))["mac"], "00:00:00:00:00:02");
}

TEST_F(LeasesTest, StaleReleaseDoesNotRemoveANewerAssociation) {
  upsert({{"mac", "00:00:00:00:00:01"}, {"ip", "192.0.2.31"}});
  WriteTxn txn = store.write();
  EXPECT_FALSE(leases.remove(txn, "00:00:00:00:00:01", "192.0.2.99"));
  EXPECT_TRUE(leases.by_mac(txn, "00:00:00:00:00:01"));
  EXPECT_TRUE(leases.remove(txn, "00:00:00:00:00:01", "192.0.2.31"));
  EXPECT_FALSE(leases.by_ip(txn, "192.0.2.31"));
  EXPECT_FALSE(leases.remove(txn, "00:00:00:00:00:01"));
}

TEST_F(LeasesTest, ExpireRemovesOnlyPastLeases) {
  upsert({{"mac", "00:00:00:00:00:01"}, {"ip", "192.0.2.41"}, {"expires", 100}});
  upsert({{"mac", "00:00:00:00:00:02"}, {"ip", "192.0.2.42"}, {"expires", 300}});
  upsert({{"mac", "00:00:00:00:00:03"}, {"ip", "192.0.2.43"}});  // 0: no expiry known
  WriteTxn txn = store.write();
  EXPECT_EQ(leases.expire(txn, 200), 1u);
  EXPECT_FALSE(leases.by_ip(txn, "192.0.2.41"));
  EXPECT_TRUE(leases.by_ip(txn, "192.0.2.42"));
  EXPECT_TRUE(leases.by_ip(txn, "192.0.2.43"));
}

TEST_F(LeasesTest, RejectsBadInput) {
  WriteTxn txn = store.write();
  EXPECT_EQ(leases.upsert(txn, {{"mac", "bad"}, {"ip", "192.0.2.1"}}).error().code, "invalid_mac");
  EXPECT_EQ(leases.upsert(txn, {{"mac", "00:00:00:00:00:01"}, {"ip", "1.2.3"}}).error().code, "invalid_ip");
  EXPECT_EQ(leases.upsert(txn, {{"ip", "192.0.2.1"}}).error().code, "invalid_document");
  EXPECT_EQ(leases.upsert(txn, {{"mac", "00:00:00:00:00:01"}, {"ip", "192.0.2.1"}, {"expires", "soon"}}).error().code,
            "invalid_document");
}

TEST_F(LeasesTest, ClearEmptiesBothTables) {
  upsert({{"mac", "00:00:00:00:00:01"}, {"ip", "192.0.2.41"}});
  WriteTxn txn = store.write();
  leases.clear(txn);
  EXPECT_EQ(leases.count(txn), 0u);
  EXPECT_FALSE(leases.by_ip(txn, "192.0.2.41"));
}

}  // namespace
}  // namespace provd::store

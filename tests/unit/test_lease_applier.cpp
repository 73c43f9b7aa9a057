#include <gtest/gtest.h>

#include <optional>

#include "leases/lease_applier.h"
#include "support_temp_dir.h"

namespace provd::leases {
namespace {

using nlohmann::json;

LeaseEvent event(EventKind kind, std::int64_t seq, std::string mac, std::string ip, std::string boot = "boot-a") {
  LeaseEvent e;
  e.boot = std::move(boot);
  e.seq = seq;
  e.kind = kind;
  e.mac = std::move(mac);
  e.ip = std::move(ip);
  e.expires = 2000000000;
  return e;
}

class LeaseApplierTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  std::optional<store::Store> store{std::in_place, dir.path()};

  SequencedOutcome apply(const LeaseEvent& e) {
    LeaseApplier applier(*store);
    store::WriteTxn txn = store->write();
    SequencedOutcome outcome = applier.apply_sequenced(txn, e);
    txn.commit();
    return outcome;
  }
  std::optional<json> by_ip(const std::string& ip) {
    store::ReadTxn txn = store->read();
    return store::Leases(*store).by_ip(txn, ip);
  }
  std::optional<json> by_mac(const std::string& mac) {
    store::ReadTxn txn = store->read();
    return store::Leases(*store).by_mac(txn, mac);
  }
  json device(const std::string& mac) {
    store::ReadTxn txn = store->read();
    return store::Devices(*store).find_by_mac(txn, mac).value_or(json());
  }
  void add_device(json doc) {
    store::WriteTxn txn = store->write();
    auto created = store::Devices(*store).create(txn, std::move(doc));
    ASSERT_TRUE(created.ok()) << created.error().message;
    txn.commit();
  }
};

constexpr const char* kPhone = "00:06:53:7b:84:ef";
constexpr const char* kOther = "00:08:5d:23:73:01";

TEST_F(LeaseApplierTest, CommitRecordsTheLeaseWithItsDetails) {
  LeaseEvent e = event(EventKind::kCommit, 1, kPhone, "192.0.2.20");
  e.hostname = "SEP0006537B84EF";
  e.client_id = "01:00:06:53:7b:84:ef";
  e.subnet_id = 4;
  e.options = {{"60", {{"hex", "41"}, {"text", "A"}}}};
  SequencedOutcome outcome = apply(e);
  EXPECT_TRUE(outcome.new_boot);
  EXPECT_FALSE(outcome.duplicate);
  EXPECT_FALSE(outcome.error);
  auto lease = by_ip("192.0.2.20");
  ASSERT_TRUE(lease);
  EXPECT_EQ((*lease)["mac"], kPhone);
  EXPECT_EQ((*lease)["hostname"], "SEP0006537B84EF");
  EXPECT_EQ((*lease)["client_id"], "01:00:06:53:7b:84:ef");
  EXPECT_EQ((*lease)["subnet_id"], 4);
  EXPECT_EQ((*lease)["expires"], 2000000000);
  EXPECT_EQ((*lease)["options"]["60"]["text"], "A");
}

TEST_F(LeaseApplierTest, RenewOntoAnotherIpMovesTheAssociation) {
  apply(event(EventKind::kCommit, 1, kPhone, "192.0.2.20"));
  apply(event(EventKind::kCommit, 2, kPhone, "192.0.2.21"));
  EXPECT_FALSE(by_ip("192.0.2.20"));
  ASSERT_TRUE(by_ip("192.0.2.21"));
  EXPECT_EQ((*by_mac(kPhone))["ip"], "192.0.2.21");
}

TEST_F(LeaseApplierTest, StaleReleaseOfTheOldIpIsIgnored) {
  apply(event(EventKind::kCommit, 1, kPhone, "192.0.2.20"));
  apply(event(EventKind::kCommit, 2, kPhone, "192.0.2.21"));
  apply(event(EventKind::kRelease, 3, kPhone, "192.0.2.20"));
  ASSERT_TRUE(by_mac(kPhone));
  EXPECT_EQ((*by_mac(kPhone))["ip"], "192.0.2.21");
  apply(event(EventKind::kExpire, 4, kPhone, "192.0.2.20"));
  EXPECT_TRUE(by_mac(kPhone));
  apply(event(EventKind::kRelease, 5, kPhone, "192.0.2.21"));
  EXPECT_FALSE(by_mac(kPhone));
  EXPECT_FALSE(by_ip("192.0.2.21"));
}

TEST_F(LeaseApplierTest, ExpireRemovesTheCurrentLease) {
  apply(event(EventKind::kCommit, 1, kPhone, "192.0.2.20"));
  apply(event(EventKind::kExpire, 2, kPhone, "192.0.2.20"));
  EXPECT_FALSE(by_ip("192.0.2.20"));
}

TEST_F(LeaseApplierTest, DeclineNeverAssociatesAndEndsTheAddressLease) {
  apply(event(EventKind::kDecline, 1, kPhone, "192.0.2.30"));
  EXPECT_FALSE(by_ip("192.0.2.30"));
  EXPECT_FALSE(by_mac(kPhone));
  apply(event(EventKind::kCommit, 2, kOther, "192.0.2.31"));
  apply(event(EventKind::kDecline, 3, "", "192.0.2.31"));
  EXPECT_FALSE(by_ip("192.0.2.31"));
  EXPECT_FALSE(by_mac(kOther));
}

TEST_F(LeaseApplierTest, RecoverAssociatesLikeCommit) {
  apply(event(EventKind::kRecover, 1, kPhone, "192.0.2.40"));
  ASSERT_TRUE(by_ip("192.0.2.40"));
}

TEST_F(LeaseApplierTest, CommitMovesTheDeviceIpAndClearsItFromOthers) {
  add_device({{"id", "phone"}, {"mac", kPhone}, {"ip", "192.0.2.5"}});
  add_device({{"id", "stale"}, {"mac", kOther}, {"ip", "192.0.2.20"}});
  apply(event(EventKind::kCommit, 1, kPhone, "192.0.2.20"));
  EXPECT_EQ(device(kPhone)["ip"], "192.0.2.20");
  EXPECT_FALSE(device(kOther).contains("ip"));
  store::ReadTxn txn = store->read();
  auto on_ip = store::Devices(*store).find_by_ip(txn, "192.0.2.20");
  ASSERT_EQ(on_ip.size(), 1u);
  EXPECT_EQ(on_ip[0]["id"], "phone");
}

TEST_F(LeaseApplierTest, CommitForAnUnknownMacCreatesNoDevice) {
  apply(event(EventKind::kCommit, 1, kPhone, "192.0.2.20"));
  store::ReadTxn txn = store->read();
  EXPECT_EQ(store::Devices(*store).count(txn), 0u);
}

TEST_F(LeaseApplierTest, DuplicateAndOldSeqAreNoOpsEvenAfterReopening) {
  apply(event(EventKind::kCommit, 5, kPhone, "192.0.2.20"));
  store.reset();
  store.emplace(dir.path());
  // A resend of seq 5 and an older seq 3 must not undo what seq 5 did.
  SequencedOutcome again = apply(event(EventKind::kRelease, 5, kPhone, "192.0.2.20"));
  EXPECT_TRUE(again.duplicate);
  EXPECT_FALSE(again.new_boot);
  SequencedOutcome old = apply(event(EventKind::kRelease, 3, kPhone, "192.0.2.20"));
  EXPECT_TRUE(old.duplicate);
  EXPECT_TRUE(by_ip("192.0.2.20"));
  {
    store::ReadTxn txn = store->read();
    EXPECT_EQ(LeaseApplier(*store).last_seq(txn, "boot-a"), 5);
  }
  // Another boot's seq 1 is new.
  SequencedOutcome other = apply(event(EventKind::kRelease, 1, kPhone, "192.0.2.20", "boot-b"));
  EXPECT_TRUE(other.new_boot);
  EXPECT_FALSE(other.duplicate);
  EXPECT_FALSE(by_ip("192.0.2.20"));
}

TEST_F(LeaseApplierTest, ABatchReadsAndWritesEachBootsSequenceOnceWithTheSameOutcomes) {
  apply(event(EventKind::kCommit, 4, kOther, "192.0.2.30"));
  store::WriteTxn txn = store->write();
  LeaseApplier applier(*store);
  SequencedBatch batch(applier, txn);
  EXPECT_TRUE(batch.apply(event(EventKind::kCommit, 4, kPhone, "192.0.2.21")).duplicate) << "seq 4 is in the store";
  SequencedOutcome first = batch.apply(event(EventKind::kCommit, 5, kPhone, "192.0.2.21"));
  EXPECT_FALSE(first.duplicate);
  EXPECT_FALSE(first.new_boot);
  EXPECT_TRUE(batch.apply(event(EventKind::kRelease, 5, kPhone, "192.0.2.21")).duplicate) << "seq 5 is in the batch";
  SequencedOutcome fresh = batch.apply(event(EventKind::kCommit, 1, kOther, "192.0.2.31", "boot-b"));
  EXPECT_TRUE(fresh.new_boot);
  EXPECT_FALSE(batch.apply(event(EventKind::kCommit, 2, kOther, "192.0.2.32", "boot-b")).new_boot);
  EXPECT_FALSE(applier.last_seq(txn, "boot-b")) << "nothing is written before flush";
  batch.flush();
  txn.commit();
  store::ReadTxn read = store->read();
  EXPECT_EQ(applier.last_seq(read, "boot-a"), 5);
  EXPECT_EQ(applier.last_seq(read, "boot-b"), 2);
  EXPECT_EQ(store::Leases(*store).by_mac(read, kPhone).value()["ip"], "192.0.2.21");
  EXPECT_EQ(store::Leases(*store).by_mac(read, kOther).value()["ip"], "192.0.2.32");
}

TEST_F(LeaseApplierTest, OnlyTheMostRecentBootsAreRemembered) {
  for (std::size_t i = 0; i < LeaseApplier::kRememberedBoots + 4; ++i) {
    apply(event(EventKind::kGap, 1, "", "", "boot-" + std::to_string(i)));
  }
  store::ReadTxn txn = store->read();
  std::size_t remembered = 0;
  for (std::size_t i = 0; i < LeaseApplier::kRememberedBoots + 4; ++i) {
    if (LeaseApplier(*store).last_seq(txn, "boot-" + std::to_string(i))) ++remembered;
  }
  EXPECT_EQ(remembered, LeaseApplier::kRememberedBoots);
  EXPECT_TRUE(LeaseApplier(*store).last_seq(txn, "boot-" + std::to_string(LeaseApplier::kRememberedBoots + 3)));
}

TEST_F(LeaseApplierTest, ARefusedEventStillAdvancesTheSequence) {
  SequencedOutcome refused = apply(event(EventKind::kCommit, 1, "not-a-mac", "192.0.2.20"));
  ASSERT_TRUE(refused.error);
  EXPECT_EQ(refused.error->code, "invalid_mac");
  EXPECT_TRUE(apply(event(EventKind::kCommit, 1, kPhone, "192.0.2.20")).duplicate);
}

}  // namespace
}  // namespace provd::leases

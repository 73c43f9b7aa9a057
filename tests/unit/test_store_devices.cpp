#include <gtest/gtest.h>

#include "store/devices.h"
#include "support_temp_dir.h"

namespace provd::store {
namespace {

using nlohmann::json;

class DevicesTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  Store store{dir.path()};
  Devices devices{store};

  json create(json doc) {
    WriteTxn txn = store.write();
    auto r = devices.create(txn, std::move(doc));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    txn.commit();
    return r.ok() ? *r : json();
  }
};

TEST_F(DevicesTest, CreateAssignsIdAndNormalisesMacAndIp) {
  json d = create({{"mac", "00-08-5D-23-73-01"}, {"ip", "192.0.2.10"}, {"vendor", "Aastra"}});
  EXPECT_EQ(d["mac"], "00:08:5d:23:73:01");
  EXPECT_EQ(d["id"].get<std::string>().size(), 32u);
  ReadTxn txn = store.read();
  auto found = devices.find_by_mac(txn, "00085D237301");
  ASSERT_TRUE(found);
  EXPECT_EQ((*found)["id"], d["id"]);
  EXPECT_EQ(devices.find_by_ip(txn, "192.0.2.10").size(), 1u);
  EXPECT_EQ(devices.count(txn), 1u);
}

TEST_F(DevicesTest, RejectsInvalidMacIpAndUnknownFields) {
  WriteTxn txn = store.write();
  auto bad_mac = devices.create(txn, {{"mac", "00:08:5d"}});
  ASSERT_FALSE(bad_mac.ok());
  EXPECT_EQ(bad_mac.error().code, "invalid_mac");
  auto bad_ip = devices.create(txn, {{"ip", "999.1.1.1"}});
  ASSERT_FALSE(bad_ip.ok());
  EXPECT_EQ(bad_ip.error().code, "invalid_ip");
  auto unknown = devices.create(txn, {{"colour", "blue"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "invalid_document");
  auto wrong_type = devices.create(txn, {{"configured", "yes"}});
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_NE(wrong_type.error().message.find("configured"), std::string::npos) << wrong_type.error().message;
  auto custom = devices.create(txn, {{"X_site", "lyon"}});
  EXPECT_TRUE(custom.ok());
}

TEST_F(DevicesTest, DuplicateMacOrIdIsAConflict) {
  create({{"id", "a"}, {"mac", "00:08:5d:23:73:01"}});
  WriteTxn txn = store.write();
  auto same_mac = devices.create(txn, {{"mac", "00085d237301"}});
  ASSERT_FALSE(same_mac.ok());
  EXPECT_EQ(same_mac.error().code, "conflict");
  auto same_id = devices.create(txn, {{"id", "a"}});
  ASSERT_FALSE(same_id.ok());
  EXPECT_EQ(same_id.error().code, "conflict");
}

TEST_F(DevicesTest, UpdateMovesIndexesAndRemoveClearsThem) {
  json d = create({{"id", "dev1"}, {"mac", "00:08:5d:23:73:01"}, {"ip", "192.0.2.10"}, {"sn", "SN1"}});
  {
    WriteTxn txn = store.write();
    d["mac"] = "00:08:5d:23:73:02";
    d["ip"] = "192.0.2.11";
    d["sn"] = "SN2";
    ASSERT_TRUE(devices.update(txn, d).ok());
    txn.commit();
  }
  {
    ReadTxn txn = store.read();
    EXPECT_FALSE(devices.find_by_mac(txn, "00:08:5d:23:73:01"));
    EXPECT_TRUE(devices.find_by_mac(txn, "00:08:5d:23:73:02"));
    EXPECT_TRUE(devices.find_by_ip(txn, "192.0.2.10").empty());
    EXPECT_EQ(devices.find_by_ip(txn, "192.0.2.11").size(), 1u);
    EXPECT_TRUE(devices.find_by_sn(txn, "SN1").empty());
    EXPECT_EQ(devices.find_by_sn(txn, "SN2").size(), 1u);
  }
  {
    WriteTxn txn = store.write();
    EXPECT_TRUE(devices.remove(txn, "dev1"));
    EXPECT_FALSE(devices.remove(txn, "dev1"));
    txn.commit();
  }
  ReadTxn txn = store.read();
  EXPECT_FALSE(devices.find_by_mac(txn, "00:08:5d:23:73:02"));
  EXPECT_TRUE(devices.find_by_ip(txn, "192.0.2.11").empty());
  EXPECT_TRUE(devices.find_by_sn(txn, "SN2").empty());
  EXPECT_EQ(devices.count(txn), 0u);
}

TEST_F(DevicesTest, UpdateToAnotherDevicesMacIsAConflict) {
  create({{"id", "a"}, {"mac", "00:08:5d:23:73:01"}});
  json b = create({{"id", "b"}, {"mac", "00:08:5d:23:73:02"}});
  WriteTxn txn = store.write();
  b["mac"] = "00:08:5d:23:73:01";
  auto r = devices.update(txn, b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "conflict");
  auto missing = devices.update(txn, {{"id", "nope"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "not_found");
}

TEST_F(DevicesTest, TwoDevicesOnOneIpAreBothFound) {
  create({{"id", "a"}, {"ip", "192.0.2.50"}});
  create({{"id", "b"}, {"ip", "192.0.2.50"}});
  ReadTxn txn = store.read();
  EXPECT_EQ(devices.find_by_ip(txn, "192.0.2.50").size(), 2u);
}

TEST_F(DevicesTest, SearchByFieldEquality) {
  create({{"id", "a"}, {"vendor", "Aastra"}, {"model", "6730i"}});
  create({{"id", "b"}, {"vendor", "Aastra"}, {"model", "6731i"}});
  create({{"id", "c"}, {"vendor", "Cisco"}, {"model", "7940G"}});
  ReadTxn txn = store.read();
  EXPECT_EQ(devices.search(txn, {{"vendor", "Aastra"}}).size(), 2u);
  auto one = devices.search(txn, {{"vendor", "Aastra"}, {"model", "6731i"}});
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]["id"], "b");
  EXPECT_TRUE(devices.search(txn, {{"vendor", "Snom"}}).empty());
  EXPECT_EQ(devices.search(txn, json::object()).size(), 3u);
}

}  // namespace
}  // namespace provd::store

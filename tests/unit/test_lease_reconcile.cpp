#include <gtest/gtest.h>

#include <fstream>

#include "leases/kea_lease_source.h"
#include "leases/reconciler.h"
#include "support_temp_dir.h"

namespace provd::leases {
namespace {

using nlohmann::json;

constexpr std::int64_t kNow = 1800000000;
constexpr const char* kHeader =
    "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context\n";

TEST(MemfileCsvTest, ReadsARealLeaseFileWithSupersedingLines) {
  test::TempDir dir;
  const auto file = dir.path() / "kea-leases4.csv";
  {
    std::ofstream out(file);
    out << kHeader
        // first version of .20, superseded below by a renewal
        << "192.0.2.20,00:06:53:7b:84:ef,01:00:06:53:7b:84:ef,3600,1800000100,1,0,0,old,0,\n"
        << "192.0.2.20,00:06:53:7b:84:ef,01:00:06:53:7b:84:ef,3600,1800003600,1,0,0,SEP0006537B84EF,0,"
           "{ \"provd\": { \"options\": { \"60\": { \"hex\": \"43\"&#x2c \"text\": \"C&#x2c ok\" } } } }\n"
        // expired and not reclaimed yet: no association
        << "192.0.2.21,00:08:5d:23:73:01,,3600,1799999999,1,0,0,,0,\n"
        // declined: no association
        << "192.0.2.22,,,3600,1800003600,1,0,0,,1,\n"
        // expired-reclaimed: no association
        << "192.0.2.23,00:08:5d:23:73:02,,3600,1800003600,1,0,0,,2,\n"
        // committed, then deleted (Kea appends the lease with lifetime 0)
        << "192.0.2.24,00:08:5d:23:73:03,,3600,1800003600,1,0,0,,0,\n"
        << "192.0.2.24,00:08:5d:23:73:03,,0,1800000000,1,0,0,,0,\n"
        // a malformed row is skipped, the rest still counts
        << "192.0.2.25,00:08:5d:23:73:04\n"
        << "192.0.2.26,00-08-5D-23-73-05,,3600,1800003600,2,0,0,h&#x2cx,0,\n";
  }
  auto leases = read_leases_from_memfile(file, kNow);
  ASSERT_TRUE(leases.ok()) << leases.error().message;
  ASSERT_EQ(leases->size(), 2u);
  const json& phone = (*leases)[0];
  EXPECT_EQ(phone["ip"], "192.0.2.20");
  EXPECT_EQ(phone["mac"], "00:06:53:7b:84:ef");
  EXPECT_EQ(phone["hostname"], "SEP0006537B84EF");
  EXPECT_EQ(phone["expires"], 1800003600);
  EXPECT_EQ(phone["subnet_id"], 1);
  EXPECT_EQ(phone["options"]["60"]["text"], "C, ok");
  EXPECT_EQ((*leases)[1]["mac"], "00:08:5d:23:73:05");
  EXPECT_EQ((*leases)[1]["hostname"], "h,x");
}

TEST(MemfileCsvTest, CountsSkippedRowsAndRefusesAFileWithoutHeader) {
  std::size_t skipped = 0;
  auto leases =
      leases_from_memfile_csv(std::string(kHeader) + "garbage\n192.0.2.1,x,,abc,1,1,0,0,,0,\n", kNow, &skipped);
  ASSERT_TRUE(leases.ok());
  EXPECT_TRUE(leases->empty());
  EXPECT_EQ(skipped, 2u);
  EXPECT_FALSE(leases_from_memfile_csv("", kNow).ok());
  EXPECT_EQ(leases_from_memfile_csv("a,b,c\n1,2,3\n", kNow).error().code, "invalid_document");
  EXPECT_EQ(read_leases_from_memfile("/nonexistent/provd/kea-leases4.csv", kNow).error().code, "unavailable");
}

TEST(GetAllAnswerTest, KeepsOnlyCurrentLeases) {
  json answer = json::parse(R"({"result":0,"text":"3 IPv4 lease(s) found.","arguments":{"leases":[
    {"ip-address":"192.0.2.20","hw-address":"00:06:53:7b:84:ef","client-id":"01:00:06:53:7b:84:ef","cltt":1800000000,
     "valid-lft":3600,"subnet-id":1,"state":0,"hostname":"sep","fqdn-fwd":false,"fqdn-rev":false,
     "user-context":{"provd":{"60":{"hex":"41","text":"A"}}}},
    {"ip-address":"192.0.2.21","hw-address":"00:08:5d:23:73:01","cltt":1700000000,"valid-lft":3600,"subnet-id":1,"state":0},
    {"ip-address":"192.0.2.22","hw-address":"","cltt":1800000000,"valid-lft":3600,"subnet-id":1,"state":1}]}})");
  auto leases = leases_from_get_all(answer, kNow);
  ASSERT_TRUE(leases.ok()) << leases.error().message;
  ASSERT_EQ(leases->size(), 1u);
  EXPECT_EQ((*leases)[0]["expires"], 1800003600);
  EXPECT_EQ((*leases)[0]["options"]["60"]["text"], "A");
  // The control agent wraps the answer in an array; "3" means no leases at all.
  auto empty = leases_from_get_all(json::parse(R"([{"result":3,"text":"0 IPv4 lease(s) found."}])"), kNow);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  auto failed =
      leases_from_get_all(json::parse(R"({"result":2,"text":"'lease4-get-all' command not supported."})"), kNow);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "kea_error");
  EXPECT_FALSE(leases_from_get_all(json::parse(R"({"result":0})"), kNow).ok());
}

TEST(ControlSocketTest, AnAbsentSocketIsUnavailable) {
  auto leases = fetch_leases_from_control_socket("/nonexistent/provd/kea4-ctrl-socket", std::chrono::seconds(1), kNow);
  ASSERT_FALSE(leases.ok());
  EXPECT_EQ(leases.error().code, "unavailable");
}

class ReconcileTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  store::Store store{dir.path()};
  LeaseApplier applier{store};
  store::Leases leases{store};

  void seed(const std::string& mac, const std::string& ip, json options = nullptr) {
    json lease = {{"mac", mac}, {"ip", ip}, {"expires", 0}};
    if (!options.is_null()) lease["options"] = options;
    store::WriteTxn txn = store.write();
    ASSERT_TRUE(leases.upsert(txn, lease).ok());
    txn.commit();
  }
  ReconcileCounts run(const std::vector<json>& kea) {
    store::WriteTxn txn = store.write();
    ReconcileCounts counts = reconcile(txn, store, applier, kea);
    txn.commit();
    return counts;
  }
};

TEST_F(ReconcileTest, MakesTheTableEqualToKeasAndCountsTheDifference) {
  seed("00:00:00:00:00:01", "192.0.2.1", {{"60", {{"hex", "41"}}}});  // kept, options survive
  seed("00:00:00:00:00:02", "192.0.2.2");                             // moved by Kea to .12: added
  seed("00:00:00:00:00:03", "192.0.2.3");                             // gone from Kea: removed
  seed("00:00:00:00:00:04", "192.0.2.4");                             // its IP now someone else's: removed
  std::vector<json> kea = {
      {{"mac", "00:00:00:00:00:01"}, {"ip", "192.0.2.1"}, {"expires", 1900000000}},
      {{"mac", "00:00:00:00:00:02"}, {"ip", "192.0.2.12"}, {"expires", 1900000000}},
      {{"mac", "00:00:00:00:00:05"}, {"ip", "192.0.2.4"}, {"expires", 1900000000}},
      {{"mac", "00:00:00:00:00:06"}, {"ip", "192.0.2.6"}, {"expires", 1900000000}},
  };
  ReconcileCounts counts = run(kea);
  EXPECT_EQ(counts.kept, 1u);
  EXPECT_EQ(counts.added, 3u);
  EXPECT_EQ(counts.removed, 2u);
  EXPECT_EQ(counts.invalid, 0u);

  store::ReadTxn txn = store.read();
  std::vector<json> table = leases.list(txn);
  ASSERT_EQ(table.size(), kea.size());
  for (const json& want : kea) {
    auto have = leases.by_mac(txn, want["mac"].get<std::string>());
    ASSERT_TRUE(have) << want.dump();
    EXPECT_EQ((*have)["ip"], want["ip"]);
    EXPECT_EQ((*have)["expires"], 1900000000);
    auto on_ip = leases.by_ip(txn, want["ip"].get<std::string>());
    ASSERT_TRUE(on_ip);
    EXPECT_EQ((*on_ip)["mac"], want["mac"]);
  }
  EXPECT_EQ((*leases.by_mac(txn, "00:00:00:00:00:01"))["options"]["60"]["hex"], "41");
}

TEST_F(ReconcileTest, OptionsFromEventsSurviveAndTheStashUpdatesTheCodesItKeeps) {
  seed("00:00:00:00:00:01", "192.0.2.1", {{"12", {{"hex", "70"}}}, {"60", {{"hex", "41"}}}});
  seed("00:00:00:00:00:02", "192.0.2.2", {{"12", {{"hex", "71"}}}});
  std::vector<json> kea = {
      {{"mac", "00:00:00:00:00:01"}, {"ip", "192.0.2.1"}, {"expires", 0}, {"options", {{"60", {{"hex", "42"}}}}}},
      {{"mac", "00:00:00:00:00:02"}, {"ip", "192.0.2.22"}, {"expires", 0}, {"options", {{"60", {{"hex", "43"}}}}}},
  };
  run(kea);
  store::ReadTxn txn = store.read();
  json same = (*leases.by_mac(txn, "00:00:00:00:00:01"))["options"];  // not const: a missing key fails, not asserts
  EXPECT_EQ(same["12"]["hex"], "70") << "an option only the events carried is kept";
  EXPECT_EQ(same["60"]["hex"], "42") << "the stash is the newer value";
  json moved = (*leases.by_mac(txn, "00:00:00:00:00:02"))["options"];
  EXPECT_FALSE(moved.contains("12")) << "a lease on another IP is Kea's lease, not the old one";
  EXPECT_EQ(moved["60"]["hex"], "43");
}

TEST_F(ReconcileTest, AnEmptyKeaListEmptiesTheTableAndASecondRunKeepsEverything) {
  seed("00:00:00:00:00:01", "192.0.2.1");
  EXPECT_EQ(run({}).removed, 1u);
  std::vector<json> kea = {{{"mac", "00:00:00:00:00:07"}, {"ip", "192.0.2.7"}, {"expires", 0}}};
  EXPECT_EQ(run(kea).added, 1u);
  ReconcileCounts again = run(kea);
  EXPECT_EQ(again.kept, 1u);
  EXPECT_EQ(again.added + again.removed, 0u);
}

}  // namespace
}  // namespace provd::leases

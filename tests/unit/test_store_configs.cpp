#include <gtest/gtest.h>

#include "store/configs.h"
#include "store/devices.h"
#include "support_temp_dir.h"

namespace provd::store {
namespace {

using nlohmann::json;

class ConfigsTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  Store store{dir.path()};
  Configs configs{store};

  Result<json> create(json doc) {
    WriteTxn txn = store.write();
    auto r = configs.create(txn, std::move(doc));
    if (r.ok()) txn.commit();
    return r;
  }
};

TEST(DeepMerge, ObjectsMergeOtherValuesReplace) {
  json base = {{"a", 1}, {"lines", {{"1", {{"username", "u1"}, {"password", "p"}}}}}, {"list", {1, 2}}};
  deep_merge(base, {{"b", 2}, {"lines", {{"1", {{"password", "q"}}}, {"2", {{"username", "u2"}}}}}, {"list", {3}}});
  EXPECT_EQ(base["a"], 1);
  EXPECT_EQ(base["b"], 2);
  EXPECT_EQ(base["lines"]["1"]["username"], "u1");
  EXPECT_EQ(base["lines"]["1"]["password"], "q");
  EXPECT_EQ(base["lines"]["2"]["username"], "u2");
  EXPECT_EQ(base["list"], json({3}));
}

TEST_F(ConfigsTest, EffectiveConfigMergesParentsInOrderThenSelf) {
  ASSERT_TRUE(create({{"id", "base"}, {"raw_config", {{"ntp_ip", "192.0.2.1"}, {"locale", "en_US"}}}}).ok());
  ASSERT_TRUE(create({{"id", "site"},
                      {"parent_ids", {"base"}},
                      {"raw_config", {{"locale", "fr_FR"}, {"timezone", "Europe/Paris"}}}})
                  .ok());
  ASSERT_TRUE(create({{"id", "vlan"}, {"raw_config", {{"vlan_enabled", true}, {"timezone", "UTC"}}}}).ok());
  ASSERT_TRUE(create({{"id", "dev"},
                      {"parent_ids", {"site", "vlan"}},
                      {"raw_config", {{"sip_lines", {{"1", {{"username", "100"}, {"password", "secret"}}}}}}}})
                  .ok());
  ReadTxn txn = store.read();
  auto effective = configs.effective_raw_config(txn, "dev");
  ASSERT_TRUE(effective.ok());
  EXPECT_EQ((*effective)["ntp_ip"], "192.0.2.1");  // from the grandparent
  EXPECT_EQ((*effective)["locale"], "fr_FR");      // the parent overrides the grandparent
  EXPECT_EQ((*effective)["timezone"], "UTC");      // the later parent wins
  EXPECT_EQ((*effective)["vlan_enabled"], true);
  EXPECT_EQ((*effective)["sip_lines"]["1"]["username"], "100");
  EXPECT_FALSE(configs.effective_raw_config(txn, "nope").ok());
}

TEST_F(ConfigsTest, CyclesAreRejected) {
  ASSERT_TRUE(create({{"id", "a"}, {"raw_config", json::object()}}).ok());
  ASSERT_TRUE(create({{"id", "b"}, {"parent_ids", {"a"}}, {"raw_config", json::object()}}).ok());
  auto self = create({{"id", "c"}, {"parent_ids", {"c"}}, {"raw_config", json::object()}});
  ASSERT_FALSE(self.ok());
  EXPECT_EQ(self.error().code, "cycle");
  WriteTxn txn = store.write();
  auto loop = configs.update(txn, {{"id", "a"}, {"parent_ids", {"b"}}, {"raw_config", json::object()}});
  ASSERT_FALSE(loop.ok());
  EXPECT_EQ(loop.error().code, "cycle");
}

TEST_F(ConfigsTest, UnknownParentAndBadDocumentsAreRejected) {
  auto orphan = create({{"id", "x"}, {"parent_ids", {"ghost"}}, {"raw_config", json::object()}});
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, "unknown_parent");
  auto bad_role = create({{"id", "y"}, {"role", "boss"}, {"raw_config", json::object()}});
  ASSERT_FALSE(bad_role.ok());
  EXPECT_EQ(bad_role.error().code, "invalid_document");
  auto bad_raw = create({{"id", "z"}, {"raw_config", {{"vlan_id", 5000}}}});
  ASSERT_FALSE(bad_raw.ok());
  EXPECT_NE(bad_raw.error().message.find("vlan_id"), std::string::npos) << bad_raw.error().message;
}

TEST_F(ConfigsTest, RemoveRefusesConfigsInUse) {
  ASSERT_TRUE(create({{"id", "base"}, {"raw_config", json::object()}}).ok());
  ASSERT_TRUE(create({{"id", "child"}, {"parent_ids", {"base"}}, {"raw_config", json::object()}}).ok());
  {
    WriteTxn txn = store.write();
    ASSERT_TRUE(Devices(store).create(txn, {{"id", "d1"}, {"config", "child"}}).ok());
    txn.commit();
  }
  WriteTxn txn = store.write();
  auto parent = configs.remove(txn, "base");
  ASSERT_FALSE(parent.ok());
  EXPECT_EQ(parent.error().code, "in_use");
  auto used = configs.remove(txn, "child");
  ASSERT_FALSE(used.ok());
  EXPECT_EQ(used.error().code, "in_use");
  ASSERT_TRUE(Devices(store).remove(txn, "d1"));
  EXPECT_TRUE(configs.remove(txn, "child").ok());
  EXPECT_TRUE(configs.remove(txn, "base").ok());
  EXPECT_EQ(configs.remove(txn, "base").error().code, "not_found");
}

TEST_F(ConfigsTest, FindByRole) {
  ASSERT_TRUE(create({{"id", "default"}, {"role", "default"}, {"raw_config", json::object()}}).ok());
  ASSERT_TRUE(create({{"id", "auto"}, {"role", "autocreate"}, {"raw_config", json::object()}}).ok());
  ReadTxn txn = store.read();
  EXPECT_EQ((*configs.find_by_role(txn, "autocreate"))["id"], "auto");
  EXPECT_EQ((*configs.find_by_role(txn, "default"))["id"], "default");
  EXPECT_EQ(configs.list(txn).size(), 2u);
}

}  // namespace
}  // namespace provd::store

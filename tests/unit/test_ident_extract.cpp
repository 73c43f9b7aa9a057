// Extraction: standard extractors, plugin rules, MAC normalisation, deterministic conflict
// resolution, and hostile input that must neither crash nor identify anything.
#include <gtest/gtest.h>

#include "config/loader.h"
#include "ident/extract.h"
#include "ident/retrieve.h"
#include "store/devices.h"
#include "support_temp_dir.h"

namespace provd::ident {
namespace {

using nlohmann::json;

class ExtractTest : public ::testing::Test {
 protected:
  plugins::PluginSet plugins = plugins::PluginSet::load(PROVD_SOURCE_DIR "/plugins");
  std::vector<std::string> stages = config::default_settings().pipeline.extract;

  Extraction http(std::string ua, std::string path, std::string query = "") {
    Inputs in;
    in.channel = Channel::kHttp;
    in.source_ip = "192.0.2.10";
    in.user_agent = std::move(ua);
    in.path = std::move(path);
    in.query = std::move(query);
    return extract(in, plugins, stages);
  }
};

TEST_F(ExtractTest, UserAgentGivesEveryFieldWithProvenance) {
  auto x = http("Aastra6730i MAC:00-08-5D-23-73-01 V:3.2.2.1136-SIP", "/6730i.st");
  EXPECT_EQ(x.info.value("mac"), "00:08:5d:23:73:01");
  EXPECT_EQ(x.info.value("model"), "6730i");
  EXPECT_EQ(x.info.value("version"), "3.2.2.1136");
  EXPECT_EQ(x.info.value("vendor"), "Aastra");
  EXPECT_EQ(x.info.value("ip"), "192.0.2.10");
  EXPECT_EQ(x.info.fields.at("ip").source, "standard");
  // Both Aastra versions agree: no conflict, the smaller id is the provenance.
  EXPECT_EQ(x.info.fields.at("mac").source, "aastra-2.6.0.2019");
  EXPECT_EQ(x.info.fields.at("mac").rule, "ua-aastra");
  EXPECT_EQ(x.why.dump().find("conflict"), std::string::npos);
}

TEST_F(ExtractTest, QueryParameterMacInAnySpelling) {
  for (const char* query : {"mac=00085D237301", "x=1&MAC=00-08-5d-23-73-01", "macaddress=0008.5d23.7301",
                            "mac=00%3A08%3A5d%3A23%3A73%3A01"}) {
    auto x = http("curl/8", "/any", query);
    EXPECT_EQ(x.info.value("mac"), "00:08:5d:23:73:01") << query;
  }
  EXPECT_FALSE(http("curl/8", "/any", "mac=000000000000").info.value("mac")) << "placeholder MAC";
  EXPECT_FALSE(http("curl/8", "/any", "mac=nonsense").info.value("mac"));
  EXPECT_EQ(http("curl/8", "/jitsi", "uuid=6f1c2d3e-4a5b").info.value("uuid"), "6f1c2d3e-4a5b");
}

TEST_F(ExtractTest, ConflictsAreResolvedDeterministicallyAndExplained) {
  // The User-Agent (3 captured fields) beats the path rule (1) for the MAC.
  auto x = http("Yealink SIP-T31G 124.85.257.55 80:5e:c0:d5:7d:72", "/001565000001.cfg");
  EXPECT_EQ(x.info.value("mac"), "80:5e:c0:d5:7d:72");
  EXPECT_EQ(x.info.fields.at("mac").rule, "ua");
  EXPECT_NE(x.why.dump().find("\"conflict\":\"mac\""), std::string::npos);
  // Same input twice: same answer.
  EXPECT_EQ(http("Yealink SIP-T31G 124.85.257.55 80:5e:c0:d5:7d:72", "/001565000001.cfg").why, x.why);
}

TEST_F(ExtractTest, StagesAreConfigurable) {
  stages = {"plugin_rules"};
  auto x = http("Aastra6730i MAC:00-08-5D-23-73-01 V:3.2.2.1136-SIP", "/", "mac=001565000001");
  EXPECT_FALSE(x.info.value("ip"));
  EXPECT_EQ(x.info.value("mac"), "00:08:5d:23:73:01");
}

TEST_F(ExtractTest, HostileUserAgentsAreHandled) {
  std::vector<std::string> hostile;
  hostile.push_back(std::string(10 * 1024, 'A'));
  hostile.push_back("Yealink SIP-" + std::string(10 * 1024, 'T') + " 1.2.3.4 00:15:65:00:00:01");
  hostile.push_back("Aastra" + std::string(10 * 1024, '6') + " MAC:");
  std::string binary;
  for (int i = 0; i < 10 * 1024; ++i) binary.push_back(static_cast<char>(i * 7 % 256));
  hostile.push_back(binary);
  std::string bomb;  // shapes that make backtracking engines explode
  for (int i = 0; i < 4000; ++i) bomb += "a ";
  hostile.push_back("Yealink " + bomb + "!");
  hostile.push_back("Yealink SIP-" + std::string(5000, '0') + std::string(5000, '.'));
  hostile.push_back(std::string("Aastra6730i MAC:00-08-5D-23-73-01 V:3.2\x00\xff-SIP", 44));
  for (const auto& ua : hostile) {
    auto x = http(ua, "/" + std::string(4096, 'x'), std::string(8192, '&'));
    EXPECT_FALSE(x.info.value("mac"));
    (void)x.why.dump(-1, ' ', false, json::error_handler_t::replace);  // explanations stay printable
  }
  // A value with control bytes is dropped (and explained), never stored.
  auto x = http("curl/8", "/", "uuid=ab%01cd");
  EXPECT_FALSE(x.info.value("uuid"));
  EXPECT_NE(x.why.dump().find("control or non-ASCII"), std::string::npos);
}

TEST(Retrieve, MacBeatsSerialBeatsIp) {
  test::TempDir dir;
  store::Store store(dir.path());
  store::Devices devices(store);
  {
    store::WriteTxn txn = store.write();
    ASSERT_TRUE(devices.create(txn, {{"id", "m"}, {"mac", "00:15:65:00:00:01"}}));
    ASSERT_TRUE(devices.create(txn, {{"id", "s"}, {"sn", "SN1"}}));
    ASSERT_TRUE(devices.create(txn, {{"id", "i"}, {"ip", "192.0.2.9"}, {"vendor", "Yealink"}}));
    txn.commit();
  }
  const auto stages = config::default_settings().pipeline.retrieve;
  auto find = [&](DeviceInfo info) {
    store::ReadTxn txn = store.read();
    json why = json::array();
    auto r = retrieve(store, txn, info, stages, why);
    return r.device ? (*r.device)["id"].get<std::string>() + "/" + r.by : std::string("none");
  };
  DeviceInfo all;
  all.fields["mac"] = {"00:15:65:00:00:01", "t", "t"};
  all.fields["sn"] = {"SN1", "t", "t"};
  all.fields["ip"] = {"192.0.2.9", "t", "t"};
  all.fields["vendor"] = {"Yealink", "t", "t"};
  EXPECT_EQ(find(all), "m/mac");
  DeviceInfo no_mac = all;
  no_mac.fields.erase("mac");
  EXPECT_EQ(find(no_mac), "s/sn");
  DeviceInfo ip_only = no_mac;
  ip_only.fields.erase("sn");
  EXPECT_EQ(find(ip_only), "i/ip_last_known");
  DeviceInfo unrecognised = ip_only;
  unrecognised.fields.erase("vendor");
  EXPECT_EQ(find(unrecognised), "none") << "the last known IP alone never identifies an unrecognised request";
  DeviceInfo other_vendor = ip_only;
  other_vendor.fields["vendor"] = {"Cisco", "t", "t"};
  EXPECT_EQ(find(other_vendor), "none");
}

}  // namespace
}  // namespace provd::ident

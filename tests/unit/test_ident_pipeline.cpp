// The pipeline end to end against a real LMDB store and the bundled plugins: retrieve order,
// update (creation, association, configs), routing with sensitive-file refusals, the cache.
#include <algorithm>
#include <future>
#include <thread>

#include "ident/extract.h"
#include "ident/pipeline_handler.h"
#include "ident/retrieve.h"
#include "ident/update.h"
#include "support_pipeline.h"

namespace provd::ident {
namespace {

using nlohmann::json;
using Status = serve::Answer::Status;

constexpr const char* kUa6730iA = "Aastra6730i MAC:00-08-5D-11-22-33 V:3.2.2.1136-SIP";
constexpr const char* kUa6730iB = "Aastra6730i MAC:00-08-5D-44-55-66 V:3.2.2.1136-SIP";

class PipelineTest : public test::PipelineFixture {};

TEST_F(PipelineTest, SeedScenarioTwoVersionsOfOnePluginServeTheirOwnFile) {
  add_device({{"mac", "00:08:5d:11:22:33"}, {"plugin", "aastra-2.6.0.2019"}});
  add_device({{"mac", "00:08:5d:44:55:66"}, {"plugin", "aastra-3.2.0.1011"}});
  auto a = http(kUa6730iA, "/6730i.st", "127.0.0.1");
  auto b = http(kUa6730iB, "/6730i.st", "127.0.0.1");
  ASSERT_EQ(a.answer.status, Status::kOk);
  ASSERT_EQ(b.answer.status, Status::kOk);
  EXPECT_NE(body(a.answer).find("aastra-2.6.0.2019"), std::string::npos);
  EXPECT_NE(body(b.answer).find("aastra-3.2.0.1011"), std::string::npos);
  EXPECT_EQ(a.route, "static:6730i.st");
  // A browser from the same address reveals nothing a plugin recognises: not found.
  auto browser = http("Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0", "/6730i.st", "127.0.0.1");
  EXPECT_EQ(browser.answer.status, Status::kNotFound);
  EXPECT_FALSE(browser.device);
}

TEST_F(PipelineTest, UnknownDeviceIsCreatedAssociatedConfiguredAndServed) {
  add_config({{"id", "autoprov"},
              {"role", "autocreate"},
              {"raw_config", {{"sip_lines", {{"1", {{"username", "guest"}, {"password", "s3cret"}}}}}}}});
  auto out = http("Yealink SIP-T31G 124.85.257.55 80:5e:c0:d5:7d:72", "/805ec0d57d72.cfg");
  ASSERT_EQ(out.answer.status, Status::kOk);
  EXPECT_TRUE(out.created);
  EXPECT_EQ(out.route, "device:805ec0d57d72.cfg");
  auto device = device_by_mac("80:5e:c0:d5:7d:72");
  ASSERT_TRUE(device);
  EXPECT_EQ((*device)["added"], "auto");
  EXPECT_EQ((*device)["plugin"], "yealink-87.0");
  EXPECT_EQ((*device)["vendor"], "Yealink");
  EXPECT_EQ((*device)["model"], "T31G");
  EXPECT_EQ((*device)["version"], "124.85.257.55");
  EXPECT_EQ((*device)["ip"], "192.0.2.10");
  ASSERT_TRUE(device->contains("config"));
  EXPECT_NE((*device)["config"], "autoprov") << "autocreate is cloned, not shared";
  store::ReadTxn txn = store.read();
  auto clone = store::Configs(store).get(txn, (*device)["config"].get<std::string>());
  ASSERT_TRUE(clone);
  EXPECT_EQ((*clone)["raw_config"]["sip_lines"]["1"]["username"], "guest");
  EXPECT_FALSE(clone->contains("role"));
  EXPECT_NE(body(out.answer).find("account.1.password = s3cret"), std::string::npos) << body(out.answer);
}

TEST_F(PipelineTest, DefaultConfigIsSharedWhenNoAutocreateConfigExists) {
  add_config({{"id", "base"}, {"role", "default"}, {"raw_config", json::object()}});
  http("Yealink SIP-T31G 124.85.257.55 80:5e:c0:d5:7d:72", "/805ec0d57d72.cfg");
  EXPECT_EQ((*device_by_mac("80:5e:c0:d5:7d:72"))["config"], "base");
}

TEST_F(PipelineTest, AutoCreateOffCreatesNothing) {
  settings.auto_create = false;
  auto out = http("Yealink SIP-T31G 124.85.257.55 80:5e:c0:d5:7d:72", "/805ec0d57d72.cfg");
  EXPECT_EQ(out.answer.status, Status::kNotFound);
  EXPECT_FALSE(device_by_mac("80:5e:c0:d5:7d:72"));
  store::ReadTxn txn = store.read();
  EXPECT_EQ(store::Devices(store).count(txn), 0u);
}

TEST_F(PipelineTest, AssociationTakesTheBestScoreAndBreaksTiesByVersion) {
  // Exact version match scores 3 and beats the newer plugin's vendor+model 2.
  http("Aastra6730i MAC:00-08-5D-11-22-33 V:2.6.0.2019-SIP", "/aastra.cfg");
  EXPECT_EQ((*device_by_mac("00:08:5d:11:22:33"))["plugin"], "aastra-2.6.0.2019");
  // vendor+model on both versions: a tie, the higher version wins.
  auto tie = http(kUa6730iB, "/aastra.cfg");
  EXPECT_EQ((*device_by_mac("00:08:5d:44:55:66"))["plugin"], "aastra-3.2.0.1011");
  EXPECT_NE(tie.why.dump().find("highest version"), std::string::npos);
  // A model only the newer plugin declares: 2 against 1, no tie.
  http("Aastra6739i MAC:00-08-5D-77-88-99 V:3.2.2.1136-SIP", "/aastra.cfg");
  EXPECT_EQ((*device_by_mac("00:08:5d:77:88:99"))["plugin"], "aastra-3.2.0.1011");
}

TEST_F(PipelineTest, BelowTheMinimumScoreNoPluginIsAssociated) {
  settings.min_association_score = 2;
  // 6863i is no declared model: vendor-only score 1 < 2.
  auto out = http("Aastra6863i MAC:00-08-5D-40-90-5F V:4.1.0.128-SIP", "/aastra.cfg");
  auto device = device_by_mac("00:08:5d:40:90:5f");
  ASSERT_TRUE(device);
  EXPECT_FALSE(device->contains("plugin"));
  EXPECT_EQ(out.answer.status, Status::kNotFound);
}

TEST_F(PipelineTest, RetrieveOrderIsMacThenSerialThenIp) {
  add_device({{"id", "by-mac"}, {"mac", "00:15:65:00:00:01"}, {"vendor", "Yealink"}});
  add_device({{"id", "by-ip"}, {"ip", "192.0.2.50"}, {"vendor", "Yealink"}});
  auto out = http("Yealink SIP-T31G 1.2.3.4 00:15:65:00:00:01", "/y000000000000.cfg", "192.0.2.50");
  ASSERT_TRUE(out.device);
  EXPECT_EQ((*out.device)["id"], "by-mac");
  // The IP moved to by-mac: by-ip lost it (no NAT).
  store::ReadTxn txn = store.read();
  EXPECT_FALSE(store::Devices(store).get(txn, "by-ip")->contains("ip"));
}

TEST_F(PipelineTest, NatModeKeepsTheIpOfOtherDevices) {
  settings.nat = true;
  add_device({{"id", "other"}, {"mac", "00:15:65:00:00:02"}, {"ip", "192.0.2.50"}});
  http("Yealink SIP-T31G 1.2.3.4 00:15:65:00:00:01", "/y000000000000.cfg", "192.0.2.50");
  store::ReadTxn txn = store.read();
  EXPECT_EQ((*store::Devices(store).get(txn, "other"))["ip"], "192.0.2.50");
}

TEST_F(PipelineTest, TftpOnlyPhoneIsFoundThroughItsLease) {
  add_device({{"id", "cisco"}, {"mac", "00:06:53:7b:84:ef"}, {"plugin", "cisco-sccp-1.0.0"}});
  add_lease("00:06:53:7b:84:ef", "192.0.2.77");
  auto out = tftp("OS79XX.TXT", "192.0.2.77");
  ASSERT_EQ(out.answer.status, Status::kOk);
  EXPECT_EQ((*out.device)["id"], "cisco");
  EXPECT_EQ(body(out.answer), "P0030801SR02\n");
  EXPECT_EQ(out.info.fields.at("mac").source, "lease");
}

TEST_F(PipelineTest, TwoDevicesOnOneIpWithoutLeaseIsAmbiguous) {
  settings.nat = true;  // keep both IPs in place
  add_device({{"id", "one"}, {"mac", "00:06:53:00:00:01"}, {"ip", "192.0.2.80"}, {"plugin", "cisco-sccp-1.0.0"}});
  add_device({{"id", "two"}, {"mac", "00:06:53:00:00:02"}, {"ip", "192.0.2.80"}, {"plugin", "cisco-sccp-1.0.0"}});
  settings.auto_create = false;
  auto out = tftp("OS79XX.TXT", "192.0.2.80");
  EXPECT_FALSE(out.device);
  EXPECT_EQ(out.answer.status, Status::kNotFound);
  EXPECT_NE(out.why.dump().find("ambiguous"), std::string::npos);
  // A lease decides.
  add_lease("00:06:53:00:00:02", "192.0.2.80");
  pipeline.reset();
  out = tftp("OS79XX.TXT", "192.0.2.80");
  ASSERT_TRUE(out.device);
  EXPECT_EQ((*out.device)["id"], "two");
}

TEST_F(PipelineTest, SensitiveFileOfAnotherDeviceIsRefused) {
  add_device({{"mac", "00:08:5d:11:22:33"}, {"plugin", "aastra-3.2.0.1011"}});
  add_device({{"mac", "00:08:5d:44:55:66"}, {"plugin", "aastra-3.2.0.1011"}});
  // Its own file: served.
  EXPECT_EQ(http(kUa6730iA, "/00085D112233.cfg").answer.status, Status::kOk);
  // A guessed MAC in the path: refused.
  auto guessed = http(kUa6730iA, "/00085D445566.cfg");
  EXPECT_EQ(guessed.answer.status, Status::kForbidden);
  EXPECT_EQ(guessed.answer.reason, "other_device");
}

TEST_F(PipelineTest, SensitiveFileFromAnIpLeasedToAnotherMacIsRefused) {
  add_device({{"mac", "00:08:5d:11:22:33"}, {"plugin", "aastra-3.2.0.1011"}});
  add_lease("00:08:5d:99:99:99", "192.0.2.66");
  auto out = http("", "/00085D112233.cfg", "192.0.2.66");
  EXPECT_EQ(out.answer.status, Status::kForbidden);
  // Its own lease on another IP than the request's: refused as well.
  add_lease("00:08:5d:11:22:33", "192.0.2.67");
  pipeline.reset();
  out = http(kUa6730iA, "/00085D112233.cfg", "192.0.2.68");
  EXPECT_EQ(out.answer.status, Status::kForbidden);
  EXPECT_EQ(out.answer.reason, "lease_ip_mismatch");
  // From the leased IP: served.
  EXPECT_EQ(http(kUa6730iA, "/00085D112233.cfg", "192.0.2.67").answer.status, Status::kOk);
}

TEST_F(PipelineTest, CommonAndStaticFilesAndTraversal) {
  add_device({{"mac", "00:08:5d:11:22:33"}, {"plugin", "aastra-2.6.0.2019"}});
  auto common = http(kUa6730iA, "/Aastra/aastra.cfg");
  ASSERT_EQ(common.answer.status, Status::kOk);
  EXPECT_NE(body(common.answer).find("aastra-2.6.0.2019"), std::string::npos);
  EXPECT_EQ(http(kUa6730iA, "/nothing.here").answer.status, Status::kNotFound);
  EXPECT_NE(http(kUa6730iA, "/../plugin.json").answer.status, Status::kOk);
  EXPECT_NE(http(kUa6730iA, "/../../aastra-3.2.0.1011/var/tftpboot/6730i.st").answer.status, Status::kOk);
}

TEST_F(PipelineTest, GeneratedFilesFollowDeviceAndConfigChanges) {
  add_config({{"id", "site"}, {"raw_config", {{"sip_lines", {{"1", {{"username", "alice"}}}}}}}});
  add_device({{"id", "phone"}, {"mac", "00:08:5d:11:22:33"}, {"plugin", "aastra-3.2.0.1011"}, {"config", "site"}});
  auto first = http(kUa6730iA, "/00085D112233.cfg");
  ASSERT_EQ(first.answer.status, Status::kOk);
  EXPECT_NE(body(first.answer).find("user name: alice"), std::string::npos);
  auto again = http(kUa6730iA, "/00085D112233.cfg");
  EXPECT_EQ(body(again.answer), body(first.answer));
  EXPECT_EQ(pipe().cache().hits(), 1u);
  put_config({{"id", "site"}, {"raw_config", {{"sip_lines", {{"1", {{"username", "bob"}}}}}}}});
  auto after_config = http(kUa6730iA, "/00085D112233.cfg");
  EXPECT_NE(body(after_config.answer).find("user name: bob"), std::string::npos);
  auto device = *device_by_mac("00:08:5d:11:22:33");
  device["description"] = "front desk";
  device["model"] = "6731i";
  put_device(device);
  auto after_device = http(kUa6730iA, "/00085D112233.cfg");
  EXPECT_NE(body(after_device.answer).find("Aastra 6731i"), std::string::npos) << body(after_device.answer);
  EXPECT_EQ(pipe().cache().hits(), 1u) << "every change made a new cache key";
}

TEST_F(PipelineTest, DryRunNeverWritesTheStore) {
  Inputs in;
  in.channel = Channel::kHttp;
  in.source_ip = "192.0.2.10";
  in.user_agent = "Yealink SIP-T31G 124.85.257.55 80:5e:c0:d5:7d:72";
  in.path = "/805ec0d57d72.cfg";
  auto out = pipe().run(in, RunMode::kDryRun);
  EXPECT_TRUE(out.created);
  EXPECT_EQ(out.plugin, "yealink-87.0");
  EXPECT_FALSE(device_by_mac("80:5e:c0:d5:7d:72"));
}

TEST_F(PipelineTest, KnownUnchangedDeviceIsServedWhileAnotherThreadHoldsTheWriterLock) {
  add_device({{"mac", "00:08:5d:11:22:33"}, {"plugin", "aastra-3.2.0.1011"}, {"ip", "192.0.2.10"}});
  ASSERT_EQ(http(kUa6730iA, "/6730i.st").answer.status, Status::kOk);  // settles version and config
  auto settled = device_by_mac("00:08:5d:11:22:33");
  ASSERT_TRUE(settled);
  std::optional<store::WriteTxn> lease_batch(store.write());  // as a lease batch in its fsync
  auto known = std::async(std::launch::async, [&] { return http(kUa6730iA, "/6730i.st"); });
  const auto status = known.wait_for(std::chrono::seconds(60));
  if (status != std::future_status::ready) lease_batch.reset();  // let the blocked run end before failing
  ASSERT_EQ(status, std::future_status::ready) << "a request that changes nothing must not wait for the writer lock";
  auto answer = known.get();
  EXPECT_EQ(answer.answer.status, Status::kOk);
  EXPECT_FALSE(answer.created);
  EXPECT_EQ(answer.device, settled);
  // A request that moves the device to a new IP writes: it goes through once the lock is free.
  auto moved = std::async(std::launch::async, [&] { return http(kUa6730iA, "/6730i.st", "192.0.2.99"); });
  lease_batch.reset();
  ASSERT_EQ(moved.wait_for(std::chrono::seconds(60)), std::future_status::ready);
  EXPECT_EQ(moved.get().answer.status, Status::kOk);
  EXPECT_EQ((*device_by_mac("00:08:5d:11:22:33"))["ip"], "192.0.2.99");
}

TEST_F(PipelineTest, HandlerAnswersOnTheBlockingPool) {
  add_device({{"mac", "00:08:5d:11:22:33"}, {"plugin", "aastra-3.2.0.1011"}});
  boost::asio::thread_pool blocking(1);
  auto shared = std::make_shared<Pipeline>(plugins, store, settings);
  PipelineHandler handler(shared, blocking);
  serve::Request request;
  request.protocol = serve::Protocol::kHttp;
  request.source_ip = "192.0.2.10";
  request.path = "/6730i.st";
  request.headers = {{"user-agent", kUa6730iA}};
  std::promise<serve::Answer> promise;
  auto future = promise.get_future();
  const auto caller = std::this_thread::get_id();
  std::thread::id answered_on;
  handler.async_handle(request, [&](serve::Answer answer) {
    answered_on = std::this_thread::get_id();
    promise.set_value(std::move(answer));
  });
  ASSERT_EQ(future.wait_for(std::chrono::seconds(60)), std::future_status::ready);
  const auto answer = future.get();
  EXPECT_EQ(answer.status, Status::kOk);
  EXPECT_NE(body(answer).find("aastra-3.2.0.1011"), std::string::npos);
  EXPECT_NE(answered_on, caller) << "the pipeline never runs on the calling (I/O) thread";
  blocking.join();
}

TEST_F(PipelineTest, StageNamesOfTheSettingsTableAreTheRegistries) {
  // The settings table validates names; the pipeline runs them: both lists must agree.
  for (const auto& name : settings.extract) {
    EXPECT_NE(std::find(extract_stage_names().begin(), extract_stage_names().end(), name), extract_stage_names().end());
  }
  for (const auto& name : settings.retrieve) {
    EXPECT_NE(std::find(retrieve_stage_names().begin(), retrieve_stage_names().end(), name),
              retrieve_stage_names().end());
  }
  EXPECT_EQ(settings.update, update_stage_names());
  auto parsed = config::parse_settings("pipeline:\n  retrieve: [mac, uuid]\n", "test.yaml");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->pipeline.retrieve, (std::vector<std::string>{"mac", "uuid"}));
  auto bad = config::parse_settings("pipeline:\n  retrieve: [mac, guess]\n", "test.yaml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("guess"), std::string::npos);
}

}  // namespace
}  // namespace provd::ident

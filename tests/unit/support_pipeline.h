// Test fixture for the identification pipeline: a fresh store, the bundled plugins, default
// pipeline settings, and helpers to seed devices, configs and leases and to read answers.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "config/loader.h"
#include "ident/pipeline.h"
#include "store/configs.h"
#include "store/devices.h"
#include "store/leases.h"
#include "support_temp_dir.h"

namespace provd::test {

class PipelineFixture : public ::testing::Test {
 protected:
  TempDir dir;
  store::Store store{dir.path()};
  std::shared_ptr<const plugins::PluginSet> plugins =
      std::make_shared<const plugins::PluginSet>(plugins::PluginSet::load(PROVD_SOURCE_DIR "/plugins"));
  config::PipelineSettings settings = config::default_settings().pipeline;
  std::unique_ptr<ident::Pipeline> pipeline;

  ident::Pipeline& pipe() {
    if (!pipeline) pipeline = std::make_unique<ident::Pipeline>(plugins, store, settings);
    return *pipeline;
  }

  ident::Outcome http(const std::string& user_agent, const std::string& path, const std::string& ip = "192.0.2.10") {
    ident::Inputs in;
    in.channel = ident::Channel::kHttp;
    in.source_ip = ip;
    if (!user_agent.empty()) in.user_agent = user_agent;
    in.path = path;
    if (auto q = in.path.find('?'); q != std::string::npos) {
      in.query = in.path.substr(q + 1);
      in.path.resize(q);
    }
    return pipe().run(in);
  }

  ident::Outcome tftp(const std::string& filename, const std::string& ip) {
    ident::Inputs in;
    in.channel = ident::Channel::kTftp;
    in.source_ip = ip;
    in.path = filename;
    return pipe().run(in);
  }

  nlohmann::json add_device(nlohmann::json doc) {
    store::WriteTxn txn = store.write();
    auto r = store::Devices(store).create(txn, std::move(doc));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    txn.commit();
    return r.ok() ? *r : nlohmann::json();
  }

  void put_device(nlohmann::json doc) {
    store::WriteTxn txn = store.write();
    auto r = store::Devices(store).update(txn, std::move(doc));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    txn.commit();
  }

  void add_config(nlohmann::json doc) {
    store::WriteTxn txn = store.write();
    auto r = store::Configs(store).create(txn, std::move(doc));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    txn.commit();
  }

  void put_config(nlohmann::json doc) {
    store::WriteTxn txn = store.write();
    auto r = store::Configs(store).update(txn, std::move(doc));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    txn.commit();
  }

  void add_lease(const std::string& mac, const std::string& ip) {
    store::WriteTxn txn = store.write();
    auto r = store::Leases(store).upsert(txn, {{"mac", mac}, {"ip", ip}, {"expires", 0}});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    txn.commit();
  }

  std::optional<nlohmann::json> device_by_mac(const std::string& mac) {
    store::ReadTxn txn = store.read();
    return store::Devices(store).find_by_mac(txn, mac);
  }

  /// The served bytes of an answer (memory or file).
  static std::string body(const serve::Answer& answer) {
    if (const auto* mem = std::get_if<serve::MemoryBody>(&answer.body)) return *mem->data;
    if (const auto* file = std::get_if<serve::FileBody>(&answer.body)) {
      std::string out(file->size, '\0');
      const ssize_t n = ::pread(file->fd.get(), out.data(), out.size(), 0);
      out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
      return out;
    }
    return {};
  }
};

}  // namespace provd::test

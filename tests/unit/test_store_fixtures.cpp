// Stores written by every earlier schema version (tests/fixtures/store-v<N>.dump, made with
// tests/tools/store_fixture_writer and mdb_dump) must open, migrate and keep their data.
#include <gtest/gtest.h>

#include <cstdlib>

#include <fmt/format.h>

#include "store/configs.h"
#include "store/devices.h"
#include "store/leases.h"
#include "support_temp_dir.h"

namespace provd::store {
namespace {

void load_fixture(int version, const std::filesystem::path& dir) {
  const std::string dump = fmt::format("{}/tests/fixtures/store-v{}.dump", PROVD_SOURCE_DIR, version);
  ASSERT_TRUE(std::filesystem::exists(dump)) << dump;
  const std::string command = fmt::format("mdb_load -f '{}' '{}'", dump, dir.string());
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

TEST(StoreFixtures, EveryOlderVersionOpensWithItsData) {
  for (int version = 1; version <= Store::kSchemaVersion; ++version) {
    SCOPED_TRACE(fmt::format("store-v{}", version));
    test::TempDir dir;
    load_fixture(version, dir.path());
    Store store(dir.path());
    EXPECT_EQ(store.schema_version(), Store::kSchemaVersion);
    ReadTxn txn = store.read();
    Devices devices(store);
    auto device = devices.find_by_mac(txn, "00:08:5d:23:73:01");
    ASSERT_TRUE(device);
    EXPECT_EQ((*device)["id"], "dev1");
    EXPECT_EQ(devices.find_by_ip(txn, "192.0.2.10").size(), 1u);
    EXPECT_EQ(devices.find_by_sn(txn, "SN-1").size(), 1u);
    auto effective = Configs(store).effective_raw_config(txn, "dev1");
    ASSERT_TRUE(effective.ok());
    EXPECT_EQ((*effective)["ntp_ip"], "192.0.2.1");
    EXPECT_EQ((*effective)["sip_lines"]["1"]["username"], "100");
    auto lease = Leases(store).by_ip(txn, "192.0.2.20");
    ASSERT_TRUE(lease);
    EXPECT_EQ((*lease)["mac"], "00:06:53:7b:84:ef");
  }
}

}  // namespace
}  // namespace provd::store

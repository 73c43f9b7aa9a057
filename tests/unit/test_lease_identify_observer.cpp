// The lease feed's identification from option 60 against a real LMDB store and the bundled
// plugins: a committed lease with a Cisco vendor class creates the device with its vendor,
// model, MAC and IP; a lease that moved meanwhile is not attributed to the wrong phone; the
// vendor class is read from text or hex; the queued path runs on the pool, not the caller.
#include <fmt/format.h>
#include <boost/asio/thread_pool.hpp>

#include "leases/identify_observer.h"
#include "support_pipeline.h"

namespace provd::leases {
namespace {

using nlohmann::json;

constexpr const char* kCisco7940 = "Cisco Systems, Inc. IP Phone CP-7940G";
constexpr const char* kMac = "00:06:53:7b:84:ef";

class IdentifyObserverTest : public test::PipelineFixture {
 protected:
  std::shared_ptr<ident::Pipeline> shared_pipeline() {
    return std::make_shared<ident::Pipeline>(plugins, store, settings);
  }

  static LeaseEvent commit(const std::string& mac, const std::string& ip, json options) {
    LeaseEvent event;
    event.boot = "b";
    event.seq = 1;
    event.mac = mac;
    event.ip = ip;
    event.options = std::move(options);
    return event;
  }
};

TEST_F(IdentifyObserverTest, OptionSixtyCreatesTheDeviceWithVendorModelMacAndIp) {
  add_lease(kMac, "192.0.2.50");
  boost::asio::thread_pool pool(1);
  IdentifyObserver observer(shared_pipeline(), store, pool);
  observer.identify(std::vector<IdentifyObserver::Lease>{{kMac, "192.0.2.50", kCisco7940}});
  auto device = device_by_mac(kMac);
  ASSERT_TRUE(device);
  EXPECT_EQ((*device)["vendor"], "Cisco");
  EXPECT_EQ((*device)["model"], "7940G");
  EXPECT_EQ((*device)["ip"], "192.0.2.50");
  EXPECT_EQ((*device)["plugin"], "cisco-sccp-1.0.0");
}

TEST_F(IdentifyObserverTest, ALeaseThatMovedToAnotherMacIsNotAttributedToIt) {
  add_lease("00:06:53:00:00:01", "192.0.2.51");  // the IP is another phone's by now
  boost::asio::thread_pool pool(1);
  IdentifyObserver observer(shared_pipeline(), store, pool);
  observer.identify(std::vector<IdentifyObserver::Lease>{{kMac, "192.0.2.51", kCisco7940}});
  EXPECT_FALSE(device_by_mac(kMac));
  EXPECT_FALSE(device_by_mac("00:06:53:00:00:01"));
}

TEST_F(IdentifyObserverTest, QueuedCommitsAreIdentifiedOnThePool) {
  add_lease(kMac, "192.0.2.52");
  add_lease("00:06:53:00:00:02", "192.0.2.53");
  boost::asio::thread_pool pool(1);
  auto observer = std::make_shared<IdentifyObserver>(shared_pipeline(), store, pool);
  observer->on_commit(commit(kMac, "192.0.2.52", {{"60", {{"hex", "00"}, {"text", kCisco7940}}}}));
  observer->on_commit(commit("00:06:53:00:00:02", "192.0.2.53", {{"12", {{"hex", "6869"}}}}));  // no option 60
  pool.join();
  auto device = device_by_mac(kMac);
  ASSERT_TRUE(device);
  EXPECT_EQ((*device)["model"], "7940G");
  EXPECT_FALSE(device_by_mac("00:06:53:00:00:02")) << "a lease without option 60 identifies nothing";
}

TEST_F(IdentifyObserverTest, ABatchOfNewPhonesIsOneCommitAndAPhoneTwiceIsCreatedOnce) {
  std::vector<IdentifyObserver::Lease> leases;
  for (int i = 0; i < 3; ++i) {
    const std::string mac = fmt::format("00:06:53:00:01:{:02x}", i);
    const std::string ip = fmt::format("192.0.2.{}", 60 + i);
    add_lease(mac, ip);
    leases.push_back({mac, ip, kCisco7940});
  }
  leases.push_back(leases.front());  // the first phone's renewal, in the same batch
  boost::asio::thread_pool pool(1);
  IdentifyObserver observer(shared_pipeline(), store, pool);
  const auto before = store.env().last_commit();
  observer.identify(leases);
  EXPECT_EQ(store.env().last_commit(), before + 1) << "the three new devices are written in one transaction";
  for (int i = 0; i < 3; ++i) {
    auto device = device_by_mac(fmt::format("00:06:53:00:01:{:02x}", i));
    ASSERT_TRUE(device) << i;
    EXPECT_EQ((*device)["model"], "7940G");
    EXPECT_EQ((*device)["ip"], fmt::format("192.0.2.{}", 60 + i));
  }
  store::ReadTxn txn = store.read();
  EXPECT_EQ(store::Devices(store).count(txn), 3U);
}

TEST_F(IdentifyObserverTest, KnownUnchangedPhonesWriteNothing) {
  add_lease(kMac, "192.0.2.70");
  boost::asio::thread_pool pool(1);
  IdentifyObserver observer(shared_pipeline(), store, pool);
  const std::vector<IdentifyObserver::Lease> lease{{kMac, "192.0.2.70", kCisco7940}};
  observer.identify(lease);
  const auto after_creation = store.env().last_commit();
  observer.identify(lease);
  EXPECT_EQ(store.env().last_commit(), after_creation) << "a renewal of a known phone takes no writer lock";
  EXPECT_TRUE(device_by_mac(kMac));
}

TEST(VendorClassOf, TextFirstThenHexBytesElseNothing) {
  LeaseEvent event;
  event.options = {{"60", {{"hex", "4369"}, {"text", "Ci"}}}};
  EXPECT_EQ(vendor_class_of(event), "Ci");
  event.options = {{"60", {{"hex", "4369736b6f"}}}};
  EXPECT_EQ(vendor_class_of(event), "Cisko");
  event.options = {{"60", {{"hex", "4"}}}};
  EXPECT_EQ(vendor_class_of(event), std::nullopt);
  event.options = {{"12", {{"hex", "41"}}}};
  EXPECT_EQ(vendor_class_of(event), std::nullopt);
}

}  // namespace
}  // namespace provd::leases

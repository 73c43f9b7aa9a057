// Test helper: writes COUNT devices into the store at STORE_DIR in one transaction, before
// provd starts (POSTing 10k devices one by one is slow under ASan). Devices alternate vendors
// and models so filters have something to select: vendor Aastra (even n) / Yealink (odd n),
// model 6730i (n % 4 == 0) or other.
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "store/devices.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: seed_devices STORE_DIR COUNT\n");
    return 2;
  }
  const unsigned long count = std::stoul(argv[2]);
  provd::store::Store store(argv[1]);
  provd::store::Devices devices(store);
  provd::store::WriteTxn txn = store.write();
  for (unsigned long n = 0; n < count; ++n) {
    nlohmann::json doc = {
        {"id", fmt::format("dev{:06}", n)},
        {"mac", fmt::format("02:00:00:{:02x}:{:02x}:{:02x}", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff)},
        {"vendor", n % 2 == 0 ? "Aastra" : "Yealink"},
        {"model", n % 4 == 0 ? "6730i" : "T46S"},
        {"added", "manual"}};
    auto created = devices.create(txn, std::move(doc));
    if (!created) {
      std::fprintf(stderr, "seed_devices: %s\n", created.error().message.c_str());
      return 1;
    }
  }
  txn.commit();
  std::printf("%lu\n", count);
  return 0;
}

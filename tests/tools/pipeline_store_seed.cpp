// Test helper: writes documents into a provd store before a system test sends requests.
//   pipeline_store_seed STORE_DIR device|config|lease JSON
// Prints the stored document. Exit 1 when the store refuses it (with the reason on stderr).
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "store/configs.h"
#include "store/devices.h"
#include "store/leases.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: pipeline_store_seed STORE_DIR device|config|lease JSON\n");
    return 2;
  }
  const std::string kind = argv[2];
  auto doc = nlohmann::json::parse(argv[3], nullptr, false);
  if (doc.is_discarded()) {
    std::fprintf(stderr, "pipeline_store_seed: not JSON: %s\n", argv[3]);
    return 2;
  }
  provd::store::Store store(argv[1]);
  provd::store::WriteTxn txn = store.write();
  provd::Result<nlohmann::json> stored = provd::fail("usage", "unknown kind " + kind);
  if (kind == "device") {
    stored = provd::store::Devices(store).create(txn, doc);
  } else if (kind == "config") {
    stored = provd::store::Configs(store).create(txn, doc);
  } else if (kind == "lease") {
    stored = provd::store::Leases(store).upsert(txn, doc);
  }
  if (!stored) {
    std::fprintf(stderr, "pipeline_store_seed: %s\n", stored.error().message.c_str());
    return 1;
  }
  txn.commit();
  std::printf("%s\n", stored->dump().c_str());
  return 0;
}

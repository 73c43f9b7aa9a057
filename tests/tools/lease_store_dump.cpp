// Test helper: prints every lease of the store at argv[1], one JSON document per line, and the
// last applied seq of a hook boot when argv[2] names one. System tests use it after killing
// provd to check what was durably committed.
#include <cstdio>
#include <iostream>

#include "leases/lease_applier.h"
#include "store/leases.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: lease_store_dump STORE_DIR [BOOT]\n");
    return 2;
  }
  provd::store::Store store(argv[1]);
  provd::store::ReadTxn txn = store.read();
  for (const auto& lease : provd::store::Leases(store).list(txn)) std::cout << lease.dump() << "\n";
  if (argc == 3) {
    auto seq = provd::leases::LeaseApplier(store).last_seq(txn, argv[2]);
    std::cout << "last_seq " << (seq ? *seq : 0) << "\n";
  }
  return 0;
}

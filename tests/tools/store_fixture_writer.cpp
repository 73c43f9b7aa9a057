// Writes the sample store that tests/fixtures/store-v<N>.dump is made from, so the fixture of
// each schema version can be regenerated the day that version is current:
//   store_fixture_writer DIR && mdb_dump -a -p DIR > tests/fixtures/store-v1.dump
#include <cstdio>

#include "store/configs.h"
#include "store/devices.h"
#include "store/leases.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: store_fixture_writer DIR\n");
    return 2;
  }
  provd::store::Store store(argv[1]);
  provd::store::WriteTxn txn = store.write();
  bool ok = provd::store::Configs(store)
                .create(txn, {{"id", "base"}, {"role", "default"}, {"raw_config", {{"ntp_ip", "192.0.2.1"}}}})
                .ok();
  ok = ok && provd::store::Configs(store)
                 .create(txn, {{"id", "dev1"},
                               {"parent_ids", {"base"}},
                               {"raw_config", {{"sip_lines", {{"1", {{"username", "100"}}}}}}}})
                 .ok();
  ok = ok && provd::store::Devices(store)
                 .create(txn, {{"id", "dev1"},
                               {"mac", "00:08:5d:23:73:01"},
                               {"ip", "192.0.2.10"},
                               {"sn", "SN-1"},
                               {"vendor", "Aastra"},
                               {"model", "6730i"},
                               {"config", "dev1"},
                               {"added", "manual"}})
                 .ok();
  ok = ok && provd::store::Leases(store)
                 .upsert(txn, {{"mac", "00:06:53:7b:84:ef"}, {"ip", "192.0.2.20"}, {"expires", 0}})
                 .ok();
  if (!ok) return 1;
  txn.commit();
  return 0;
}

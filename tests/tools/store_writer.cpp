// Test helper for the crash-safety test: writes devices into the store at argv[1] in a loop,
// one transaction each, and prints each id only after its commit returned. The test kills it
// with SIGKILL at a random moment and checks that every printed id survived.
#include <unistd.h>

#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "store/devices.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: store_writer STORE_DIR ROUND(0-255)\n");
    return 2;
  }
  const unsigned round = static_cast<unsigned>(std::stoul(argv[2])) & 0xffu;
  provd::store::Store store(argv[1]);
  provd::store::Devices devices(store);
  for (unsigned long n = 0;; ++n) {
    const std::string id = fmt::format("r{}-{}", round, n);
    provd::store::WriteTxn txn = store.write();
    auto created =
        devices.create(txn, {{"id", id},
                             {"mac", fmt::format("02:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", round, (n >> 24) & 0xff,
                                                 (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff)}});
    if (!created) {
      std::fprintf(stderr, "store_writer: %s\n", created.error().message.c_str());
      return 1;
    }
    txn.commit();
    const std::string line = id + "\n";
    if (::write(STDOUT_FILENO, line.data(), line.size()) != static_cast<ssize_t>(line.size())) return 1;
  }
}

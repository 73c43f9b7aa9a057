// Kea's logging must be initialised before any hook code logs.
#include <gtest/gtest.h>
#include <log/logger_support.h>

#include <cstdlib>

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::setenv("KEA_LOCKFILE_DIR", "none", 0);  // no interprocess lock under /var/run/kea
  isc::log::initLogger("kea_hook_tests", isc::log::WARN, 0, nullptr, false);
  return RUN_ALL_TESTS();
}

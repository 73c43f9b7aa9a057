// A Kea hook with the provd hook's callouts (kea-hook/provd_callouts.cpp), each returning at
// once: what Kea itself spends on calling out (callout handles, arguments, a stopwatch per call,
// option copies) before the provd hook's own code runs. Used only as the reference point of
// tests/bench/leases-hook (which checks that both export the same callouts) and
// tests/bench/leases-hook-instructions. leases4_committed, which the hook registers only with
// commit-hook-point leases4_committed, is not here.
#include <hooks/hooks.h>

using isc::hooks::CalloutHandle;
using isc::hooks::LibraryHandle;

extern "C" {

int version() {
  return KEA_HOOKS_VERSION;
}

int load(LibraryHandle& /*handle*/) {
  return 0;
}

int unload() {
  return 0;
}

int multi_threading_compatible() {
  return 1;
}

int lease4_release(CalloutHandle& /*handle*/) {
  return 0;
}

int lease4_decline(CalloutHandle& /*handle*/) {
  return 0;
}

int lease4_expire(CalloutHandle& /*handle*/) {
  return 0;
}

int lease4_recover(CalloutHandle& /*handle*/) {
  return 0;
}

int lease4_select(CalloutHandle& /*handle*/) {
  return 0;
}

int lease4_renew(CalloutHandle& /*handle*/) {
  return 0;
}

}  // extern "C"

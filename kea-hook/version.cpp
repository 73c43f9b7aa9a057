// The hooks API version this library was built against; Kea refuses a mismatch.
#include <hooks/hooks.h>

extern "C" {

int version() {
  return KEA_HOOKS_VERSION;
}

}  // extern "C"

#pragma once

#include <string>

namespace provd {

/// A new 128-bit random identifier as 32 lower-case hex digits (from the kernel's CSPRNG).
std::string random_id();

}  // namespace provd

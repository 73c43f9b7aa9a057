#include "common/random_id.h"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

#include <fmt/format.h>

namespace provd {

std::string random_id() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed: no entropy for identifiers");
  }
  std::string out;
  out.reserve(32);
  for (unsigned char b : bytes) fmt::format_to(std::back_inserter(out), "{:02x}", b);
  return out;
}

}  // namespace provd

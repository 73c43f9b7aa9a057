#include "plugins/digest.h"

#include <openssl/evp.h>

#include <array>
#include <span>
#include <stdexcept>

#include "common/hex.h"

namespace provd::plugins {

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("EVP_Digest(sha256) failed");
  }
  return hex_from_bytes(std::span(digest.data(), length));
}

}  // namespace provd::plugins

#include "common/random_id.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <system_error>

#include "common/hex.h"

namespace provd {

std::string random_id() {
  // getrandom(2) is the kernel's CSPRNG in one call. OpenSSL 3's RAND_bytes cost ~3 us a call
  // here (locks and DRBG layers), a tenth of a new device's cost when a storm of new phones
  // creates thousands of devices a second.
  std::array<unsigned char, 16> bytes{};
  std::size_t filled = 0;
  while (filled < bytes.size()) {
    const ssize_t got = ::getrandom(bytes.data() + filled, bytes.size() - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::system_category(), "getrandom: no entropy for identifiers");
    }
    filled += static_cast<std::size_t>(got);
  }
  return hex_from_bytes(bytes);
}

}  // namespace provd

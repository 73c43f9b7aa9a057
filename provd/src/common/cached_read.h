// Reading only what the page cache already holds: preadv2(2) with RWF_NOWAIT never waits for
// the disk, so an I/O thread may call it and leave the rest to the blocking pool.
#pragma once

#include <sys/uio.h>

#include <cerrno>
#include <cstdint>
#include <span>

namespace provd {

/// Reads into `parts` at `offset` as far as the page cache holds the bytes; the count read
/// (short where the cache stops, 0 at the end of the file) or -errno: EAGAIN when nothing is
/// cached, EOPNOTSUPP when the file system cannot tell.
inline std::int64_t preadv_cached(int fd, std::span<const iovec> parts, std::uint64_t offset) {
  ssize_t n = 0;
  do {
    n = ::preadv2(fd, parts.data(), static_cast<int>(parts.size()), static_cast<off_t>(offset), RWF_NOWAIT);
  } while (n < 0 && errno == EINTR);
  return n < 0 ? -errno : n;
}

}  // namespace provd

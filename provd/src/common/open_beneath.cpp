#include "common/open_beneath.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

namespace provd {

Result<UniqueFd> open_root(const std::string& path) {
  int fd = ::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return fail("not_found", fmt::format("cannot open directory {}: {}", path, std::strerror(errno)));
  return UniqueFd(fd);
}

Result<UniqueFd> open_beneath(int root_fd, std::string_view relative, struct stat* status) {
  // A NUL would silently truncate the path the kernel sees: refuse it instead.
  if (relative.find('\0') != std::string_view::npos) return fail("forbidden", "path contains a NUL byte");
  std::string path(relative);
  while (!path.empty() && path.front() == '/') path.erase(0, 1);  // network paths are root-relative
  if (path.empty()) return fail("not_found", "empty path");

  open_how how{};
  how.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  long fd = ::syscall(SYS_openat2, root_fd, path.c_str(), &how, sizeof(how));
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) return fail("not_found", fmt::format("no file {}", path));
    if (err == EXDEV || err == ELOOP || err == EACCES || err == EPERM) {
      return fail("forbidden", fmt::format("path {} leaves its root or is not accessible", path));
    }
    return fail("io", fmt::format("cannot open {}: {}", path, std::strerror(err)));
  }
  UniqueFd file(static_cast<int>(fd));
  struct stat st {};
  if (::fstat(file.get(), &st) != 0) return fail("io", fmt::format("cannot stat {}: {}", path, std::strerror(errno)));
  // Directories, FIFOs and devices are never served: a FIFO would block a reader forever.
  if (!S_ISREG(st.st_mode)) return fail("forbidden", fmt::format("{} is not a regular file", path));
  if (status != nullptr) *status = st;
  // O_NONBLOCK only protected the open itself; regular-file reads ignore it anyway.
  return file;
}

}  // namespace provd

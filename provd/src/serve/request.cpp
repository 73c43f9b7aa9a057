#include "serve/request.h"

#include <sys/stat.h>

#include <fmt/format.h>

namespace provd::serve {

Answer Answer::file(UniqueFd file, const struct stat& status) {
  Answer a;
  a.status = Status::kOk;
  a.modified = std::chrono::system_clock::time_point(std::chrono::seconds(status.st_mtim.tv_sec));
  // Inode, size and mtime identify a version of a static file well enough for conditional requests.
  a.etag = fmt::format("{:x}-{:x}-{:x}", status.st_ino, status.st_size, status.st_mtim.tv_sec);
  a.body = FileBody{std::move(file), static_cast<std::uint64_t>(status.st_size)};
  return a;
}

}  // namespace provd::serve

#include "serve/request.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

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

std::string_view to_string(Answer::Status status) {
  switch (status) {
    case Answer::Status::kOk:
      return "ok";
    case Answer::Status::kNotFound:
      return "not_found";
    case Answer::Status::kForbidden:
      return "forbidden";
    case Answer::Status::kUnavailable:
      return "unavailable";
  }
  return "?";
}

void inline_small_file(Answer& answer) {
  auto* file = std::get_if<FileBody>(&answer.body);
  if (file == nullptr || file->size > kInlineFileBytes) return;
  auto content = std::make_shared<std::string>(static_cast<std::size_t>(file->size), '\0');
  std::size_t done = 0;
  while (done < content->size()) {
    const ssize_t n = ::pread(file->fd.get(), content->data() + done, content->size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
  answer.body = MemoryBody{std::move(content)};
}

}  // namespace provd::serve

#include "plugins/staging.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace provd::plugins {

StagingDir::StagingDir(const std::filesystem::path& parent) {
  std::filesystem::create_directories(parent);
  std::string pattern = (parent / ".staging-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error(
        fmt::format("cannot create a staging directory in {}: {}", parent.string(), std::strerror(errno)));
  }
  path_ = pattern;
}

StagingDir::~StagingDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
  if (ec) spdlog::error("event=plugins.staging_left dir=\"{}\" error=\"{}\"", path_.string(), ec.message());
}

void remove_stale_staging(const std::filesystem::path& parent) {
  std::error_code ec;
  for (std::filesystem::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().starts_with(".staging-")) {
      std::error_code ignored;
      std::filesystem::remove_all(it->path(), ignored);
      spdlog::warn("event=plugins.staging_removed dir=\"{}\"", it->path().string());
    }
  }
}

Result<void> publish_directory(const std::filesystem::path& staged, const std::filesystem::path& target) {
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(target, ec))) {
    if (::syscall(SYS_renameat2, AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
      return fail(
          "io", fmt::format("cannot exchange {} with {}: {}", staged.string(), target.string(), std::strerror(errno)));
    }
    return {};
  }
  if (::syscall(SYS_renameat2, AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) != 0) {
    return fail("io", fmt::format("cannot move {} to {}: {}", staged.string(), target.string(), std::strerror(errno)));
  }
  return {};
}

Result<void> copy_tree(const std::filesystem::path& from, const std::filesystem::path& to) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::copy(from, to,
           fs::copy_options::recursive | fs::copy_options::copy_symlinks | fs::copy_options::create_hard_links, ec);
  if (!ec) return {};
  // Another filesystem (a read-only bundled directory): copy the bytes instead.
  fs::remove_all(to, ec);
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
  if (ec) return fail("io", fmt::format("cannot copy {} to {}: {}", from.string(), to.string(), ec.message()));
  return {};
}

}  // namespace provd::plugins

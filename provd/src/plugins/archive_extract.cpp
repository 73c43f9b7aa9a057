#include "plugins/archive_extract.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "common/open_beneath.h"
#include "common/unique_fd.h"

namespace provd::plugins {
namespace {

struct ArchiveDeleter {
  void operator()(struct archive* a) const noexcept { archive_read_free(a); }
};

Error unsafe(const std::string& entry, const std::string& why) {
  return fail("unsafe_archive", fmt::format("archive entry '{}': {}", entry, why));
}

// Resolves a directory beneath the root without following any symlink: nothing in an archive
// is ever written through a link, so a link planted by an earlier entry cannot redirect a write.
long open_dir_beneath(int root_fd, const std::string& relative) {
  open_how how{};
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  return ::syscall(SYS_openat2, root_fd, relative.empty() ? "." : relative.c_str(), &how, sizeof(how));
}

// Creates every directory of `relative` (a safe path) beneath the root; returns the last one.
Result<UniqueFd> make_dirs(int root_fd, const std::string& relative, const std::string& entry) {
  std::string done;
  std::size_t pos = 0;
  while (pos < relative.size()) {
    const auto slash = relative.find('/', pos);
    const std::string part = relative.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
    const std::string next = done.empty() ? part : done + "/" + part;
    UniqueFd parent(static_cast<int>(open_dir_beneath(root_fd, done)));
    if (!parent.valid()) return unsafe(entry, fmt::format("cannot reach {}: {}", done, std::strerror(errno)));
    if (::mkdirat(parent.get(), part.c_str(), 0755) != 0 && errno != EEXIST) {
      return fail("io", fmt::format("cannot create {}: {}", next, std::strerror(errno)));
    }
    done = next;
    pos = slash == std::string::npos ? relative.size() : slash + 1;
  }
  UniqueFd dir(static_cast<int>(open_dir_beneath(root_fd, done)));
  if (!dir.valid()) {
    return errno == ELOOP || errno == EXDEV
               ? unsafe(entry, "its directory is a symlink")
               : unsafe(entry, fmt::format("its directory is unusable: {}", std::strerror(errno)));
  }
  return dir;
}

std::pair<std::string, std::string> split_parent(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return {"", path};
  return {path.substr(0, slash), path.substr(slash + 1)};
}

bool wanted(const std::string& path, const ExtractFilter& filter) {
  auto matches = [&path](const std::vector<std::string>& globs) {
    for (const auto& glob : globs) {
      if (::fnmatch(glob.c_str(), path.c_str(), 0) == 0) return true;
    }
    return false;
  };
  if (!filter.include.empty() && !matches(filter.include)) return false;
  return !matches(filter.exclude);
}

// Whether the symlink target, read from the link's directory, stays beneath the root.
bool link_target_inside(const std::string& link_path, std::string_view target) {
  if (target.empty() || target.front() == '/') return false;
  int depth = 0;
  for (char c : split_parent(link_path).first) depth += c == '/' ? 1 : 0;
  if (!split_parent(link_path).first.empty()) ++depth;
  std::size_t pos = 0;
  while (pos <= target.size()) {
    const auto slash = target.find('/', pos);
    const std::string_view part =
        target.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    if (part == "..") {
      if (--depth < 0) return false;
    } else if (!part.empty() && part != ".") {
      ++depth;
    }
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  return true;
}

Result<void> write_data(struct archive* a, int fd, const std::string& entry, ExtractStats& stats,
                        const ExtractLimits& limits) {
  std::uint64_t file_bytes = 0;
  for (;;) {
    const void* block = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    const int r = archive_read_data_block(a, &block, &size, &offset);
    if (r == ARCHIVE_EOF) return {};
    if (r < ARCHIVE_WARN) {
      return fail("invalid_archive", fmt::format("archive entry '{}': {}", entry, archive_error_string(a)));
    }
    if (offset < 0 || static_cast<std::uint64_t>(offset) < file_bytes) {
      return unsafe(entry, "data blocks out of order");
    }
    // Sparse holes count: they take no disk but a reader sees them.
    const std::uint64_t end = static_cast<std::uint64_t>(offset) + size;
    const std::uint64_t grown = end - file_bytes;
    if (end > limits.max_file_bytes) {
      return fail("too_large", fmt::format("archive entry '{}' is larger than {} bytes", entry, limits.max_file_bytes));
    }
    if (stats.bytes + grown > limits.max_total_bytes) {
      return fail("too_large",
                  fmt::format("archive content exceeds {} bytes (at '{}')", limits.max_total_bytes, entry));
    }
    const auto* bytes = static_cast<const char*>(block);
    std::size_t done = 0;
    while (done < size) {
      const ssize_t n = ::pwrite(fd, bytes + done, size - done, offset + static_cast<off_t>(done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return fail("io", fmt::format("cannot write {}: {}", entry, std::strerror(errno)));
      done += static_cast<std::size_t>(n);
    }
    if (end > file_bytes && ::ftruncate(fd, static_cast<off_t>(end)) != 0) {
      return fail("io", fmt::format("cannot size {}: {}", entry, std::strerror(errno)));
    }
    stats.bytes += grown;
    file_bytes = end;
  }
}

}  // namespace

std::optional<std::string> safe_relative_path(std::string_view path) {
  if (path.empty() || path.front() == '/') return std::nullopt;
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) return std::nullopt;
  std::string out;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    const auto slash = path.find('/', pos);
    const std::string_view part =
        path.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    if (part == "..") return std::nullopt;
    if (!part.empty() && part != ".") {
      if (!out.empty()) out += '/';
      out += part;
    }
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

Result<ExtractStats> extract_archive(const std::filesystem::path& archive, const std::filesystem::path& destination,
                                     const ExtractLimits& limits, const ExtractFilter& filter,
                                     const ExtractProgress& progress) {
  std::unique_ptr<struct archive, ArchiveDeleter> reader(archive_read_new());
  if (!reader) throw std::runtime_error("archive_read_new failed");
  struct archive* a = reader.get();
  archive_read_support_filter_all(a);
  archive_read_support_format_tar(a);
  archive_read_support_format_zip(a);
  if (archive_read_open_filename(a, archive.c_str(), 1 << 16) != ARCHIVE_OK) {
    return fail("invalid_archive",
                fmt::format("cannot open archive {}: {}", archive.filename().string(), archive_error_string(a)));
  }
  auto root = open_root(destination.string());
  if (!root) return fail("io", root.error().message);
  const int root_fd = root->get();

  ExtractStats stats;
  std::uint64_t entries = 0;
  std::set<std::string> created;  // regular files unpacked, for hard links
  std::vector<std::string> links;
  struct archive_entry* entry = nullptr;
  for (;;) {
    const int r = archive_read_next_header(a, &entry);
    if (r == ARCHIVE_EOF) break;
    if (r < ARCHIVE_WARN) {
      return fail("invalid_archive",
                  fmt::format("archive {}: {}", archive.filename().string(), archive_error_string(a)));
    }
    if (++entries > limits.max_entries) {
      return fail("too_large", fmt::format("archive holds more than {} entries", limits.max_entries));
    }
    const char* raw_name = archive_entry_pathname(entry);
    const std::string name = raw_name != nullptr ? raw_name : "";
    auto path = safe_relative_path(name);
    if (!path) {
      if (name == "./" || name == ".") continue;  // the root itself
      return unsafe(name, "absolute paths, '..', backslashes and empty names are refused");
    }
    const mode_t type = archive_entry_filetype(entry);
    const char* hardlink = archive_entry_hardlink(entry);
    if (hardlink == nullptr && type != AE_IFREG && type != AE_IFDIR && type != AE_IFLNK) {
      return unsafe(name, "device nodes, FIFOs and sockets are refused");
    }
    if (hardlink == nullptr && type == AE_IFREG && archive_entry_size_is_set(entry) &&
        static_cast<std::uint64_t>(archive_entry_size(entry)) > limits.max_file_bytes) {
      return fail("too_large", fmt::format("archive entry '{}' is larger than {} bytes", name, limits.max_file_bytes));
    }
    if (!wanted(*path, filter)) continue;
    const auto [parent_path, leaf] = split_parent(*path);
    if (type == AE_IFDIR && hardlink == nullptr) {
      auto dir = make_dirs(root_fd, *path, name);
      if (!dir) return dir.error();
      ++stats.files;
    } else {
      auto parent = make_dirs(root_fd, parent_path, name);
      if (!parent) return parent.error();
      if (hardlink != nullptr) {
        auto target = safe_relative_path(hardlink);
        if (!target) return unsafe(name, fmt::format("hard link to '{}' leaves the archive root", hardlink));
        if (created.count(*target) == 0) {
          if (!wanted(*target, filter)) continue;  // its target was filtered out
          return unsafe(name, fmt::format("hard link to '{}', which is not a file unpacked before it", hardlink));
        }
        const auto [target_parent, target_leaf] = split_parent(*target);
        UniqueFd target_dir(static_cast<int>(open_dir_beneath(root_fd, target_parent)));
        if (!target_dir.valid() ||
            ::linkat(target_dir.get(), target_leaf.c_str(), parent->get(), leaf.c_str(), 0) != 0) {
          return unsafe(name, fmt::format("cannot link to '{}': {}", hardlink, std::strerror(errno)));
        }
        created.insert(*path);
      } else if (type == AE_IFLNK) {
        const char* raw_target = archive_entry_symlink(entry);
        const std::string target = raw_target != nullptr ? raw_target : "";
        if (!link_target_inside(*path, target))
          return unsafe(name, fmt::format("symlink to '{}' leaves the root", target));
        if (::symlinkat(target.c_str(), parent->get(), leaf.c_str()) != 0) {
          return errno == EEXIST ? unsafe(name, "already exists (twice in the archive, or already in the destination)")
                                 : fail("io", fmt::format("cannot create symlink {}: {}", name, std::strerror(errno)));
        }
        links.push_back(*path);
      } else {
        const mode_t mode = (archive_entry_perm(entry) & 0111) != 0 ? 0755 : 0644;  // never setuid/setgid
        UniqueFd file(
            ::openat(parent->get(), leaf.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode));
        if (!file.valid()) {
          return errno == EEXIST ? unsafe(name, "already exists (twice in the archive, or already in the destination)")
                                 : fail("io", fmt::format("cannot create {}: {}", name, std::strerror(errno)));
        }
        if (auto written = write_data(a, file.get(), name, stats, limits); !written) return written.error();
        created.insert(*path);
      }
      ++stats.files;
      stats.paths.push_back(*path);
    }
    if (progress && !progress(stats)) return fail("cancelled", "extraction cancelled");
  }
  // Each link was checked on its own; a chain of links can still climb out, which only the
  // kernel's resolution of the finished tree sees.
  for (const auto& link : links) {
    open_how how{};
    how.flags = O_PATH | O_CLOEXEC;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    const long fd = ::syscall(SYS_openat2, root_fd, link.c_str(), &how, sizeof(how));
    if (fd < 0) {
      return errno == ENOENT ? unsafe(link, "symlink target does not exist in the archive")
                             : unsafe(link, "symlink leaves the root");
    }
    ::close(static_cast<int>(fd));
  }
  return stats;
}

}  // namespace provd::plugins

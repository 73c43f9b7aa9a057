// Unpacks a tar (any compression libarchive reads) or zip archive into a staging directory,
// refusing anything that could reach outside it or exhaust the disk: absolute paths, `..`,
// backslashes, writes through symlinks, symlinks or hard links whose target leaves the root
// (checked lexically per entry and again by the kernel once everything is unpacked), device
// nodes, FIFOs, sockets, and content over the total, per-file or entry-count limits. A refused
// archive leaves a half-filled staging directory that the caller removes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace provd::plugins {

/// Size limits of one extraction (repository.max_* settings).
struct ExtractLimits {
  std::uint64_t max_total_bytes = 2ull << 30;
  std::uint64_t max_file_bytes = 1ull << 30;
  std::uint64_t max_entries = 100000;
};

/// Which entries to unpack: an entry is taken when it matches an include glob (or there are
/// none) and no exclude glob. Globs are fnmatch(3) patterns over the whole relative path,
/// where `*` also crosses `/`.
struct ExtractFilter {
  std::vector<std::string> include;
  std::vector<std::string> exclude;
};

/// What an extraction produced so far.
struct ExtractStats {
  std::uint64_t files = 0;         ///< regular files, links and directories created
  std::uint64_t bytes = 0;         ///< content bytes written
  std::vector<std::string> paths;  ///< relative paths of every non-directory created, in order
};

/// Progress after each entry; returning false cancels the extraction.
using ExtractProgress = std::function<bool(const ExtractStats&)>;

/// Unpacks `archive` into the existing directory `destination`. Errors: "unsafe_archive"
/// (naming the entry and the rule), "too_large", "invalid_archive" (not an archive, corrupt,
/// truncated), "cancelled", "io".
Result<ExtractStats> extract_archive(const std::filesystem::path& archive, const std::filesystem::path& destination,
                                     const ExtractLimits& limits, const ExtractFilter& filter = {},
                                     const ExtractProgress& progress = {});

/// Whether `path` is a safe relative archive path (no absolute path, `..`, NUL, backslash or
/// empty name); returns it normalised (no `./`, no doubled or trailing `/`), or nullopt.
std::optional<std::string> safe_relative_path(std::string_view path);

}  // namespace provd::plugins

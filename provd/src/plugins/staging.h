// Staging directories and the atomic publication of a finished plugin tree. Everything new is
// built in a staging directory beside its destination (same filesystem), then exchanged with
// the live tree in one rename, so a reader sees either the old tree or the new one, and a
// failure before the exchange leaves the live tree as it was.
#pragma once

#include <filesystem>

#include "common/result.h"

namespace provd::plugins {

/// A fresh directory `.staging-XXXXXX` under a parent, removed with its content at scope end.
class StagingDir {
 public:
  /// Creates it under `parent` (created if missing). Throws if the parent is not writable.
  explicit StagingDir(const std::filesystem::path& parent);
  ~StagingDir();
  StagingDir(const StagingDir&) = delete;
  StagingDir& operator=(const StagingDir&) = delete;
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

/// Removes the `.staging-*` directories an interrupted process left under `parent`.
void remove_stale_staging(const std::filesystem::path& parent);

/// Puts the directory `staged` at `target` in one step. When `target` exists the two are
/// exchanged (renameat2 RENAME_EXCHANGE), so the old tree ends up at `staged` for the caller
/// to delete. Both must be on the same filesystem. Errors: "io".
Result<void> publish_directory(const std::filesystem::path& staged, const std::filesystem::path& target);

/// Copies a plugin tree, hard-linking files where the filesystem allows (they are never
/// modified in place: every change replaces a whole tree) and copying otherwise. Symlinks are
/// copied as links. Errors: "io".
Result<void> copy_tree(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace provd::plugins

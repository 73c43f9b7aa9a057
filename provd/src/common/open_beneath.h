#pragma once

#include <sys/stat.h>

#include <string_view>

#include "common/result.h"
#include "common/unique_fd.h"

namespace provd {

/// Opens a directory to serve as a root for open_beneath (O_PATH|O_DIRECTORY).
Result<UniqueFd> open_root(const std::string& path);

/// Opens `relative` for reading beneath the directory `root_fd`, with the kernel refusing any
/// escape (openat2 RESOLVE_BENEATH|RESOLVE_NO_MAGICLINKS): `..` above the root, absolute
/// paths, and symlinks that point outside all fail. Only regular files are returned.
/// Errors: "not_found", "forbidden" (escape attempt, not a regular file), "io".
/// `status`, when given, receives the file's fstat (the check already made one).
Result<UniqueFd> open_beneath(int root_fd, std::string_view relative, struct stat* status = nullptr);

}  // namespace provd

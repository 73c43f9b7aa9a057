// Downloads for the plugin repository and packages, through libcurl (http, https, file):
// proxy from the configuration or the environment, connect and total timeouts, a size cap,
// resumption of a partial file with a Range request, and a sha256 check of the result.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "common/result.h"

namespace provd::plugins {

/// How downloads behave (repository.* settings).
struct DownloadOptions {
  std::string proxy;  ///< empty: libcurl reads http_proxy/https_proxy/no_proxy
  int connect_timeout_s = 10;
  int timeout_s = 600;
  std::uint64_t max_bytes = 512ull << 20;  ///< refuse anything larger
  int attempts = 3;                        ///< tries of one download when the transfer breaks off
};

/// Progress of a download: bytes on disk so far and the expected total. Returning false
/// cancels the download.
using DownloadProgress = std::function<bool(std::uint64_t done, std::uint64_t total)>;

/// The body of a small document (the index), at most `max_bytes`.
/// Errors: "download_failed" (naming the URL and libcurl's reason), "too_large".
Result<std::string> fetch_text(const std::string& url, const DownloadOptions& options, std::uint64_t max_bytes);

/// Downloads `url` into `path`, continuing a partial `path` left by an earlier attempt, then
/// checks that it has `size` bytes and the sha256 `sha256`. A file that fails the check is
/// removed so that the next attempt starts afresh. Errors: "download_failed", "too_large",
/// "size_mismatch", "checksum_mismatch", "cancelled".
Result<void> download_verified(const std::string& url, const std::filesystem::path& path, std::uint64_t size,
                               const std::string& sha256, const DownloadOptions& options,
                               const DownloadProgress& progress);

/// SHA-256 of a file's content as 64 lower-case hex digits. Errors: "io".
Result<std::string> sha256_file(const std::filesystem::path& path);

}  // namespace provd::plugins

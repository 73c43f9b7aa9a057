#include "plugins/download.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <span>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/hex.h"
#include "common/unique_fd.h"

namespace provd::plugins {
namespace {

struct CurlDeleter {
  void operator()(CURL* curl) const noexcept { curl_easy_cleanup(curl); }
};
using CurlHandle = std::unique_ptr<CURL, CurlDeleter>;

struct EvpDeleter {
  void operator()(EVP_MD_CTX* ctx) const noexcept { EVP_MD_CTX_free(ctx); }
};

CurlHandle make_handle(const std::string& url, const DownloadOptions& options) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  CurlHandle curl(curl_easy_init());
  if (!curl) throw std::runtime_error("curl_easy_init failed");
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // several downloads may run on pool threads
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,file");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(h, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options.connect_timeout_s));
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(options.timeout_s));
  curl_easy_setopt(h, CURLOPT_USERAGENT, "provd-repository/1");
  if (!options.proxy.empty()) curl_easy_setopt(h, CURLOPT_PROXY, options.proxy.c_str());
  return curl;
}

// Where the bytes of one transfer go, and the limits and callbacks they are checked against.
struct Sink {
  std::string* text = nullptr;  // fetch_text
  int fd = -1;                  // download_verified
  std::uint64_t written = 0;    // including what an earlier attempt left
  std::uint64_t max_bytes = 0;
  std::uint64_t total = 0;
  const DownloadProgress* progress = nullptr;
  bool too_large = false;
  bool cancelled = false;
  bool write_failed = false;
};

size_t on_data(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t bytes = size * count;
  if (sink->written + bytes > sink->max_bytes) {
    sink->too_large = true;
    return 0;  // aborts the transfer
  }
  if (sink->text != nullptr) {
    sink->text->append(data, bytes);
  } else {
    size_t done = 0;
    while (done < bytes) {
      const ssize_t n = ::write(sink->fd, data + done, bytes - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        sink->write_failed = true;
        return 0;
      }
      done += static_cast<size_t>(n);
    }
  }
  sink->written += bytes;
  return bytes;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* sink = static_cast<Sink*>(user);
  if (sink->progress != nullptr && *sink->progress && !(*sink->progress)(sink->written, sink->total)) {
    sink->cancelled = true;
    return 1;  // aborts the transfer
  }
  return 0;
}

void attach(CURL* h, Sink& sink) {
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &sink);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
}

Error transfer_error(const std::string& url, CURLcode code, const Sink& sink, const char* detail) {
  if (sink.cancelled) return fail("cancelled", fmt::format("download of {} cancelled", url));
  if (sink.too_large) {
    return fail("too_large", fmt::format("{} is larger than the {} bytes allowed", url, sink.max_bytes));
  }
  if (sink.write_failed) return fail("io", fmt::format("cannot write the download of {}: disk full?", url));
  return fail("download_failed",
              fmt::format("cannot download {}: {}", url, detail[0] != '\0' ? detail : curl_easy_strerror(code)));
}

}  // namespace

Result<std::string> fetch_text(const std::string& url, const DownloadOptions& options, std::uint64_t max_bytes) {
  CurlHandle curl = make_handle(url, options);
  std::string text;
  Sink sink;
  sink.text = &text;
  sink.max_bytes = max_bytes;
  attach(curl.get(), sink);
  std::array<char, CURL_ERROR_SIZE> detail{};
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, detail.data());
  const CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK) return transfer_error(url, code, sink, detail.data());
  return text;
}

Result<void> download_verified(const std::string& url, const std::filesystem::path& path, std::uint64_t size,
                               const std::string& sha256, const DownloadOptions& options,
                               const DownloadProgress& progress) {
  if (size > options.max_bytes) {
    return fail("too_large",
                fmt::format("{} declares {} bytes, more than the {} allowed", url, size, options.max_bytes));
  }
  for (int attempt = 1;; ++attempt) {
    UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0644));
    if (!fd.valid()) return fail("io", fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return fail("io", fmt::format("cannot stat {}", path.string()));
    auto have = static_cast<std::uint64_t>(st.st_size);
    if (have > size) {  // not ours to continue: start afresh
      if (::ftruncate(fd.get(), 0) != 0) return fail("io", fmt::format("cannot truncate {}", path.string()));
      have = 0;
    }
    if (have < size) {
      CurlHandle curl = make_handle(url, options);
      Sink sink;
      sink.fd = fd.get();
      sink.written = have;
      sink.max_bytes = size;  // a server sending more than declared is wrong
      sink.total = size;
      sink.progress = &progress;
      attach(curl.get(), sink);
      std::array<char, CURL_ERROR_SIZE> detail{};
      curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, detail.data());
      if (have > 0) {
        curl_easy_setopt(curl.get(), CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(have));
        spdlog::info("event=download.resume url=\"{}\" from={}", url, have);
      }
      const CURLcode code = curl_easy_perform(curl.get());
      if (code == CURLE_RANGE_ERROR && attempt < options.attempts) {
        // The server ignores Range: the only way on is from the start.
        if (::ftruncate(fd.get(), 0) != 0) return fail("io", fmt::format("cannot truncate {}", path.string()));
        continue;
      }
      if (code != CURLE_OK) {
        const bool broke_off = code == CURLE_PARTIAL_FILE || code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING ||
                               code == CURLE_OPERATION_TIMEDOUT;
        if (broke_off && attempt < options.attempts && !sink.cancelled) {
          spdlog::warn("event=download.interrupted url=\"{}\" attempt={} have={} error=\"{}\"", url, attempt,
                       sink.written, detail[0] != '\0' ? detail.data() : curl_easy_strerror(code));
          continue;
        }
        if (sink.too_large) {
          if (::ftruncate(fd.get(), 0) != 0) spdlog::warn("event=download.truncate_failed path=\"{}\"", path.string());
          return fail("size_mismatch", fmt::format("{} sent more than the {} bytes declared", url, size));
        }
        return transfer_error(url, code, sink, detail.data());
      }
      if (::fstat(fd.get(), &st) != 0) return fail("io", fmt::format("cannot stat {}", path.string()));
      have = static_cast<std::uint64_t>(st.st_size);
    }
    if (have != size) {
      std::filesystem::remove(path);
      return fail("size_mismatch", fmt::format("{} has {} bytes, the index declares {}", url, have, size));
    }
    break;
  }
  auto digest = sha256_file(path);
  if (!digest) return digest.error();
  if (*digest != sha256) {
    std::filesystem::remove(path);
    return fail("checksum_mismatch",
                fmt::format("{}: sha256 is {}, expected {}; nothing was unpacked", url, *digest, sha256));
  }
  return {};
}

Result<std::string> sha256_file(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) return fail("io", fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
  std::unique_ptr<EVP_MD_CTX, EvpDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) throw std::runtime_error("sha256 init failed");
  std::array<char, 1 << 16> buffer{};
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("io", fmt::format("cannot read {}: {}", path.string(), std::strerror(errno)));
    if (n == 0) break;
    EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<size_t>(n));
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest.data(), &length);
  return hex_from_bytes(std::span(digest.data(), length));
}

}  // namespace provd::plugins

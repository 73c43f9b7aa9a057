// The contract between the provisioning servers (TFTP, HTTP/HTTPS) and what answers them
// (a plain root directory at first, the identification pipeline later). Servers parse the wire
// protocol and enforce its limits; a RequestHandler decides what, if anything, is served.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/unique_fd.h"

struct stat;

namespace provd::serve {

/// Which listener received a request.
enum class Protocol { kTftp, kHttp, kHttps };

/// A provisioning request, already decoded and limit-checked by its server.
struct Request {
  Protocol protocol = Protocol::kHttp;
  std::string source_ip;  ///< client address from the socket (or trusted X-Forwarded-For hop)
  std::uint16_t source_port = 0;
  /// HTTP: percent-decoded path, starting with '/', traversal already refused.
  /// TFTP: the filename exactly as the client sent it (some phones send a leading '/').
  std::string path;
  std::string query;  ///< HTTP query string without '?', raw; empty for TFTP
  /// HTTP header fields with lower-case names, in arrival order; empty for TFTP.
  std::vector<std::pair<std::string, std::string>> headers;
  /// Subject of a verified HTTPS client certificate, when one was presented.
  std::optional<std::string> client_cert_subject;

  /// The first header of that (lower-case) name, if any.
  std::optional<std::string> header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_name) return value;
    }
    return std::nullopt;
  }
};

/// Generated content held in memory (rendered templates); shared so caches can hand it out.
struct MemoryBody {
  std::shared_ptr<const std::string> data;
};

/// A static file opened beneath its root; the server streams it and never reads it whole.
struct FileBody {
  UniqueFd fd;
  std::uint64_t size = 0;
};

/// What a handler answers.
struct Answer {
  enum class Status { kOk, kNotFound, kForbidden, kUnavailable };
  Status status = Status::kNotFound;
  std::variant<std::monostate, MemoryBody, FileBody> body;
  std::string content_type;                          ///< empty: the server picks one from the extension
  std::chrono::system_clock::time_point modified{};  ///< for Last-Modified / If-Modified-Since
  std::string etag;                                  ///< strong validator without quotes; empty: none
  std::string reason;                                ///< why a refusal happened, for the server's log line

  static Answer not_found(std::string why) { return with_status(Status::kNotFound, std::move(why)); }
  static Answer forbidden(std::string why) { return with_status(Status::kForbidden, std::move(why)); }
  /// The regular file `file` whose fstat is `status`: streamed, with its mtime and an ETag.
  static Answer file(UniqueFd file, const struct stat& status);

 private:
  static Answer with_status(Status s, std::string why) {
    Answer a;
    a.status = s;
    a.reason = std::move(why);
    return a;
  }
};

/// The status as logs and metrics spell it: ok, not_found, forbidden, unavailable.
std::string_view to_string(Answer::Status status);

/// Files up to this size are read whole by the thread that answered (the blocking pool), so a
/// typical configuration file costs the server no second trip there.
inline constexpr std::uint64_t kInlineFileBytes = 64 * 1024;

/// Replaces a FileBody of at most kInlineFileBytes by its content; leaves the answer as it is
/// when the read comes up short (the streaming path reads again and reports). Reads the disk.
void inline_small_file(Answer& answer);

/// Called exactly once with the answer, from any thread; the server re-enters its own executor.
using AnswerCallback = std::function<void(Answer)>;

/// Decides what a request gets. Implementations must not block the calling (I/O) thread:
/// work that touches the disk or the store's write path goes to the runtime's blocking pool.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  /// Answers `request` by calling `done` exactly once.
  virtual void async_handle(Request request, AnswerCallback done) = 0;
  /// The answer, if it can be given at once on the calling (I/O) thread without disk or store
  /// access (a recent identical request's); nullopt: call async_handle.
  virtual std::optional<Answer> answer_now(const Request& request) {
    (void)request;
    return std::nullopt;
  }
};

}  // namespace provd::serve

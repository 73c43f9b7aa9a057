// What an HTTP response to a GET/HEAD of a representation should be, given the request's
// conditional and range headers: a pure decision, so every rule has a unit test.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace provd::http {

/// An HTTP-date (IMF-fixdate) for Last-Modified: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string format_http_date(std::chrono::system_clock::time_point when);

/// Parses the three HTTP-date forms RFC 9110 requires recipients to accept (IMF-fixdate,
/// RFC 850, asctime); nullopt when `text` is none of them.
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text);

/// True when an If-None-Match value (a list of entity-tags or "*") matches `etag` (without
/// quotes) by weak comparison, as RFC 9110 13.1.2 prescribes for GET/HEAD.
bool if_none_match_matches(std::string_view header, std::string_view etag);

/// The validators and size of what the handler answered with.
struct Representation {
  std::uint64_t size = 0;
  std::string etag;                                  ///< without quotes; empty: none
  std::chrono::system_clock::time_point modified{};  ///< epoch: unknown
};

/// The request headers that decide the response (absent headers stay nullopt).
struct Preconditions {
  std::optional<std::string_view> if_none_match;
  std::optional<std::string_view> if_modified_since;
  std::optional<std::string_view> range;
  std::optional<std::string_view> if_range;
};

/// The decided response: status and, for 200/206, the byte span to send.
struct ResponsePlan {
  unsigned status = 200;      ///< 200, 206, 304 or 416
  std::uint64_t first = 0;    ///< first byte to send
  std::uint64_t length = 0;   ///< bytes to send (Content-Length); 0 for 304/416
  std::string content_range;  ///< Content-Range value for 206 and 416, else empty
};

/// Applies If-None-Match (which, when present, makes If-Modified-Since ignored), then
/// If-Modified-Since (second precision), then Range guarded by If-Range.
ResponsePlan plan_response(const Preconditions& request, const Representation& representation);

}  // namespace provd::http

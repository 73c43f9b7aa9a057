#include "http/conditional.h"

#include <ctime>

#include <fmt/format.h>

#include "http/byte_range.h"

namespace provd::http {
namespace {

constexpr std::string_view kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<int> month_index(std::string_view name) {
  for (int i = 0; i < 12; ++i) {
    if (kMonths[i] == name) return i;
  }
  return std::nullopt;
}

// Fixed-width decimal field at `pos`; nullopt unless all `width` characters are digits.
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t width) {
  if (pos + width > s.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

// "HH:MM:SS" at `pos`.
bool parse_clock(std::string_view s, std::size_t pos, std::tm& tm) {
  const auto h = digits(s, pos, 2);
  const auto m = digits(s, pos + 3, 2);
  const auto sec = digits(s, pos + 6, 2);
  if (!h || !m || !sec || s[pos + 2] != ':' || s[pos + 5] != ':') return false;
  tm.tm_hour = *h;
  tm.tm_min = *m;
  tm.tm_sec = *sec;
  return *h < 24 && *m < 60 && *sec < 61;
}

std::optional<std::chrono::system_clock::time_point> to_time_point(std::tm& tm) {
  if (tm.tm_mday < 1 || tm.tm_mday > 31) return std::nullopt;
  const std::time_t t = ::timegm(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t);
}

std::string_view opaque_tag(std::string_view tag) {
  tag = trim(tag);
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') return tag.substr(1, tag.size() - 2);
  return {};  // not an entity-tag: matches nothing
}

}  // namespace

std::string format_http_date(std::chrono::system_clock::time_point when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon],
                     tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) {
  text = trim(text);
  std::tm tm{};
  const auto comma = text.find(',');
  if (comma == 3) {  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
    if (text.size() != 29 || text.substr(25) != " GMT" || text[4] != ' ' || text[7] != ' ' || text[11] != ' ' ||
        text[16] != ' ') {
      return std::nullopt;
    }
    const auto day = digits(text, 5, 2);
    const auto month = month_index(text.substr(8, 3));
    const auto year = digits(text, 12, 4);
    if (!day || !month || !year || !parse_clock(text, 17, tm)) return std::nullopt;
    tm.tm_mday = *day;
    tm.tm_mon = *month;
    tm.tm_year = *year - 1900;
    return to_time_point(tm);
  }
  if (comma != std::string_view::npos) {  // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
    const std::string_view rest = text.substr(comma + 1);
    if (rest.size() != 23 || rest[0] != ' ' || rest[3] != '-' || rest[7] != '-' || rest[10] != ' ' ||
        rest.substr(19) != " GMT") {
      return std::nullopt;
    }
    const auto day = digits(rest, 1, 2);
    const auto month = month_index(rest.substr(4, 3));
    const auto year = digits(rest, 8, 2);
    if (!day || !month || !year || !parse_clock(rest, 11, tm)) return std::nullopt;
    tm.tm_mday = *day;
    tm.tm_mon = *month;
    tm.tm_year = *year < 70 ? *year + 100 : *year;  // two-digit years: 1970..2069
    return to_time_point(tm);
  }
  // asctime: "Sun Nov  6 08:49:37 1994"
  if (text.size() != 24 || text[3] != ' ' || text[7] != ' ' || text[10] != ' ' || text[19] != ' ') {
    return std::nullopt;
  }
  const auto month = month_index(text.substr(4, 3));
  const std::string day_text = text[8] == ' ' ? std::string("0") + text[9] : std::string(text.substr(8, 2));
  const auto day = digits(day_text, 0, 2);
  const auto year = digits(text, 20, 4);
  if (!day || !month || !year || !parse_clock(text, 11, tm)) return std::nullopt;
  tm.tm_mday = *day;
  tm.tm_mon = *month;
  tm.tm_year = *year - 1900;
  return to_time_point(tm);
}

bool if_none_match_matches(std::string_view header, std::string_view etag) {
  header = trim(header);
  if (header == "*") return true;
  if (etag.empty()) return false;
  while (!header.empty()) {
    const auto comma = header.find(',');
    if (opaque_tag(header.substr(0, comma)) == etag) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

ResponsePlan plan_response(const Preconditions& request, const Representation& representation) {
  using std::chrono::floor;
  using std::chrono::seconds;
  ResponsePlan plan;
  const bool has_modified = representation.modified.time_since_epoch().count() != 0;
  if (request.if_none_match) {
    if (if_none_match_matches(*request.if_none_match, representation.etag)) {
      plan.status = 304;
      return plan;
    }
  } else if (request.if_modified_since && has_modified) {
    const auto since = parse_http_date(*request.if_modified_since);
    if (since && floor<seconds>(representation.modified) <= *since) {
      plan.status = 304;
      return plan;
    }
  }
  plan.length = representation.size;
  if (!request.range) return plan;
  if (request.if_range) {
    // If-Range: the range only applies to the version the client already has part of; a
    // strong entity-tag must match exactly, a date must equal Last-Modified.
    const std::string_view validator = trim(*request.if_range);
    bool same = false;
    if (validator.starts_with('"')) {
      same = !representation.etag.empty() && validator == fmt::format("\"{}\"", representation.etag);
    } else if (const auto date = parse_http_date(validator); date && has_modified) {
      same = floor<seconds>(representation.modified) == *date;
    }
    if (!same) return plan;
  }
  const RangeRequest range = parse_range(*request.range, representation.size);
  if (range.kind == RangeRequest::Kind::kUnsatisfiable) {
    plan.status = 416;
    plan.length = 0;
    plan.content_range = fmt::format("bytes */{}", representation.size);
  } else if (range.kind == RangeRequest::Kind::kPartial) {
    plan.status = 206;
    plan.first = range.first;
    plan.length = range.length();
    plan.content_range = fmt::format("bytes {}-{}/{}", range.first, range.last, representation.size);
  }
  return plan;
}

}  // namespace provd::http

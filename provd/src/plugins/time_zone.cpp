#include "plugins/time_zone.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <map>
#include <mutex>

#include <fmt/format.h>
#include <re2/re2.h>

#include "common/open_beneath.h"

namespace provd::plugins {
namespace {

constexpr std::size_t kMaxZoneFileBytes = 1 << 20;

// A cursor over the TZ string; every parse step either consumes what it read or fails.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}
  bool done() const { return pos_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  bool take(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  // "CET" (3+ letters) or the quoted form "<+0530>".
  std::optional<std::string> abbreviation() {
    const std::size_t start = pos_;
    if (take('<')) {
      while (!done() && (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '+' || peek() == '-')) ++pos_;
      if (!take('>') || pos_ - start < 5) return std::nullopt;
      return std::string(text_.substr(start + 1, pos_ - start - 2));
    }
    while (!done() && std::isalpha(static_cast<unsigned char>(peek()))) ++pos_;
    if (pos_ - start < 3) return std::nullopt;
    return std::string(text_.substr(start, pos_ - start));
  }

  std::optional<int> number(int max) {
    const std::size_t start = pos_;
    int value = 0;
    while (!done() && std::isdigit(static_cast<unsigned char>(peek())) && pos_ - start < 4) {
      value = value * 10 + (peek() - '0');
      ++pos_;
    }
    if (pos_ == start || value > max) return std::nullopt;
    return value;
  }

  // [+-]hh[:mm[:ss]] in seconds, hours up to `max_hours` (24 for offsets, 167 for rule times).
  std::optional<int> clock(int max_hours) {
    int sign = 1;
    if (take('-')) {
      sign = -1;
    } else {
      take('+');
    }
    auto hours = number(max_hours);
    if (!hours) return std::nullopt;
    int seconds = *hours * 3600;
    if (take(':')) {
      auto minutes = number(59);
      if (!minutes) return std::nullopt;
      seconds += *minutes * 60;
      if (take(':')) {
        auto secs = number(59);
        if (!secs) return std::nullopt;
        seconds += *secs;
      }
    }
    return sign * seconds;
  }

  // ",Mm.w.d[/time]": the only form tzdata footers use for current rules. Julian forms ("Jn", "n")
  // parse but give no transition, so templates fall back to the POSIX string.
  std::optional<std::optional<DstTransition>> transition() {
    if (take('M')) {
      DstTransition t;
      auto month = number(12);
      if (!month || *month < 1 || !take('.')) return std::nullopt;
      auto week = number(5);
      if (!week || *week < 1 || !take('.')) return std::nullopt;
      auto weekday = number(6);
      if (!weekday) return std::nullopt;
      t.month = *month;
      t.week = *week;
      t.weekday = *weekday;
      if (take('/')) {
        auto time = clock(167);
        if (!time) return std::nullopt;
        t.seconds = *time;
      }
      return std::optional<DstTransition>(t);
    }
    take('J');
    if (!number(365) || (take('/') && !clock(167))) return std::nullopt;
    return std::optional<DstTransition>();
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

Error bad_zone(std::string_view text, const char* what) {
  return fail("bad_time_zone", fmt::format("'{}' is not a POSIX TZ rule: {}", text, what));
}

std::string offset_text(int seconds) {
  const int magnitude = seconds < 0 ? -seconds : seconds;
  return fmt::format("{}{:02}:{:02}", seconds < 0 ? '-' : '+', magnitude / 3600, magnitude / 60 % 60);
}

// Hours as a phone menu shows them: "1", "-5", "5.5", "5.75".
std::string hours_text(int seconds) {
  std::string text = fmt::format("{:.2f}", seconds / 3600.0);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

nlohmann::json transition_context(const DstTransition& t) {
  return {{"month", t.month},
          {"week", t.week},
          {"weekday", t.weekday},
          {"hour", t.seconds / 3600},
          {"minute", t.seconds / 60 % 60},
          {"last_week", t.week == 5}};
}

Result<std::string> read_zone_footer(const std::string& name, const std::string& zoneinfo_dir) {
  static const RE2 kZoneName("[A-Za-z0-9_+-]{1,32}(?:/[A-Za-z0-9_+-]{1,32}){0,3}");
  if (name.size() > 128 || !RE2::FullMatch(name, kZoneName)) {
    return fail("bad_time_zone", fmt::format("'{}' is not an IANA time zone name", name));
  }
  auto root = open_root(zoneinfo_dir);
  if (!root) return root.error();
  auto fd = open_beneath(root->get(), name);
  if (!fd) {
    if (fd.error().code == "not_found") return fail("not_found", fmt::format("no time zone '{}'", name));
    return fd.error();
  }
  struct stat st {};
  if (::fstat(fd->get(), &st) != 0 || static_cast<std::size_t>(st.st_size) > kMaxZoneFileBytes) {
    return fail("bad_time_zone", fmt::format("time zone file for '{}' is unreadable or too large", name));
  }
  std::string data(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::read(fd->get(), data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("io", fmt::format("cannot read the time zone file for '{}'", name));
    done += static_cast<std::size_t>(n);
  }
  // TZif v2+ ends with "\n<POSIX rule>\n".
  if (data.size() < 6 || data.compare(0, 4, "TZif") != 0 || data[4] < '2' || data.back() != '\n') {
    return fail("bad_time_zone", fmt::format("time zone file for '{}' has no POSIX rule (TZif v1?)", name));
  }
  const auto start = data.rfind('\n', data.size() - 2);
  if (start == std::string::npos) return fail("bad_time_zone", fmt::format("no POSIX rule for '{}'", name));
  return data.substr(start + 1, data.size() - start - 2);
}

}  // namespace

Result<PosixTimeZone> parse_posix_time_zone(std::string_view text) {
  if (text.empty() || text.size() > 128) return bad_zone(text, "empty or too long");
  PosixTimeZone zone;
  zone.posix = std::string(text);
  Reader in(text);
  auto std_name = in.abbreviation();
  if (!std_name) return bad_zone(text, "no standard-time abbreviation");
  zone.std_abbreviation = *std_name;
  auto offset = in.clock(24);
  if (!offset) return bad_zone(text, "no valid UTC offset");
  zone.utc_offset_seconds = -*offset;
  if (in.done()) return zone;
  auto dst_name = in.abbreviation();
  if (!dst_name) return bad_zone(text, "bad daylight-time abbreviation");
  zone.dst_abbreviation = *dst_name;
  zone.dst_offset_seconds = zone.utc_offset_seconds + 3600;
  if (in.peek() != ',' && !in.done()) {
    auto dst_offset = in.clock(24);
    if (!dst_offset) return bad_zone(text, "bad daylight-time offset");
    zone.dst_offset_seconds = -*dst_offset;
  }
  if (in.take(',')) {
    auto start = in.transition();
    if (!start || !in.take(',')) return bad_zone(text, "bad DST start rule");
    auto end = in.transition();
    if (!end) return bad_zone(text, "bad DST end rule");
    zone.dst_start = *start;
    zone.dst_end = *end;
  }
  if (!in.done()) return bad_zone(text, "trailing characters");
  return zone;
}

Result<PosixTimeZone> load_time_zone(const std::string& name, const std::string& zoneinfo_dir) {
  static std::mutex mutex;
  static std::map<std::string, Result<PosixTimeZone>> cache;
  const std::string key = zoneinfo_dir + '\0' + name;
  {
    std::lock_guard lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  auto footer = read_zone_footer(name, zoneinfo_dir);
  Result<PosixTimeZone> zone = footer ? parse_posix_time_zone(*footer) : Result<PosixTimeZone>(footer.error());
  std::lock_guard lock(mutex);
  // Bounded: names are validated and only configs name zones, but a flood of bad names must not grow it.
  if (cache.size() < 1024) cache.emplace(key, zone);
  return zone;
}

nlohmann::json time_zone_context(const std::string& name, const PosixTimeZone& zone) {
  nlohmann::json tz = {{"name", name},
                       {"posix", zone.posix},
                       {"abbreviation", zone.std_abbreviation},
                       {"utc_offset_seconds", zone.utc_offset_seconds},
                       {"utc_offset_minutes", zone.utc_offset_seconds / 60},
                       {"utc_offset_hours", hours_text(zone.utc_offset_seconds)},
                       {"utc_offset", offset_text(zone.utc_offset_seconds)},
                       {"dst", zone.dst_abbreviation.has_value()}};
  if (zone.dst_abbreviation) {
    tz["dst_abbreviation"] = *zone.dst_abbreviation;
    tz["dst_offset_seconds"] = zone.dst_offset_seconds;
    tz["dst_saving_minutes"] = (zone.dst_offset_seconds - zone.utc_offset_seconds) / 60;
    tz["dst_offset"] = offset_text(zone.dst_offset_seconds);
  }
  if (zone.dst_start) tz["dst_start"] = transition_context(*zone.dst_start);
  if (zone.dst_end) tz["dst_end"] = transition_context(*zone.dst_end);
  return tz;
}

}  // namespace provd::plugins

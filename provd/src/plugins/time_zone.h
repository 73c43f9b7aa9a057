// Time zones for templates. Configs name an IANA zone ("Europe/Paris"); phones want it in
// their own spelling: a UTC offset in hours or minutes, a POSIX TZ string, or DST start/end
// rules as month/week/weekday/hour. The zone's rule comes from the footer of its tzdata file
// (TZif v2+), so provd carries no zone table of its own and follows the system's tzdata.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace provd::plugins {

/// A DST transition of a POSIX rule "Mm.w.d/time": month 1-12, week 1-5 (5 = last), weekday 0-6 (0 = Sunday).
struct DstTransition {
  int month = 0;
  int week = 0;
  int weekday = 0;
  int seconds = 7200;  ///< local time of day of the change (default 02:00)
};

/// A parsed POSIX TZ rule. Offsets are east-positive (UTC+1 is 3600), unlike POSIX's own sign.
struct PosixTimeZone {
  std::string posix;
  std::string std_abbreviation;
  int utc_offset_seconds = 0;
  std::optional<std::string> dst_abbreviation;
  int dst_offset_seconds = 0;
  std::optional<DstTransition> dst_start;  ///< absent when the rule uses Julian-day forms
  std::optional<DstTransition> dst_end;
};

/// Parses a POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3"; "bad_time_zone" when it is not one.
Result<PosixTimeZone> parse_posix_time_zone(std::string_view text);

/// Reads the POSIX rule of IANA zone `name` under `zoneinfo_dir`; "bad_time_zone" for a malformed
/// name, "not_found" for an unknown zone. Results are cached: tzdata changes only with a package upgrade.
Result<PosixTimeZone> load_time_zone(const std::string& name, const std::string& zoneinfo_dir = "/usr/share/zoneinfo");

/// The `tz` object templates see: name, posix, utc_offset_seconds/minutes/hours, utc_offset ("+05:30"),
/// and, with DST, dst_* fields and dst_start/dst_end {month, week, weekday, hour, minute}.
nlohmann::json time_zone_context(const std::string& name, const PosixTimeZone& zone);

}  // namespace provd::plugins

// POSIX TZ rules come from tzdata files named by configs. Property: the parser never crashes,
// and whatever it accepts keeps offsets within a day and transitions within their ranges.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plugins/time_zone.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto zone = provd::plugins::parse_posix_time_zone(text);
  if (!zone) return 0;
  if (zone->utc_offset_seconds < -86400 || zone->utc_offset_seconds > 86400) __builtin_trap();
  for (const auto& t : {zone->dst_start, zone->dst_end}) {
    if (t && (t->month < 1 || t->month > 12 || t->week < 1 || t->week > 5 || t->weekday > 6)) __builtin_trap();
  }
  (void)provd::plugins::time_zone_context("X", *zone);
  return 0;
}

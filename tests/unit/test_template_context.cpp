// What templates see beyond the raw config: the `tz` object built from the system's tzdata and
// the plugin's `derive` lookups, through the same device_context the router renders with.
#include <gtest/gtest.h>

#include "ident/route.h"
#include "plugins/derive.h"
#include "plugins/time_zone.h"

namespace provd::plugins {
namespace {

using nlohmann::json;

TEST(PosixTimeZone, ParsesRulesWithDstTransitions) {
  auto zone = parse_posix_time_zone("CET-1CEST,M3.5.0,M10.5.0/3");
  ASSERT_TRUE(zone) << zone.error().message;
  EXPECT_EQ(zone->std_abbreviation, "CET");
  EXPECT_EQ(zone->utc_offset_seconds, 3600);
  EXPECT_EQ(zone->dst_abbreviation, "CEST");
  EXPECT_EQ(zone->dst_offset_seconds, 7200);
  ASSERT_TRUE(zone->dst_start && zone->dst_end);
  EXPECT_EQ(zone->dst_start->month, 3);
  EXPECT_EQ(zone->dst_start->week, 5);
  EXPECT_EQ(zone->dst_start->weekday, 0);
  EXPECT_EQ(zone->dst_start->seconds, 7200);
  EXPECT_EQ(zone->dst_end->month, 10);
  EXPECT_EQ(zone->dst_end->seconds, 3 * 3600);
}

TEST(PosixTimeZone, ParsesQuotedNamesFractionalOffsetsAndExplicitDstOffset) {
  auto india = parse_posix_time_zone("IST-5:30");
  ASSERT_TRUE(india);
  EXPECT_EQ(india->utc_offset_seconds, 5 * 3600 + 1800);
  EXPECT_FALSE(india->dst_abbreviation);
  auto quoted = parse_posix_time_zone("<-03>3");
  ASSERT_TRUE(quoted);
  EXPECT_EQ(quoted->std_abbreviation, "-03");
  EXPECT_EQ(quoted->utc_offset_seconds, -3 * 3600);
  auto lord_howe = parse_posix_time_zone("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
  ASSERT_TRUE(lord_howe);
  EXPECT_EQ(lord_howe->dst_offset_seconds - lord_howe->utc_offset_seconds, 1800);
  auto julian = parse_posix_time_zone("XXX3YYY,J60/2,300");
  ASSERT_TRUE(julian) << julian.error().message;
  EXPECT_FALSE(julian->dst_start);
}

TEST(PosixTimeZone, RefusesMalformedRules) {
  for (const char* bad : {"", "C1", "CET", "CET-25", "CET-1CEST,M13.1.0,M10.5.0", "CET-1CEST,M3.5.0",
                          "CET-1CEST,M3.6.0,M10.5.0", "CET-1x", "<+1>1", "CET-1CEST,M3.5.7,M10.5.0"}) {
    auto zone = parse_posix_time_zone(bad);
    EXPECT_FALSE(zone) << bad;
    if (!zone) {
      EXPECT_EQ(zone.error().code, "bad_time_zone") << bad;
    }
  }
}

TEST(TimeZoneFile, ReadsTheRuleOfAnIanaZone) {
  auto paris = load_time_zone("Europe/Paris");
  ASSERT_TRUE(paris) << paris.error().message;
  EXPECT_EQ(paris->posix, "CET-1CEST,M3.5.0,M10.5.0/3");
  auto kolkata = load_time_zone("Asia/Kolkata");
  ASSERT_TRUE(kolkata);
  EXPECT_EQ(kolkata->utc_offset_seconds, 19800);
}

TEST(TimeZoneFile, RefusesUnknownAndHostileNames) {
  EXPECT_EQ(load_time_zone("Mars/Olympus_Mons").error().code, "not_found");
  for (const char* bad : {"../../etc/passwd", "/etc/localtime", "Europe/../../etc/shadow", "Europe//Paris", ""}) {
    auto zone = load_time_zone(bad);
    ASSERT_FALSE(zone) << bad;
    EXPECT_EQ(zone.error().code, "bad_time_zone") << bad;
  }
}

TEST(TimeZoneContext, GivesOffsetsInTheSpellingsPhonesUse) {
  auto kolkata = time_zone_context("Asia/Kolkata", *parse_posix_time_zone("IST-5:30"));
  EXPECT_EQ(kolkata["utc_offset"], "+05:30");
  EXPECT_EQ(kolkata["utc_offset_hours"], "5.5");
  EXPECT_EQ(kolkata["utc_offset_minutes"], 330);
  EXPECT_EQ(kolkata["dst"], false);
  auto new_york = time_zone_context("America/New_York", *parse_posix_time_zone("EST5EDT,M3.2.0,M11.1.0"));
  EXPECT_EQ(new_york["utc_offset"], "-05:00");
  EXPECT_EQ(new_york["utc_offset_hours"], "-5");
  EXPECT_EQ(new_york["dst_offset"], "-04:00");
  EXPECT_EQ(new_york["dst_saving_minutes"], 60);
  EXPECT_EQ(new_york["dst_start"]["month"], 3);
  EXPECT_EQ(new_york["dst_start"]["week"], 2);
  EXPECT_EQ(new_york["dst_start"]["hour"], 2);
  EXPECT_EQ(new_york["dst_end"]["last_week"], false);
}

TEST(Derivations, LookUpContextValuesWithDefaults) {
  auto parsed = parse_derivations(json::parse(R"({
    "language": {"from": "config.locale", "map": {"fr_FR": "French", "de_DE": "German"}, "default": "English"},
    "tz_code": {"from": "tz.name", "map": {"Europe/Paris": 12}},
    "vlan": {"from": "config.vlan_enabled", "map": {"true": "1", "false": "0"}}
  })"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  json context = {{"config", {{"locale", "de_DE"}, {"vlan_enabled", true}}}, {"tz", {{"name", "Asia/Tokyo"}}}};
  apply_derivations(*parsed, context);
  EXPECT_EQ(context["derived"]["language"], "German");
  EXPECT_EQ(context["derived"]["vlan"], "1");
  EXPECT_FALSE(context["derived"].contains("tz_code")) << "a miss without default gives no value";
  json empty = json::object();
  apply_derivations(*parsed, empty);
  EXPECT_EQ(empty["derived"]["language"], "English");
}

TEST(Derivations, RefuseMalformedEntries) {
  EXPECT_FALSE(parse_derivations(json::parse(R"({"x": {"map": {}}})")));
  EXPECT_FALSE(parse_derivations(json::parse(R"({"x": {"from": "config..locale"}})")));
  EXPECT_FALSE(parse_derivations(json::parse(R"({"x": {"from": "config.locale", "map": []}})")));
  EXPECT_FALSE(parse_derivations(json::parse(R"(["x"])")));
}

TEST(DeviceContext, CarriesTimeZoneAndDerivedValues) {
  Plugin plugin;
  plugin.id = "acme-1.0";
  plugin.derivations =
      *parse_derivations(json::parse(R"({"tz_name": {"from": "tz.abbreviation", "map": {"CET": "Paris, Berlin"}}})"));
  const json device = {{"id", "d1"}, {"mac", "00:11:22:33:44:55"}};
  auto context = ident::device_context(plugin, device, {{"timezone", "Europe/Paris"}});
  EXPECT_EQ(context["tz"]["utc_offset_hours"], "1");
  EXPECT_EQ(context["tz"]["dst_end"]["hour"], 3);
  EXPECT_EQ(context["derived"]["tz_name"], "Paris, Berlin");
  auto unknown = ident::device_context(plugin, device, {{"timezone", "Nowhere/Else"}});
  EXPECT_FALSE(unknown.contains("tz"));
}

}  // namespace
}  // namespace provd::plugins

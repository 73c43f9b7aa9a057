// The lease-line scanner against the DOM path it stands in for: whatever it accepts must come
// out exactly as the DOM path makes it, and whatever it declines must still get the DOM path's
// verdict. That the hook's own lines take it is tested with the hook (tests/kea_hook).
#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "leases/lease_event.h"
#include "leases/lease_line_scanner.h"

namespace provd::leases {
namespace {

using nlohmann::json;

// The DOM path on its own, as parse_lease_line ran it before the scanner existed.
Result<LeaseEvent> dom_parse(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  json doc = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return fail("invalid_json", "not JSON");
  return lease_event_from_json(doc);
}

void expect_same_event(const LeaseEvent& fast, const LeaseEvent& dom) {
  EXPECT_EQ(fast.boot, dom.boot);
  EXPECT_EQ(fast.seq, dom.seq);
  EXPECT_EQ(fast.kind, dom.kind);
  EXPECT_EQ(fast.ts, dom.ts);
  EXPECT_EQ(fast.ip, dom.ip);
  EXPECT_EQ(fast.mac, dom.mac);
  EXPECT_EQ(fast.client_id, dom.client_id);
  EXPECT_EQ(fast.hostname, dom.hostname);
  EXPECT_EQ(fast.valid_lft, dom.valid_lft);
  EXPECT_EQ(fast.expires, dom.expires);
  EXPECT_EQ(fast.subnet_id, dom.subnet_id);
  EXPECT_EQ(fast.options, dom.options) << fast.options.dump() << " vs " << dom.options.dump();
  EXPECT_EQ(fast.dropped, dom.dropped);
  EXPECT_TRUE(fast == dom) << "operator== sees a difference the fields above do not name";
}

// The differential property on one line: the scanner either declines or agrees with the DOM,
// and parse_lease_line answers what the DOM path answers. True when the scanner took it.
bool expect_agreement(std::string_view line) {
  SCOPED_TRACE(std::string(line.substr(0, 300)));
  const Result<LeaseEvent> dom = dom_parse(line);
  const std::optional<LeaseEvent> fast = scan_lease_line(line);
  if (fast) {
    EXPECT_TRUE(dom.ok()) << "the scanner accepted what the DOM path refuses: " << dom.error().message;
    if (dom.ok()) expect_same_event(*fast, *dom);
  }
  const Result<LeaseEvent> parsed = parse_lease_line(line);
  EXPECT_EQ(parsed.ok(), dom.ok());
  if (parsed.ok() != dom.ok()) return fast.has_value();
  if (dom.ok()) {
    expect_same_event(*parsed, *dom);
  } else {
    EXPECT_EQ(parsed.error().code, dom.error().code);
    // parse_lease_line words "invalid_json" itself; every other message is the DOM path's.
    if (dom.error().code != "invalid_json") {
      EXPECT_EQ(parsed.error().message, dom.error().message);
    }
  }
  return fast.has_value();
}

const std::string kCommit =
    R"({"v":1,"boot":"5f3a9c1e","seq":42,"event":"commit","ts":1700000000,"ip":"192.0.2.10",)"
    R"("mac":"00:08:5d:12:34:56","client_id":"01:00:08:5d:12:34:56","hostname":"phone-1","valid_lft":3600,)"
    R"("expires":1700003600,"subnet_id":1,"options":{"12":{"hex":"70686f6e652d31","text":"phone-1"},)"
    R"("55":{"hex":"0103064296"},"60":{"hex":"4161737472613637333169","text":"Aastra6731i"},)"
    R"("61":{"hex":"0100085d123456"},"77":{"hex":"4d6974656c","text":"Mitel"},)"
    R"("82":{"hex":"0104657468300202abcd"}}})";

// kCommit with one piece of text replaced; the piece must be there.
std::string edit(std::string_view from, std::string_view to, std::string line = kCommit) {
  const auto at = line.find(from);
  if (at == std::string::npos) throw std::logic_error("test line lacks " + std::string(from));
  return line.replace(at, from.size(), to);
}

// The same line with JSON whitespace of every kind around every token.
std::string padded(std::string_view line) {
  std::string out = " \t\r\n";
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      out += c;
      if (c == '\\') out += line[++i];
      in_string = c != '"';
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '}' || c == ',' || c == ':') out += "\n\t ";
    out += c;
    if (c == '{' || c == ',' || c == ':') out += " \r\n\t";
  }
  return out + "\r\n \t";
}

struct Line {
  const char* name;
  std::string text;
};

// Test names from gtest_discover_tests stay readable: the case name, not the struct's bytes.
void PrintTo(const Line& line, std::ostream* os) {
  *os << line.name;
}

// Lines of the shape the hook writes: every one must take the fast path.
std::vector<Line> canonical_lines() {
  return {
      {"commit_every_forwarded_option", kCommit},
      {"commit_without_optional_fields",
       R"({"v":1,"boot":"b","seq":1,"event":"commit","ip":"192.0.2.1","mac":"00:08:5d:12:34:56"})"},
      {"release", edit(R"("event":"commit")", R"("event":"release")")},
      {"expire", R"({"v":1,"boot":"b","seq":2,"event":"expire","ts":1700000000,"ip":"192.0.2.10",)"
                 R"("mac":"00:08:5d:12:34:56","valid_lft":3600,"expires":1700003600,"subnet_id":1})"},
      {"decline_with_empty_mac", R"({"v":1,"boot":"b","seq":3,"event":"decline","ts":1,"ip":"192.0.2.9",)"
                                 R"("mac":"","valid_lft":0,"expires":0,"subnet_id":0})"},
      {"recover", edit(R"("event":"commit")", R"("event":"recover")")},
      {"gap", R"({"v":1,"boot":"5f3a9c1e","seq":9,"event":"gap","ts":1700000000,"dropped":12,)"
              R"("first_seq":8,"last_seq":19})"},
      {"gap_with_lease_fields", R"({"v":1,"boot":"b","seq":9,"event":"gap","dropped":1,"ip":"::ffff:192.0.2.1"})"},
      {"keys_in_another_order", R"({"options":{"60":{"text":"Cisco","hex":"436973636f"}},"mac":"00:06:53:7b:84:ef",)"
                                R"("ip":"192.0.2.20","event":"commit","seq":7,"boot":"b1","v":1})"},
      {"inet6_spelled_long", R"({"v":1,"boot":"b","seq":4,"event":"release","family":"inet6",)"
                             R"("ip":"2001:DB8:0:0:0:0:0:1","mac":"00:06:53:7b:84:ef","client_id":"","options":{}})"},
      {"inet", R"({"v":1,"boot":"b","seq":4,"event":"expire","family":"inet","ip":"10.0.0.1","mac":""})"},
      {"integer_extremes", R"({"v":1,"boot":"b","seq":9223372036854775807,"event":"gap",)"
                           R"("ts":-9223372036854775808,"dropped":9223372036854775807,"expires":0})"},
      {"negative_zero_ts", R"({"v":1,"boot":"b","seq":1,"event":"gap","ts":-0,"dropped":1})"},
      {"longest_strings", R"({"v":1,"boot":")" + std::string(64, 'b') +
                              R"(","seq":1,"event":"commit","ip":"192.0.2.1","mac":"00:08:5d:12:34:56",)"
                              R"("hostname":")" +
                              std::string(255, 'h') + R"("})"},
      {"odd_option_codes_and_empty_hex",
       edit(R"("55":{"hex":"0103064296"})", R"("0":{"hex":""},"000":{"hex":"00"},"255":{"hex":"ff"})")},
      {"trailing_carriage_return", kCommit + "\r"},
  };
}

class CanonicalLineTest : public ::testing::TestWithParam<Line> {};

TEST_P(CanonicalLineTest, TakesTheFastPathAndEqualsTheDomPath) {
  const std::string& line = GetParam().text;
  for (const std::string& variant : {line, padded(line), json::parse(line).dump(), json::parse(line).dump(1, '\t')}) {
    SCOPED_TRACE(variant);
    auto fast = scan_lease_line(variant);
    ASSERT_TRUE(fast.has_value());
    auto dom = dom_parse(variant);
    ASSERT_TRUE(dom.ok()) << dom.error().message;
    expect_same_event(*fast, *dom);
    expect_agreement(variant);
  }
}

INSTANTIATE_TEST_SUITE_P(HookShapes, CanonicalLineTest, ::testing::ValuesIn(canonical_lines()),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

struct DeclinedLine {
  const char* name;
  std::string text;
  const char* code;  ///< what parse_lease_line answers; "" = an event, by the DOM path
};

void PrintTo(const DeclinedLine& line, std::ostream* os) {
  *os << line.name;
}

class DeclinedLineTest : public ::testing::TestWithParam<DeclinedLine> {};

TEST_P(DeclinedLineTest, IsLeftToTheDomPathWhichAnswersAsBefore) {
  const DeclinedLine& c = GetParam();
  EXPECT_FALSE(scan_lease_line(c.text).has_value());
  auto parsed = parse_lease_line(c.text);
  if (*c.code == '\0') {
    EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  } else {
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, c.code) << parsed.error().message;
  }
  expect_agreement(c.text);
}

const std::string kGap = R"({"v":1,"boot":"b","seq":9,"event":"gap","dropped":12,"first_seq":8,"last_seq":19})";

INSTANTIATE_TEST_SUITE_P(
    ValidButUnusual, DeclinedLineTest,
    ::testing::Values(
        DeclinedLine{"escaped_option_text",
                     edit(R"("0104657468300202abcd")", R"("0104657468300202abcd","text":"\u0001\u0004eth0")"), ""},
        DeclinedLine{"escaped_hostname", edit(R"("phone-1")", R"("ph\u006fne-1")"), ""},
        DeclinedLine{"escaped_quote_in_text", edit(R"("Mitel")", R"("Mi\"tel")"), ""},
        DeclinedLine{"escaped_key", edit(R"("hostname")", R"("host\u006eame")"), ""},
        DeclinedLine{"utf8_hostname", edit(R"("phone-1")", "\"t\xc3\xa9l\xc3\xa9phone\""), ""},
        DeclinedLine{"delete_byte_in_hostname", edit(R"("phone-1")", "\"phone\x7f\""), ""},
        DeclinedLine{"byte_order_mark", "\xef\xbb\xbf" + kGap, ""},
        DeclinedLine{"v_as_float", edit(R"("v":1)", R"("v":1.0)"), ""},
        DeclinedLine{"duplicate_key", edit(R"("ts":1700000000)", R"("ts":1,"ts":1700000000)"), ""},
        DeclinedLine{"duplicate_option", edit(R"("55":{)", R"("55":{"hex":"00"},"55":{)"), ""},
        DeclinedLine{"duplicate_hex", edit(R"({"hex":"0103064296")", R"({"hex":"","hex":"0103064296")"), ""}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    NotJson, DeclinedLineTest,
    ::testing::Values(
        DeclinedLine{"empty", "", "invalid_json"}, DeclinedLine{"whitespace", " \t", "invalid_json"},
        DeclinedLine{"truncated", kCommit.substr(0, kCommit.size() - 1), "invalid_json"},
        DeclinedLine{"truncated_in_a_string", kCommit.substr(0, 18), "invalid_json"},
        DeclinedLine{"trailing_garbage", kGap + "x", "invalid_json"},
        DeclinedLine{"trailing_brace", kGap + "}", "invalid_json"},
        DeclinedLine{"two_documents", kGap + kGap, "invalid_json"},
        DeclinedLine{"trailing_comma", edit("}}}", "}},}"), "invalid_json"},
        DeclinedLine{"missing_colon", edit(R"("seq":42)", R"("seq" 42)"), "invalid_json"},
        DeclinedLine{"leading_zero", edit(R"("seq":42)", R"("seq":042)"), "invalid_json"},
        DeclinedLine{"bare_minus", edit(R"("ts":1700000000)", R"("ts":-)"), "invalid_json"},
        DeclinedLine{"tab_inside_a_string", edit(R"("phone-1")", "\"phone\t1\""), "invalid_json"},
        DeclinedLine{"nul_inside_a_string", edit(R"("phone-1")", std::string("\"ph\0ne\"", 7)), "invalid_json"},
        DeclinedLine{"single_quotes", edit(R"("boot":"5f3a9c1e")", R"("boot":'5f3a9c1e')"), "invalid_json"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

INSTANTIATE_TEST_SUITE_P(
    SchemaViolations, DeclinedLineTest,
    ::testing::Values(
        DeclinedLine{"not_an_object", "[1,2,3]", "invalid_document"},
        DeclinedLine{"a_string", R"("commit")", "invalid_document"},
        DeclinedLine{"empty_object", "{}", "invalid_document"},
        DeclinedLine{"unknown_field", edit(R"("ts":)", R"("colour":"blue","ts":)"), "invalid_document"},
        DeclinedLine{"no_v", edit(R"("v":1,)", ""), "invalid_document"},
        DeclinedLine{"no_boot", edit(R"("boot":"5f3a9c1e",)", ""), "invalid_document"},
        DeclinedLine{"no_seq", edit(R"("seq":42,)", ""), "invalid_document"},
        DeclinedLine{"no_event", edit(R"("event":"commit",)", ""), "invalid_document"},
        DeclinedLine{"v_2", edit(R"("v":1)", R"("v":2)"), "invalid_document"},
        DeclinedLine{"v_string", edit(R"("v":1)", R"("v":"1")"), "invalid_document"},
        DeclinedLine{"empty_boot", edit(R"("5f3a9c1e")", R"("")"), "invalid_document"},
        DeclinedLine{"long_boot", edit(R"("5f3a9c1e")", '"' + std::string(65, 'b') + '"'), "invalid_document"},
        DeclinedLine{"boot_number", edit(R"("5f3a9c1e")", "5"), "invalid_document"},
        DeclinedLine{"seq_zero", edit(R"("seq":42)", R"("seq":0)"), "invalid_document"},
        DeclinedLine{"seq_negative", edit(R"("seq":42)", R"("seq":-42)"), "invalid_document"},
        DeclinedLine{"seq_string", edit(R"("seq":42)", R"("seq":"42")"), "invalid_document"},
        DeclinedLine{"seq_above_int64", edit(R"("seq":42)", R"("seq":9223372036854775808)"), "invalid_document"},
        DeclinedLine{"seq_above_uint64", edit(R"("seq":42)", R"("seq":18446744073709551616)"), "invalid_document"},
        DeclinedLine{"ts_below_int64", edit(R"("ts":1700000000)", R"("ts":-9223372036854775809)"), "invalid_document"},
        DeclinedLine{"ts_float", edit(R"("ts":1700000000)", R"("ts":1.5)"), "invalid_document"},
        DeclinedLine{"ts_exponent", edit(R"("ts":1700000000)", R"("ts":17e8)"), "invalid_document"},
        DeclinedLine{"ts_string", edit(R"("ts":1700000000)", R"("ts":"1700000000")"), "invalid_document"},
        DeclinedLine{"ts_null", edit(R"("ts":1700000000)", R"("ts":null)"), "invalid_document"},
        DeclinedLine{"unknown_event", edit(R"("commit")", R"("renew")"), "invalid_document"},
        DeclinedLine{"event_number", edit(R"("commit")", "1"), "invalid_document"},
        DeclinedLine{"bad_family", edit(R"("ts":)", R"("family":"inet4","ts":)"), "invalid_document"},
        DeclinedLine{"family_number", edit(R"("ts":)", R"("family":4,"ts":)"), "invalid_document"},
        DeclinedLine{"ip_too_short", edit(R"("192.0.2.10")", R"("1")"), "invalid_document"},
        DeclinedLine{"ip_too_long", edit(R"("192.0.2.10")", '"' + std::string(46, '1') + '"'), "invalid_document"},
        DeclinedLine{"ip_number", edit(R"("192.0.2.10")", "19202"), "invalid_document"},
        DeclinedLine{"ip_not_an_address", edit(R"("192.0.2.10")", R"("192.0.2.300")"), "invalid_ip"},
        DeclinedLine{"ip_with_leading_zero", edit(R"("192.0.2.10")", R"("192.0.2.010")"), "invalid_ip"},
        DeclinedLine{"upper_case_mac", edit("00:08:5d:12:34:56\"", "00:08:5D:12:34:56\""), "invalid_document"},
        DeclinedLine{"short_mac", edit("00:08:5d:12:34:56\"", "00:08:5d:12:34\""), "invalid_document"},
        DeclinedLine{"mac_with_dashes", edit("00:08:5d:12:34:56\"", "00-08-5d-12-34-56\""), "invalid_document"},
        DeclinedLine{"mac_null", edit(R"("mac":"00:08:5d:12:34:56")", R"("mac":null)"), "invalid_document"},
        DeclinedLine{"bad_client_id", edit(R"("01:00:08:5d:12:34:56")", R"("01:0")"), "invalid_document"},
        DeclinedLine{"client_id_without_colons", edit(R"("01:00:08:5d:12:34:56")", R"("0100085d123456")"),
                     "invalid_document"},
        DeclinedLine{"long_hostname", edit(R"("phone-1")", '"' + std::string(256, 'h') + '"'), "invalid_document"},
        DeclinedLine{"hostname_object", edit(R"("phone-1")", R"({"a":1})"), "invalid_document"},
        DeclinedLine{"negative_valid_lft", edit(R"("valid_lft":3600)", R"("valid_lft":-1)"), "invalid_document"},
        DeclinedLine{"negative_expires", edit(R"("expires":1700003600)", R"("expires":-1)"), "invalid_document"},
        DeclinedLine{"negative_subnet_id", edit(R"("subnet_id":1)", R"("subnet_id":-1)"), "invalid_document"},
        DeclinedLine{"gap_zero_dropped", edit(R"("dropped":12)", R"("dropped":0)", kGap), "invalid_document"},
        DeclinedLine{"gap_zero_first_seq", edit(R"("first_seq":8)", R"("first_seq":0)", kGap), "invalid_document"},
        DeclinedLine{"gap_zero_last_seq", edit(R"("last_seq":19)", R"("last_seq":0)", kGap), "invalid_document"},
        DeclinedLine{"gap_without_dropped", edit(R"("dropped":12,)", "", kGap), "invalid_document"},
        DeclinedLine{"options_array", edit(R"("dropped":12)", R"("dropped":12,"options":[])", kGap),
                     "invalid_document"},
        DeclinedLine{"option_code_too_long", edit(R"("55":)", R"("1234":)"), "invalid_document"},
        DeclinedLine{"option_code_not_decimal", edit(R"("55":)", R"("5a":)"), "invalid_document"},
        DeclinedLine{"option_code_empty", edit(R"("55":)", R"("":)"), "invalid_document"},
        DeclinedLine{"option_not_object", edit(R"({"hex":"0103064296"})", R"("0103064296")"), "invalid_document"},
        DeclinedLine{"option_without_hex", edit(R"({"hex":"4d6974656c","text":"Mitel"})", R"({"text":"Mitel"})"),
                     "invalid_document"},
        DeclinedLine{"option_empty", edit(R"({"hex":"0103064296"})", "{}"), "invalid_document"},
        DeclinedLine{"odd_option_hex", edit(R"("0103064296")", R"("010306429")"), "invalid_document"},
        DeclinedLine{"upper_case_option_hex", edit(R"("0103064296")", R"("010306429A")"), "invalid_document"},
        DeclinedLine{"option_text_number", edit(R"("text":"Mitel")", R"("text":5)"), "invalid_document"},
        DeclinedLine{"option_text_nested", edit(R"("text":"Mitel")", R"("text":{"a":[1]})"), "invalid_document"},
        DeclinedLine{"option_extra_field", edit(R"("text":"Mitel")", R"("text":"Mitel","x":"y")"), "invalid_document"},
        DeclinedLine{"commit_without_ip", edit(R"("ip":"192.0.2.10",)", ""), "invalid_document"},
        DeclinedLine{"release_without_mac",
                     edit(R"("mac":"00:08:5d:12:34:56",)", "", edit(R"("commit")", R"("release")")),
                     "invalid_document"},
        DeclinedLine{"commit_with_empty_mac", edit(R"("mac":"00:08:5d:12:34:56")", R"("mac":"")"), "invalid_document"},
        DeclinedLine{"recover_with_empty_mac",
                     edit(R"("mac":"00:08:5d:12:34:56")", R"("mac":"")", edit(R"("commit")", R"("recover")")),
                     "invalid_document"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

// Every truncation, deletion and a few substitutions of each canonical line: whatever the
// scanner makes of them, it never disagrees with the DOM path.
TEST(LeaseLineScanner, AgreesWithTheDomPathOnEveryOneByteDamageOfTheCanonicalLines) {
  std::size_t damaged_lines = 0, taken = 0;
  for (const Line& base : canonical_lines()) {
    const std::string& line = base.text;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (i > 0 && line[i] == line[i - 1]) continue;  // a run of 255 'h' needs no 255 rounds
      std::vector<std::string> damaged = {line.substr(0, i), line.substr(0, i) + line.substr(i + 1)};
      for (char c : {' ', '"', '9', '-', 'a', '}', '\\', '.'}) {
        damaged.push_back(line);
        damaged.back()[i] = c;
      }
      for (const std::string& text : damaged) taken += expect_agreement(text) ? 1 : 0;
      damaged_lines += damaged.size();
      if (HasFailure()) return;
    }
  }
  // Many damaged lines are still valid (another digit, another hex letter); the scanner must
  // have taken some, or this test compared nothing.
  EXPECT_GT(taken, damaged_lines / 20) << taken << " of " << damaged_lines;
}

}  // namespace
}  // namespace provd::leases

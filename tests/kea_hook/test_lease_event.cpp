// The NDJSON encoding of lease and gap events: valid against the schema, every field where
// provd expects it, and hostile bytes (quotes, control characters, invalid UTF-8) escaped.
#include <gtest/gtest.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "json/schema_validator.h"
#include "lease_event.h"
#include "leases/lease_event.h"
#include "leases/lease_line_scanner.h"

namespace provd::kea_hook {
namespace {

using nlohmann::json;

std::string line(std::string_view body, std::uint64_t seq = 7) {
  std::string out;
  appendLinePrefix(out, "0123abcd", seq);
  out += body;
  return out;
}

// Empty when the document is a valid lease event, else the validator's explanation.
std::string schemaProblem(const json& document) {
  static const provd::json::SchemaValidator validator("lease-event.schema.json");
  auto verdict = validator.validate(document);
  return verdict.ok() ? "" : verdict.error().message;
}

LeaseEvent sampleEvent() {
  LeaseEvent event;
  event.kind = EventKind::commit;
  event.ts = 1700000000;
  event.ip = "192.0.2.10";
  event.mac = "00:08:5d:12:34:56";
  event.client_id = "01:00:08:5d:12:34:56";
  event.hostname = "phone-1";
  event.valid_lft = 3600;
  event.expires = 1700003600;
  event.subnet_id = 1;
  event.options = {{60, {'A', 'a', 's', 't', 'r', 'a', '6', '7', '3', '1', 'i'}}, {55, {1, 3, 6, 66, 150}}};
  return event;
}

TEST(HexBytes, EveryByteValueWithAndWithoutSeparator) {
  std::vector<std::uint8_t> all(256);
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::uint8_t>(i);
  std::string plain = hexBytes(all, 0), colons = hexBytes(all, ':');
  ASSERT_EQ(plain.size(), 512u);
  ASSERT_EQ(colons.size(), 767u);
  for (std::size_t i = 0; i < all.size(); ++i) {
    char expected[3];
    std::snprintf(expected, sizeof expected, "%02x", static_cast<unsigned>(i));
    EXPECT_EQ(plain.substr(i * 2, 2), expected);
    EXPECT_EQ(colons.substr(i * 3, 2), expected);
    if (i + 1 < all.size()) {
      EXPECT_EQ(colons[i * 3 + 2], ':');
    }
  }
  EXPECT_EQ(hexBytes(std::vector<std::uint8_t>{0xab}, ':'), "ab");
  EXPECT_EQ(hexBytes(std::vector<std::uint8_t>{}, ':'), "");
}

TEST(LeaseEvent, CommitLineHasEveryFieldAndMatchesTheSchema) {
  json document = json::parse(line(formatEventBody(sampleEvent())));
  EXPECT_EQ(document["v"], 1);
  EXPECT_EQ(document["boot"], "0123abcd");
  EXPECT_EQ(document["seq"], 7);
  EXPECT_EQ(document["event"], "commit");
  EXPECT_EQ(document["ts"], 1700000000);
  EXPECT_EQ(document["ip"], "192.0.2.10");
  EXPECT_EQ(document["mac"], "00:08:5d:12:34:56");
  EXPECT_EQ(document["client_id"], "01:00:08:5d:12:34:56");
  EXPECT_EQ(document["hostname"], "phone-1");
  EXPECT_EQ(document["valid_lft"], 3600);
  EXPECT_EQ(document["expires"], 1700003600);
  EXPECT_EQ(document["subnet_id"], 1);
  EXPECT_EQ(document["options"]["60"]["hex"], "4161737472613637333169");
  EXPECT_EQ(document["options"]["60"]["text"], "Aastra6731i");
  EXPECT_EQ(document["options"]["55"]["hex"], "0103064296");
  EXPECT_FALSE(document["options"]["55"].contains("text"));
  EXPECT_EQ(schemaProblem(document), "");
}

TEST(LeaseEvent, EveryKindHasItsWireName) {
  for (auto [kind, name] : {std::pair{EventKind::commit, "commit"}, std::pair{EventKind::release, "release"},
                            std::pair{EventKind::expire, "expire"}, std::pair{EventKind::decline, "decline"},
                            std::pair{EventKind::recover, "recover"}}) {
    LeaseEvent event = sampleEvent();
    event.kind = kind;
    event.mac = kind == EventKind::recover ? "" : event.mac;
    json document = json::parse(line(formatEventBody(event)));
    EXPECT_EQ(document["event"], name);
    EXPECT_EQ(schemaProblem(document), "") << name;
  }
}

TEST(LeaseEvent, OptionalFieldsAreLeftOutWhenEmpty) {
  LeaseEvent event = sampleEvent();
  event.client_id.clear();
  event.hostname.clear();
  event.options.clear();
  json document = json::parse(line(formatEventBody(event)));
  EXPECT_FALSE(document.contains("client_id"));
  EXPECT_FALSE(document.contains("hostname"));
  EXPECT_FALSE(document.contains("options"));
}

TEST(LeaseEvent, HostileHostnameBytesAreEscaped) {
  LeaseEvent event = sampleEvent();
  event.hostname = std::string("a\"b\\c\nd\x01\x7f", 9) + "\xc3\xa9" + "\xff" + "\xc3";
  std::string text = line(formatEventBody(event));
  EXPECT_EQ(text.find('\n'), std::string::npos);  // one event is one line
  EXPECT_NE(text.find(R"("hostname":"a\"b\\c\u000ad\u0001\u007fé\u00ff\u00c3")"), std::string::npos) << text;
  json document = json::parse(text);  // valid JSON, valid UTF-8
  EXPECT_EQ(document["hostname"], "a\"b\\c\nd\x01\x7f\xc3\xa9\xc3\xbf\xc3\x83");
}

TEST(LeaseEvent, OverlongAndSurrogateUtf8IsEscapedNotPassedThrough) {
  std::string out;
  appendJsonString(out, "\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80");
  EXPECT_EQ(out, R"("\u00c0\u00af\u00ed\u00a0\u0080\u00f4\u0090\u0080\u0080")");
}

TEST(LeaseEvent, OptionTextOnlyWhenPrintable) {
  std::vector<std::uint8_t> vendor = {'P', 'o', 'l', 'y', 0, 0};
  EXPECT_EQ(printableText(vendor), "Poly");  // trailing NULs some phones send
  std::vector<std::uint8_t> binary = {'a', 0x01, 'b'};
  EXPECT_FALSE(printableText(binary).has_value());
  std::vector<std::uint8_t> quote = {'a', '"', 'b'};
  LeaseEvent event = sampleEvent();
  event.options = {{60, quote}, {61, binary}};
  json document = json::parse(line(formatEventBody(event)));
  EXPECT_EQ(document["options"]["60"]["text"], "a\"b");
  EXPECT_EQ(document["options"]["61"]["hex"], "610162");
  EXPECT_FALSE(document["options"]["61"].contains("text"));
}

TEST(LeaseEvent, GapLineMatchesTheSchema) {
  GapInfo gap;
  gap.add(5);
  gap.add(3);
  gap.add(9);
  json document = json::parse(line(formatGapBody(gap, 1700000000), 12));
  EXPECT_EQ(document["event"], "gap");
  EXPECT_EQ(document["dropped"], 3);
  EXPECT_EQ(document["first_seq"], 3);
  EXPECT_EQ(document["last_seq"], 9);
  EXPECT_EQ(schemaProblem(document), "");
}

// What provd makes of the lines this formatter writes, for every kind: each takes the
// scanner's fast path (provd/src/leases/lease_line_scanner.h) and reads as the DOM path reads it.
TEST(HookLinesInProvd, TakeTheScannersFastPathAndReadAsTheDomPathReadsThem) {
  LeaseEvent lease = sampleEvent();
  lease.options = {{12, {'p', 'h', 'o', 'n', 'e', '-', '1'}},
                   {55, {1, 3, 6, 15, 66, 67, 150}},
                   {60, {'A', 'a', 's', 't', 'r', 'a', '6', '7', '3', '1', 'i'}},
                   {61, {1, 0x00, 0x08, 0x5d, 0x12, 0x34, 0x56}},
                   {77, {'P', 'o', 'l', 'y', 0, 0}},
                   {82, {1, 4, 'e', 't', 'h', '0', 2, 2, 0xab, 0xcd}}};
  std::vector<std::string> lines;
  std::uint64_t seq = 1;
  for (auto kind : {EventKind::commit, EventKind::release, EventKind::expire, EventKind::decline, EventKind::recover}) {
    LeaseEvent event = lease;
    event.kind = kind;
    if (kind == EventKind::decline) event.mac.clear();  // Kea clears it on a decline
    std::string line;
    appendLinePrefix(line, "5f3a9c1e0b", seq++);
    lines.push_back(line + formatEventBody(event));
  }
  LeaseEvent sparse = lease;  // no client id, hostname or options: those keys are left out
  sparse.client_id.clear();
  sparse.hostname.clear();
  sparse.options.clear();
  sparse.ip = "2001:db8::10";
  std::string sparse_line;
  appendLinePrefix(sparse_line, "5f3a9c1e0b", seq++);
  lines.push_back(sparse_line + formatEventBody(sparse));
  GapInfo gap;
  gap.add(3);
  gap.add(9);
  std::string gap_line;
  appendLinePrefix(gap_line, "5f3a9c1e0b", seq++);
  lines.push_back(gap_line + formatGapBody(gap, 1700000000));

  for (const std::string& line : lines) {
    SCOPED_TRACE(line);
    auto fast = leases::scan_lease_line(line);
    ASSERT_TRUE(fast.has_value());
    auto dom = leases::lease_event_from_json(json::parse(line));
    ASSERT_TRUE(dom.ok()) << dom.error().message;
    EXPECT_TRUE(*fast == *dom);
  }
  auto commit = leases::scan_lease_line(lines.front());
  ASSERT_TRUE(commit.has_value());
  EXPECT_EQ(commit->options["77"]["text"], "Poly");
  EXPECT_FALSE(commit->options["82"].contains("text"));
}

// The hook escapes what it cannot pass through; such a line is still read, by the DOM path.
TEST(HookLinesInProvd, EscapedHostnamesAreLeftToTheDomPath) {
  LeaseEvent event;
  event.ip = "192.0.2.10";
  event.mac = "00:08:5d:12:34:56";
  event.hostname = "a\"b\\c\x01\xc3\xa9\xff";
  std::string line;
  appendLinePrefix(line, "b", 1);
  line += formatEventBody(event);
  EXPECT_FALSE(leases::scan_lease_line(line).has_value());
  auto parsed = leases::parse_lease_line(line);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->hostname, "a\"b\\c\x01\xc3\xa9\xc3\xbf");
}

}  // namespace
}  // namespace provd::kea_hook

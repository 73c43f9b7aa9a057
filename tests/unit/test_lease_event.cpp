#include <gtest/gtest.h>

#include "json/schema_validator.h"
#include "leases/lease_event.h"

namespace provd::leases {
namespace {

using nlohmann::json;

json good_commit() {
  return {{"v", 1},
          {"boot", "b1"},
          {"seq", 7},
          {"event", "commit"},
          {"ts", 1700000000},
          {"ip", "192.0.2.20"},
          {"mac", "00:06:53:7b:84:ef"},
          {"client_id", "01:00:06:53:7b:84:ef"},
          {"hostname", "SEP0006537B84EF"},
          {"valid_lft", 3600},
          {"expires", 1700003600},
          {"subnet_id", 1},
          {"options", {{"60", {{"hex", "436973636f"}, {"text", "Cisco"}}}}}};
}

std::string without(json doc, const std::string& key) {
  doc.erase(key);
  return doc.dump();
}

std::string with(json doc, const std::string& key, json value) {
  doc[key] = std::move(value);
  return doc.dump();
}

TEST(LeaseEventTest, ParsesEveryFieldOfACommit) {
  auto event = parse_lease_line(good_commit().dump());
  ASSERT_TRUE(event.ok()) << event.error().message;
  EXPECT_EQ(event->boot, "b1");
  EXPECT_EQ(event->seq, 7);
  EXPECT_EQ(event->kind, EventKind::kCommit);
  EXPECT_EQ(event->ip, "192.0.2.20");
  EXPECT_EQ(event->mac, "00:06:53:7b:84:ef");
  EXPECT_EQ(event->client_id, "01:00:06:53:7b:84:ef");
  EXPECT_EQ(event->hostname, "SEP0006537B84EF");
  EXPECT_EQ(event->expires, 1700003600);
  EXPECT_EQ(event->subnet_id, 1);
  EXPECT_EQ(event->options["60"]["text"], "Cisco");
  json doc = json::parse(lease_document_text(*event, event->mac, event->ip));
  EXPECT_EQ(doc["mac"], "00:06:53:7b:84:ef");
  EXPECT_EQ(doc["options"]["60"]["hex"], "436973636f");
  EXPECT_EQ(doc["subnet_id"], 1);
}

// The stored text is what json::dump() makes of the same document, so leases written by the
// feed and by upsert() (REST, reconciliation) are spelled alike.
TEST(LeaseEventTest, TheLeaseDocumentTextIsTheDumpOfTheDocument) {
  LeaseEvent full;
  full.mac = "00:06:53:7b:84:ef";
  full.ip = "192.0.2.20";
  full.client_id = "01:00:06:53:7b:84:ef";
  full.hostname = "SEP \"quoted\" \\ caf\u00e9\x01";
  full.expires = 1700003600;
  full.subnet_id = 0;
  full.options = {{"60", {{"hex", "436973636f"}, {"text", "Cisco"}}},
                  {"12", {{"hex", "41"}}},
                  {"77", {{"hex", "225c0a"}, {"text", "\"\\\n"}}},  // text dump() must escape
                  {"82", {{"hex", "01"}, {"parts", {1, "a"}}}}};    // not an object of strings
  json expected = {{"mac", full.mac},
                   {"ip", full.ip},
                   {"expires", full.expires},
                   {"hostname", full.hostname},
                   {"client_id", full.client_id},
                   {"subnet_id", 0},
                   {"options", full.options}};
  EXPECT_EQ(lease_document_text(full, full.mac, full.ip), expected.dump());

  LeaseEvent sparse;
  sparse.mac = "00:06:53:7b:84:ef";
  sparse.ip = "2001:db8::1";
  EXPECT_EQ(lease_document_text(sparse, sparse.mac, sparse.ip),
            json({{"mac", sparse.mac}, {"ip", sparse.ip}, {"expires", 0}}).dump());
}

TEST(LeaseEventTest, AcceptsATrailingCarriageReturnAndAGap) {
  EXPECT_TRUE(parse_lease_line(good_commit().dump() + "\r").ok());
  auto gap = parse_lease_line(R"({"v":1,"boot":"b1","seq":9,"event":"gap","dropped":12,"first_seq":8,"last_seq":19})");
  ASSERT_TRUE(gap.ok()) << gap.error().message;
  EXPECT_EQ(gap->kind, EventKind::kGap);
  EXPECT_EQ(gap->dropped, 12);
}

TEST(LeaseEventTest, DeclineMayHaveAnEmptyMac) {
  auto event = parse_lease_line(R"({"v":1,"boot":"b","seq":1,"event":"decline","ip":"192.0.2.9","mac":""})");
  ASSERT_TRUE(event.ok()) << event.error().message;
  EXPECT_TRUE(event->mac.empty());
}

struct BadLine {
  const char* name;
  std::string line;
  const char* code;
};

class LeaseEventBadLineTest : public ::testing::TestWithParam<BadLine> {};

TEST_P(LeaseEventBadLineTest, IsRefusedWithAReason) {
  auto event = parse_lease_line(GetParam().line, 4096);
  ASSERT_FALSE(event.ok());
  EXPECT_EQ(event.error().code, GetParam().code);
  EXPECT_FALSE(event.error().message.empty());
}

// The hand-written check must say what the schema says, for every case that is JSON at all.
TEST_P(LeaseEventBadLineTest, AgreesWithTheGenericSchemaValidator) {
  json doc = json::parse(GetParam().line, nullptr, false);
  if (doc.is_discarded()) GTEST_SKIP() << "not JSON: nothing for a schema to say";
  static const provd::json::SchemaValidator schema("lease-event.schema.json");
  EXPECT_EQ(schema.validate(doc).ok(), validate_lease_event(doc).ok()) << doc.dump().substr(0, 200);
}

TEST(LeaseEventTest, AcceptedDocumentsAlsoPassTheGenericSchemaValidator) {
  static const provd::json::SchemaValidator schema("lease-event.schema.json");
  for (const json& doc :
       {good_commit(), json::parse(R"({"v":1,"boot":"b1","seq":9,"event":"gap","dropped":12})"),
        json::parse(R"({"v":1,"boot":"b","seq":1,"event":"decline","ip":"192.0.2.9","mac":""})"),
        json::parse(R"({"v":1,"boot":"b","seq":2,"event":"release","ip":"2001:db8::1","mac":"00:06:53:7b:84:ef",)"
                    R"("family":"inet6","client_id":"","options":{}})")}) {
    EXPECT_TRUE(validate_lease_event(doc).ok()) << doc.dump();
    EXPECT_TRUE(schema.validate(doc).ok()) << doc.dump();
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryKind, LeaseEventBadLineTest,
    ::testing::Values(
        BadLine{"too_long", with(good_commit(), "hostname", std::string(5000, 'x')), "too_long"},
        BadLine{"not_json", "this is not json", "invalid_json"},
        BadLine{"truncated_json", good_commit().dump().substr(0, 40), "invalid_json"},
        BadLine{"two_documents", good_commit().dump() + good_commit().dump(), "invalid_json"},
        BadLine{"empty", "", "invalid_json"}, BadLine{"not_an_object", "[1,2,3]", "invalid_document"},
        BadLine{"wrong_version", with(good_commit(), "v", 2), "invalid_document"},
        BadLine{"no_boot", without(good_commit(), "boot"), "invalid_document"},
        BadLine{"empty_boot", with(good_commit(), "boot", ""), "invalid_document"},
        BadLine{"no_seq", without(good_commit(), "seq"), "invalid_document"},
        BadLine{"seq_zero", with(good_commit(), "seq", 0), "invalid_document"},
        BadLine{"seq_string", with(good_commit(), "seq", "7"), "invalid_document"},
        BadLine{"unknown_event", with(good_commit(), "event", "renew"), "invalid_document"},
        BadLine{"commit_without_ip", without(good_commit(), "ip"), "invalid_document"},
        BadLine{"commit_without_mac", without(good_commit(), "mac"), "invalid_document"},
        BadLine{"commit_with_empty_mac", with(good_commit(), "mac", ""), "invalid_document"},
        BadLine{"upper_case_mac", with(good_commit(), "mac", "00:06:53:7B:84:EF"), "invalid_document"},
        BadLine{"bad_ip", with(good_commit(), "ip", "192.0.2.300"), "invalid_ip"},
        BadLine{"negative_expires", with(good_commit(), "expires", -1), "invalid_document"},
        BadLine{"unknown_field", with(good_commit(), "colour", "blue"), "invalid_document"},
        BadLine{"bad_option_code", with(good_commit(), "options", {{"sixty", {{"hex", "00"}}}}), "invalid_document"},
        BadLine{"odd_option_hex", with(good_commit(), "options", {{"60", {{"hex", "abc"}}}}), "invalid_document"},
        BadLine{"long_boot", with(good_commit(), "boot", std::string(65, 'b')), "invalid_document"},
        BadLine{"mac_with_dashes", with(good_commit(), "mac", "00-06-53-7b-84-ef"), "invalid_document"},
        BadLine{"short_mac", with(good_commit(), "mac", "00:06:53:7b:84"), "invalid_document"},
        BadLine{"bad_client_id", with(good_commit(), "client_id", "01:0"), "invalid_document"},
        BadLine{"long_hostname", with(good_commit(), "hostname", std::string(256, 'h')), "invalid_document"},
        BadLine{"bad_family", with(good_commit(), "family", "inet4"), "invalid_document"},
        BadLine{"ts_float", with(good_commit(), "ts", 1.5), "invalid_document"},
        BadLine{"option_extra_field", with(good_commit(), "options", {{"60", {{"hex", "00"}, {"x", 1}}}}),
                "invalid_document"},
        BadLine{"option_without_hex", with(good_commit(), "options", {{"60", {{"text", "A"}}}}), "invalid_document"},
        BadLine{"options_not_object", with(good_commit(), "options", json::array()), "invalid_document"},
        BadLine{"gap_zero_dropped", R"({"v":1,"boot":"b","seq":3,"event":"gap","dropped":0})", "invalid_document"},
        BadLine{"gap_without_dropped", R"({"v":1,"boot":"b","seq":3,"event":"gap"})", "invalid_document"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace provd::leases

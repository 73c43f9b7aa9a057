// X-Forwarded-For selection, the Content-Type table and conditional-request decisions.
#include <gtest/gtest.h>

#include "http/conditional.h"
#include "http/content_type.h"
#include "http/forwarded_for.h"

namespace provd::http {
namespace {

using namespace std::chrono_literals;

TEST(HttpForwardedFor, IgnoredWithoutTrustedHops) {
  EXPECT_EQ(client_address("10.0.0.1", {"192.0.2.7"}, 0), "10.0.0.1");
}

TEST(HttpForwardedFor, TakesTheNthFromTheRight) {
  EXPECT_EQ(client_address("10.0.0.1", {"198.51.100.9, 192.0.2.7"}, 1), "192.0.2.7");
  EXPECT_EQ(client_address("10.0.0.1", {"198.51.100.9, 192.0.2.7"}, 2), "198.51.100.9");
  // Several header lines form one list, in order.
  EXPECT_EQ(client_address("10.0.0.1", {"203.0.113.1", "198.51.100.9,192.0.2.7"}, 3), "203.0.113.1");
}

TEST(HttpForwardedFor, ShortListYieldsLeftmost) {
  EXPECT_EQ(client_address("10.0.0.1", {"192.0.2.7"}, 3), "192.0.2.7");
}

TEST(HttpForwardedFor, GarbageFallsBackToTheSocket) {
  EXPECT_EQ(client_address("10.0.0.1", {"not-an-ip"}, 1), "10.0.0.1");
  EXPECT_EQ(client_address("10.0.0.1", {""}, 1), "10.0.0.1");
  EXPECT_EQ(client_address("10.0.0.1", {}, 1), "10.0.0.1");
  EXPECT_EQ(client_address("10.0.0.1", {" , "}, 1), "10.0.0.1");
}

TEST(HttpForwardedFor, NormalisesIpv6) {
  EXPECT_EQ(client_address("10.0.0.1", {"2001:DB8:0:0:0:0:0:1"}, 1), "2001:db8::1");
}

TEST(HttpContentType, ByExtension) {
  EXPECT_EQ(content_type_for("/aastra.cfg"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("/SEP001122334455.cnf.xml"), "application/xml");
  EXPECT_EQ(content_type_for("/a/B.XML"), "application/xml");
  EXPECT_EQ(content_type_for("/x.json"), "application/json");
  EXPECT_EQ(content_type_for("/fw.tar"), "application/x-tar");
  EXPECT_EQ(content_type_for("/fw.zip"), "application/zip");
  EXPECT_EQ(content_type_for("/SIP70.8-4-0-28S.loads"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("/fw.ld"), "application/octet-stream");
  EXPECT_EQ(content_type_for("/fw.sbn"), "application/octet-stream");
  EXPECT_EQ(content_type_for("/fw.bin"), "application/octet-stream");
  EXPECT_EQ(content_type_for("/noext"), "application/octet-stream");
  EXPECT_EQ(content_type_for("/dir.cfg/noext"), "application/octet-stream");
  EXPECT_EQ(content_type_for("/trailing."), "application/octet-stream");
}

TEST(HttpDate, FormatsAndParsesAllThreeForms) {
  const auto t = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  EXPECT_EQ(format_http_date(t), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), t);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), t);
  EXPECT_EQ(parse_http_date("Sun Nov  6 08:49:37 1994"), t);
  EXPECT_FALSE(parse_http_date("yesterday"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Nov 1994 25:49:37 GMT"));
  EXPECT_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
  EXPECT_FALSE(parse_http_date(""));
}

TEST(HttpConditional, IfNoneMatchList) {
  EXPECT_TRUE(if_none_match_matches("\"abc\"", "abc"));
  EXPECT_TRUE(if_none_match_matches("\"x\", W/\"abc\"", "abc"));  // weak comparison
  EXPECT_TRUE(if_none_match_matches("*", "abc"));
  EXPECT_FALSE(if_none_match_matches("\"abd\"", "abc"));
  EXPECT_FALSE(if_none_match_matches("abc", "abc"));  // not an entity-tag
  EXPECT_FALSE(if_none_match_matches("\"\"", ""));
}

class HttpPlan : public ::testing::Test {
 protected:
  Representation rep{1000, "e1", std::chrono::system_clock::from_time_t(784111777) + 300ms};
};

TEST_F(HttpPlan, PlainGetIsWhole) {
  const auto plan = plan_response({}, rep);
  EXPECT_EQ(plan.status, 200u);
  EXPECT_EQ(plan.first, 0u);
  EXPECT_EQ(plan.length, 1000u);
}

TEST_F(HttpPlan, MatchingEtagIs304) {
  Preconditions p;
  p.if_none_match = "\"e1\"";
  EXPECT_EQ(plan_response(p, rep).status, 304u);
  p.if_none_match = "\"e2\"";
  EXPECT_EQ(plan_response(p, rep).status, 200u);
}

TEST_F(HttpPlan, IfNoneMatchOverridesIfModifiedSince) {
  Preconditions p;
  p.if_none_match = "\"other\"";
  p.if_modified_since = "Sun, 06 Nov 2044 08:49:37 GMT";
  EXPECT_EQ(plan_response(p, rep).status, 200u);
}

TEST_F(HttpPlan, IfModifiedSinceComparesWholeSeconds) {
  Preconditions p;
  p.if_modified_since = "Sun, 06 Nov 1994 08:49:37 GMT";  // equal to the second
  EXPECT_EQ(plan_response(p, rep).status, 304u);
  p.if_modified_since = "Sun, 06 Nov 1994 08:49:36 GMT";
  EXPECT_EQ(plan_response(p, rep).status, 200u);
  p.if_modified_since = "garbage";
  EXPECT_EQ(plan_response(p, rep).status, 200u);
  Representation unknown_date = rep;
  unknown_date.modified = {};
  p.if_modified_since = "Sun, 06 Nov 2044 08:49:37 GMT";
  EXPECT_EQ(plan_response(p, unknown_date).status, 200u);
}

TEST_F(HttpPlan, RangeGives206WithContentRange) {
  Preconditions p;
  p.range = "bytes=10-19";
  const auto plan = plan_response(p, rep);
  EXPECT_EQ(plan.status, 206u);
  EXPECT_EQ(plan.first, 10u);
  EXPECT_EQ(plan.length, 10u);
  EXPECT_EQ(plan.content_range, "bytes 10-19/1000");
}

TEST_F(HttpPlan, UnsatisfiableRangeGives416) {
  Preconditions p;
  p.range = "bytes=5000-";
  const auto plan = plan_response(p, rep);
  EXPECT_EQ(plan.status, 416u);
  EXPECT_EQ(plan.length, 0u);
  EXPECT_EQ(plan.content_range, "bytes */1000");
}

TEST_F(HttpPlan, IfRangeGuardsTheRange) {
  Preconditions p;
  p.range = "bytes=10-19";
  p.if_range = "\"e1\"";
  EXPECT_EQ(plan_response(p, rep).status, 206u);
  p.if_range = "\"stale\"";
  EXPECT_EQ(plan_response(p, rep).status, 200u);
  p.if_range = "Sun, 06 Nov 1994 08:49:37 GMT";
  EXPECT_EQ(plan_response(p, rep).status, 206u);
  p.if_range = "Sun, 06 Nov 1994 08:49:38 GMT";
  EXPECT_EQ(plan_response(p, rep).status, 200u);
}

TEST_F(HttpPlan, ConditionalBeatsRange) {
  Preconditions p;
  p.range = "bytes=10-19";
  p.if_none_match = "\"e1\"";
  EXPECT_EQ(plan_response(p, rep).status, 304u);
}

}  // namespace
}  // namespace provd::http

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "rest/api_types.h"
#include "rest/list_query.h"
#include "rest/router.h"

namespace provd::rest {
namespace {

using nlohmann::json;

TEST(PercentDecode, DecodesEscapesAndPlus) {
  EXPECT_EQ(percent_decode("a%20b+c"), "a b c");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("%2e%2E"), "..");
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("%2"));
  EXPECT_FALSE(percent_decode("%zz"));
  EXPECT_FALSE(percent_decode("a%00b"));
}

TEST(ListQuery, DefaultsAndFilters) {
  auto q = parse_list_query("vendor=Aastra&model=6730i", 100, 1000);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->limit, 100u);
  EXPECT_EQ(q->offset, 0u);
  EXPECT_EQ(q->sort, "id");
  ASSERT_EQ(q->filters.size(), 2u);
  EXPECT_EQ(q->filters[0], std::make_pair(std::string("vendor"), std::string("Aastra")));
}

TEST(ListQuery, LimitOffsetSort) {
  auto q = parse_list_query("limit=10&offset=20&sort=-mac", 100, 1000);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->limit, 10u);
  EXPECT_EQ(q->offset, 20u);
  EXPECT_EQ(q->sort, "mac");
  EXPECT_TRUE(q->descending);
}

TEST(ListQuery, RejectsBadValuesNamingTheParameter) {
  for (const char* bad : {"limit=0", "limit=1001", "limit=abc", "limit=", "offset=-1", "offset=1x", "sort=a.b",
                          "vendor=1&vendor=2", "a%zz=1", "bad name=1", "x=%00"}) {
    auto q = parse_list_query(bad, 100, 1000);
    ASSERT_FALSE(q.ok()) << bad;
    EXPECT_EQ(q.error().code, "invalid_query");
  }
  EXPECT_NE(parse_list_query("limit=0", 100, 1000).error().message.find("limit"), std::string::npos);
}

TEST(ListQuery, FiltersCompareAsText) {
  const json doc = {{"id", "a"}, {"configured", true}, {"sip_port", 5060}, {"vendor", "Aastra"}};
  EXPECT_TRUE(matches_filters(doc, {{"configured", "true"}, {"sip_port", "5060"}, {"vendor", "Aastra"}}));
  EXPECT_FALSE(matches_filters(doc, {{"vendor", "aastra"}}));
  EXPECT_FALSE(matches_filters(doc, {{"model", "x"}}));
}

TEST(ListQuery, PagesAreStableAndComplete) {
  std::vector<json> docs;
  for (int i = 0; i < 25; ++i) docs.push_back({{"id", "d" + std::to_string(100 + i)}, {"model", i % 2 ? "a" : "b"}});
  ListQuery q;
  q.limit = 10;
  q.sort = "model";
  std::vector<std::string> seen;
  for (std::size_t offset = 0;;) {
    q.offset = offset;
    json page = page_of(docs, q);
    EXPECT_EQ(page["total"], 25);
    for (const auto& item : page["items"]) seen.push_back(item["id"]);
    if (!page.contains("next_offset")) break;
    offset = page["next_offset"];
  }
  ASSERT_EQ(seen.size(), 25u);
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), 25u);
  EXPECT_EQ(seen.front(), "d101");  // model "a" sorts first, ties in id order
}

TEST(ListQuery, DescendingSortAndMissingFieldsLast) {
  std::vector<json> docs = {{{"id", "a"}, {"ip", "10.0.0.1"}}, {{"id", "b"}}, {{"id", "c"}, {"ip", "10.0.0.9"}}};
  ListQuery q;
  q.sort = "ip";
  q.descending = true;
  json page = page_of(docs, q);
  EXPECT_EQ(page["items"][0]["id"], "c");
  EXPECT_EQ(page["items"][1]["id"], "a");
  EXPECT_EQ(page["items"][2]["id"], "b");
}

// Walks `docs` by cursor with `limit`, calling `between` after each page; returns the ids seen.
template <class Between>
std::vector<std::string> walk_by_cursor(std::vector<json>& docs, const std::string& sort_query, std::size_t limit,
                                        Between between) {
  std::vector<std::string> seen;
  std::string cursor;
  for (int guard = 0; guard < 1000; ++guard) {
    std::string text = sort_query + "&limit=" + std::to_string(limit);
    if (!cursor.empty()) text += "&cursor=" + cursor;
    auto q = parse_list_query(text, 100, 1000);
    EXPECT_TRUE(q) << (q ? "" : q.error().message);
    if (!q) break;
    json page = page_of(docs, *q);
    for (const auto& item : page["items"]) seen.push_back(item["id"]);
    if (!page.contains("next_cursor")) break;
    EXPECT_EQ(page.contains("next_offset"), true);
    cursor = page["next_cursor"];
    between(docs);
  }
  return seen;
}

TEST(ListQuery, CursorPagingIgnoresInsertsBehindAndSeesInsertsAhead) {
  std::vector<json> docs;
  for (int i = 0; i < 30; ++i) docs.push_back({{"id", "m" + std::to_string(100 + i)}, {"model", i % 3}});
  int added = 0;
  auto seen = walk_by_cursor(docs, "sort=id", 7, [&](std::vector<json>& d) {
    d.push_back({{"id", "a" + std::to_string(added)}});  // sorts before every position
    d.push_back({{"id", "z" + std::to_string(added)}});  // sorts after every position
    std::sort(d.begin(), d.end(), [](const json& x, const json& y) { return x["id"] < y["id"]; });
    ++added;
  });
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size());
  for (int i = 0; i < 30; ++i) EXPECT_TRUE(unique.contains("m" + std::to_string(100 + i))) << i;
  for (const auto& id : seen) EXPECT_NE(id[0], 'a') << id;
  EXPECT_EQ(std::count_if(seen.begin(), seen.end(), [](const std::string& id) { return id[0] == 'z'; }), added);
}

TEST(ListQuery, CursorFollowsDescendingSortsWithTiesAndMissingFields) {
  std::vector<json> docs;
  for (int i = 0; i < 20; ++i) {
    json doc = {{"id", "d" + std::to_string(10 + i)}};
    if (i % 4 != 0) doc["model"] = i % 3;  // ties, and some without the field
    docs.push_back(doc);
  }
  ListQuery all;
  all.sort = "model";
  all.descending = true;
  all.limit = 100;
  std::vector<std::string> expected;
  const json whole = page_of(docs, all);  // named: a range-for over a temporary's member dangles
  for (const auto& item : whole["items"]) expected.push_back(item["id"]);
  EXPECT_EQ(walk_by_cursor(docs, "sort=-model", 3, [](std::vector<json>&) {}), expected);
}

TEST(ListQuery, BadCursorsAreRefused) {
  for (const char* bad : {"cursor=", "cursor=zz", "cursor=0", "cursor=00", "cursor=7b7d", "cursor=5b5d"}) {
    auto q = parse_list_query(bad, 100, 1000);
    ASSERT_FALSE(q) << bad;
    EXPECT_NE(q.error().message.find("cursor"), std::string::npos) << bad;
  }
  ListQuery by_mac;
  by_mac.sort = "mac";
  const std::string cursor = make_cursor({{"id", "x"}, {"mac", "00:11:22:33:44:55"}}, by_mac);
  EXPECT_TRUE(parse_list_query("sort=mac&cursor=" + cursor, 100, 1000));
  EXPECT_FALSE(parse_list_query("sort=-mac&cursor=" + cursor, 100, 1000));
  EXPECT_FALSE(parse_list_query("cursor=" + cursor, 100, 1000));
  EXPECT_FALSE(parse_list_query("sort=mac&offset=0&cursor=" + cursor, 100, 1000));
}

TEST(PathIds, TraversalAndOddBytesAreRejected) {
  EXPECT_TRUE(valid_path_id("abc-1.2_x"));
  for (const char* bad : {"", ".", "..", "a/b", "a%2fb", "a b", "é", "a\\b"}) EXPECT_FALSE(valid_path_id(bad)) << bad;
  EXPECT_FALSE(valid_path_id(std::string(65, 'a')));
  auto match = match_route("/devices/%2e%2e", boost::beast::http::verb::get);
  ASSERT_TRUE(match.rejection);
  EXPECT_EQ(match.rejection->status, boost::beast::http::status::bad_request);
  match = match_route("/devices/..%2fetc", boost::beast::http::verb::get);
  ASSERT_TRUE(match.rejection);
  EXPECT_EQ(match.rejection->body["error"], "invalid_id");
}

TEST(Router, MatchesMethodsAndReports405And404) {
  using boost::beast::http::verb;
  auto match = match_route("/devices/abc/synchronize", verb::post);
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->name, "/devices/{id}/synchronize");
  EXPECT_EQ(match.segments[1], "abc");
  match = match_route("/devices/abc/synchronize", verb::get);
  ASSERT_TRUE(match.rejection);
  EXPECT_EQ(match.rejection->status, boost::beast::http::status::method_not_allowed);
  match = match_route("/nothing", verb::get);
  ASSERT_TRUE(match.rejection);
  EXPECT_EQ(match.rejection->status, boost::beast::http::status::not_found);
}

TEST(Router, BearerToken) {
  EXPECT_EQ(bearer_token("Bearer abc"), "abc");
  EXPECT_EQ(bearer_token("bearer  abc "), "abc");
  EXPECT_FALSE(bearer_token("Basic abc"));
  EXPECT_FALSE(bearer_token("Bearer "));
  EXPECT_FALSE(bearer_token(""));
}

TEST(MergePatch, Rfc7396Semantics) {
  json doc = {{"id", "a"}, {"vendor", "Aastra"}, {"X_site", {{"room", 1}, {"floor", 2}}}};
  doc.merge_patch({{"vendor", nullptr}, {"model", "6730i"}, {"X_site", {{"floor", nullptr}, {"desk", 3}}}});
  EXPECT_EQ(doc, json({{"id", "a"}, {"model", "6730i"}, {"X_site", {{"room", 1}, {"desk", 3}}}}));
  json arr = {{"a", json::array({1, 2})}};
  arr.merge_patch({{"a", json::array({3})}});
  EXPECT_EQ(arr["a"], json::array({3}));  // arrays are replaced, never merged
}

}  // namespace
}  // namespace provd::rest

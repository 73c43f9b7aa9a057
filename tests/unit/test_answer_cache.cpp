// The answer cache on its own: what makes an entry current (stamp, time-to-live), what it
// may hold (byte budget, oldest out first) and what keys tell apart.
#include <gtest/gtest.h>

#include <thread>

#include "ident/answer_cache.h"

namespace provd::ident {
namespace {

using namespace std::chrono_literals;

std::shared_ptr<const CachedAnswer> answer_with(std::string body) {
  auto a = std::make_shared<CachedAnswer>();
  a->status = serve::Answer::Status::kOk;
  a->body = std::make_shared<const std::string>(std::move(body));
  a->etag = "e1";
  return a;
}

Inputs http_inputs(std::string path, std::optional<std::string> ua = std::nullopt) {
  Inputs in;
  in.channel = Channel::kHttp;
  in.source_ip = "192.0.2.10";
  in.path = std::move(path);
  in.user_agent = std::move(ua);
  return in;
}

class AnswerCacheTest : public ::testing::Test {
 protected:
  std::uint64_t plugins = 3;  // the registry's generation
  AnswerStamp stamp{7, plugins};
};

TEST_F(AnswerCacheTest, AnIdenticalRequestGetsTheKeptAnswerWhileTheStampHolds) {
  AnswerCache cache({10s, 1 << 20});
  const auto key = AnswerCache::key(http_inputs("/a.cfg"));
  EXPECT_EQ(cache.find(key, stamp), nullptr);
  cache.store(key, stamp, answer_with("hello"));
  const auto hit = cache.find(key, stamp);
  ASSERT_NE(hit, nullptr);
  const serve::Answer answer = hit->to_answer();
  EXPECT_EQ(answer.status, serve::Answer::Status::kOk);
  EXPECT_EQ(*std::get<serve::MemoryBody>(answer.body).data, "hello");
  EXPECT_EQ(answer.etag, "e1");
}

TEST_F(AnswerCacheTest, AStoreCommitOrAnotherPluginSnapshotMakesItStale) {
  AnswerCache cache({10s, 1 << 20});
  const auto key = AnswerCache::key(http_inputs("/a.cfg"));
  cache.store(key, stamp, answer_with("hello"));
  EXPECT_EQ(cache.find(key, AnswerStamp{8, plugins}), nullptr);
  EXPECT_EQ(cache.size(), 0u) << "a stale entry is dropped, not kept for later";
  cache.store(key, stamp, answer_with("hello"));
  EXPECT_EQ(cache.find(key, AnswerStamp{7, plugins + 1}), nullptr);
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(AnswerCacheTest, AnswersExpireAfterTheTimeToLive) {
  AnswerCache cache({30ms, 1 << 20});
  const auto key = AnswerCache::key(http_inputs("/a.cfg"));
  cache.store(key, stamp, answer_with("hello"));
  EXPECT_NE(cache.find(key, stamp), nullptr);
  std::this_thread::sleep_for(40ms);
  EXPECT_EQ(cache.find(key, stamp), nullptr);
}

TEST_F(AnswerCacheTest, TheOldestGoFirstWhenTheBudgetIsFull) {
  AnswerCache cache({10s, 16 * 1000});  // entries of about 1100 bytes: about fourteen fit
  for (int i = 0; i < 20; ++i) {
    cache.store(AnswerCache::key(http_inputs("/f" + std::to_string(i))), stamp, answer_with(std::string(900, 'x')));
  }
  EXPECT_LE(cache.bytes(), 16u * 1000);
  EXPECT_GE(cache.size(), 10u);
  EXPECT_LT(cache.size(), 20u);
  EXPECT_EQ(cache.find(AnswerCache::key(http_inputs("/f0")), stamp), nullptr);
  EXPECT_NE(cache.find(AnswerCache::key(http_inputs("/f19")), stamp), nullptr);
  // An answer above an eighth of the budget is never kept.
  cache.store(AnswerCache::key(http_inputs("/big")), stamp, answer_with(std::string(2500, 'x')));
  EXPECT_EQ(cache.find(AnswerCache::key(http_inputs("/big")), stamp), nullptr);
}

TEST_F(AnswerCacheTest, ANewerAnswerReplacesTheKeptOne) {
  AnswerCache cache({10s, 1 << 20});
  const auto key = AnswerCache::key(http_inputs("/a.cfg"));
  cache.store(key, stamp, answer_with("old"));
  const std::size_t one = cache.bytes();
  const AnswerStamp newer{9, plugins};
  cache.store(key, newer, answer_with("new"));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.bytes(), one);
  EXPECT_EQ(*cache.find(key, newer)->body, "new");
}

TEST_F(AnswerCacheTest, KeysTellEveryInputApart) {
  const auto base = AnswerCache::key(http_inputs("/a.cfg"));
  EXPECT_NE(base, AnswerCache::key(http_inputs("/a.cfg", "")));  // no User-Agent vs an empty one
  EXPECT_NE(AnswerCache::key(http_inputs("/a.cfg", "x")), AnswerCache::key(http_inputs("/a.cfg", "y")));
  auto tftp = http_inputs("/a.cfg");
  tftp.channel = Channel::kTftp;
  EXPECT_NE(base, AnswerCache::key(tftp));
  auto other_ip = http_inputs("/a.cfg");
  other_ip.source_ip = "192.0.2.11";
  EXPECT_NE(base, AnswerCache::key(other_ip));
  auto with_query = http_inputs("/a.cfg");
  with_query.query = "x=1";
  EXPECT_NE(base, AnswerCache::key(with_query));
  // Fields cannot run into each other: "/a" + query "b" differs from "/ab" + no query.
  auto split = http_inputs("/a");
  split.query = "b";
  EXPECT_NE(AnswerCache::key(split), AnswerCache::key(http_inputs("/ab")));
}

TEST_F(AnswerCacheTest, ATtlOfZeroKeepsNothing) {
  AnswerCache cache({0ms, 1 << 20});
  EXPECT_FALSE(cache.enabled());
  const auto key = AnswerCache::key(http_inputs("/a.cfg"));
  cache.store(key, stamp, answer_with("hello"));
  EXPECT_EQ(cache.find(key, stamp), nullptr);
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace provd::ident

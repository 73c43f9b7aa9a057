// Spreading connections and transfers over the runtime's I/O contexts: round robin, one thread
// per context, and a context's handlers never change threads.
#include <gtest/gtest.h>

#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <boost/asio/post.hpp>

#include "runtime/io_spread.h"
#include "runtime/runtime.h"

namespace provd::runtime {
namespace {

namespace asio = boost::asio;

TEST(IoSpread, TakesTheContextsInTurnAndCopiesShareTheTurn) {
  asio::io_context a(1), b(1), c(1);
  const IoSpread spread({&a, &b, &c});
  EXPECT_EQ(&spread.first(), &a);
  EXPECT_EQ(spread.all(), (std::vector<asio::io_context*>{&a, &b, &c}));
  EXPECT_EQ(&spread.next(), &a);
  EXPECT_EQ(&spread.next(), &b);
  const IoSpread copy = spread;  // e.g. the TFTP context and the guarded handler hold copies
  EXPECT_EQ(&copy.next(), &c);
  EXPECT_EQ(&spread.next(), &a);
}

TEST(IoSpread, OneContextIsAlwaysThatContext) {
  asio::io_context only;
  const IoSpread spread(only);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(&spread.next(), &only);
  EXPECT_THROW(IoSpread(std::vector<asio::io_context*>{}), std::logic_error);
}

TEST(RuntimeContexts, EachContextRunsOnItsOwnSingleThread) {
  config::Settings settings;
  settings.general.threads = 3;
  settings.general.blocking_threads = 1;
  Runtime runtime(settings);
  const IoSpread spread = runtime.spread();
  ASSERT_EQ(spread.all().size(), 3u);
  EXPECT_EQ(&spread.first(), &runtime.io());

  std::mutex mutex;
  std::map<asio::io_context*, std::set<std::thread::id>> seen;
  constexpr int kPerContext = 20;
  std::promise<void> all_ran;
  int remaining = 3 * kPerContext;
  for (int i = 0; i < 3 * kPerContext; ++i) {
    asio::io_context& context = spread.next();
    asio::post(context, [&, context_ptr = &context] {
      std::lock_guard lock(mutex);
      seen[context_ptr].insert(std::this_thread::get_id());
      if (--remaining == 0) all_ran.set_value();
    });
  }
  std::thread runner([&] { runtime.run(nullptr); });
  const bool ran = all_ran.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  runtime.request_stop();
  runner.join();
  ASSERT_TRUE(ran);

  ASSERT_EQ(seen.size(), 3u);
  std::set<std::thread::id> threads;
  for (const auto& [context, ids] : seen) {
    EXPECT_EQ(ids.size(), 1u) << "a context's handlers ran on more than one thread";
    threads.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(threads.size(), 3u) << "two contexts shared a thread";
}

}  // namespace
}  // namespace provd::runtime

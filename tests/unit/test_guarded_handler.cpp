// The load guard around the pipeline: answers pass through, a handler that never answers is
// cut off at the deadline, the pending limit sheds at once, and a late answer is dropped.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include "serve/guarded_handler.h"

namespace provd::serve {
namespace {

// Holds every request until the test releases it (or forever).
class HeldHandler final : public RequestHandler {
 public:
  void async_handle(Request, AnswerCallback done) override {
    std::lock_guard lock(mutex_);
    held_.push_back(std::move(done));
  }
  void release_all(Answer::Status status) {
    std::vector<AnswerCallback> held;
    {
      std::lock_guard lock(mutex_);
      held.swap(held_);
    }
    for (auto& done : held) {
      Answer a;
      a.status = status;
      done(std::move(a));
    }
  }

 private:
  std::mutex mutex_;
  std::vector<AnswerCallback> held_;
};

class GuardedHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    work_.reset();
    io_.stop();
    thread_.join();
  }
  // Issues one request; the future gets the answer's status.
  std::future<Answer::Status> ask(RequestHandler& handler) {
    auto promise = std::make_shared<std::promise<Answer::Status>>();
    auto future = promise->get_future();
    Request r;
    r.source_ip = "192.0.2.7";
    handler.async_handle(r, [promise](Answer a) { promise->set_value(a.status); });
    return future;
  }
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{io_.get_executor()};
  std::thread thread_;
};

TEST_F(GuardedHandlerTest, PassesAnswersThrough) {
  auto inner = std::make_shared<HeldHandler>();
  GuardedHandler guarded(inner, io_, {std::chrono::seconds(30), 8});
  auto answer = ask(guarded);
  EXPECT_EQ(guarded.pending(), 1u);
  inner->release_all(Answer::Status::kOk);
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(answer.get(), Answer::Status::kOk);
  EXPECT_EQ(guarded.pending(), 0u);
}

TEST_F(GuardedHandlerTest, AnswersUnavailableWhenTheHandlerNeverAnswers) {
  auto inner = std::make_shared<HeldHandler>();
  GuardedHandler guarded(inner, io_, {std::chrono::milliseconds(50), 8});
  auto answer = ask(guarded);
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(answer.get(), Answer::Status::kUnavailable);
  // Still pending inside: the limit counts work really in progress. The late answer is dropped
  // (a second set_value on the promise would throw).
  EXPECT_EQ(guarded.pending(), 1u);
  inner->release_all(Answer::Status::kOk);
  EXPECT_EQ(guarded.pending(), 0u);
}

TEST_F(GuardedHandlerTest, ShedsBeyondThePendingLimitAtOnce) {
  auto inner = std::make_shared<HeldHandler>();
  GuardedHandler guarded(inner, io_, {std::chrono::seconds(30), 2});
  auto first = ask(guarded);
  auto second = ask(guarded);
  auto third = ask(guarded);
  ASSERT_EQ(third.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(third.get(), Answer::Status::kUnavailable);
  EXPECT_EQ(first.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  inner->release_all(Answer::Status::kNotFound);
  EXPECT_EQ(first.get(), Answer::Status::kNotFound);
  EXPECT_EQ(second.get(), Answer::Status::kNotFound);
  auto fourth = ask(guarded);  // room again
  EXPECT_EQ(guarded.pending(), 1u);
  inner->release_all(Answer::Status::kOk);
  EXPECT_EQ(fourth.get(), Answer::Status::kOk);
}

// With one context per I/O thread, the deadline timer lives on the caller's context, so its
// expiry (or cancellation) is handled by the thread that asked, not by another one.
TEST(GuardedHandlerContexts, TheDeadlineRunsOnTheCallersContext) {
  boost::asio::io_context first(1), second(1);
  auto guard_first = boost::asio::make_work_guard(first);
  auto guard_second = boost::asio::make_work_guard(second);
  std::thread first_thread([&] { first.run(); });
  std::thread second_thread([&] { second.run(); });
  auto inner = std::make_shared<HeldHandler>();
  GuardedHandler guarded(inner, runtime::IoSpread({&first, &second}), {std::chrono::milliseconds(20), 8});
  auto expire_from = [&](auto&& start) {
    auto thread = std::make_shared<std::promise<std::thread::id>>();
    start([&guarded, thread] {
      Request r;
      r.source_ip = "192.0.2.8";
      guarded.async_handle(r, [thread](Answer) { thread->set_value(std::this_thread::get_id()); });
    });
    auto future = thread->get_future();
    EXPECT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    return future.get();
  };
  EXPECT_EQ(expire_from([&](auto ask) { boost::asio::post(second, ask); }), second_thread.get_id());
  EXPECT_EQ(expire_from([&](auto ask) { boost::asio::post(first, ask); }), first_thread.get_id());
  // Asked from outside every context (a test thread, the blocking pool): the first context.
  EXPECT_EQ(expire_from([](auto ask) { ask(); }), first_thread.get_id());
  inner->release_all(Answer::Status::kOk);  // late answers, dropped
  guard_first.reset();
  guard_second.reset();
  first_thread.join();
  second_thread.join();
}

}  // namespace
}  // namespace provd::serve

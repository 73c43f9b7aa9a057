// The bounded queue: seqs, acks, resend after a reconnect, and overflow turning the oldest
// un-acked events into one gap event that says what was lost.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "event_queue.h"

namespace provd::kea_hook {
namespace {

using nlohmann::json;

std::string body(int n) {
  return "\"event\":\"commit\",\"ip\":\"10.0.0." + std::to_string(n) + "\"}";
}

// Takes every unsent line and parses it.
std::vector<json> takeAll(EventQueue& queue) {
  std::string out;
  queue.takeUnsent(out, "boot1", 1 << 20, 1700000000);
  std::vector<json> lines;
  std::istringstream stream(out);
  for (std::string line; std::getline(stream, line);) lines.push_back(json::parse(line));
  return lines;
}

TEST(EventQueue, SeqsStartAtOneAndIncrease) {
  EventQueue queue(16);
  queue.push(body(1));
  queue.push(body(2));
  auto lines = takeAll(queue);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["seq"], 1);
  EXPECT_EQ(lines[0]["boot"], "boot1");
  EXPECT_EQ(lines[0]["v"], 1);
  EXPECT_EQ(lines[0]["ip"], "10.0.0.1");
  EXPECT_EQ(lines[1]["seq"], 2);
  EXPECT_TRUE(takeAll(queue).empty());  // sent lines are not taken twice
  queue.push(body(3));
  EXPECT_EQ(takeAll(queue).at(0)["seq"], 3);
}

TEST(EventQueue, OnlyAParkedWriterIsWoken) {
  EventQueue queue(1024);
  EXPECT_FALSE(queue.push(body(1)));  // the writer has not parked: it looks before sleeping
  EXPECT_FALSE(queue.park());         // something is unsent: the writer must not sleep
  takeAll(queue);
  EXPECT_TRUE(queue.park());
  EXPECT_TRUE(queue.push(body(2)));   // the first event after parking wakes it
  EXPECT_FALSE(queue.push(body(3)));  // the next ones wait for its flush
  takeAll(queue);
  EXPECT_TRUE(queue.park());
  queue.rewind();  // a reconnect makes every un-acked entry unsent again
  EXPECT_FALSE(queue.park());
}

TEST(EventQueue, ABurstWakesTheWriterBeforeItsFlushInterval) {
  EventQueue queue(1024);
  std::size_t wakes = 0;
  for (std::size_t i = 1; i <= EventQueue::kBurstEvents + 10; ++i) {
    bool woke = queue.push(body(static_cast<int>(i % 250)));
    if (woke) {
      ++wakes;
      EXPECT_EQ(i, EventQueue::kBurstEvents);
    }
  }
  EXPECT_EQ(wakes, 1u);
}

TEST(EventQueue, AckForgetsEverythingUpToIt) {
  EventQueue queue(16);
  for (int i = 1; i <= 5; ++i) queue.push(body(i));
  takeAll(queue);
  EXPECT_EQ(queue.acknowledge(3), AckOutcome::ok);
  EXPECT_EQ(queue.stats().outstanding, 2u);
  EXPECT_EQ(queue.stats().acknowledged, 3u);
  EXPECT_EQ(queue.acknowledge(2), AckOutcome::ok);  // a stale ack changes nothing
  EXPECT_EQ(queue.stats().outstanding, 2u);
  EXPECT_EQ(queue.acknowledge(6), AckOutcome::beyond_last_seq);
  EXPECT_EQ(queue.stats().outstanding, 2u);
}

TEST(EventQueue, RewindResendsEveryUnackedEventInOrder) {
  EventQueue queue(16);
  for (int i = 1; i <= 4; ++i) queue.push(body(i));
  takeAll(queue);
  queue.acknowledge(1);
  queue.rewind();
  auto lines = takeAll(queue);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["seq"], 2);
  EXPECT_EQ(lines[2]["seq"], 4);
}

TEST(EventQueue, OverflowDropsTheOldestAndQueuesAGap) {
  EventQueue queue(4);
  for (int i = 1; i <= 4; ++i) queue.push(body(i));
  takeAll(queue);       // 1..4 sent, none acked
  queue.push(body(5));  // full: drops 1 and 2 (room for the gap and the event)
  QueueStats stats = queue.stats();
  EXPECT_EQ(stats.outstanding, 4u);
  EXPECT_EQ(stats.dropped, 2u);
  queue.rewind();
  auto lines = takeAll(queue);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["seq"], 3);
  EXPECT_EQ(lines[1]["seq"], 4);
  EXPECT_EQ(lines[2]["event"], "gap");
  EXPECT_EQ(lines[2]["seq"], 5);
  EXPECT_EQ(lines[2]["dropped"], 2);
  EXPECT_EQ(lines[2]["first_seq"], 1);
  EXPECT_EQ(lines[2]["last_seq"], 2);
  EXPECT_EQ(lines[3]["seq"], 6);
  EXPECT_EQ(lines[3]["ip"], "10.0.0.5");
}

TEST(EventQueue, FurtherDropsWidenTheUnsentGapInsteadOfAddingGaps) {
  EventQueue queue(4);
  for (int i = 1; i <= 20; ++i) queue.push(body(i));
  QueueStats stats = queue.stats();
  EXPECT_EQ(stats.outstanding, 4u);
  auto lines = takeAll(queue);
  ASSERT_EQ(lines.size(), 4u);
  std::uint64_t gaps = 0, dropped = 0;
  for (const json& line : lines) {
    if (line["event"] == "gap") {
      ++gaps;
      dropped += line["dropped"].get<std::uint64_t>();
    }
  }
  EXPECT_EQ(gaps, 1u);
  EXPECT_EQ(dropped, stats.dropped);
  // Every pushed event is either still queued or counted in the gap: nothing lost silently.
  EXPECT_EQ(dropped + (lines.size() - gaps), 20u);
  EXPECT_EQ(lines.back()["ip"], "10.0.0.20");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    EXPECT_LT(lines[i - 1]["seq"].get<std::uint64_t>(), lines[i]["seq"].get<std::uint64_t>());
  }
}

TEST(EventQueue, ADroppedGapIsCarriedIntoTheNextGap) {
  EventQueue queue(4);
  for (int i = 1; i <= 5; ++i) queue.push(body(i));  // gap(1..2) queued
  takeAll(queue);                                    // the gap is sent, frozen
  for (int i = 6; i <= 12; ++i) queue.push(body(i));
  auto stats = queue.stats();
  queue.rewind();
  auto lines = takeAll(queue);
  std::uint64_t reported = 0, events = 0;
  for (const json& line : lines) {
    if (line["event"] == "gap") {
      reported = line["dropped"].get<std::uint64_t>();  // the newest gap covers older ones
    } else {
      ++events;
    }
  }
  EXPECT_EQ(reported, stats.dropped);
  EXPECT_EQ(reported + events, 12u);
}

TEST(EventQueue, AckOfUnsentEntriesKeepsTheQueueConsistent) {
  EventQueue queue(8);
  for (int i = 1; i <= 3; ++i) queue.push(body(i));
  takeAll(queue);
  queue.rewind();
  EXPECT_EQ(queue.acknowledge(3), AckOutcome::ok);  // provd had them all from before
  EXPECT_EQ(queue.stats().outstanding, 0u);
  EXPECT_EQ(queue.stats().unsent, 0u);
  queue.push(body(4));
  EXPECT_EQ(takeAll(queue).at(0)["seq"], 4);
}

TEST(EventQueue, AcknowledgedBodiesAreHandedOutAgainEmpty) {
  EventQueue queue(8);
  EXPECT_EQ(queue.spareBody().capacity(), std::string().capacity()) << "nothing acknowledged yet";
  const std::string longer = "\"event\":\"commit\",\"hostname\":\"" + std::string(200, 'h') + "\"}";
  queue.push(longer);
  takeAll(queue);
  EXPECT_EQ(queue.acknowledge(1), AckOutcome::ok);
  std::string spare = queue.spareBody();
  EXPECT_TRUE(spare.empty());
  EXPECT_GE(spare.capacity(), longer.size()) << "the acknowledged body's storage";
  spare += body(7);
  queue.push(std::move(spare));
  auto lines = takeAll(queue);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].dump(), R"({"boot":"boot1","event":"commit","ip":"10.0.0.7","seq":2,"v":1})");
  EXPECT_EQ(queue.spareBody().capacity(), std::string().capacity()) << "the only spare was taken";
}

}  // namespace
}  // namespace provd::kea_hook

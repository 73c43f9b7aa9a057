// The writer thread against a real Unix-socket peer: delivery and acks, resend of un-acked
// events after a reconnect, gaps over the wire, protocol errors, and a prompt stop() while
// provd is hung (backlog full, or connected but never reading).
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <functional>
#include <future>
#include <nlohmann/json.hpp>

#include "event_queue.h"
#include "feed_writer.h"
#include "support_temp_dir.h"
#include "unix_peer.h"

namespace provd::kea_hook {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using provd::test::TempDir;
using provd::test::UnixPeer;

std::string body(int n) {
  return "\"event\":\"commit\",\"ip\":\"10.0.0." + std::to_string(n) + "\"}";
}

WriterSettings settingsFor(const std::string& path) {
  return WriterSettings{.socket_path = path, .reconnect_min = 10ms, .reconnect_max = 50ms, .boot = "b00t"};
}

// One writer, started, against a peer already listening on a fresh socket path.
struct Rig {
  explicit Rig(std::size_t capacity, const std::function<void(WriterSettings&)>& adjust = {})
      : path((dir.path() / "leases.sock").string()), peer(path), queue(capacity), writer(settings(adjust), queue) {
    writer.start();
  }
  // Queues one event line and wakes the writer when the queue asks for it, as the callouts do.
  void push(const std::string& line) {
    if (queue.push(line)) writer.wake();
  }
  WriterSettings settings(const std::function<void(WriterSettings&)>& adjust) const {
    WriterSettings chosen = settingsFor(path);
    if (adjust) adjust(chosen);
    return chosen;
  }
  TempDir dir;
  std::string path;
  UnixPeer peer;
  EventQueue queue;
  FeedWriter writer;
};

std::uint64_t seqOf(const std::string& line) {
  return json::parse(line)["seq"].get<std::uint64_t>();
}

// Waits (bounded) until the queue has nothing outstanding.
bool drained(const EventQueue& queue) {
  for (int i = 0; i < 1000 && queue.stats().outstanding != 0; ++i) std::this_thread::sleep_for(10ms);
  return queue.stats().outstanding == 0;
}

// Runs stop() on another thread; false when it did not return within a generous bound
// (a liveness check that keeps a hung writer from hanging the test binary).
bool stopsPromptly(FeedWriter& writer) {
  auto stopped = std::async(std::launch::async, [&] { writer.stop(); });
  return stopped.wait_for(20s) == std::future_status::ready;
}

TEST(FeedWriter, DeliversLinesAndForgetsThemWhenAcked) {
  Rig rig(64);
  for (int i = 1; i <= 3; ++i) {
    rig.push(body(i));
  }
  ASSERT_TRUE(rig.peer.accept());
  auto lines = rig.peer.readLines(3);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(seqOf(lines[0]), 1u);
  EXPECT_EQ(json::parse(lines[2])["ip"], "10.0.0.3");
  EXPECT_EQ(json::parse(lines[2])["boot"], "b00t");
  rig.peer.send("{\"ack\":3}\n");
  EXPECT_TRUE(drained(rig.queue));
  EXPECT_TRUE(stopsPromptly(rig.writer));
}

TEST(FeedWriter, ALoneEventGoesAtOnceAndTheNextWaitsOutTheFlushInterval) {
  Rig rig(64, [](WriterSettings& s) { s.flush_interval = 3000ms; });
  ASSERT_TRUE(rig.peer.accept());
  std::this_thread::sleep_for(50ms);  // let the writer park with nothing to send
  rig.push(body(1));
  // Only the idle rule can deliver it well before the interval.
  auto first = rig.peer.readLines(1, 2000ms);
  ASSERT_EQ(first.size(), 1u);
  rig.push(body(2));
  rig.push(body(3));
  // The interval started with the first send: nothing more leaves before it ends.
  EXPECT_TRUE(rig.peer.readLines(1, 500ms).empty());
  auto rest = rig.peer.readLines(2);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(seqOf(rest[0]), 2u);
  EXPECT_EQ(seqOf(rest[1]), 3u);
  rig.peer.send("{\"ack\":3}\n");
  EXPECT_TRUE(drained(rig.queue));
  EXPECT_TRUE(stopsPromptly(rig.writer));
}

TEST(FeedWriter, ABurstDoesNotWaitForTheFlushInterval) {
  // An interval far beyond every read deadline below, so that a slow machine cannot let the
  // interval deliver what only the burst rule should.
  Rig rig(4096, [](WriterSettings& s) { s.flush_interval = 5000ms; });
  ASSERT_TRUE(rig.peer.accept());
  // A first event leaves at once and starts the interval. (Pushing the burst onto an idle
  // writer raced: when the writer took the first event alone, 255 were left to wait.)
  rig.push(body(1));
  ASSERT_EQ(rig.peer.readLines(1, 900ms).size(), 1u);
  rig.peer.send("{\"ack\":1}\n");
  const std::size_t burst = EventQueue::kBurstEvents;
  for (std::size_t i = 2; i <= burst + 1; ++i) {
    rig.push(body(static_cast<int>(i % 250)));
  }
  // Read with a deadline shorter than the interval: only the burst rule can deliver them.
  auto lines = rig.peer.readLines(burst, 900ms);
  ASSERT_EQ(lines.size(), burst);
  rig.peer.send("{\"ack\":" + std::to_string(burst + 1) + "}\n");
  EXPECT_TRUE(drained(rig.queue));
  EXPECT_TRUE(stopsPromptly(rig.writer));
}

TEST(FeedWriter, ResendsUnackedEventsAfterAReconnect) {
  Rig rig(64);
  for (int i = 1; i <= 4; ++i) {
    rig.push(body(i));
  }
  ASSERT_TRUE(rig.peer.accept());
  ASSERT_EQ(rig.peer.readLines(4).size(), 4u);
  rig.peer.send("{\"ack\":2}\n");
  // Give the ack time to land before the connection drops, then drop it.
  for (int i = 0; i < 500 && rig.queue.stats().acknowledged < 2; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(rig.queue.stats().acknowledged, 2u);
  rig.peer.disconnect();
  ASSERT_TRUE(rig.peer.accept());  // the writer comes back by itself
  auto again = rig.peer.readLines(2);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(seqOf(again[0]), 3u);  // exactly the un-acked ones, same seqs, same boot
  EXPECT_EQ(seqOf(again[1]), 4u);
  EXPECT_EQ(json::parse(again[1])["ip"], "10.0.0.4");
  rig.peer.send("{\"ack\":4}\n");
  EXPECT_TRUE(drained(rig.queue));
  EXPECT_GE(rig.writer.connections(), 2u);
  EXPECT_TRUE(stopsPromptly(rig.writer));
}

TEST(FeedWriter, OverflowWhileProvdIsAwayArrivesAsAGap) {
  TempDir dir;
  std::string path = (dir.path() / "leases.sock").string();
  EventQueue queue(4);
  FeedWriter writer(settingsFor(path), queue);
  writer.start();
  for (int i = 1; i <= 10; ++i) {
    if (queue.push(body(i))) writer.wake();
  }
  UnixPeer peer(path);  // provd comes up late
  ASSERT_TRUE(peer.accept());
  auto lines = peer.readLines(4);
  ASSERT_EQ(lines.size(), 4u);
  std::uint64_t dropped = 0;
  for (const auto& line : lines) {
    json event = json::parse(line);
    if (event["event"] == "gap") dropped += event["dropped"].get<std::uint64_t>();
  }
  EXPECT_EQ(dropped, 7u);  // 3 events still queued + 7 reported lost = 10 pushed
  EXPECT_EQ(json::parse(lines.back())["ip"], "10.0.0.10");
  peer.send("{\"ack\":" + std::to_string(seqOf(lines.back())) + "}\n");
  EXPECT_TRUE(drained(queue));
  EXPECT_TRUE(stopsPromptly(writer));
}

TEST(FeedWriter, AGarbageLineFromProvdMakesItReconnectAndResend) {
  Rig rig(64);
  rig.push(body(1));
  ASSERT_TRUE(rig.peer.accept());
  ASSERT_EQ(rig.peer.readLines(1).size(), 1u);
  rig.peer.send("hello\n");
  ASSERT_TRUE(rig.peer.accept());
  auto again = rig.peer.readLines(1);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(seqOf(again[0]), 1u);
  rig.peer.send("{\"ack\":99}\n");  // an ack of a seq never assigned is a protocol error too
  ASSERT_TRUE(rig.peer.accept());
  ASSERT_EQ(rig.peer.readLines(1).size(), 1u);
  EXPECT_EQ(rig.queue.stats().outstanding, 1u);
  EXPECT_TRUE(stopsPromptly(rig.writer));
}

TEST(FeedWriter, StopReturnsWhileProvdsBacklogIsFull) {
  TempDir dir;
  std::string path = (dir.path() / "leases.sock").string();
  UnixPeer peer(path, /*backlog=*/0);
  // Fill the backlog so that a blocking connect() would hang.
  std::vector<UniqueFd> fillers;
  for (int i = 0; i < 4; ++i) {
    UniqueFd filler(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
    if (::connect(filler.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      break;
    }
    fillers.push_back(std::move(filler));
  }
  EventQueue queue(64);
  FeedWriter writer(settingsFor(path), queue);
  writer.start();
  if (queue.push(body(1))) writer.wake();
  std::this_thread::sleep_for(200ms);  // let it try (and fail) to connect a few times
  EXPECT_EQ(writer.connections(), 0u);
  EXPECT_TRUE(stopsPromptly(writer));
}

TEST(FeedWriter, StopReturnsWhileProvdNeverReads) {
  Rig rig(100000);
  std::string big = "\"event\":\"commit\",\"hostname\":\"" + std::string(2000, 'x') + "\"}";
  for (int i = 0; i < 5000; ++i) {
    rig.push(big);
  }
  ASSERT_TRUE(rig.peer.accept());  // accepted, then never read: the socket buffer fills up
  std::this_thread::sleep_for(300ms);
  EXPECT_GT(rig.queue.stats().outstanding, 0u);
  EXPECT_TRUE(stopsPromptly(rig.writer));
}

TEST(FeedWriter, APeerThatReadsButNeverAcksIsLeftAfterTheAckTimeoutAndTheEventsResent) {
  Rig rig(64, [](WriterSettings& s) { s.ack_timeout = 300ms; });
  for (int i = 1; i <= 2; ++i) {
    rig.push(body(i));
  }
  ASSERT_TRUE(rig.peer.accept());
  auto first = rig.peer.readLines(2);
  ASSERT_EQ(first.size(), 2u);
  // Read, never answered: the writer must give this connection up and send both again.
  ASSERT_TRUE(rig.peer.accept(20s)) << "the rig.writer stayed on a connection that never acknowledges";
  EXPECT_GE(rig.writer.ackTimeouts(), 1u);
  auto again = rig.peer.readLines(2);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(seqOf(again[0]), seqOf(first[0]));
  EXPECT_EQ(seqOf(again[1]), seqOf(first[1]));
  rig.peer.send("{\"ack\":2}\n");
  EXPECT_TRUE(drained(rig.queue));
  EXPECT_TRUE(stopsPromptly(rig.writer));
}

TEST(FeedWriter, AcksThatKeepComingRestartTheAckTimeout) {
  Rig rig(64, [](WriterSettings& s) { s.ack_timeout = 2000ms; });
  constexpr int kEvents = 30;
  for (int i = 1; i <= kEvents; ++i) {
    rig.push(body(i));
  }
  ASSERT_TRUE(rig.peer.accept());
  ASSERT_EQ(rig.peer.readLines(kEvents).size(), static_cast<std::size_t>(kEvents));
  // Each ack alone comes well within the timeout; all of them together take longer than it.
  for (int seq = 1; seq <= kEvents; ++seq) {
    std::this_thread::sleep_for(100ms);
    rig.peer.send("{\"ack\":" + std::to_string(seq) + "}\n");
  }
  EXPECT_TRUE(drained(rig.queue));
  EXPECT_EQ(rig.writer.ackTimeouts(), 0u);
  EXPECT_EQ(rig.writer.connections(), 1u);
  EXPECT_TRUE(stopsPromptly(rig.writer));
}

}  // namespace
}  // namespace provd::kea_hook

// The TFTP transfer state machine, driven without sockets: windows, duplicate ACKs, rollover,
// the final empty block, retries, peer errors and the anti-amplification budget.
#include <gtest/gtest.h>

#include "tftp/packet.h"
#include "tftp/transfer_machine.h"

namespace provd::tftp {
namespace {

TransferParams params(std::uint64_t size, int blksize = 512, int window = 1, bool oack = false) {
  TransferParams p;
  p.size = size;
  p.blksize = blksize;
  p.windowsize = window;
  p.max_retries = 3;
  p.send_oack = oack;
  p.oack_bytes = 30;
  p.request_bytes = 40;
  p.amplification_factor = 3;
  return p;
}

void expect_blocks(const Step& s, std::uint64_t first, std::uint64_t last) {
  EXPECT_EQ(s.first, first);
  EXPECT_EQ(s.last, last);
}

TEST(TftpMachine, SmallFileWithoutOptions) {
  TransferMachine m(params(100));
  EXPECT_EQ(m.total_blocks(), 1u);
  auto s = m.start();
  EXPECT_FALSE(s.send_oack);
  expect_blocks(s, 1, 1);
  EXPECT_TRUE(s.arm_timer);
  EXPECT_EQ(m.block_bytes(1), 100u);
  auto done = m.on_ack(1);
  EXPECT_EQ(done.outcome, Outcome::kCompleted);
  EXPECT_FALSE(done.sends_blocks());
  // After the end, nothing moves.
  EXPECT_FALSE(m.on_ack(1).sends_blocks());
  EXPECT_EQ(m.on_timeout().outcome, Outcome::kRunning);
}

TEST(TftpMachine, ExactMultipleEndsWithOneEmptyBlock) {
  TransferMachine m(params(1024));
  EXPECT_EQ(m.total_blocks(), 3u);
  EXPECT_EQ(m.block_bytes(2), 512u);
  EXPECT_EQ(m.block_bytes(3), 0u);
  m.start();
  expect_blocks(m.on_ack(1), 2, 2);
  auto s = m.on_ack(2);
  expect_blocks(s, 3, 3);                    // the empty block, once
  EXPECT_FALSE(m.on_ack(2).sends_blocks());  // a duplicate ACK does not send it again
  EXPECT_EQ(m.on_ack(3).outcome, Outcome::kCompleted);
}

TEST(TftpMachine, EmptyFileIsOneEmptyBlock) {
  TransferMachine m(params(0));
  EXPECT_EQ(m.total_blocks(), 1u);
  EXPECT_EQ(m.block_bytes(1), 0u);
  expect_blocks(m.start(), 1, 1);
  EXPECT_EQ(m.on_ack(1).outcome, Outcome::kCompleted);
}

TEST(TftpMachine, DuplicateAckNeverSendsData) {
  TransferMachine m(params(512 * 10));
  m.start();
  expect_blocks(m.on_ack(1), 2, 2);
  for (int i = 0; i < 5; ++i) {
    auto s = m.on_ack(1);  // the Sorcerer's Apprentice: a late duplicate of ACK 1
    EXPECT_FALSE(s.sends_blocks());
    EXPECT_FALSE(s.arm_timer);
  }
  EXPECT_FALSE(m.on_ack(7).sends_blocks());  // never sent: ignored
  expect_blocks(m.on_ack(2), 3, 3);
}

TEST(TftpMachine, OackThenWindows) {
  TransferMachine m(params(1468 * 40 + 5, 1468, 16, true));
  EXPECT_EQ(m.total_blocks(), 41u);
  auto s = m.start();
  EXPECT_TRUE(s.send_oack);
  EXPECT_FALSE(s.sends_blocks());
  EXPECT_FALSE(m.on_ack(1).sends_blocks());  // not an answer to the OACK
  expect_blocks(m.on_ack(0), 1, 16);
  EXPECT_TRUE(m.proven());
  expect_blocks(m.on_ack(16), 17, 32);
  EXPECT_FALSE(m.on_ack(16).sends_blocks());
  expect_blocks(m.on_ack(32), 33, 41);  // the last window is short
  EXPECT_EQ(m.on_ack(41).outcome, Outcome::kCompleted);
}

TEST(TftpMachine, AckInsideWindowRestartsAfterIt) {
  TransferMachine m(params(512 * 100, 512, 8, true));
  m.start();
  m.on_ack(0);           // 1..8 sent
  auto s = m.on_ack(5);  // the client lost block 6
  expect_blocks(s, 6, 13);
  EXPECT_TRUE(s.retransmission);
  EXPECT_FALSE(m.on_ack(5).sends_blocks());
  EXPECT_FALSE(m.on_ack(3).sends_blocks());
}

TEST(TftpMachine, TimeoutResendsTheWindowThenGivesUp) {
  TransferMachine m(params(512 * 100, 512, 4, true));
  m.start();
  m.on_ack(0);  // 1..4
  m.on_ack(4);  // 5..8
  for (int i = 0; i < 3; ++i) {
    auto s = m.on_timeout();
    expect_blocks(s, 5, 8);
    EXPECT_TRUE(s.retransmission);
    EXPECT_TRUE(s.arm_timer);
  }
  auto end = m.on_timeout();
  EXPECT_EQ(end.outcome, Outcome::kTimedOut);
  EXPECT_FALSE(end.sends_blocks());
  EXPECT_FALSE(m.on_ack(8).sends_blocks());
}

TEST(TftpMachine, AnAckRestoresTheRetryBudget) {
  TransferMachine m(params(512 * 100));
  m.start();
  m.on_ack(1);
  m.on_timeout();
  m.on_timeout();
  m.on_timeout();
  expect_blocks(m.on_ack(2), 3, 3);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(m.on_timeout().outcome, Outcome::kRunning);
  EXPECT_EQ(m.on_timeout().outcome, Outcome::kTimedOut);
}

TEST(TftpMachine, PeerErrorEnds) {
  TransferMachine m(params(5000));
  m.start();
  EXPECT_EQ(m.on_peer_error().outcome, Outcome::kPeerError);
  EXPECT_FALSE(m.on_ack(1).sends_blocks());
  EXPECT_EQ(m.outcome(), Outcome::kPeerError);
}

TEST(TftpMachine, BlockNumbersRollOverToZero) {
  const std::uint64_t blocks = 70000;
  TransferMachine m(params(512 * (blocks - 1) + 17));
  EXPECT_EQ(m.total_blocks(), blocks);
  m.start();
  for (std::uint64_t n = 1; n < blocks; ++n) {
    auto s = m.on_ack(wire_block(n));
    ASSERT_EQ(s.first, n + 1) << "after ACK of block " << n;
  }
  EXPECT_EQ(wire_block(65536), 0);
  EXPECT_EQ(m.on_ack(wire_block(blocks)).outcome, Outcome::kCompleted);
}

TEST(TftpMachine, RolloverInsideAWindow) {
  TransferMachine m(params(512ull * 65600, 512, 16, true));
  m.start();
  m.on_ack(0);
  std::uint64_t acked = 16;
  while (acked + 16 < 65535) {
    ASSERT_TRUE(m.on_ack(wire_block(acked)).sends_blocks());
    acked += 16;
  }
  // acked == 65520: the next window is 65521..65536, whose last wire number is 0.
  expect_blocks(m.on_ack(wire_block(acked)), 65521, 65536);
  EXPECT_EQ(wire_block(65536), 0);
  expect_blocks(m.on_ack(0), 65537, 65552);
  // Wire block 2 inside that window is block 65538: the window restarts after it.
  auto next = m.on_ack(2);
  EXPECT_EQ(m.acked(), 65538u);
  EXPECT_EQ(next.first, 65539u);
}

TEST(TftpMachine, UnprovenPlainRequestGetsOneBlockOnly) {
  // A 40-byte RRQ without options: DATA 1 (516 bytes) once, no retransmission before an ACK.
  TransferMachine m(params(100000));
  expect_blocks(m.start(), 1, 1);
  for (int i = 0; i < 3; ++i) {
    auto s = m.on_timeout();
    EXPECT_FALSE(s.sends_blocks());
    EXPECT_TRUE(s.arm_timer);
  }
  EXPECT_EQ(m.on_timeout().outcome, Outcome::kTimedOut);
  EXPECT_EQ(m.unproven_bytes_sent(), 516u);
}

TEST(TftpMachine, RepeatedRequestEarnsOneMoreFirstPacket) {
  TransferMachine m(params(100000));
  m.start();
  EXPECT_FALSE(m.on_timeout().sends_blocks());
  auto s = m.on_repeated_request(40);
  expect_blocks(s, 1, 1);
  EXPECT_EQ(m.unproven_bytes_sent(), 2u * 516u);
  m.on_ack(1);
  EXPECT_FALSE(m.on_repeated_request(40).sends_blocks());  // proven: repetitions do nothing
}

TEST(TftpMachine, UnprovenOackRetransmitsWithinBudget) {
  // OACK 30 bytes, RRQ 40 bytes, factor 3: at most 120 bytes, i.e. four OACKs in all.
  TransferMachine m(params(100000, 1468, 16, true));
  EXPECT_TRUE(m.start().send_oack);
  int resent = 0;
  for (int i = 0; i < 3; ++i) resent += m.on_timeout().send_oack ? 1 : 0;
  EXPECT_EQ(resent, 3);
  EXPECT_LE(m.unproven_bytes_sent(), 120u);
  EXPECT_FALSE(m.proven());
  TransferParams tight = params(100000, 1468, 16, true);
  tight.oack_bytes = 50;
  TransferMachine t(tight);
  t.start();
  EXPECT_TRUE(t.on_timeout().send_oack);   // 100 <= 120
  EXPECT_FALSE(t.on_timeout().send_oack);  // 150 > 120: wait silently
  EXPECT_LE(t.unproven_bytes_sent(), 120u);
}

}  // namespace
}  // namespace provd::tftp

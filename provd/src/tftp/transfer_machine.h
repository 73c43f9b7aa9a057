// The sending side of one read transfer as a pure state machine: events in (start, ACK n,
// timeout, peer error, repeated request), a Step out (what to send, whether to arm the timer,
// whether the transfer ended). No sockets, timers or files, so every transition is unit-tested.
//
// Rules it enforces:
// - Blocks are numbered absolutely from 1 (64-bit); the wire number wraps to 0 after 65535.
//   A file of exactly k*blksize bytes ends with an empty block k+1.
// - An ACK that does not acknowledge a block sent and not yet acknowledged is ignored: a
//   duplicate ACK never causes data (the Sorcerer's Apprentice bug).
// - RFC 7440: an ACK inside the outstanding window restarts the window after it.
// - Anti-amplification: until the client has acknowledged something (ACK 0 of the OACK, or
//   ACK 1), its address is unproven. Each request received (the RRQ and any repetition of it)
//   is answered once with the first packet (OACK, or DATA 1 when no option was negotiated);
//   retransmissions on timeout must fit in `amplification_factor` times the request bytes
//   received, otherwise the timer runs without sending. An OACK is about the size of the RRQ,
//   so a client that asks for options is protected end to end; a plain RFC 1350 RRQ gets its
//   single 516-byte first block, as from any TFTP server, and nothing more until it answers.
#pragma once

#include <cstddef>
#include <cstdint>

namespace provd::tftp {

/// Parameters fixed when a transfer starts.
struct TransferParams {
  std::uint64_t size = 0;         ///< bytes to send (after netascii conversion)
  int blksize = 512;              ///< negotiated block size
  int windowsize = 1;             ///< negotiated window (RFC 7440)
  int max_retries = 5;            ///< timeouts in a row before giving up
  bool send_oack = false;         ///< options were negotiated: OACK first, wait for ACK 0
  std::size_t oack_bytes = 0;     ///< size of the OACK datagram
  std::size_t request_bytes = 0;  ///< size of the RRQ datagram
  int amplification_factor = 3;   ///< bytes sent unproven <= factor * bytes received
};

/// How a transfer ended.
enum class Outcome { kRunning, kCompleted, kTimedOut, kPeerError };

/// What the driver does after an event.
struct Step {
  bool send_oack = false;       ///< send the OACK
  std::uint64_t first = 0;      ///< first block to send (0: none)
  std::uint64_t last = 0;       ///< last block to send, inclusive
  bool retransmission = false;  ///< what is sent was sent before
  bool arm_timer = false;       ///< (re)start the retransmission timer
  Outcome outcome = Outcome::kRunning;

  /// Whether any block is to be sent.
  bool sends_blocks() const noexcept { return first != 0; }
};

/// One transfer's protocol state.
class TransferMachine {
 public:
  explicit TransferMachine(const TransferParams& params);

  /// The first packet: OACK or DATA 1.
  Step start();
  /// An ACK (wire block number) from the client's TID.
  Step on_ack(std::uint16_t block);
  /// The retransmission timer expired.
  Step on_timeout();
  /// The client sent an ERROR packet: the transfer ends, nothing is sent.
  Step on_peer_error();
  /// The client sent its RRQ again (same source port): it may earn one more first packet.
  Step on_repeated_request(std::size_t request_bytes);

  /// Number of blocks in the transfer (the last one shorter than blksize, maybe empty).
  std::uint64_t total_blocks() const noexcept { return total_blocks_; }
  /// Payload bytes of block `n` (1-based).
  std::uint64_t block_bytes(std::uint64_t n) const noexcept;
  /// Highest block acknowledged (0: none).
  std::uint64_t acked() const noexcept { return acked_; }
  /// Whether the client has proven its address by acknowledging.
  bool proven() const noexcept { return proven_; }
  /// Bytes sent while the address was unproven.
  std::size_t unproven_bytes_sent() const noexcept { return unproven_sent_; }
  /// The current outcome.
  Outcome outcome() const noexcept { return outcome_; }

 private:
  Step send_window(std::uint64_t first, bool retransmission);
  Step first_packet();
  std::size_t packet_bytes(const Step& step) const noexcept;
  bool awaiting_oack_ack() const noexcept { return params_.send_oack && !proven_; }

  TransferParams params_;
  std::uint64_t total_blocks_ = 1;
  std::uint64_t acked_ = 0;
  std::uint64_t sent_upto_ = 0;
  int retries_left_ = 0;
  bool proven_ = false;
  bool started_ = false;
  std::size_t unproven_budget_ = 0;
  std::size_t unproven_sent_ = 0;
  Outcome outcome_ = Outcome::kRunning;
};

}  // namespace provd::tftp

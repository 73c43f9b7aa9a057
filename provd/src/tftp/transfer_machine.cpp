#include "tftp/transfer_machine.h"

#include <algorithm>
#include <stdexcept>

#include "tftp/packet.h"

namespace provd::tftp {

TransferMachine::TransferMachine(const TransferParams& params) : params_(params) {
  if (params_.blksize < 8 || params_.windowsize < 1 || params_.windowsize > 65535) {
    throw std::logic_error("TransferMachine: negotiated parameters out of range");
  }
  total_blocks_ = params_.size / static_cast<std::uint64_t>(params_.blksize) + 1;
  retries_left_ = params_.max_retries;
  unproven_budget_ = params_.request_bytes * static_cast<std::size_t>(params_.amplification_factor);
}

std::uint64_t TransferMachine::block_bytes(std::uint64_t n) const noexcept {
  const auto bs = static_cast<std::uint64_t>(params_.blksize);
  const std::uint64_t offset = (n - 1) * bs;
  return offset >= params_.size ? 0 : std::min(bs, params_.size - offset);
}

std::size_t TransferMachine::packet_bytes(const Step& step) const noexcept {
  std::size_t bytes = step.send_oack ? params_.oack_bytes : 0;
  if (step.sends_blocks()) {
    for (auto n = step.first; n <= step.last; ++n) bytes += 4 + block_bytes(n);
  }
  return bytes;
}

Step TransferMachine::first_packet() {
  Step step;
  if (params_.send_oack) {
    step.send_oack = true;
  } else {
    step.first = step.last = 1;
  }
  step.arm_timer = true;
  return step;
}

Step TransferMachine::start() {
  if (started_) throw std::logic_error("TransferMachine::start called twice");
  started_ = true;
  Step step = first_packet();
  unproven_sent_ += packet_bytes(step);  // the answer to the request: always allowed once
  if (step.sends_blocks()) sent_upto_ = 1;
  return step;
}

Step TransferMachine::send_window(std::uint64_t first, bool retransmission) {
  Step step;
  step.first = first;
  step.last = std::min(total_blocks_, first + static_cast<std::uint64_t>(params_.windowsize) - 1);
  step.retransmission = retransmission;
  step.arm_timer = true;
  sent_upto_ = std::max(sent_upto_, step.last);
  return step;
}

Step TransferMachine::on_ack(std::uint16_t block) {
  if (outcome_ != Outcome::kRunning || !started_) return {};
  if (awaiting_oack_ack()) {
    if (block != 0) return {};  // not an answer to the OACK
    proven_ = true;
    retries_left_ = params_.max_retries;
    return send_window(1, false);
  }
  // The only blocks an ACK can name are those sent and not yet acknowledged; a window never
  // exceeds 65535 blocks, so at most one of them has this wire number.
  std::uint64_t acked = 0;
  for (auto n = acked_ + 1; n <= sent_upto_; ++n) {
    if (wire_block(n) == block) {
      acked = n;
      break;
    }
  }
  if (acked == 0) return {};  // duplicate or stale: never answered with data
  acked_ = acked;
  proven_ = true;
  retries_left_ = params_.max_retries;
  if (acked_ == total_blocks_) {
    outcome_ = Outcome::kCompleted;
    Step done;
    done.outcome = outcome_;
    return done;
  }
  // An ACK inside the window means the client saw a gap (RFC 7440): resend what follows it.
  const bool resend = acked_ < sent_upto_;
  return send_window(acked_ + 1, resend);
}

Step TransferMachine::on_timeout() {
  if (outcome_ != Outcome::kRunning || !started_) return {};
  if (retries_left_ <= 0) {
    outcome_ = Outcome::kTimedOut;
    Step done;
    done.outcome = outcome_;
    return done;
  }
  --retries_left_;
  Step step;
  if (awaiting_oack_ack()) {
    step.send_oack = true;
  } else {
    step.first = acked_ + 1;
    step.last = sent_upto_;
  }
  step.retransmission = true;
  step.arm_timer = true;
  if (!proven_) {
    const std::size_t bytes = packet_bytes(step);
    if (unproven_sent_ + bytes > unproven_budget_) {
      // Over budget: keep waiting (and counting retries) without sending.
      Step wait;
      wait.arm_timer = true;
      return wait;
    }
    unproven_sent_ += bytes;
  }
  return step;
}

Step TransferMachine::on_peer_error() {
  if (outcome_ != Outcome::kRunning) return {};
  outcome_ = Outcome::kPeerError;
  Step done;
  done.outcome = outcome_;
  return done;
}

Step TransferMachine::on_repeated_request(std::size_t request_bytes) {
  if (outcome_ != Outcome::kRunning || !started_ || proven_) return {};
  // A new request earns its own answer and its own retransmission budget.
  unproven_budget_ += request_bytes * static_cast<std::size_t>(params_.amplification_factor);
  Step step = first_packet();
  step.retransmission = true;
  unproven_sent_ += packet_bytes(step);
  return step;
}

}  // namespace provd::tftp

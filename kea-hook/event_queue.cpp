#include "event_queue.h"

#include <stdexcept>

namespace provd::kea_hook {

EventQueue::EventQueue(std::size_t capacity) : capacity_(capacity) {
  if (capacity_ < 4) throw std::invalid_argument("EventQueue capacity below 4");
  spare_bodies_.reserve(kSpareBodies);
}

void EventQueue::popFront() {
  Entry& front = entries_.front();
  if (&front == open_gap_) open_gap_ = nullptr;
  // Only heap storage is worth keeping; a short string lives inside std::string itself.
  if (spare_bodies_.size() < kSpareBodies && front.body.capacity() > std::string().capacity()) {
    spare_bodies_.push_back(std::move(front.body));
  }
  entries_.pop_front();
  if (sent_ > 0) --sent_;
}

std::string EventQueue::spareBody() {
  std::lock_guard lock(mutex_);
  if (spare_bodies_.empty()) return {};
  std::string body = std::move(spare_bodies_.back());
  spare_bodies_.pop_back();
  body.clear();
  return body;
}

bool EventQueue::push(std::string body) {
  std::lock_guard lock(mutex_);
  if (entries_.size() + 1 > capacity_) {
    GapInfo lost;
    // Room for the new event plus, unless one is still open, a new gap entry.
    while (!entries_.empty() && entries_.size() + 1 + (open_gap_ ? 0 : 1) > capacity_) {
      const Entry& oldest = entries_.front();
      if (oldest.is_gap) {
        lost.merge(oldest.gap);  // a lost gap's news must survive in the next one
      } else {
        lost.add(oldest.seq);
        ++dropped_;
      }
      popFront();
    }
    if (open_gap_ != nullptr) {
      open_gap_->gap.merge(lost);
    } else {
      Entry& gap = entries_.emplace_back();
      gap.seq = next_seq_++;
      gap.is_gap = true;
      gap.gap = lost;
      open_gap_ = &gap;
    }
  }
  Entry& entry = entries_.emplace_back();
  entry.seq = next_seq_++;
  entry.body = std::move(body);
  bool wake = parked_ || entries_.size() - sent_ == kBurstEvents;
  parked_ = false;
  return wake;
}

bool EventQueue::park() {
  std::lock_guard lock(mutex_);
  parked_ = entries_.size() == sent_;
  return parked_;
}

std::size_t EventQueue::takeUnsent(std::string& out, std::string_view boot, std::size_t max_bytes, std::int64_t ts) {
  std::lock_guard lock(mutex_);
  std::size_t added = 0;
  while (sent_ < entries_.size() && out.size() < max_bytes) {
    Entry& entry = entries_[sent_];
    if (entry.is_gap && entry.body.empty()) {
      entry.body = formatGapBody(entry.gap, ts);  // frozen from now on: resends repeat it
      if (&entry == open_gap_) open_gap_ = nullptr;
    }
    appendLinePrefix(out, boot, entry.seq);
    out += entry.body;
    out += '\n';
    ++sent_;
    ++added;
  }
  return added;
}

AckOutcome EventQueue::acknowledge(std::uint64_t seq) {
  std::lock_guard lock(mutex_);
  if (seq >= next_seq_) return AckOutcome::beyond_last_seq;
  if (seq > acknowledged_) acknowledged_ = seq;
  while (!entries_.empty() && entries_.front().seq <= seq) popFront();
  return AckOutcome::ok;
}

void EventQueue::rewind() {
  std::lock_guard lock(mutex_);
  sent_ = 0;
}

QueueStats EventQueue::stats() const {
  std::lock_guard lock(mutex_);
  return QueueStats{.outstanding = entries_.size(),
                    .unsent = entries_.size() - sent_,
                    .dropped = dropped_,
                    .last_seq = next_seq_ - 1,
                    .acknowledged = acknowledged_};
}

}  // namespace provd::kea_hook

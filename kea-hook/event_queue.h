// The hook's bounded buffer of lease events: not yet sent, or sent and not yet acknowledged.
// Callouts push (O(1) under a mutex); the writer thread takes lines to send and applies acks.
// When the buffer is full the oldest un-acked events are dropped and replaced by one `gap`
// event that says which seqs were lost, so provd knows to reconcile from Kea.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "lease_event.h"

namespace provd::kea_hook {

/// Counters of an EventQueue, for logs and tests.
struct QueueStats {
  std::size_t outstanding = 0;     ///< Events and gaps not yet acknowledged.
  std::size_t unsent = 0;          ///< Of those, not yet handed to the current connection.
  std::uint64_t dropped = 0;       ///< Lease events dropped on overflow since load().
  std::uint64_t last_seq = 0;      ///< Highest seq assigned so far (0: none).
  std::uint64_t acknowledged = 0;  ///< Highest seq provd acknowledged.
};

/// Outcome of applying an ack.
enum class AckOutcome { ok, beyond_last_seq };

/// Bounded, thread-safe sequence of outgoing lines with seqs strictly increasing from 1.
class EventQueue {
 public:
  /// capacity counts events and gaps together; at least 4.
  explicit EventQueue(std::size_t capacity);

  /// Unsent events that make the writer send at once instead of waiting out its flush interval.
  static constexpr std::size_t kBurstEvents = 256;

  /// An empty string to format the next event body in: the storage of an acknowledged body
  /// when one is kept, so that steady traffic allocates nothing.
  std::string spareBody();

  /// Appends an event body (formatEventBody()), dropping the oldest entries into a gap first
  /// when full. True when the writer should be woken: it parked, or a burst is waiting.
  bool push(std::string body);

  /// The writer is about to sleep until woken: true (parked) when nothing is unsent, false
  /// when something already is, so no wake-up can be lost between looking and sleeping.
  bool park();

  /// Appends complete NDJSON lines of not-yet-sent entries to out until it holds at least
  /// max_bytes, marking them sent; gaps are formatted now, with ts. Returns lines added.
  std::size_t takeUnsent(std::string& out, std::string_view boot, std::size_t max_bytes, std::int64_t ts);

  /// provd has durably committed everything up to seq: forget those entries.
  AckOutcome acknowledge(std::uint64_t seq);

  /// The connection was lost: every un-acked entry must be sent again.
  void rewind();

  /// A consistent snapshot of the counters.
  QueueStats stats() const;

 private:
  struct Entry {
    std::uint64_t seq = 0;
    std::string body;  // formatted body; for a gap, filled when it is first sent
    bool is_gap = false;
    GapInfo gap;
  };

  void popFront();

  // Acknowledged entries' strings, handed out by spareBody(): otherwise Kea's packet thread
  // allocates each body and the writer thread frees it, and glibc's malloc pays for every such
  // hand-over (the allocating thread's cache never gets the chunk back). Bounded: a storm's
  // bodies are not all kept.
  static constexpr std::size_t kSpareBodies = 1024;
  std::vector<std::string> spare_bodies_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<Entry> entries_;  // seq order
  std::size_t sent_ = 0;       // entries_[0, sent_) were handed to the current connection
  // The writer waits for news: the next push wakes it. Otherwise pushes stay silent, because a
  // wake-up per event (a context switch inside Kea's packet path) costs more than the event.
  bool parked_ = false;
  // A gap entry not yet sent, which further drops widen instead of adding new gaps. std::deque
  // keeps element addresses stable across push_back/pop_front of other elements.
  Entry* open_gap_ = nullptr;
  std::uint64_t next_seq_ = 1;
  std::uint64_t dropped_ = 0;
  std::uint64_t acknowledged_ = 0;
};

}  // namespace provd::kea_hook

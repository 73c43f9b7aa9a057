#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <vector>

#include <boost/asio/io_context.hpp>

namespace provd::runtime {

/// Hands out the I/O contexts new connections and transfers live on, in turn. The runtime runs
/// one single-threaded io_context per I/O thread: a transfer's or connection's handlers then
/// run on one thread, with no wake-up of another thread between an event and its handler (on a
/// virtual machine each such wake-up cost more than the handler itself).
class IoSpread {
 public:
  /// Everything on one context (tests and tools).
  IoSpread(boost::asio::io_context& only) : IoSpread(std::vector<boost::asio::io_context*>{&only}) {}  // NOLINT
  /// Round robin over `contexts`, which must outlive every copy and not be empty.
  explicit IoSpread(std::vector<boost::asio::io_context*> contexts)
      : contexts_(std::move(contexts)), turn_(std::make_shared<std::atomic<std::size_t>>(0)) {
    if (contexts_.empty()) throw std::logic_error("IoSpread needs at least one io_context");
  }

  /// The context for the next connection or transfer. Thread-safe.
  boost::asio::io_context& next() const {
    const std::size_t turn = turn_->fetch_add(1, std::memory_order_relaxed);
    return *contexts_[turn % contexts_.size()];
  }
  /// The first context: listeners and other long-lived objects.
  boost::asio::io_context& first() const { return *contexts_.front(); }
  /// Every context, first to last (a listener per context).
  const std::vector<boost::asio::io_context*>& all() const noexcept { return contexts_; }

 private:
  std::vector<boost::asio::io_context*> contexts_;
  std::shared_ptr<std::atomic<std::size_t>> turn_;  // shared by copies: one rotation per spread
};

}  // namespace provd::runtime

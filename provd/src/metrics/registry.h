// Counters and gauges in one place, exposed as Prometheus text on GET /metrics.
// A metric is looked up once (keep the reference: it stays valid for the process lifetime)
// and then updated lock-free:
//   static auto& sent = metrics::counter("provd_tftp_blocks_sent_total", "TFTP DATA blocks sent");
//   sent.inc();
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace provd::metrics {

/// Label name -> value, e.g. {{"protocol", "tftp"}, {"result", "ok"}}.
using Labels = std::map<std::string, std::string>;

/// A monotonically increasing count.
class Counter {
 public:
  void inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

/// A value that goes up and down (in-flight transfers, queue depth).
class Gauge {
 public:
  void add(std::int64_t n) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  void set(std::int64_t n) noexcept { value_.store(n, std::memory_order_relaxed); }
  std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

/// The counter `name{labels}`, created on first use. `help` documents the family.
Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
/// The gauge `name{labels}`, created on first use.
Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});

/// Every metric in the Prometheus text exposition format (version 0.0.4).
std::string render_prometheus();

}  // namespace provd::metrics

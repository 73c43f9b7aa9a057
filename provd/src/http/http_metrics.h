// The provisioning HTTP servers' counters, looked up once so the request path takes no lock.
#pragma once

#include <cstdint>
#include <string_view>

#include "metrics/registry.h"

namespace provd::http {

/// Counters and gauges of one listener ("http" or "https").
class HttpMetrics {
 public:
  /// Registers (or finds) the series labelled protocol=`protocol`.
  explicit HttpMetrics(std::string_view protocol);
  /// Counts one answered request by method (GET, HEAD, other) and status code.
  void request(std::string_view method, unsigned status);
  /// Counts body bytes written to clients.
  void bytes_sent(std::uint64_t n) { bytes_->inc(n); }
  /// Counts a refused request or connection by reason (traversal, max_connections, ...).
  void refused(std::string_view reason);
  /// Open connections.
  metrics::Gauge& connections() { return *connections_; }

 private:
  static constexpr unsigned kStatuses[] = {200, 206, 304, 400, 403, 404, 405, 408, 413, 416, 431, 500, 503};
  static constexpr std::size_t kStatusCount = sizeof(kStatuses) / sizeof(kStatuses[0]) + 1;  // + "other"
  std::string protocol_;
  metrics::Counter* requests_[3][kStatusCount] = {};
  metrics::Counter* bytes_ = nullptr;
  metrics::Gauge* connections_ = nullptr;
};

}  // namespace provd::http

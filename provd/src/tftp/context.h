// What every transfer of one TFTP server shares: executors, the request handler, the limits,
// metrics and the rate-limited log of garbage.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/thread_pool.hpp>

#include "metrics/registry.h"
#include "runtime/io_spread.h"
#include "serve/request.h"
#include "tftp/options.h"
#include "tftp/packet.h"

namespace provd::tftp {

/// Counters of the TFTP server (provd_tftp_*), looked up once.
struct TftpMetrics {
  metrics::Counter& started;
  metrics::Counter& completed;
  metrics::Counter& retransmissions;
  metrics::Counter& bytes_sent;
  metrics::Gauge& in_flight;
  /// Failed transfers, by reason (not_found, forbidden, timeout, peer_error, ...).
  static void failed(std::string_view reason);
  /// ERROR packets sent, by code.
  static void error_sent(ErrorCode code);
  /// Datagrams dropped or refused as malformed, by kind (the parser's error code).
  static void malformed(std::string_view kind);
  /// Read requests refused before a transfer started, by reason.
  static void refused(std::string_view reason);
  /// The process-wide instance.
  static TftpMetrics& get();

  /// Totals over every label, for /status (the labelled families hold the detail).
  static inline std::atomic<std::uint64_t> failed_total{0};
  static inline std::atomic<std::uint64_t> malformed_total{0};
};

/// Logs at most a few lines per second about garbage from the network, then one summary of
/// what was suppressed, so a flood cannot fill the journal.
class GarbageLog {
 public:
  /// Logs `event` with `fields` (already key=value formatted) unless over the rate.
  void log(std::string_view event, std::string_view fields);

 private:
  static constexpr int kPerSecond = 10;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point window_{};
  int logged_ = 0;
  std::uint64_t suppressed_ = 0;
};

/// Shared, immutable after start (except the garbage log's own lock).
struct TransferContext {
  runtime::IoSpread io;  ///< each transfer lives on the next context in turn
  boost::asio::thread_pool& blocking;
  std::shared_ptr<serve::RequestHandler> handler;
  boost::asio::ip::address bind_address;
  OptionLimits limits;
  int max_retries = 5;
  int amplification_factor = 3;
  std::shared_ptr<GarbageLog> garbage = std::make_shared<GarbageLog>();
};

}  // namespace provd::tftp

namespace provd::tftp {

/// `text` with quotes, backslashes and non-printable bytes escaped (\xNN), cut to 128 bytes,
/// so a filename from the network cannot forge log lines.
std::string log_safe(std::string_view text);

}  // namespace provd::tftp

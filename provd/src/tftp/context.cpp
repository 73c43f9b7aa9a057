#include "tftp/context.h"

#include <spdlog/spdlog.h>

namespace provd::tftp {

TftpMetrics& TftpMetrics::get() {
  static TftpMetrics m{
      metrics::counter("provd_tftp_transfers_started_total", "TFTP transfers started (read request answered)"),
      metrics::counter("provd_tftp_transfers_completed_total", "TFTP transfers whose last block was acknowledged"),
      metrics::counter("provd_tftp_retransmissions_total", "TFTP packets sent again after a timeout or a gap"),
      metrics::counter("provd_tftp_bytes_sent_total", "Bytes of TFTP datagrams sent (headers included)"),
      metrics::gauge("provd_tftp_transfers_in_flight", "TFTP transfers running now"),
  };
  return m;
}

void TftpMetrics::failed(std::string_view reason) {
  failed_total.fetch_add(1, std::memory_order_relaxed);
  metrics::counter("provd_tftp_transfers_failed_total", "TFTP transfers that ended without success",
                   {{"reason", std::string(reason)}})
      .inc();
}

void TftpMetrics::error_sent(ErrorCode code) {
  metrics::counter("provd_tftp_errors_sent_total", "TFTP ERROR packets sent, by error code",
                   {{"code", std::to_string(static_cast<int>(code))}})
      .inc();
}

void TftpMetrics::malformed(std::string_view kind) {
  malformed_total.fetch_add(1, std::memory_order_relaxed);
  metrics::counter("provd_tftp_malformed_total", "TFTP datagrams refused as malformed", {{"kind", std::string(kind)}})
      .inc();
}

void TftpMetrics::refused(std::string_view reason) {
  metrics::counter("provd_tftp_requests_refused_total", "TFTP requests refused before a transfer started",
                   {{"reason", std::string(reason)}})
      .inc();
}

void GarbageLog::log(std::string_view event, std::string_view fields) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (now - window_ >= std::chrono::seconds(1)) {
    if (suppressed_ > 0) spdlog::warn("event=tftp.log_suppressed count={}", suppressed_);
    window_ = now;
    logged_ = 0;
    suppressed_ = 0;
  }
  if (logged_ >= kPerSecond) {
    ++suppressed_;
    return;
  }
  ++logged_;
  spdlog::warn("event={} {}", event, fields);
}

}  // namespace provd::tftp

namespace provd::tftp {

std::string log_safe(std::string_view text) {
  std::string out;
  for (const unsigned char c : text.substr(0, 128)) {
    if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace provd::tftp

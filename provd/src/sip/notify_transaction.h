// A non-INVITE client transaction (RFC 3261 17.1.2) for one NOTIFY over UDP: retransmit after
// T1, doubling up to T2, slowing to T2 once a provisional answer came, give up after 64*T1.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without including it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/udp.hpp>

#include "sip/sip_message.h"

namespace provd::sip {

/// Timer T1; T2 is 8*T1 (4 s for the standard 500 ms) and timer F 64*T1.
struct TransactionTimers {
  std::chrono::milliseconds t1{500};
};

/// How a NOTIFY ended.
struct NotifyOutcome {
  std::string outcome;  ///< "answered", "timeout", "unreachable" (ICMP refused) or "cancelled"
  int status = 0;       ///< final SIP status when answered
  std::string reason;   ///< reason phrase when answered, error text otherwise
  int transmissions = 0;
  std::int64_t elapsed_ms = 0;
};

/// Called after each transmission with the number sent so far (for operation progress).
using TransmissionObserver = std::function<void(int transmissions)>;

/// Runs the transaction to `target`; `request`'s ids, target and local address are filled in
/// here. Must run on a strand (or a single-threaded executor). `cancel` is polled.
boost::asio::awaitable<NotifyOutcome> run_notify_transaction(NotifyRequest request,
                                                             boost::asio::ip::udp::endpoint target,
                                                             TransactionTimers timers,
                                                             std::shared_ptr<std::atomic<bool>> cancel,
                                                             TransmissionObserver observer);

}  // namespace provd::sip

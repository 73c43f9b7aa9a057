// One read transfer: its own UDP socket (the server's TID), its retransmission timer and its
// byte source around a TransferMachine. Everything runs on the transfer's strand; file reads
// run on the blocking pool, a window ahead. The transfer releases its socket, timer and file
// the moment it ends, then tells the server through `on_end`.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "tftp/byte_source.h"
#include "tftp/context.h"
#include "tftp/packet.h"
#include "tftp/transfer_machine.h"

namespace provd::tftp {

/// A read transfer from request to release.
class Transfer : public std::enable_shared_from_this<Transfer> {
 public:
  using udp = boost::asio::ip::udp;
  /// Called once on the transfer's strand when it has ended and released its resources.
  using EndCallback = std::function<void(const Transfer&)>;

  Transfer(std::shared_ptr<const TransferContext> context, udp::endpoint client, RequestPacket request,
           std::size_t request_bytes, EndCallback on_end);
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  /// Opens the transfer's socket and asks the handler; false when no socket could be opened.
  bool start();
  /// The client sent the same RRQ again from the same port. Thread-safe.
  void repeated_request(std::size_t request_bytes);
  /// The client's address and port.
  const udp::endpoint& client() const noexcept { return client_; }

 private:
  struct Prepared;
  void on_answer(serve::Answer answer);
  static Prepared prepare(serve::Answer answer, Mode mode, const std::vector<Option>& options,
                          const OptionLimits& limits);
  void begin(Prepared prepared);
  void apply(const Step& step);
  void send_blocks(std::uint64_t first, std::uint64_t last);
  /// Sends produced blocks from `from` on (at most up to `to`), with one segmented send when it
  /// can; the number of blocks it covered.
  std::uint64_t send_run(std::uint64_t from, std::uint64_t to);
  void request_fill(std::uint64_t last);
  void receive();
  void on_datagram(std::size_t bytes);
  /// Restarts the retransmission countdown from now.
  void arm_timer();
  /// Waits on the timer until deadline_, which may have moved meanwhile.
  void wait_for_deadline();
  void send_packet(const std::vector<std::uint8_t>& packet, const udp::endpoint& to);
  void send_error(ErrorCode code, std::string_view message, const udp::endpoint& to);
  void finish(bool ok, std::string_view reason, std::string_view detail = {});

  std::shared_ptr<const TransferContext> ctx_;
  udp::endpoint client_;
  RequestPacket request_;
  std::size_t request_bytes_;
  EndCallback on_end_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  udp::socket socket_;
  boost::asio::steady_timer timer_;
  std::chrono::steady_clock::time_point deadline_{};  // retransmit when no progress by then
  bool timer_waiting_ = false;
  std::array<std::uint8_t, kMaxDatagram + 1> recv_buf_{};
  udp::endpoint sender_;

  std::optional<TransferMachine> machine_;
  std::unique_ptr<ByteSource> source_;  // null while a fill runs on the blocking pool
  std::vector<std::uint8_t> oack_;
  int blksize_ = 512;
  int windowsize_ = 1;
  std::chrono::seconds timeout_{1};
  std::uint64_t size_ = 0;
  std::deque<std::string> blocks_;  // produced blocks not yet acknowledged
  std::uint64_t first_cached_ = 1;  // absolute number of blocks_.front()
  bool fill_running_ = false;
  std::uint64_t pending_first_ = 0;  // blocks to send once the fill returns (0: none)
  std::uint64_t pending_last_ = 0;

  bool finished_ = false;
  std::uint64_t bytes_sent_ = 0;
  bool segmented_ = true;  // UDP GSO works on this path (cleared at its first refusal)
  std::uint64_t retransmissions_ = 0;
  std::chrono::steady_clock::time_point started_at_ = std::chrono::steady_clock::now();
};

}  // namespace provd::tftp

// provd's TFTP listener (read-only): receives requests on tftp.bind:tftp.port, enforces the
// limits of the `tftp` config section and hands each accepted RRQ to its own Transfer, which
// asks the shared serve::RequestHandler for the file. stop() closes the listening socket;
// running transfers drain.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/strand.hpp>

#include "runtime/runtime.h"
#include "runtime/service.h"
#include "serve/request.h"
#include "tftp/context.h"
#include "tftp/transfer.h"

namespace provd::tftp {

/// The TFTP provisioning listener, a runtime::Service named "tftp".
class TftpServer : public runtime::Service, public std::enable_shared_from_this<TftpServer> {
 public:
  using udp = boost::asio::ip::udp;

  /// Reads the `tftp` section of the runtime's settings; answers requests with `handler`.
  TftpServer(runtime::Runtime& runtime, std::shared_ptr<serve::RequestHandler> handler);

  std::string name() const override { return "tftp"; }
  /// Binds tftp.bind:tftp.port; throws std::runtime_error when it cannot.
  void start() override;
  void stop() override;
  std::size_t in_flight() const override { return transfers_.load(); }
  nlohmann::json status() const override;
  /// The bound port (after start()).
  std::uint16_t port() const noexcept { return bound_port_.load(); }

 private:
  void receive();
  void on_datagram(std::size_t bytes);
  void on_request(RequestPacket request, std::size_t bytes);
  void on_transfer_end(const Transfer& transfer);
  void reply_error(ErrorCode code, std::string_view message, std::size_t received);

  std::shared_ptr<TransferContext> ctx_;
  config::TftpSettings settings_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  udp::socket socket_;
  std::array<std::uint8_t, kMaxDatagram + 1> recv_buf_{};
  udp::endpoint sender_;
  std::atomic<bool> accepting_{false};
  std::atomic<std::uint16_t> bound_port_{0};

  mutable std::mutex mutex_;  // guards the two maps below
  std::map<udp::endpoint, std::shared_ptr<Transfer>> by_client_;
  std::map<boost::asio::ip::address, int> per_address_;
  std::atomic<std::size_t> transfers_{0};
};

}  // namespace provd::tftp

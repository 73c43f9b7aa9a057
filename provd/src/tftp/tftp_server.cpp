#include "tftp/tftp_server.h"

#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

namespace provd::tftp {

namespace asio = boost::asio;

TftpServer::TftpServer(runtime::Runtime& runtime, std::shared_ptr<serve::RequestHandler> handler)
    : settings_(runtime.settings()->tftp), strand_(asio::make_strand(runtime.io())), socket_(strand_) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(settings_.bind, ec);
  if (ec) throw std::runtime_error("tftp.bind: '" + settings_.bind + "' is not an IP address");
  ctx_ = std::make_shared<TransferContext>(
      TransferContext{runtime.spread(), runtime.blocking(), std::move(handler), address,
                      OptionLimits{settings_.blksize_max, settings_.windowsize_max, settings_.timeout_s},
                      settings_.retries, settings_.amplification_factor});
  TftpMetrics::get();  // registers the families so /metrics lists them from the start
}

void TftpServer::start() {
  const udp::endpoint endpoint(ctx_->bind_address, static_cast<std::uint16_t>(settings_.port));
  boost::system::error_code ec;
  socket_.open(endpoint.protocol(), ec);
  if (!ec) socket_.bind(endpoint, ec);
  if (!ec) socket_.non_blocking(true, ec);
  if (ec)
    throw std::runtime_error(fmt::format("tftp: cannot bind {}:{}: {}", settings_.bind, settings_.port, ec.message()));
  bound_port_ = socket_.local_endpoint().port();
  accepting_ = true;
  spdlog::info("event=tftp.listening bind={} port={} blksize_max={} windowsize_max={} max_transfers={} per_ip={}",
               settings_.bind, bound_port_.load(), settings_.blksize_max, settings_.windowsize_max,
               settings_.max_transfers, settings_.max_transfers_per_ip);
  asio::post(strand_, [self = shared_from_this()] { self->receive(); });
}

void TftpServer::stop() {
  accepting_ = false;
  asio::post(strand_, [self = shared_from_this()] {
    boost::system::error_code ec;
    self->socket_.close(ec);
    spdlog::info("event=tftp.stopped draining={}", self->transfers_.load());
  });
}

nlohmann::json TftpServer::status() const {
  auto& m = TftpMetrics::get();
  return {{"bind", settings_.bind},
          {"port", bound_port_.load()},
          {"accepting", accepting_.load()},
          {"transfers", transfers_.load()},
          {"started", m.started.value()},
          {"completed", m.completed.value()},
          {"failed", TftpMetrics::failed_total.load()},
          {"malformed", TftpMetrics::malformed_total.load()},
          {"retransmissions", m.retransmissions.value()},
          {"bytes_sent", m.bytes_sent.value()}};
}

void TftpServer::receive() {
  if (!accepting_) return;
  socket_.async_receive_from(
      asio::buffer(recv_buf_), sender_,
      asio::bind_executor(strand_, [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
        if (ec == asio::error::operation_aborted || !self->accepting_) return;
        if (!ec) {
          try {
            self->on_datagram(n);
          } catch (const std::exception& e) {  // one bad request must not stop the listener
            spdlog::error("event=tftp.request_failed ip={} error=\"{}\"", self->sender_.address().to_string(),
                          e.what());
          }
        }
        self->receive();
      }));
}

void TftpServer::reply_error(ErrorCode code, std::string_view message, std::size_t received) {
  const auto packet = encode_error(code, message);
  // Never answer garbage with more than a small multiple of what it weighed.
  if (packet.size() > received * static_cast<std::size_t>(settings_.amplification_factor)) return;
  boost::system::error_code ec;
  socket_.send_to(asio::buffer(packet), sender_, 0, ec);
  if (!ec) TftpMetrics::error_sent(code);
}

void TftpServer::on_datagram(std::size_t bytes) {
  auto parsed = parse_packet(std::span<const std::uint8_t>(recv_buf_.data(), bytes));
  if (!parsed) {
    TftpMetrics::malformed(parsed.error().code);
    ctx_->garbage->log("tftp.malformed",
                       fmt::format("ip={} port={} bytes={} kind={} error=\"{}\"", sender_.address().to_string(),
                                   sender_.port(), bytes, parsed.error().code, log_safe(parsed.error().message)));
    // The stable kind keeps the answer short enough for the amplification rule.
    reply_error(ErrorCode::kIllegalOperation, "Illegal operation: " + parsed.error().code, bytes);
    return;
  }
  if (auto* request = std::get_if<RequestPacket>(&*parsed)) {
    if (request->opcode == Opcode::kWrq) {
      TftpMetrics::refused("write_request");
      spdlog::info("event=tftp.write_refused ip={} port={} file=\"{}\"", sender_.address().to_string(), sender_.port(),
                   log_safe(request->filename));
      reply_error(ErrorCode::kAccessViolation, "Read-only server", bytes);
      return;
    }
    on_request(std::move(*request), bytes);
    return;
  }
  if (std::holds_alternative<ErrorPacket>(*parsed)) return;  // never answer an error
  TftpMetrics::malformed("unexpected_opcode");
  ctx_->garbage->log("tftp.unexpected_packet",
                     fmt::format("ip={} port={} bytes={}", sender_.address().to_string(), sender_.port(), bytes));
  reply_error(ErrorCode::kIllegalOperation, "Illegal operation", bytes);
}

void TftpServer::on_request(RequestPacket request, std::size_t bytes) {
  const udp::endpoint client = sender_;
  std::shared_ptr<Transfer> transfer;
  {
    std::lock_guard lock(mutex_);
    if (auto it = by_client_.find(client); it != by_client_.end()) {
      it->second->repeated_request(bytes);  // the client's RRQ again: same transfer
      return;
    }
    const char* refusal = nullptr;
    if (transfers_.load() >= static_cast<std::size_t>(settings_.max_transfers)) {
      refusal = "limit_total";
    } else if (per_address_[client.address()] >= settings_.max_transfers_per_ip) {
      refusal = "limit_per_ip";
    }
    if (refusal != nullptr) {
      if (per_address_[client.address()] == 0) per_address_.erase(client.address());
      TftpMetrics::refused(refusal);
      ctx_->garbage->log("tftp.request_refused",
                         fmt::format("ip={} port={} reason={}", client.address().to_string(), client.port(), refusal));
      reply_error(ErrorCode::kUndefined, "Server busy, try again later", bytes);
      return;
    }
    transfer = std::make_shared<Transfer>(ctx_, client, std::move(request), bytes,
                                          [self = shared_from_this()](const Transfer& t) { self->on_transfer_end(t); });
    by_client_.emplace(client, transfer);
    ++per_address_[client.address()];
    ++transfers_;
    TftpMetrics::get().in_flight.add(1);
  }
  if (!transfer->start()) {
    reply_error(ErrorCode::kUndefined, "Server out of resources", bytes);
    TftpMetrics::failed("socket");
    on_transfer_end(*transfer);
  }
}

void TftpServer::on_transfer_end(const Transfer& transfer) {
  std::lock_guard lock(mutex_);
  auto it = by_client_.find(transfer.client());
  if (it == by_client_.end() || it->second.get() != &transfer) return;
  by_client_.erase(it);
  if (auto a = per_address_.find(transfer.client().address()); a != per_address_.end() && --a->second <= 0) {
    per_address_.erase(a);
  }
  --transfers_;
  TftpMetrics::get().in_flight.add(-1);
}

}  // namespace provd::tftp

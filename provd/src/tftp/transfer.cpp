#include "tftp/transfer.h"

#include <sys/uio.h>

#include <algorithm>
#include <utility>

#include <spdlog/spdlog.h>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include "tftp/segmented_send.h"

namespace provd::tftp {

namespace asio = boost::asio;

/// What the blocking pool hands back to the strand once the handler has answered.
struct Transfer::Prepared {
  bool ok = false;
  ErrorCode code = ErrorCode::kUndefined;
  std::string message;  // for the ERROR packet
  std::string reason;   // for logs and metrics
  std::string detail;
  std::unique_ptr<ByteSource> source;
  Negotiated negotiated;
  std::uint64_t size = 0;
  std::deque<std::string> blocks;  // blocks 1.. read ahead
};

namespace {

Result<void> produce(ByteSource& source, int blksize, std::uint64_t count, std::deque<std::string>& out) {
  for (std::uint64_t i = 0; i < count; ++i) {
    auto block = source.read(static_cast<std::size_t>(blksize));
    if (!block) return block.error();
    out.push_back(std::move(*block));
  }
  return {};
}

std::uint64_t total_blocks(std::uint64_t size, int blksize) {
  return size / static_cast<std::uint64_t>(blksize) + 1;
}

}  // namespace

Transfer::Transfer(std::shared_ptr<const TransferContext> context, udp::endpoint client, RequestPacket request,
                   std::size_t request_bytes, EndCallback on_end)
    : ctx_(std::move(context)),
      client_(std::move(client)),
      request_(std::move(request)),
      request_bytes_(request_bytes),
      on_end_(std::move(on_end)),
      strand_(asio::make_strand(ctx_->io.next())),
      socket_(strand_),
      timer_(strand_) {}

bool Transfer::start() {
  boost::system::error_code ec;
  socket_.open(ctx_->bind_address.is_v6() ? udp::v6() : udp::v4(), ec);
  if (!ec) socket_.bind(udp::endpoint(ctx_->bind_address, 0), ec);
  // Sends never wait: a full socket buffer drops the datagram and the timer retransmits it.
  if (!ec) socket_.non_blocking(true, ec);
  if (ec) {
    spdlog::error("event=tftp.socket_failed ip={} error=\"{}\"", client_.address().to_string(), ec.message());
    return false;
  }
  auto self = shared_from_this();
  asio::post(strand_, [self] { self->receive(); });
  serve::Request request;
  request.protocol = serve::Protocol::kTftp;
  request.source_ip = client_.address().to_string();
  request.source_port = client_.port();
  request.path = request_.filename;
  if (auto ready = ctx_->handler->answer_now(request)) {
    on_answer(std::move(*ready));  // from memory: prepared right here, no blocking pool
  } else {
    ctx_->handler->async_handle(std::move(request),
                                [self](serve::Answer answer) { self->on_answer(std::move(answer)); });
  }
  return true;
}

void Transfer::repeated_request(std::size_t request_bytes) {
  asio::post(strand_, [self = shared_from_this(), request_bytes] {
    if (self->finished_ || !self->machine_) return;
    self->apply(self->machine_->on_repeated_request(request_bytes));
  });
}

void Transfer::on_answer(serve::Answer answer) {
  const bool reads_disk =
      answer.status == serve::Answer::Status::kOk && std::holds_alternative<serve::FileBody>(answer.body);
  auto work = [self = shared_from_this(), answer = std::move(answer)]() mutable {
    Prepared prepared = prepare(std::move(answer), self->request_.mode, self->request_.options, self->ctx_->limits);
    asio::post(self->strand_, [self, p = std::move(prepared)]() mutable { self->begin(std::move(p)); });
  };
  // The root-directory handler answers on the blocking pool already: read ahead right there.
  if (reads_disk && !ctx_->blocking.get_executor().running_in_this_thread()) {
    asio::post(ctx_->blocking, std::move(work));
  } else {
    work();
  }
}

Transfer::Prepared Transfer::prepare(serve::Answer answer, Mode mode, const std::vector<Option>& options,
                                     const OptionLimits& limits) {
  Prepared p;
  using Status = serve::Answer::Status;
  switch (answer.status) {
    case Status::kNotFound:
      p.code = ErrorCode::kNotFound, p.message = "File not found", p.reason = "not_found";
      p.detail = answer.reason;
      return p;
    case Status::kForbidden:
      p.code = ErrorCode::kAccessViolation, p.message = "Access violation", p.reason = "forbidden";
      p.detail = answer.reason;
      return p;
    case Status::kUnavailable:
      p.code = ErrorCode::kUndefined, p.message = "Temporarily unavailable, try again later";
      p.reason = "unavailable", p.detail = answer.reason;
      return p;
    case Status::kOk:
      break;
  }
  if (auto* file = std::get_if<serve::FileBody>(&answer.body)) {
    p.source = ByteSource::from_file(std::move(file->fd), file->size, mode);
  } else if (auto* memory = std::get_if<serve::MemoryBody>(&answer.body)) {
    p.source = ByteSource::from_memory(memory->data, mode);
  } else {
    p.source = ByteSource::from_memory(nullptr, mode);
  }
  auto size = p.source->size();
  if (!size) {
    p.code = ErrorCode::kUndefined, p.message = "Read error", p.reason = "io", p.detail = size.error().message;
    p.source.reset();
    return p;
  }
  p.size = *size;
  auto negotiated = negotiate(options, limits, p.size);
  if (!negotiated) {
    p.code = ErrorCode::kOptionRefused, p.message = "Option refused", p.reason = "option_refused";
    p.detail = negotiated.error().message;
    p.source.reset();
    return p;
  }
  p.negotiated = std::move(*negotiated);
  // Read ahead what the first step can send: DATA 1, or a whole window after the OACK.
  const std::uint64_t ahead = p.negotiated.oack.empty() ? 1 : static_cast<std::uint64_t>(p.negotiated.windowsize);
  auto read =
      produce(*p.source, p.negotiated.blksize, std::min(ahead, total_blocks(p.size, p.negotiated.blksize)), p.blocks);
  if (!read) {
    p.code = ErrorCode::kUndefined, p.message = "Read error", p.reason = "io", p.detail = read.error().message;
    p.source.reset();
    return p;
  }
  p.ok = true;
  return p;
}

void Transfer::begin(Prepared prepared) {
  if (finished_) return;
  if (!prepared.ok) {
    send_error(prepared.code, prepared.message, client_);
    finish(false, prepared.reason, prepared.detail);
    return;
  }
  source_ = std::move(prepared.source);
  size_ = prepared.size;
  blksize_ = prepared.negotiated.blksize;
  windowsize_ = prepared.negotiated.windowsize;
  timeout_ = std::chrono::seconds(prepared.negotiated.timeout_s);
  if (!prepared.negotiated.oack.empty()) oack_ = encode_oack(prepared.negotiated.oack);
  blocks_ = std::move(prepared.blocks);
  first_cached_ = 1;
  TransferParams params;
  params.size = size_;
  params.blksize = blksize_;
  params.windowsize = windowsize_;
  params.max_retries = ctx_->max_retries;
  params.send_oack = !oack_.empty();
  params.oack_bytes = oack_.size();
  params.request_bytes = request_bytes_;
  params.amplification_factor = ctx_->amplification_factor;
  machine_.emplace(params);
  TftpMetrics::get().started.inc();
  spdlog::debug("event=tftp.transfer_started ip={} port={} file=\"{}\" size={} blksize={} windowsize={} oack={}",
                client_.address().to_string(), client_.port(), log_safe(request_.filename), size_, blksize_,
                windowsize_, !oack_.empty());
  apply(machine_->start());
}

void Transfer::apply(const Step& step) {
  if (finished_) return;
  while (!blocks_.empty() && first_cached_ <= machine_->acked()) {
    blocks_.pop_front();
    ++first_cached_;
  }
  if (step.send_oack) {
    send_packet(oack_, client_);
    if (step.retransmission) ++retransmissions_;
  }
  if (step.sends_blocks()) {
    send_blocks(step.first, step.last);
    if (step.retransmission) retransmissions_ += step.last - step.first + 1;
  }
  if (step.retransmission) {
    TftpMetrics::get().retransmissions.inc(step.send_oack ? 1 : (step.sends_blocks() ? step.last - step.first + 1 : 0));
  }
  if (step.arm_timer) arm_timer();
  switch (step.outcome) {
    case Outcome::kRunning:
      break;
    case Outcome::kCompleted:
      finish(true, "completed");
      break;
    case Outcome::kTimedOut:
      finish(false, "timeout", machine_->proven() ? "client stopped acknowledging" : "client never acknowledged");
      break;
    case Outcome::kPeerError:
      finish(false, "peer_error");
      break;
  }
}

void Transfer::send_blocks(std::uint64_t first, std::uint64_t last) {
  const std::uint64_t produced = first_cached_ + blocks_.size() - 1;
  const std::uint64_t to = std::min(last, produced);
  for (auto n = std::max(first, first_cached_); n <= to;) n += send_run(n, to);
  if (last > produced) {
    const std::uint64_t from = std::max(first, produced + 1);
    pending_first_ = pending_first_ == 0 ? from : std::min(pending_first_, from);
    pending_last_ = std::max(pending_last_, last);
    request_fill(last);
  }
}

std::uint64_t Transfer::send_run(std::uint64_t from, std::uint64_t to) {
  const std::size_t segment = 4 + static_cast<std::size_t>(blksize_);
  const auto count =
      static_cast<std::size_t>(std::min<std::uint64_t>({to - from + 1, kMaxSegments, kMaxSegmentedBytes / segment}));
  auto block = [this](std::uint64_t n) -> const std::string& {
    return blocks_[static_cast<std::size_t>(n - first_cached_)];
  };
  boost::system::error_code ec;
  if (segmented_ && count >= 2) {
    // Every block but the transfer's last is full-size, so only a run's last datagram is shorter.
    std::array<std::array<std::uint8_t, 4>, kMaxSegments> headers{};
    std::array<iovec, 2 * kMaxSegments> parts{};
    for (std::size_t i = 0; i < count; ++i) {
      const std::string& data = block(from + i);
      write_data_header(headers[i].data(), wire_block(from + i));
      parts[2 * i] = iovec{headers[i].data(), headers[i].size()};
      parts[2 * i + 1] = iovec{const_cast<char*>(data.data()), data.size()};  // only read
    }
    const std::size_t sent =
        send_segmented(socket_.native_handle(), client_, std::span<const iovec>(parts.data(), 2 * count), segment, ec);
    if (!ec) {
      bytes_sent_ += sent;
      TftpMetrics::get().bytes_sent.inc(sent);
      return count;
    }
    // A full socket buffer drops the window as it would drop single datagrams: the timer resends.
    if (ec == asio::error::would_block || ec == asio::error::no_buffer_space) return count;
    spdlog::debug("event=tftp.segmentation_off ip={} error=\"{}\"", client_.address().to_string(), ec.message());
    segmented_ = false;  // the path cannot segment (old kernel, segment above the MTU): one by one
  }
  std::array<std::uint8_t, 4> header{};
  write_data_header(header.data(), wire_block(from));
  const std::array<asio::const_buffer, 2> packet{asio::buffer(header), asio::buffer(block(from))};
  const std::size_t sent = socket_.send_to(packet, client_, 0, ec);
  if (!ec) {
    bytes_sent_ += sent;
    TftpMetrics::get().bytes_sent.inc(sent);
  }
  return 1;
}

void Transfer::request_fill(std::uint64_t last) {
  if (fill_running_ || finished_) return;
  const std::uint64_t produced = first_cached_ + blocks_.size() - 1;
  // Read a window beyond what is asked so the next ACK finds its blocks ready.
  const std::uint64_t target = std::min(total_blocks(size_, blksize_), last + static_cast<std::uint64_t>(windowsize_));
  if (target <= produced) return;
  const std::uint64_t count = target - produced;
  auto on_filled = [this](std::unique_ptr<ByteSource> source, std::deque<std::string> blocks, Result<void> read) {
    fill_running_ = false;
    if (finished_) return;
    source_ = std::move(source);
    if (!read) {
      send_error(ErrorCode::kUndefined, "Read error", client_);
      finish(false, "io", read.error().message);
      return;
    }
    for (auto& b : blocks) blocks_.push_back(std::move(b));
    const std::uint64_t from = std::max(pending_first_, machine_->acked() + 1);
    const std::uint64_t to = pending_last_;
    pending_first_ = pending_last_ = 0;
    if (from != 0 && from <= to) send_blocks(from, to);
  };
  fill_running_ = true;
  if (!source_->blocking()) {
    std::deque<std::string> blocks;
    auto read = produce(*source_, blksize_, count, blocks);
    on_filled(std::move(source_), std::move(blocks), std::move(read));
    return;
  }
  // Whatever the page cache holds is taken here; the pool reads only what must wait for the disk.
  std::deque<std::string> cached;
  while (cached.size() < count) {
    const std::size_t want = static_cast<std::size_t>(count) - cached.size();
    if (source_->read_if_cached(static_cast<std::size_t>(blksize_), want, cached) == 0) break;
  }
  if (cached.size() == count || (!cached.empty() && produced + cached.size() >= last)) {
    on_filled(std::move(source_), std::move(cached), {});
    return;
  }
  for (auto& block : cached) blocks_.push_back(std::move(block));
  const std::uint64_t rest = count - cached.size();
  asio::post(ctx_->blocking,
             [self = shared_from_this(), source = std::move(source_), count = rest, on_filled]() mutable {
               std::deque<std::string> blocks;
               auto read = produce(*source, self->blksize_, count, blocks);
               asio::post(self->strand_,
                          [self, source = std::move(source), blocks = std::move(blocks), read = std::move(read),
                           on_filled]() mutable { on_filled(std::move(source), std::move(blocks), std::move(read)); });
             });
}

void Transfer::receive() {
  if (finished_) return;
  socket_.async_receive_from(
      asio::buffer(recv_buf_), sender_,
      asio::bind_executor(strand_, [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
        if (self->finished_ || ec == asio::error::operation_aborted) return;
        if (!ec) self->on_datagram(n);
        self->receive();
      }));
}

void Transfer::on_datagram(std::size_t bytes) {
  if (sender_ != client_) {
    // Another TID: tell it so (RFC 1350) and carry on undisturbed.
    ctx_->garbage->log("tftp.wrong_tid", fmt::format("ip={} port={} transfer_port={}", sender_.address().to_string(),
                                                     sender_.port(), socket_.local_endpoint().port()));
    TftpMetrics::malformed("wrong_tid");
    // A short text keeps the answer to a 4-byte ACK within the amplification factor (3x).
    constexpr std::string_view kText = "bad TID";
    if (encode_error(ErrorCode::kUnknownTid, kText).size() <=
        bytes * static_cast<std::size_t>(ctx_->amplification_factor)) {
      const udp::endpoint to = sender_;
      send_error(ErrorCode::kUnknownTid, kText, to);
    }
    return;
  }
  auto parsed = parse_packet(std::span<const std::uint8_t>(recv_buf_.data(), bytes));
  if (!parsed) {
    TftpMetrics::malformed(parsed.error().code);
    ctx_->garbage->log("tftp.malformed", fmt::format("ip={} port={} kind={}", client_.address().to_string(),
                                                     client_.port(), parsed.error().code));
    return;
  }
  if (const auto* ack = std::get_if<AckPacket>(&*parsed)) {
    if (machine_) apply(machine_->on_ack(ack->block));
  } else if (const auto* error = std::get_if<ErrorPacket>(&*parsed)) {
    if (machine_) {
      apply(machine_->on_peer_error());
    } else {
      finish(false, "peer_error");
    }
    spdlog::debug("event=tftp.peer_error ip={} code={} message=\"{}\"", client_.address().to_string(), error->code,
                  log_safe(error->message));
  } else if (std::holds_alternative<UnexpectedPacket>(*parsed)) {
    send_error(ErrorCode::kIllegalOperation, "Illegal TFTP operation", client_);
    finish(false, "illegal_operation", "DATA or OACK sent to a read transfer");
  }
  // A request sent to the transfer's own port is ignored: the listener handles repetitions.
}

void Transfer::arm_timer() {
  // The deadline moves with every window; the timer itself is set again only when it fires
  // before the deadline, which spares each window a cancel (with its aborted completion through
  // the scheduler) and a timerfd update.
  deadline_ = std::chrono::steady_clock::now() + timeout_;
  if (!timer_waiting_) wait_for_deadline();
}

void Transfer::wait_for_deadline() {
  timer_waiting_ = true;
  timer_.expires_at(deadline_);
  timer_.async_wait(asio::bind_executor(strand_, [self = shared_from_this()](const boost::system::error_code& ec) {
    self->timer_waiting_ = false;
    if (ec || self->finished_ || !self->machine_) return;
    if (std::chrono::steady_clock::now() < self->deadline_) {
      self->wait_for_deadline();  // progress moved the deadline since this wait began
      return;
    }
    self->apply(self->machine_->on_timeout());
  }));
}

void Transfer::send_packet(const std::vector<std::uint8_t>& packet, const udp::endpoint& to) {
  boost::system::error_code ec;
  const std::size_t sent = socket_.send_to(asio::buffer(packet), to, 0, ec);
  if (ec) return;
  bytes_sent_ += sent;
  TftpMetrics::get().bytes_sent.inc(sent);
}

void Transfer::send_error(ErrorCode code, std::string_view message, const udp::endpoint& to) {
  send_packet(encode_error(code, message), to);
  TftpMetrics::error_sent(code);
}

void Transfer::finish(bool ok, std::string_view reason, std::string_view detail) {
  if (finished_) return;
  finished_ = true;
  boost::system::error_code ec;
  timer_.cancel();
  socket_.close(ec);
  source_.reset();
  blocks_.clear();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_at_).count();
  if (ok) {
    TftpMetrics::get().completed.inc();
    spdlog::info(
        "event=tftp.transfer_done ip={} port={} file=\"{}\" bytes={} blksize={} windowsize={} "
        "retransmissions={} ms={}",
        client_.address().to_string(), client_.port(), log_safe(request_.filename), size_, blksize_, windowsize_,
        retransmissions_, ms);
  } else {
    TftpMetrics::failed(reason);
    spdlog::info("event=tftp.transfer_failed ip={} port={} file=\"{}\" reason={} detail=\"{}\" ms={}",
                 client_.address().to_string(), client_.port(), log_safe(request_.filename), reason, log_safe(detail),
                 ms);
  }
  if (on_end_) on_end_(*this);
}

}  // namespace provd::tftp

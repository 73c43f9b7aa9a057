#include "leases/lease_listener.h"

#include <sys/socket.h>

#include <array>
#include <atomic>
#include <chrono>
#include <deque>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>

#include "leases/kea_lease_source.h"
#include "leases/lease_applier.h"
#include "leases/reconciler.h"
#include "leases/socket_file.h"
#include "metrics/registry.h"
#include "store/leases.h"

namespace provd::leases {
namespace {

namespace asio = boost::asio;
using stream = asio::local::stream_protocol;
using Strand = asio::strand<asio::io_context::executor_type>;

constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kMaxConnections = 64;
// Reading pauses while this many batches' worth of events wait: memory stays bounded and the
// hook's own queue (with its gap event) absorbs a storm instead.
constexpr std::size_t kQueuedBatches = 8;
// How long after a failed reconciliation (Kea busy, restarting or down) it is tried again.
constexpr std::chrono::seconds kReconcileRetry{10};

struct Metrics {
  metrics::Counter& received = metrics::counter("provd_lease_events_received_total", "Lease event lines received");
  metrics::Counter& applied = metrics::counter("provd_lease_events_applied_total", "Lease events applied to the store");
  metrics::Counter& invalid =
      metrics::counter("provd_lease_events_invalid_total", "Lease event lines skipped as invalid");
  metrics::Counter& duplicate =
      metrics::counter("provd_lease_events_duplicate_total", "Lease events already applied (resent)");
  metrics::Counter& refused = metrics::counter("provd_lease_events_refused_total", "Lease events the store refused");
  metrics::Counter& acks = metrics::counter("provd_lease_acks_sent_total", "Acks written to the hook");
  metrics::Counter& batches = metrics::counter("provd_lease_batches_total", "Lease write transactions committed");
  metrics::Counter& gaps = metrics::counter("provd_lease_gaps_total", "Gap events (the hook dropped events)");
  metrics::Counter& reconcile_ok =
      metrics::counter("provd_lease_reconciliations_total", "Reconciliations with Kea", {{"result", "ok"}});
  metrics::Counter& reconcile_failed =
      metrics::counter("provd_lease_reconciliations_total", "Reconciliations with Kea", {{"result", "failed"}});
  metrics::Counter& expired = metrics::counter("provd_lease_expired_total", "Leases removed by the expiry sweep");
  metrics::Gauge& connections = metrics::gauge("provd_lease_connections", "Open lease feed connections");
};

Metrics& counters() {
  static Metrics instance;
  return instance;
}

std::int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class Listener : public runtime::Service, public std::enable_shared_from_this<Listener> {
 public:
  Listener(runtime::Runtime& runtime, store::Store& store, const config::LeaseSettings& settings,
           std::shared_ptr<LeaseObserver> observer)
      : runtime_(runtime),
        store_(store),
        settings_(settings),
        observer_(std::move(observer)),
        applier_(store),
        strand_(asio::make_strand(runtime.io())),
        acceptor_(strand_),
        batch_timer_(strand_),
        expire_timer_(strand_),
        reconcile_retry_timer_(strand_) {}

  std::string name() const override { return "leases"; }

  void start() override {
    inode_ = listen_on_socket_file(acceptor_, settings_.socket_path, settings_.socket_mode, settings_.socket_group);
    spdlog::info("event=listener.bound service=leases socket=\"{}\" mode={} reconcile={}", settings_.socket_path,
                 settings_.socket_mode, settings_.reconcile);
    auto self = shared_from_this();
    asio::dispatch(strand_, [self] {
      self->reconcile_due_ = self->settings_.reconcile != "off";
      self->accept();
      self->schedule_expiry();
      self->pump();
    });
  }

  void stop() override {
    stopping_ = true;
    in_flight_.fetch_add(1);  // until the strand has seen the stop
    asio::dispatch(strand_, [self = shared_from_this()] {
      boost::system::error_code ignored;
      self->acceptor_.close(ignored);
      remove_socket_file(self->settings_.socket_path, self->inode_);
      self->batch_timer_.cancel();
      self->expire_timer_.cancel();
      self->reconcile_retry_timer_.cancel();
      // Stop reading; sessions close once their queued events are applied and acked.
      for (auto& session : self->sessions_) session->socket.shutdown(stream::socket::shutdown_receive, ignored);
      self->in_flight_.fetch_sub(1);
    });
  }

  std::size_t in_flight() const override { return in_flight_.load(); }

  nlohmann::json status() const override {
    auto& m = counters();
    return {{"socket", settings_.socket_path}, {"connections", m.connections.value()},
            {"received", m.received.value()},  {"applied", m.applied.value()},
            {"invalid", m.invalid.value()},    {"duplicate", m.duplicate.value()},
            {"acks", m.acks.value()},          {"reconciliations", m.reconcile_ok.value()},
            {"gaps", m.gaps.value()}};
  }

 private:
  struct Session {
    explicit Session(stream::socket s, std::uint64_t n) : socket(std::move(s)), id(n) {}
    stream::socket socket;
    std::uint64_t id;
    std::string partial;      // bytes of a line not yet ended by '\n'
    bool discarding = false;  // inside an over-long line: drop until its newline
    bool peer_done = false;   // EOF or error: no more reads
    bool closed = false;
    bool writing = false;
    std::size_t queued = 0;       // events of this session waiting for or inside a batch
    std::int64_t ack_wanted = 0;  // highest committed seq to acknowledge
    std::int64_t ack_written = 0;
    std::string out;
    std::uint64_t line_number = 0;
    std::array<char, kReadChunk> buffer{};
  };
  struct Pending {
    std::shared_ptr<Session> session;
    LeaseEvent event;
  };
  struct BatchResult {
    bool committed = false;
    bool reconcile = false;  // a new boot or a gap: events may have been missed
  };

  // ---- connections (all on the strand) ----
  void accept() {
    acceptor_.async_accept(
        asio::bind_executor(strand_, [self = shared_from_this()](boost::system::error_code ec, stream::socket socket) {
          if (ec == asio::error::operation_aborted || self->stopping_) return;
          if (ec) {
            spdlog::warn("event=listener.accept_failed service=leases error=\"{}\"", ec.message());
          } else if (self->sessions_.size() >= kMaxConnections) {
            spdlog::warn("event=listener.connection_refused service=leases reason=max_connections");
          } else {
            self->open(std::move(socket));
          }
          self->accept();
        }));
  }

  void open(stream::socket socket) {
    auto session = std::make_shared<Session>(std::move(socket), ++next_session_);
    ucred peer{};
    socklen_t length = sizeof(peer);
    ::getsockopt(session->socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &peer, &length);
    spdlog::info("event=leases.connected conn={} pid={} uid={}", session->id, peer.pid, peer.uid);
    sessions_.push_back(session);
    counters().connections.add(1);
    read(session);
  }

  void read(const std::shared_ptr<Session>& session) {
    if (session->peer_done || session->closed || stopping_) return;
    if (queue_.size() >= kQueuedBatches * batch_max()) {
      paused_.push_back(session);
      return;
    }
    session->socket.async_read_some(
        asio::buffer(session->buffer),
        asio::bind_executor(strand_, [self = shared_from_this(), session](boost::system::error_code ec, std::size_t n) {
          if (n > 0) self->consume(*session, std::string_view(session->buffer.data(), n));
          if (ec) {
            if (ec != asio::error::eof && ec != asio::error::operation_aborted) {
              spdlog::info("event=leases.read_failed conn={} error=\"{}\"", session->id, ec.message());
            }
            session->peer_done = true;
            self->close_if_done(session);
          } else {
            self->read(session);
          }
          self->pump();
        }));
  }

  void consume(Session& session, std::string_view data) {
    const std::size_t max_line = static_cast<std::size_t>(settings_.max_line_bytes);
    while (!data.empty()) {
      const std::size_t newline = data.find('\n');
      if (newline == std::string_view::npos) {
        if (!session.discarding) session.partial.append(data);
        if (!session.discarding && session.partial.size() > max_line) {
          ++session.line_number;
          skip(session, "too_long", fmt::format("line exceeds {} bytes", max_line));
          session.partial.clear();
          session.discarding = true;
        }
        return;
      }
      if (session.discarding) {
        session.discarding = false;  // the over-long line ends here; it was already counted
      } else {
        session.partial.append(data.substr(0, newline));
        ++session.line_number;
        line(session, session.partial);
        session.partial.clear();
      }
      data.remove_prefix(newline + 1);
    }
  }

  void line(Session& session, std::string_view text) {
    if (text.empty() || text == "\r") return;  // blank lines keep an idle connection visibly alive
    counters().received.inc();
    auto event = parse_lease_line(text, static_cast<std::size_t>(settings_.max_line_bytes));
    if (!event) {
      skip(session, event.error().code, event.error().message);
      return;
    }
    ++session.queued;
    in_flight_.fetch_add(1);
    queue_.push_back(Pending{find(session), std::move(*event)});
  }

  void skip(Session& session, const std::string& code, const std::string& why) {
    counters().invalid.inc();
    spdlog::warn("event=leases.line_skipped conn={} line={} reason={} detail=\"{}\"", session.id, session.line_number,
                 code, why);
  }

  std::shared_ptr<Session> find(Session& session) {
    for (auto& s : sessions_)
      if (s.get() == &session) return s;
    throw std::logic_error("lease session is not registered");
  }

  void acknowledge(const std::shared_ptr<Session>& session) {
    if (session->closed || session->writing || session->ack_written >= session->ack_wanted) return;
    session->writing = true;
    session->out = fmt::format("{{\"ack\":{}}}\n", session->ack_wanted);
    const std::int64_t seq = session->ack_wanted;
    asio::async_write(
        session->socket, asio::buffer(session->out),
        asio::bind_executor(
            strand_, [self = shared_from_this(), session, seq](boost::system::error_code ec, std::size_t) {
              session->writing = false;
              if (ec) {
                spdlog::info("event=leases.ack_failed conn={} seq={} error=\"{}\"", session->id, seq, ec.message());
                self->close(session);
                return;
              }
              counters().acks.inc();
              session->ack_written = seq;
              self->acknowledge(session);
              self->close_if_done(session);
            }));
  }

  void close_if_done(const std::shared_ptr<Session>& session) {
    if (session->peer_done && session->queued == 0 && !session->writing) close(session);
  }

  void close(const std::shared_ptr<Session>& session) {
    if (session->closed) return;
    session->closed = true;
    boost::system::error_code ignored;
    session->socket.close(ignored);
    std::erase(sessions_, session);
    std::erase(paused_, session);
    counters().connections.add(-1);
    spdlog::info("event=leases.disconnected conn={} lines={} acked={}", session->id, session->line_number,
                 session->ack_written);
  }

  // ---- the single-writer pipeline (decisions on the strand, work on the blocking pool) ----
  std::size_t batch_max() const { return static_cast<std::size_t>(settings_.batch_max_events); }

  void pump() {
    if (busy_) return;
    if (reconcile_due_ && !stopping_) {
      reconcile_due_ = false;
      run_blocking([self = shared_from_this()] {
        // A failed reconciliation (Kea busy or restarting) leaves possibly missed events
        // unrepaired: try again later rather than wait for the next gap or boot.
        if (!self->reconcile_now()) asio::post(self->strand_, [self] { self->retry_reconcile_later(); });
      });
      return;
    }
    if (expire_due_ && !stopping_) {
      expire_due_ = false;
      run_blocking([self = shared_from_this()] { self->expire_now(); });
      return;
    }
    if (queue_.empty()) return;
    if (settings_.batch_delay_ms > 0 && queue_.size() < batch_max() && !delay_over_) {
      if (!delay_armed_) {
        delay_armed_ = true;
        batch_timer_.expires_after(std::chrono::milliseconds(settings_.batch_delay_ms));
        batch_timer_.async_wait(asio::bind_executor(strand_, [self = shared_from_this()](boost::system::error_code) {
          self->delay_armed_ = false;
          self->delay_over_ = true;
          self->pump();
        }));
      }
      return;
    }
    delay_over_ = false;
    auto batch = std::make_shared<std::vector<Pending>>();
    const std::size_t n = std::min(queue_.size(), batch_max());
    batch->reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      batch->push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    busy_ = true;
    asio::post(runtime_.blocking(), [self = shared_from_this(), batch] {
      BatchResult result = self->apply_batch(*batch);
      asio::post(self->strand_, [self, batch, result] { self->batch_done(*batch, result); });
    });
  }

  template <class Work>
  void run_blocking(Work work) {
    busy_ = true;
    in_flight_.fetch_add(1);
    asio::post(runtime_.blocking(), [self = shared_from_this(), work] {
      try {
        work();
      } catch (const std::exception& e) {
        spdlog::error("event=leases.maintenance_failed error=\"{}\"", e.what());
      }
      asio::post(self->strand_, [self] {
        self->busy_ = false;
        self->in_flight_.fetch_sub(1);
        self->pump();
      });
    });
  }

  // Runs on the blocking pool: only the events are read, sessions are not touched.
  BatchResult apply_batch(const std::vector<Pending>& batch) {
    BatchResult result;
    std::vector<const LeaseEvent*> committed_leases;
    std::size_t applied = 0, duplicate = 0, refused = 0, gaps = 0;
    std::int64_t lost = 0;  // events the hook dropped, as its gap events announce
    try {
      store::WriteTxn txn = store_.write();
      SequencedBatch sequenced(applier_, txn);
      for (const Pending& pending : batch) {
        const LeaseEvent& event = pending.event;
        SequencedOutcome outcome = sequenced.apply(event);
        if (outcome.new_boot) {
          spdlog::info("event=leases.new_boot boot={} first_seq={}", event.boot, event.seq);
          result.reconcile = true;
        }
        if (outcome.duplicate) {
          ++duplicate;
          continue;
        }
        if (outcome.error) {
          ++refused;
          spdlog::warn("event=leases.event_refused boot={} seq={} kind={} error=\"{}\"", event.boot, event.seq,
                       to_string(event.kind), outcome.error->message);
          continue;
        }
        ++applied;
        if (event.kind == EventKind::kGap) {
          ++gaps;
          lost += event.dropped;
          result.reconcile = true;
          spdlog::warn("event=leases.gap boot={} seq={} dropped={}", event.boot, event.seq, event.dropped);
        }
        if (event.kind == EventKind::kCommit || event.kind == EventKind::kRecover) committed_leases.push_back(&event);
      }
      sequenced.flush();
      txn.commit();
      result.committed = true;
    } catch (const std::exception& e) {
      // Nothing of the batch is acked; the connections are closed so that the hook resends.
      spdlog::error("event=leases.batch_failed events={} error=\"{}\"", batch.size(), e.what());
      return result;
    }
    auto& m = counters();
    m.batches.inc();
    m.applied.inc(applied);
    m.duplicate.inc(duplicate);
    m.refused.inc(refused);
    m.gaps.inc(gaps);
    static auto& lost_events =
        metrics::counter("provd_lease_events_lost_total", "Lease events the hook dropped (announced by gap events)");
    lost_events.inc(static_cast<std::uint64_t>(lost));
    if (observer_) {
      for (const LeaseEvent* event : committed_leases) {
        try {
          observer_->on_commit(*event);
        } catch (const std::exception& e) {
          spdlog::error("event=leases.observer_failed mac={} error=\"{}\"", event->mac, e.what());
        }
      }
    }
    return result;
  }

  void batch_done(const std::vector<Pending>& batch, const BatchResult& result) {
    busy_ = false;
    for (const Pending& pending : batch) {
      --pending.session->queued;
      if (result.committed) {
        pending.session->ack_wanted = std::max(pending.session->ack_wanted, pending.event.seq);
      } else {
        close(pending.session);
      }
    }
    in_flight_.fetch_sub(batch.size());
    for (const Pending& pending : batch) {
      acknowledge(pending.session);
      close_if_done(pending.session);
    }
    if (result.reconcile && settings_.reconcile != "off") reconcile_due_ = true;
    auto paused = std::move(paused_);
    paused_.clear();
    for (auto& session : paused) read(session);
    pump();
    if (stopping_ && queue_.empty() && !busy_) {
      for (auto session : std::vector(sessions_)) close_if_done(session);
    }
  }

  void retry_reconcile_later() {
    if (stopping_) return;
    reconcile_retry_timer_.expires_after(kReconcileRetry);
    reconcile_retry_timer_.async_wait(
        asio::bind_executor(strand_, [self = shared_from_this()](boost::system::error_code ec) {
          if (ec || self->stopping_) return;
          self->reconcile_due_ = true;
          self->pump();
        }));
  }

  // True when the table now equals Kea's list.
  bool reconcile_now() {
    const std::int64_t now = now_unix();
    const auto timeout = std::chrono::seconds(settings_.reconcile_timeout_s);
    Result<std::vector<nlohmann::json>> kea = fail("unavailable", "no source configured");
    std::string source;
    if (settings_.reconcile == "control_socket" || settings_.reconcile == "auto") {
      source = "control_socket";
      kea = fetch_leases_from_control_socket(settings_.kea_control_socket, timeout, now);
      if (!kea && settings_.reconcile == "auto") {
        spdlog::info("event=leases.reconcile_source_failed source=control_socket error=\"{}\"", kea.error().message);
      }
    }
    if (settings_.reconcile == "memfile" || (settings_.reconcile == "auto" && !kea)) {
      source = "memfile";
      kea = read_leases_from_memfile(settings_.kea_lease_file, now);
    }
    if (!kea) {
      counters().reconcile_failed.inc();
      spdlog::warn(
          "event=leases.reconcile_failed source={} error=\"{}\" effect=\"lease table left as it is\" retry_in_s={}",
          source, kea.error().message, kReconcileRetry.count());
      return false;
    }
    store::WriteTxn txn = store_.write();
    ReconcileCounts counts = reconcile(txn, store_, applier_, *kea);
    txn.commit();
    counters().reconcile_ok.inc();
    spdlog::info("event=leases.reconciled source={} kea_leases={} added={} removed={} kept={} refused={}", source,
                 kea->size(), counts.added, counts.removed, counts.kept, counts.invalid);
    return true;
  }

  void schedule_expiry() {
    if (settings_.expire_interval_s <= 0 || stopping_) return;
    expire_timer_.expires_after(std::chrono::seconds(settings_.expire_interval_s));
    expire_timer_.async_wait(asio::bind_executor(strand_, [self = shared_from_this()](boost::system::error_code ec) {
      if (ec || self->stopping_) return;
      self->expire_due_ = true;
      self->pump();
      self->schedule_expiry();
    }));
  }

  void expire_now() {
    store::WriteTxn txn = store_.write();
    const std::size_t removed = store::Leases(store_).expire(txn, now_unix());
    txn.commit();
    if (removed > 0) {
      counters().expired.inc(removed);
      spdlog::info("event=leases.expired count={}", removed);
    }
  }

  runtime::Runtime& runtime_;
  store::Store& store_;
  const config::LeaseSettings settings_;
  const std::shared_ptr<LeaseObserver> observer_;
  const LeaseApplier applier_;
  Strand strand_;
  stream::acceptor acceptor_;
  asio::steady_timer batch_timer_;
  asio::steady_timer expire_timer_;
  asio::steady_timer reconcile_retry_timer_;
  ino_t inode_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> in_flight_{0};
  // Strand-only state.
  std::vector<std::shared_ptr<Session>> sessions_;
  std::vector<std::shared_ptr<Session>> paused_;
  std::deque<Pending> queue_;
  std::uint64_t next_session_ = 0;
  bool busy_ = false;
  bool reconcile_due_ = false;
  bool expire_due_ = false;
  bool delay_armed_ = false;
  bool delay_over_ = false;
};

}  // namespace

std::shared_ptr<runtime::Service> make_lease_listener(runtime::Runtime& runtime, store::Store& store,
                                                      const config::LeaseSettings& settings,
                                                      std::shared_ptr<LeaseObserver> observer) {
  return std::make_shared<Listener>(runtime, store, settings, std::move(observer));
}

}  // namespace provd::leases

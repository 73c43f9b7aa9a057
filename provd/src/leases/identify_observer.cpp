#include "leases/identify_observer.h"

#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "common/hex.h"
#include "ident/inputs.h"
#include "ident/log_text.h"
#include "metrics/registry.h"
#include "store/leases.h"

namespace provd::leases {
namespace {

metrics::Counter& identified(std::string_view result) {
  return metrics::counter("provd_lease_identifications_total",
                          "Committed leases run through identification from option 60, by result",
                          {{"result", std::string(result)}});
}

}  // namespace

std::optional<std::string> vendor_class_of(const LeaseEvent& event) {
  auto option = event.options.find("60");
  if (option == event.options.end() || !option->is_object()) return std::nullopt;
  if (auto text = option->find("text"); text != option->end() && text->is_string() && !text->empty()) {
    return text->get<std::string>();
  }
  if (auto hex = option->find("hex"); hex != option->end() && hex->is_string()) {
    auto bytes = bytes_from_hex(hex->get_ref<const std::string&>(), HexCase::kLowerOnly);
    if (bytes && !bytes->empty()) return bytes;
  }
  return std::nullopt;
}

IdentifyObserver::IdentifyObserver(std::shared_ptr<ident::Pipeline> pipeline, store::Store& store,
                                   boost::asio::thread_pool& blocking)
    : pipeline_(std::move(pipeline)), store_(store), coalesce_timer_(blocking.get_executor()) {}

void IdentifyObserver::on_commit(const LeaseEvent& event) {
  auto vendor_class = vendor_class_of(event);
  if (!vendor_class || event.mac.empty()) return;
  {
    std::lock_guard lock(mutex_);
    if (waiting_.size() >= kMaxWaiting) {
      identified("dropped").inc();
      ++dropped_;  // warned about once per drained batch: a line per drop would cost more than the drop saves
      waiting_.pop_front();
    }
    waiting_.push_back(Lease{event.mac, event.ip, std::move(*vendor_class)});
    // Only one wait is ever pending: draining_ stays set until the drain has emptied the queue.
    if (!draining_) {
      draining_ = true;
      coalesce_timer_.expires_after(kCoalesce);
      coalesce_timer_.async_wait([self = shared_from_this()](boost::system::error_code) { self->drain(); });
    }
  }
}

void IdentifyObserver::drain() {
  for (;;) {
    std::vector<Lease> batch;
    std::uint64_t dropped = 0;
    std::size_t still_waiting = 0;
    {
      std::lock_guard lock(mutex_);
      if (waiting_.empty()) {
        draining_ = false;
        return;
      }
      const std::size_t n = std::min(waiting_.size(), kBatch);
      batch.assign(std::make_move_iterator(waiting_.begin()), std::make_move_iterator(waiting_.begin() + n));
      waiting_.erase(waiting_.begin(), waiting_.begin() + n);
      dropped = std::exchange(dropped_, 0);
      still_waiting = waiting_.size();
    }
    if (dropped > 0) {
      spdlog::warn(
          "event=leases.identify_dropped count={} waiting={} effect=\"identified at their first provisioning request "
          "instead\"",
          dropped, still_waiting);
    }
    try {
      identify(batch);
    } catch (const std::exception& e) {
      // One phone's failure must not cost the others their identification: the batch's
      // transaction was aborted, so each lease is tried again on its own.
      spdlog::warn("event=leases.identify_batch_failed leases={} error={} retry=one_by_one", batch.size(),
                   ident::log_text(e.what()));
      identify_one_by_one(batch);
    }
  }
}

void IdentifyObserver::identify_one_by_one(std::span<const Lease> leases) {
  for (const Lease& lease : leases) {
    try {
      identify(std::span(&lease, 1));
    } catch (const std::exception& e) {
      identified("failed").inc();
      spdlog::error("event=leases.identify_failed mac={} ip={} error={}", lease.mac, lease.ip,
                    ident::log_text(e.what()));
    }
  }
}

void IdentifyObserver::identify(std::span<const Lease> leases) {
  std::vector<const Lease*> current;
  std::vector<ident::Inputs> inputs;
  std::uint64_t stale = 0;
  {
    // The pipeline finds the MAC through the lease on the IP; a lease that moved since the
    // commit belongs to another phone, whose own commit (queued behind) identifies it.
    store::ReadTxn txn = store_.read();
    const store::Leases table(store_);
    for (const Lease& lease : leases) {
      auto stored = table.by_ip(txn, lease.ip);
      if (!stored || stored->value("mac", std::string{}) != lease.mac) {
        ++stale;
        continue;
      }
      ident::Inputs& in = inputs.emplace_back();
      in.channel = ident::Channel::kDhcp;
      in.source_ip = lease.ip;
      in.vendor_class = lease.vendor_class;
      current.push_back(&lease);
    }
  }
  // Counted only once the batch went through: a failed batch is tried again lease by lease.
  const std::vector<ident::Outcome> outcomes = pipeline_->identify_dhcp(inputs);
  identified("stale").inc(stale);
  for (std::size_t i = 0; i < outcomes.size(); ++i) log_outcome(*current[i], outcomes[i]);
}

void IdentifyObserver::log_outcome(const Lease& lease, const ident::Outcome& outcome) {
  identified(outcome.device ? "identified" : "unknown").inc();
  spdlog::info("event=leases.identified mac={} ip={} vendor_class={} device={} vendor={} model={} created={}",
               lease.mac, lease.ip, ident::log_text(lease.vendor_class),
               outcome.device ? outcome.device->value("id", "-") : "-",
               ident::log_text(outcome.info.value("vendor").value_or("-")),
               ident::log_text(outcome.info.value("model").value_or("-")), outcome.created);
}

std::shared_ptr<LeaseObserver> make_identify_observer(std::shared_ptr<ident::Pipeline> pipeline, store::Store& store,
                                                      boost::asio::thread_pool& blocking) {
  return std::make_shared<IdentifyObserver>(std::move(pipeline), store, blocking);
}

}  // namespace provd::leases

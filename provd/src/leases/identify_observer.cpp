#include "leases/identify_observer.h"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

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
    : pipeline_(std::move(pipeline)), store_(store), blocking_(blocking) {}

void IdentifyObserver::on_commit(const LeaseEvent& event) {
  auto vendor_class = vendor_class_of(event);
  if (!vendor_class || event.mac.empty()) return;
  bool post = false;
  {
    std::lock_guard lock(mutex_);
    if (waiting_.size() >= kMaxWaiting) {
      identified("dropped").inc();
      spdlog::warn("event=leases.identify_dropped mac={} waiting={}", waiting_.front().mac, waiting_.size());
      waiting_.pop_front();
    }
    waiting_.push_back(Waiting{event.mac, event.ip, std::move(*vendor_class)});
    if (!draining_) post = draining_ = true;
  }
  if (post) boost::asio::post(blocking_, [self = shared_from_this()] { self->drain(); });
}

void IdentifyObserver::drain() {
  for (;;) {
    Waiting next;
    {
      std::lock_guard lock(mutex_);
      if (waiting_.empty()) {
        draining_ = false;
        return;
      }
      next = std::move(waiting_.front());
      waiting_.pop_front();
    }
    try {
      identify(next.mac, next.ip, next.vendor_class);
    } catch (const std::exception& e) {  // one lease's failure never stops the others
      identified("failed").inc();
      spdlog::error("event=leases.identify_failed mac={} ip={} error={}", next.mac, next.ip, ident::log_text(e.what()));
    }
  }
}

void IdentifyObserver::identify(const std::string& mac, const std::string& ip, const std::string& vendor_class) {
  {
    // The pipeline finds the MAC through the lease on the IP; a lease that moved since the
    // commit belongs to another phone, whose own commit (queued behind) identifies it.
    store::ReadTxn txn = store_.read();
    auto lease = store::Leases(store_).by_ip(txn, ip);
    if (!lease || lease->value("mac", std::string{}) != mac) {
      identified("stale").inc();
      return;
    }
  }
  ident::Inputs inputs;
  inputs.channel = ident::Channel::kDhcp;
  inputs.source_ip = ip;
  inputs.vendor_class = vendor_class;
  ident::Outcome outcome = pipeline_->run(inputs);
  identified(outcome.device ? "identified" : "unknown").inc();
  spdlog::info("event=leases.identified mac={} ip={} vendor_class={} device={} vendor={} model={} created={}", mac, ip,
               ident::log_text(vendor_class), outcome.device ? outcome.device->value("id", "-") : "-",
               ident::log_text(outcome.info.value("vendor").value_or("-")),
               ident::log_text(outcome.info.value("model").value_or("-")), outcome.created);
}

std::shared_ptr<LeaseObserver> make_identify_observer(std::shared_ptr<ident::Pipeline> pipeline, store::Store& store,
                                                      boost::asio::thread_pool& blocking) {
  return std::make_shared<IdentifyObserver>(std::move(pipeline), store, blocking);
}

}  // namespace provd::leases

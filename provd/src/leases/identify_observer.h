// Identifies phones from their DHCP lease, before their first TFTP or HTTP request: every
// committed lease carrying option 60 (vendor class) runs through the identification pipeline
// as a DHCP input, so the plugins' vendor_class rules give the device its vendor and model
// (creating it, with its MAC from the lease and its IP, when pipeline.auto_create allows).
// The lease listener must never wait for this: on_commit only queues the lease; one job at a
// time drains the queue on the blocking pool, in order, up to kBatch leases per write
// transaction (a storm of new phones would otherwise cost one commit, two fsyncs, per phone).
// The drain starts kCoalesce after the first lease queued, so that leases arriving one by one
// are identified together too: every device write holds LMDB's single writer lock through its
// fsyncs, and a lease commit arriving meanwhile waits for it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "ident/pipeline.h"
#include "leases/lease_observer.h"
#include "store/store.h"

namespace provd::leases {

/// The LeaseObserver that runs option 60 through the identification pipeline.
class IdentifyObserver : public LeaseObserver, public std::enable_shared_from_this<IdentifyObserver> {
 public:
  /// Leases waiting for identification at most; beyond this the oldest waiting one is dropped
  /// (counted and logged: the phone is still identified by its first provisioning request).
  static constexpr std::size_t kMaxWaiting = 4096;
  /// Leases identified together, with one write transaction for all the devices they change.
  static constexpr std::size_t kBatch = 256;
  /// How long the first queued lease waits for others to share its transaction.
  static constexpr std::chrono::milliseconds kCoalesce{20};

  /// A committed lease waiting for identification.
  struct Lease {
    std::string mac;
    std::string ip;
    std::string vendor_class;
  };

  /// The pipeline and the store must outlive the pool's last job.
  IdentifyObserver(std::shared_ptr<ident::Pipeline> pipeline, store::Store& store, boost::asio::thread_pool& blocking);

  /// Queues the lease when it carries option 60; never blocks on the store.
  void on_commit(const LeaseEvent& event) override;

  /// Runs the pipeline for these leases now, on the calling thread (the queued job's body).
  /// A lease is skipped when the lease on its IP is no longer its MAC's (the phone moved).
  void identify(std::span<const Lease> leases);

 private:
  void drain();
  void identify_one_by_one(std::span<const Lease> leases);
  void log_outcome(const Lease& lease, const ident::Outcome& outcome);

  std::shared_ptr<ident::Pipeline> pipeline_;
  store::Store& store_;
  boost::asio::steady_timer coalesce_timer_;  // armed only under mutex_, while no drain is pending
  std::mutex mutex_;
  std::deque<Lease> waiting_;  // guarded by mutex_
  bool draining_ = false;      // guarded by mutex_: a drain is due (coalesce_timer_) or running
  std::uint64_t dropped_ = 0;  // guarded by mutex_: dropped since the last warning
};

/// The vendor class (option 60) of a lease event: its text, else its bytes decoded from hex.
std::optional<std::string> vendor_class_of(const LeaseEvent& event);

/// Creates the observer the lease listener is given in provd_main.
std::shared_ptr<LeaseObserver> make_identify_observer(std::shared_ptr<ident::Pipeline> pipeline, store::Store& store,
                                                      boost::asio::thread_pool& blocking);

}  // namespace provd::leases

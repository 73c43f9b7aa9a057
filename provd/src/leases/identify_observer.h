// Identifies phones from their DHCP lease, before their first TFTP or HTTP request: every
// committed lease carrying option 60 (vendor class) runs through the identification pipeline
// as a DHCP input, so the plugins' vendor_class rules give the device its vendor and model
// (creating it, with its MAC from the lease and its IP, when pipeline.auto_create allows).
// The lease listener must never wait for this: on_commit only queues the lease; one job at a
// time drains the queue on the blocking pool, in order.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

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

  /// The pipeline and the store must outlive the pool's last job.
  IdentifyObserver(std::shared_ptr<ident::Pipeline> pipeline, store::Store& store, boost::asio::thread_pool& blocking);

  /// Queues the lease when it carries option 60; never blocks on the store.
  void on_commit(const LeaseEvent& event) override;

  /// Runs the pipeline for one lease now, on the calling thread (the queued job's body).
  /// Skipped when the lease on that IP is no longer this MAC's (the phone moved meanwhile).
  void identify(const std::string& mac, const std::string& ip, const std::string& vendor_class);

 private:
  struct Waiting {
    std::string mac;
    std::string ip;
    std::string vendor_class;
  };
  void drain();

  std::shared_ptr<ident::Pipeline> pipeline_;
  store::Store& store_;
  boost::asio::thread_pool& blocking_;
  std::mutex mutex_;
  std::deque<Waiting> waiting_;  // guarded by mutex_
  bool draining_ = false;        // guarded by mutex_: a drain job is posted or running
};

/// The vendor class (option 60) of a lease event: its text, else its bytes decoded from hex.
std::optional<std::string> vendor_class_of(const LeaseEvent& event);

/// Creates the observer the lease listener is given in provd_main.
std::shared_ptr<LeaseObserver> make_identify_observer(std::shared_ptr<ident::Pipeline> pipeline, store::Store& store,
                                                      boost::asio::thread_pool& blocking);

}  // namespace provd::leases

#pragma once

#include "leases/lease_event.h"

namespace provd::leases {

/// Told about lease events after they are durably committed, so that later stages (device
/// identification from option 60 through the plugins' DHCP rules) can react to them.
/// Called on the blocking pool, in event order, never on the I/O thread; an exception is logged
/// and does not undo the commit.
class LeaseObserver {
 public:
  virtual ~LeaseObserver() = default;
  /// A commit or recover event whose batch has just been committed.
  virtual void on_commit(const LeaseEvent& event) = 0;
};

}  // namespace provd::leases

#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "config/settings.h"

namespace provd::runtime {

/// A long-running part of provd (a listener, the lease feed) managed by the Runtime.
class Service {
 public:
  virtual ~Service() = default;
  /// Short name for logs and /status ("tftp", "http", "rest", "leases").
  virtual std::string name() const = 0;
  /// Binds and starts accepting work. Throws when it cannot (start-up fails loudly).
  virtual void start() = 0;
  /// Stops accepting new work; work already started goes on until it finishes.
  virtual void stop() = 0;
  /// Units of work still running (requests, transfers); draining waits for zero.
  virtual std::size_t in_flight() const = 0;
  /// Applies the live part of a re-read configuration (SIGHUP).
  virtual void reload(const config::Settings& /*settings*/) {}
  /// Health and counters for /status.
  virtual nlohmann::json status() const { return nlohmann::json::object(); }
};

}  // namespace provd::runtime

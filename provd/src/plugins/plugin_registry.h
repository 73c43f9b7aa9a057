// The plugins the daemon serves right now. Requests take a snapshot (a shared_ptr to an
// immutable PluginSet) at their start and keep it to their end; install, upgrade and uninstall
// publish a new snapshot, so new requests see the change and in-flight ones are undisturbed.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "plugins/plugin_set.h"

namespace provd::plugins {

/// The current PluginSet, replaceable while requests use the previous one. Thread-safe.
class PluginRegistry {
 public:
  /// Loads the plugins of `dirs`; for the same id a later directory wins (installed over bundled).
  explicit PluginRegistry(std::vector<std::filesystem::path> dirs);
  /// A fixed set that reload() keeps (tests, offline identification).
  explicit PluginRegistry(std::shared_ptr<const PluginSet> fixed);

  /// The snapshot to use for one request.
  std::shared_ptr<const PluginSet> current() const;
  /// Re-reads the directories and publishes the result; returns the new snapshot.
  std::shared_ptr<const PluginSet> reload();
  /// How many snapshots were published: compared without a lock or a copy of the snapshot.
  std::uint64_t generation() const noexcept { return generation_.load(std::memory_order_acquire); }
  /// The directories, lowest precedence first.
  const std::vector<std::filesystem::path>& dirs() const noexcept { return dirs_; }

 private:
  mutable std::mutex mutex_;
  std::vector<std::filesystem::path> dirs_;
  std::shared_ptr<const PluginSet> current_;
  std::atomic<std::uint64_t> generation_{0};  // bumped after current_ changes
};

}  // namespace provd::plugins

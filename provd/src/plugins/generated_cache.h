// Generated files are derived data: rendered from a template with the device and its effective
// raw_config, kept in memory, never written by hand. The key carries a hash of everything the
// rendering read (device document, effective raw_config, plugin manifest and templates), so a
// change to any of them makes a new key and the stale entry is never served again.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace provd::plugins {

/// A bounded least-recently-used cache of rendered files, safe to share between threads.
class GeneratedCache {
 public:
  explicit GeneratedCache(std::size_t capacity) : capacity_(capacity) {}

  /// The cached content of `key`, or the result of `render()` (stored when capacity allows).
  std::shared_ptr<const std::string> get_or_render(const std::string& key, const std::function<std::string()>& render);

  /// Renders served from the cache and renders performed (for tests and metrics).
  std::size_t hits() const;
  std::size_t misses() const;
  std::size_t size() const;

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const std::string>>;
  mutable std::mutex mutex_;
  std::size_t capacity_;
  std::list<Entry> order_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t hits_ = 0;
  std::size_t misses_ = 0;
};

}  // namespace provd::plugins

#include "plugins/generated_cache.h"

#include "metrics/registry.h"

namespace provd::plugins {

std::shared_ptr<const std::string> GeneratedCache::get_or_render(const std::string& key,
                                                                 const std::function<std::string()>& render) {
  static auto& hit_counter =
      metrics::counter("provd_generated_cache_total", "Generated-file lookups by result", {{"result", "hit"}});
  static auto& miss_counter =
      metrics::counter("provd_generated_cache_total", "Generated-file lookups by result", {{"result", "miss"}});
  {
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) {
      order_.splice(order_.begin(), order_, it->second);
      ++hits_;
      hit_counter.inc();
      return it->second->second;
    }
    ++misses_;
    miss_counter.inc();
  }
  // Rendering happens outside the lock; two threads may render the same key once each.
  auto content = std::make_shared<const std::string>(render());
  if (capacity_ == 0) return content;
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) return it->second->second;
  order_.emplace_front(key, content);
  index_[key] = order_.begin();
  while (order_.size() > capacity_) {
    index_.erase(order_.back().first);
    order_.pop_back();
  }
  return content;
}

std::size_t GeneratedCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

std::size_t GeneratedCache::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

std::size_t GeneratedCache::size() const {
  std::lock_guard lock(mutex_);
  return order_.size();
}

}  // namespace provd::plugins

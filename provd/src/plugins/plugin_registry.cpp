#include "plugins/plugin_registry.h"

#include <spdlog/spdlog.h>

namespace provd::plugins {

PluginRegistry::PluginRegistry(std::vector<std::filesystem::path> dirs) : dirs_(std::move(dirs)) {
  reload();
}

PluginRegistry::PluginRegistry(std::shared_ptr<const PluginSet> fixed) : current_(std::move(fixed)) {}

std::shared_ptr<const PluginSet> PluginRegistry::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

std::shared_ptr<const PluginSet> PluginRegistry::reload() {
  if (dirs_.empty()) return current();
  // Loading reads the disk: do it outside the lock so requests never wait for it.
  auto fresh = std::make_shared<const PluginSet>(PluginSet::load(dirs_));
  spdlog::info("event=plugins.published plugins={} broken={}", fresh->plugins().size(), fresh->errors().size());
  std::lock_guard lock(mutex_);
  current_ = fresh;
  generation_.fetch_add(1, std::memory_order_release);
  return fresh;
}

}  // namespace provd::plugins

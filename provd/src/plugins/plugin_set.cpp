#include "plugins/plugin_set.h"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace provd::plugins {

PluginSet::PluginSet(std::vector<std::shared_ptr<const Plugin>> plugins) : plugins_(std::move(plugins)) {
  std::sort(plugins_.begin(), plugins_.end(), [](const auto& a, const auto& b) { return a->id < b->id; });
}

PluginSet PluginSet::load(const std::filesystem::path& dir) {
  PluginSet set;
  std::error_code ec;
  std::vector<std::filesystem::path> candidates;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory() && std::filesystem::exists(it->path() / "plugin.json")) candidates.push_back(it->path());
  }
  if (ec) {
    set.errors_.push_back(fail("plugins_dir", fmt::format("cannot list {}: {}", dir.string(), ec.message())));
    spdlog::error("event=plugins.dir_unreadable dir=\"{}\" error=\"{}\"", dir.string(), ec.message());
  }
  std::sort(candidates.begin(), candidates.end());
  for (const auto& candidate : candidates) {
    auto plugin = load_plugin(candidate);
    if (!plugin) {
      spdlog::error("event=plugins.skipped dir=\"{}\" error=\"{}\"", candidate.string(), plugin.error().message);
      set.errors_.push_back(plugin.error());
      continue;
    }
    spdlog::info("event=plugins.loaded plugin={} rules={} files={}", (*plugin)->id, (*plugin)->rules.size(),
                 (*plugin)->device_files.size() + (*plugin)->common_files.size());
    set.plugins_.push_back(std::move(*plugin));
  }
  return set;
}

PluginSet PluginSet::load(const std::vector<std::filesystem::path>& dirs) {
  PluginSet merged;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) continue;  // an installed-plugins dir not created yet
    PluginSet one = load(dir);
    for (auto& plugin : one.plugins_) {
      std::erase_if(merged.plugins_, [&plugin](const auto& p) { return p->id == plugin->id; });
      merged.plugins_.push_back(std::move(plugin));
    }
    for (auto& error : one.errors_) merged.errors_.push_back(std::move(error));
  }
  std::sort(merged.plugins_.begin(), merged.plugins_.end(), [](const auto& a, const auto& b) { return a->id < b->id; });
  return merged;
}

std::shared_ptr<const Plugin> PluginSet::find(std::string_view id) const {
  for (const auto& plugin : plugins_) {
    if (plugin->id == id) return plugin;
  }
  return nullptr;
}

}  // namespace provd::plugins

// The installed plugins: every sub-directory of the plugins directory that holds a
// plugin.json. A broken plugin is skipped and reported; the others keep working.
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "plugins/plugin.h"

namespace provd::plugins {

/// An immutable snapshot of the loaded plugins, ordered by id.
class PluginSet {
 public:
  PluginSet() = default;
  /// Loads every plugin under `dir`; problems are collected in errors() and logged.
  static PluginSet load(const std::filesystem::path& dir);
  /// Loads several directories; for the same id a later directory's plugin wins.
  static PluginSet load(const std::vector<std::filesystem::path>& dirs);
  /// A set of already loaded plugins (tests).
  explicit PluginSet(std::vector<std::shared_ptr<const Plugin>> plugins);

  const std::vector<std::shared_ptr<const Plugin>>& plugins() const noexcept { return plugins_; }
  /// Why plugins were skipped, one Error per broken plugin.
  const std::vector<Error>& errors() const noexcept { return errors_; }
  /// The plugin with this id, or null.
  std::shared_ptr<const Plugin> find(std::string_view id) const;

 private:
  std::vector<std::shared_ptr<const Plugin>> plugins_;
  std::vector<Error> errors_;
};

}  // namespace provd::plugins

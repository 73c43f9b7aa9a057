// Installs, upgrades and uninstalls plugins from the repository. Each action downloads to the
// cache, checks sha256 before unpacking, unpacks into a staging directory with the archive
// safety rules, validates the manifest, then publishes the tree with one rename and replaces
// the running PluginSet. A failure at any step before the rename leaves everything as it was.
//
// Plugin ids carry their version (name-version), so an upgrade is a new id: the devices of
// every other installed version of the same name are re-pointed at the new id (and marked
// unconfigured so their files are regenerated), then the old version is removed from the
// installed directory. Bundled plugins (general.plugins_dir) are read-only: they stay, and an
// installed plugin with the same id hides the bundled one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "config/settings.h"
#include "plugins/archive_extract.h"
#include "plugins/download.h"
#include "plugins/plugin_registry.h"
#include "plugins/repository_index.h"
#include "store/store.h"

namespace provd::plugins {

/// Where the repository is and where installed plugins and downloads go.
struct RepositoryConfig {
  std::string url;  ///< index.json; empty: no repository configured
  std::filesystem::path installed_dir;
  std::filesystem::path cache_dir;
  DownloadOptions download;
  ExtractLimits limits;
};

/// The repository settings of `settings`.
RepositoryConfig repository_config(const config::Settings& settings);

/// What an action is doing, for its operation document.
struct Progress {
  std::string phase;  ///< index, download, verify, extract, publish, devices
  std::uint64_t bytes = 0;
  std::uint64_t total_bytes = 0;
  std::uint64_t files = 0;
};

/// Receives progress; returning false asks the action to stop (it then fails "cancelled").
using ProgressSink = std::function<bool(const Progress&)>;

/// The plugin manager behind /plugins. Actions are serialised; listing never waits for them.
class PluginInstaller {
 public:
  PluginInstaller(RepositoryConfig config, std::shared_ptr<PluginRegistry> registry, store::Store& store);

  /// Downloads and parses the repository's index. Errors: "no_repository", download errors,
  /// "invalid_index".
  Result<RepositoryIndex> fetch_index() const;
  /// The loaded plugins: id, name, version, description, source (bundled|installed), devices.
  nlohmann::json list_installed() const;
  /// The index entries, each with `installed` and `upgrade_of` (installed older versions).
  Result<nlohmann::json> list_installable() const;

  /// Installs the index entry `id_or_name` (a plugin id, or a name for its latest version);
  /// an upgrade when other versions of that name are installed. Returns {plugin, replaced,
  /// devices}. Errors: "not_found", download and archive errors, "invalid_plugin", "io".
  Result<nlohmann::json> install(const std::string& id_or_name, const ProgressSink& progress);
  /// Removes an installed plugin. Errors: "not_found", "read_only" (bundled), "in_use" (devices
  /// use it and `force` is false). With `force` its devices lose their plugin association.
  Result<nlohmann::json> uninstall(const std::string& id, bool force);

  /// The devices whose `plugin` is `id`.
  std::size_t devices_using(const std::string& id) const;
  /// Held by every action that changes the installed directory (packages too).
  std::mutex& action_mutex() noexcept { return action_mutex_; }
  const RepositoryConfig& config() const noexcept { return config_; }
  PluginRegistry& registry() noexcept { return *registry_; }
  store::Store& store() noexcept { return store_; }

  /// Downloads one file into the cache, resuming a partial one, checked against size and
  /// sha256; returns its path. Shared with the package installer.
  Result<std::filesystem::path> fetch_verified(const std::string& url, std::uint64_t size, const std::string& sha256,
                                               const ProgressSink& progress) const;
  /// Validates the plugin tree `staged` (its directory name is the id), publishes it at
  /// installed_dir/<id> and replaces the running set. The old tree, if any, ends at `staged`.
  Result<std::shared_ptr<const Plugin>> publish(const std::filesystem::path& staged);

 private:
  /// Re-points the devices of `from` at `to` (or drops their plugin when `to` is empty) and
  /// marks them unconfigured; returns how many changed.
  std::size_t move_devices(const std::vector<std::string>& from, const std::string& to);
  bool is_installed_here(const Plugin& plugin) const;

  RepositoryConfig config_;
  std::shared_ptr<PluginRegistry> registry_;
  store::Store& store_;
  std::mutex action_mutex_;
};

}  // namespace provd::plugins

#include "plugins/installer.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "plugins/staging.h"
#include "store/devices.h"

namespace provd::plugins {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::uint64_t kMaxIndexBytes = 8 << 20;

bool keep_going(const ProgressSink& sink, const Progress& progress) {
  return !sink || sink(progress);
}

}  // namespace

RepositoryConfig repository_config(const config::Settings& settings) {
  RepositoryConfig config;
  const auto& r = settings.repository;
  config.url = r.url;
  // operator/ keeps an absolute path as it is and puts a relative one under data_dir.
  config.installed_dir = fs::path(settings.general.data_dir) / r.plugins_dir;
  config.cache_dir = fs::path(settings.general.data_dir) / r.cache_dir;
  config.download.proxy = r.proxy;
  config.download.connect_timeout_s = r.connect_timeout_s;
  config.download.timeout_s = r.timeout_s;
  config.download.max_bytes = static_cast<std::uint64_t>(r.max_archive_bytes);
  config.limits.max_total_bytes = static_cast<std::uint64_t>(r.max_unpacked_bytes);
  config.limits.max_file_bytes = static_cast<std::uint64_t>(r.max_file_bytes);
  config.limits.max_entries = static_cast<std::uint64_t>(r.max_files);
  return config;
}

PluginInstaller::PluginInstaller(RepositoryConfig config, std::shared_ptr<PluginRegistry> registry, store::Store& store)
    : config_(std::move(config)), registry_(std::move(registry)), store_(store) {
  std::error_code ec;
  fs::create_directories(config_.installed_dir, ec);
  if (ec) {
    spdlog::warn("event=plugins.installed_dir_unusable dir=\"{}\" error=\"{}\"", config_.installed_dir.string(),
                 ec.message());
  }
  remove_stale_staging(config_.installed_dir);
}

Result<RepositoryIndex> PluginInstaller::fetch_index() const {
  if (config_.url.empty()) return fail("no_repository", "no plugin repository is configured (repository.url)");
  auto text = fetch_text(config_.url, config_.download, kMaxIndexBytes);
  if (!text) return text.error();
  return parse_index(*text);
}

bool PluginInstaller::is_installed_here(const Plugin& plugin) const {
  std::error_code ec;
  return fs::equivalent(plugin.root.parent_path(), config_.installed_dir, ec);
}

std::size_t PluginInstaller::devices_using(const std::string& id) const {
  store::ReadTxn txn = store_.read();
  return store::Devices(store_).search(txn, json{{"plugin", id}}).size();
}

json PluginInstaller::list_installed() const {
  json out = json::array();
  const auto set = registry_->current();
  store::ReadTxn txn = store_.read();
  const store::Devices devices(store_);
  for (const auto& plugin : set->plugins()) {
    json caps = json::array();
    for (const auto& cap : plugin->capabilities) {
      json c = {{"vendor", cap.vendor}};
      if (!cap.model.empty()) c["model"] = cap.model;
      if (!cap.version.empty()) c["version"] = cap.version;
      caps.push_back(std::move(c));
    }
    out.push_back({{"id", plugin->id},
                   {"name", plugin->name},
                   {"version", plugin->version},
                   {"description", plugin->description},
                   {"capabilities", std::move(caps)},
                   {"source", is_installed_here(*plugin) ? "installed" : "bundled"},
                   {"devices", devices.search(txn, json{{"plugin", plugin->id}}).size()}});
  }
  return out;
}

Result<json> PluginInstaller::list_installable() const {
  auto index = fetch_index();
  if (!index) return index.error();
  const auto set = registry_->current();
  json out = json::array();
  for (const auto& entry : index->plugins) {
    json item = to_json(entry);
    item["installed"] = set->find(entry.id) != nullptr;
    json older = json::array();
    for (const auto& plugin : set->plugins()) {
      if (plugin->name == entry.name && compare_versions(plugin->version, entry.version) < 0)
        older.push_back(plugin->id);
    }
    item["upgrade_of"] = std::move(older);
    out.push_back(std::move(item));
  }
  return out;
}

Result<fs::path> PluginInstaller::fetch_verified(const std::string& url, std::uint64_t size, const std::string& sha256,
                                                 const ProgressSink& progress) const {
  std::error_code ec;
  fs::create_directories(config_.cache_dir, ec);
  if (ec) return fail("io", fmt::format("cannot create {}: {}", config_.cache_dir.string(), ec.message()));
  // Named by content: a resumed download can only continue the same bytes.
  const fs::path part = config_.cache_dir / (sha256 + ".part");
  Progress state{"download", 0, size, 0};
  auto on_bytes = [&](std::uint64_t done, std::uint64_t total) {
    state.bytes = done;
    state.total_bytes = total;
    return keep_going(progress, state);
  };
  auto downloaded = download_verified(url, part, size, sha256, config_.download, on_bytes);
  if (!downloaded) return downloaded.error();
  return part;
}

Result<std::shared_ptr<const Plugin>> PluginInstaller::publish(const fs::path& staged) {
  auto plugin = load_plugin(staged);
  if (!plugin) return plugin.error();
  const fs::path target = config_.installed_dir / (*plugin)->id;
  if (auto moved = publish_directory(staged, target); !moved) return moved.error();
  registry_->reload();
  // The published tree is the one at `target`; the object loaded from staging pointed there.
  return registry_->current()->find((*plugin)->id);
}

std::size_t PluginInstaller::move_devices(const std::vector<std::string>& from, const std::string& to) {
  const store::Devices devices(store_);
  store::WriteTxn txn = store_.write();
  std::size_t moved = 0;
  for (const auto& id : from) {
    for (auto device : devices.search(txn, json{{"plugin", id}})) {
      if (to.empty()) {
        device.erase("plugin");
      } else {
        device["plugin"] = to;
      }
      // Generated files are keyed on the device document: rewriting it regenerates them.
      device["configured"] = false;
      auto written = devices.update(txn, std::move(device));
      if (!written) throw std::runtime_error("device rewrite failed: " + written.error().message);
      ++moved;
    }
  }
  txn.commit();
  return moved;
}

Result<json> PluginInstaller::install(const std::string& id_or_name, const ProgressSink& progress) {
  std::lock_guard lock(action_mutex_);
  if (!keep_going(progress, Progress{"index", 0, 0, 0})) return fail("cancelled", "install cancelled");
  auto index = fetch_index();
  if (!index) return index.error();
  const IndexEntry* entry = index->find(id_or_name);
  if (entry == nullptr) entry = index->latest(id_or_name);
  if (entry == nullptr) return fail("not_found", fmt::format("the repository has no plugin '{}'", id_or_name));
  const IndexEntry chosen = *entry;

  auto archive = fetch_verified(resolve_url(config_.url, chosen.archive), chosen.size, chosen.sha256, progress);
  if (!archive) return archive.error();
  spdlog::info("event=plugins.downloaded plugin={} bytes={} sha256={}", chosen.id, chosen.size, chosen.sha256);

  StagingDir staging(config_.installed_dir);
  Progress state{"extract", chosen.size, chosen.size, 0};
  auto extracted = extract_archive(*archive, staging.path(), config_.limits, {}, [&](const ExtractStats& stats) {
    state.files = stats.files;
    return keep_going(progress, state);
  });
  if (!extracted) return extracted.error();
  // One top-level directory, named after the id: anything else is not a plugin archive.
  std::vector<std::string> top;
  for (const auto& item : fs::directory_iterator(staging.path())) top.push_back(item.path().filename().string());
  if (top.size() != 1 || top[0] != chosen.id || !fs::is_directory(staging.path() / chosen.id)) {
    return fail("invalid_plugin",
                fmt::format("archive {} must hold exactly one directory '{}'", chosen.archive, chosen.id));
  }
  state.phase = "publish";
  if (!keep_going(progress, state)) return fail("cancelled", "install cancelled");

  const auto before = registry_->current();
  auto published = publish(staging.path() / chosen.id);
  if (!published) return published.error();
  fs::remove(*archive);  // verified and unpacked: the cache keeps only what can still resume
  spdlog::info("event=plugins.installed plugin={} files={} bytes={}", chosen.id, extracted->files, extracted->bytes);

  // Other versions of the same family are replaced by this one.
  std::vector<std::string> replaced;
  for (const auto& plugin : before->plugins()) {
    if (plugin->name == chosen.name && plugin->id != chosen.id) replaced.push_back(plugin->id);
  }
  state.phase = "devices";
  keep_going(progress, state);
  const std::size_t moved = move_devices(replaced, chosen.id);
  bool removed_any = false;
  for (const auto& old_id : replaced) {
    const auto plugin = before->find(old_id);
    if (!plugin || !is_installed_here(*plugin)) continue;  // bundled versions stay on disk
    StagingDir trash(config_.installed_dir);
    std::error_code ec;
    fs::rename(plugin->root, trash.path() / old_id, ec);
    if (ec) spdlog::error("event=plugins.remove_failed plugin={} error=\"{}\"", old_id, ec.message());
    removed_any = removed_any || !ec;
  }
  if (removed_any) registry_->reload();
  if (!replaced.empty()) {
    spdlog::info("event=plugins.upgraded plugin={} replaced={} devices={}", chosen.id, fmt::join(replaced, ","), moved);
  }
  return json{{"plugin", chosen.id},
              {"replaced", replaced},
              {"devices", moved},
              {"files", extracted->files},
              {"bytes", chosen.size}};
}

Result<json> PluginInstaller::uninstall(const std::string& id, bool force) {
  // Answered directly (not an operation): never wait behind a long install.
  std::unique_lock lock(action_mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return fail("busy", "another plugin action is running; try again when it ends");
  const auto plugin = registry_->current()->find(id);
  if (!plugin) return fail("not_found", fmt::format("no plugin '{}' is installed", id));
  if (!is_installed_here(*plugin)) {
    return fail("read_only", fmt::format("plugin '{}' is bundled with provd ({}) and cannot be removed", id,
                                         plugin->root.parent_path().string()));
  }
  const std::size_t users = devices_using(id);
  if (users > 0 && !force) {
    return fail("in_use", fmt::format("{} device(s) use plugin '{}'; remove them, or force", users, id));
  }
  {
    StagingDir trash(config_.installed_dir);
    std::error_code ec;
    fs::rename(plugin->root, trash.path() / id, ec);
    if (ec) return fail("io", fmt::format("cannot remove {}: {}", plugin->root.string(), ec.message()));
  }
  registry_->reload();
  const std::size_t moved = users > 0 ? move_devices({id}, "") : 0;
  spdlog::info("event=plugins.uninstalled plugin={} forced={} devices={}", id, force, moved);
  return json{{"plugin", id}, {"devices", moved}};
}

}  // namespace provd::plugins

#include "plugins/packages.h"

#include <ctime>
#include <fstream>
#include <iterator>
#include <map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "plugins/staging.h"

namespace provd::plugins {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::uintmax_t kMaxManifestBytes = 1 << 20;
constexpr const char* kRecordDir = ".packages";

Error invalid(const std::string& plugin, const std::string& field, const std::string& what) {
  return fail("invalid_plugin", fmt::format("plugin '{}': field '{}': {}", plugin, field, what));
}

Result<json> read_json(const fs::path& file) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) return fail("not_found", fmt::format("cannot read {}: {}", file.string(), ec.message()));
  if (size > kMaxManifestBytes) return fail("too_large", fmt::format("{} is too large", file.string()));
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  auto doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return fail("invalid_plugin", fmt::format("{} is not valid JSON", file.string()));
  return doc;
}

// The file name a single-file package's URL ends with.
std::string url_file_name(const std::string& url, const std::string& fallback) {
  std::string path = url.substr(0, url.find_first_of("?#"));
  const auto slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  auto safe = safe_relative_path(name);
  return safe && safe->find('/') == std::string::npos ? *safe : fallback;
}

// Creates `relative` (a safe path) under `root`, refusing to pass through a symlink.
Result<fs::path> make_destination(const fs::path& root, const std::string& relative) {
  fs::path current = root;
  for (const auto& part : fs::path(relative)) {
    current /= part;
    std::error_code ec;
    const auto status = fs::symlink_status(current, ec);
    if (fs::is_symlink(status))
      return fail("invalid_plugin", fmt::format("destination {} goes through a symlink", relative));
    if (!fs::exists(status)) {
      fs::create_directory(current, ec);
      if (ec) return fail("io", fmt::format("cannot create {}: {}", current.string(), ec.message()));
    } else if (!fs::is_directory(status)) {
      return fail("invalid_plugin", fmt::format("destination {} is not a directory", relative));
    }
  }
  return current;
}

// Deletes the recorded files of a package from `tree` and the directories they leave empty.
void remove_recorded(const fs::path& tree, const json& record) {
  for (const auto& item : record.value("files", json::array())) {
    auto path = safe_relative_path(item.get<std::string>());
    if (!path || path->starts_with(std::string(kRecordDir) + "/")) continue;  // a forged record cannot reach out
    std::error_code ec;
    fs::remove(tree / *path, ec);
    for (fs::path dir = fs::path(*path).parent_path(); !dir.empty(); dir = dir.parent_path()) {
      if (!fs::is_empty(tree / dir, ec) || ec) break;
      fs::remove(tree / dir, ec);
    }
  }
}

}  // namespace

Result<std::vector<Package>> read_packages(const fs::path& plugin_dir) {
  auto doc = read_json(plugin_dir / "plugin.json");
  if (!doc) return doc.error();
  const std::string id = doc->value("id", plugin_dir.filename().string());
  std::vector<Package> out;
  const auto list = doc->value("packages", json::array());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& spec = list[i];
    const std::string field = fmt::format("packages[{}]", i);
    Package pkg;
    pkg.id = spec.at("id").get<std::string>();
    pkg.version = spec.value("version", "");
    pkg.description = spec.value("description", "");
    pkg.license = spec.value("license", "");
    if (spec.contains("files")) {
      for (const auto& f : spec["files"]) {
        pkg.files.push_back(PackageFile{f.at("name").get<std::string>(), f.at("url").get<std::string>(),
                                        f.at("size").get<std::uint64_t>(), f.at("sha256").get<std::string>()});
      }
    } else {
      const std::string url = spec.at("url").get<std::string>();
      pkg.files.push_back(PackageFile{url_file_name(url, pkg.id), url, spec.at("size").get<std::uint64_t>(),
                                      spec.at("sha256").get<std::string>()});
    }
    const auto steps = spec.value("install", json::array({{{"action", "copy"}, {"destination", "var/tftpboot"}}}));
    for (std::size_t s = 0; s < steps.size(); ++s) {
      InstallStep step;
      step.action = steps[s].at("action").get<std::string>();
      step.file = steps[s].value("file", pkg.files.front().name);
      step.filter.include = steps[s].value("include", std::vector<std::string>{});
      step.filter.exclude = steps[s].value("exclude", std::vector<std::string>{});
      auto destination = safe_relative_path(steps[s].value("destination", "var/tftpboot"));
      if (!destination || destination->starts_with(kRecordDir)) {
        return invalid(id, fmt::format("{}.install[{}].destination", field, s),
                       "must be a directory inside the plugin");
      }
      step.destination = *destination;
      bool known = false;
      for (const auto& f : pkg.files) known = known || f.name == step.file;
      if (!known) return invalid(id, fmt::format("{}.install[{}].file", field, s), "names no file of the package");
      pkg.steps.push_back(std::move(step));
    }
    out.push_back(std::move(pkg));
  }
  return out;
}

Result<json> PackageInstaller::list(const std::string& plugin_id) const {
  const auto plugin = plugins_.registry().current()->find(plugin_id);
  if (!plugin) return fail("not_found", fmt::format("no plugin '{}' is installed", plugin_id));
  auto packages = read_packages(plugin->root);
  if (!packages) return packages.error();
  json out = json::array();
  for (const auto& pkg : *packages) {
    std::uint64_t size = 0;
    for (const auto& f : pkg.files) size += f.size;
    json item = {{"id", pkg.id},
                 {"version", pkg.version},
                 {"description", pkg.description},
                 {"license_required", !pkg.license.empty()},
                 {"size", size},
                 {"installed", false}};
    if (!pkg.license.empty()) item["license"] = pkg.license;
    if (auto record = read_json(plugin->root / kRecordDir / (pkg.id + ".json")); record) {
      item["installed"] = true;
      item["installed_version"] = record->value("version", "");
    }
    out.push_back(std::move(item));
  }
  return out;
}

Result<json> PackageInstaller::install(const std::string& plugin_id, const std::string& package_id,
                                       bool license_accepted, const ProgressSink& progress) {
  std::lock_guard lock(plugins_.action_mutex());
  const auto plugin = plugins_.registry().current()->find(plugin_id);
  if (!plugin) return fail("not_found", fmt::format("no plugin '{}' is installed", plugin_id));
  auto packages = read_packages(plugin->root);
  if (!packages) return packages.error();
  const Package* pkg = nullptr;
  for (const auto& p : *packages) pkg = p.id == package_id ? &p : pkg;
  if (pkg == nullptr)
    return fail("not_found", fmt::format("plugin '{}' declares no package '{}'", plugin_id, package_id));
  if (!pkg->license.empty() && !license_accepted) {
    return fail("license_not_accepted",
                fmt::format("package '{}' has a license that must be accepted before it is installed", package_id));
  }

  const auto& config = plugins_.config();
  std::uint64_t total = 0;
  for (const auto& f : pkg->files) total += f.size;
  std::uint64_t before = 0;
  std::map<std::string, fs::path> downloaded;
  for (const auto& f : pkg->files) {
    std::string url = f.url;
    if (url.find("://") == std::string::npos) {
      if (config.url.empty())
        return fail("no_repository", fmt::format("{} is relative and no repository is configured", url));
      url = resolve_url(config.url, url);
    }
    auto path = plugins_.fetch_verified(url, f.size, f.sha256, [&](const Progress& p) {
      return !progress || progress(Progress{"download", before + p.bytes, total, 0});
    });
    if (!path) return path.error();
    downloaded[f.name] = *path;
    before += f.size;
  }

  StagingDir staging(config.installed_dir);
  const fs::path tree = staging.path() / plugin_id;
  if (auto copied = copy_tree(plugin->root, tree); !copied) return copied.error();
  const fs::path record_file = tree / kRecordDir / (pkg->id + ".json");
  if (auto old = read_json(record_file); old) remove_recorded(tree, *old);  // a reinstall replaces
  json files = json::array();
  Progress state{"extract", total, total, 0};
  for (const auto& step : pkg->steps) {
    auto dest = make_destination(tree, step.destination);
    if (!dest) return dest.error();
    const fs::path& source = downloaded.at(step.file);
    if (step.action == "extract") {
      const std::uint64_t files_before = state.files;
      auto stats = extract_archive(source, *dest, config.limits, step.filter, [&](const ExtractStats& s) {
        state.files = files_before + s.files;
        return !progress || progress(state);
      });
      if (!stats) return stats.error();
      for (const auto& p : stats->paths) files.push_back(step.destination + "/" + p);
    } else {
      const fs::path target = *dest / step.file;
      std::error_code ec;
      if (fs::exists(fs::symlink_status(target, ec))) {
        return fail("conflict",
                    fmt::format("{}/{} already exists in plugin '{}'", step.destination, step.file, plugin_id));
      }
      fs::copy_file(source, target, ec);
      if (ec) return fail("io", fmt::format("cannot copy {}: {}", step.file, ec.message()));
      files.push_back(step.destination + "/" + step.file);
      ++state.files;
    }
  }
  std::error_code ec;
  fs::create_directories(record_file.parent_path(), ec);
  fs::remove(record_file, ec);  // may be a hard link into the live tree: never write through it
  {
    std::ofstream out(record_file);
    out << json{{"id", pkg->id}, {"version", pkg->version}, {"files", files}, {"installed", std::time(nullptr)}}.dump(
        2);
    if (!out) return fail("io", fmt::format("cannot write {}", record_file.string()));
  }
  if (progress && !progress(Progress{"publish", total, total, state.files}))
    return fail("cancelled", "install cancelled");
  auto published = plugins_.publish(tree);
  if (!published) return published.error();
  for (const auto& [name, path] : downloaded) fs::remove(path, ec);
  spdlog::info("event=packages.installed plugin={} package={} version={} files={}", plugin_id, pkg->id, pkg->version,
               files.size());
  return json{{"plugin", plugin_id}, {"package", pkg->id}, {"version", pkg->version}, {"files", files.size()}};
}

Result<json> PackageInstaller::uninstall(const std::string& plugin_id, const std::string& package_id) {
  // Answered directly (not an operation): never wait behind a long install.
  std::unique_lock lock(plugins_.action_mutex(), std::try_to_lock);
  if (!lock.owns_lock()) return fail("busy", "another plugin action is running; try again when it ends");
  const auto plugin = plugins_.registry().current()->find(plugin_id);
  if (!plugin) return fail("not_found", fmt::format("no plugin '{}' is installed", plugin_id));
  auto record = read_json(plugin->root / kRecordDir / (package_id + ".json"));
  if (!record)
    return fail("not_found", fmt::format("package '{}' is not installed in plugin '{}'", package_id, plugin_id));
  StagingDir staging(plugins_.config().installed_dir);
  const fs::path tree = staging.path() / plugin_id;
  if (auto copied = copy_tree(plugin->root, tree); !copied) return copied.error();
  remove_recorded(tree, *record);
  std::error_code ec;
  fs::remove(tree / kRecordDir / (package_id + ".json"), ec);
  auto published = plugins_.publish(tree);
  if (!published) return published.error();
  spdlog::info("event=packages.uninstalled plugin={} package={}", plugin_id, package_id);
  return json{{"plugin", plugin_id}, {"package", package_id}, {"files", record->value("files", json::array()).size()}};
}

}  // namespace provd::plugins

// Firmware and language packages a plugin declares in its manifest (`packages`): files to
// download (url, size, sha256) and install steps (extract an archive with include/exclude
// globs, or copy a file) into a directory of the plugin's tree. Installing or removing one
// rebuilds the plugin's tree in staging and publishes it like a plugin install, so a failure
// changes nothing. What a package installed is recorded in <plugin>/.packages/<id>.json so
// that uninstall removes exactly those files. A bundled (read-only) plugin is first copied to
// the installed directory, where the copy then hides the bundled one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "plugins/installer.h"

namespace provd::plugins {

/// One file of a package.
struct PackageFile {
  std::string name;
  std::string url;  ///< absolute, or relative to the repository index
  std::uint64_t size = 0;
  std::string sha256;
};

/// One install step.
struct InstallStep {
  std::string action;  ///< extract or copy
  std::string file;    ///< PackageFile::name it uses
  ExtractFilter filter;
  std::string destination;  ///< directory relative to the plugin root
};

/// A package as the manifest declares it.
struct Package {
  std::string id;
  std::string version;
  std::string description;
  std::string license;  ///< empty: nothing to accept
  std::vector<PackageFile> files;
  std::vector<InstallStep> steps;
};

/// The packages declared by the plugin in `plugin_dir` (its manifest is already validated).
/// Errors: "invalid_plugin" (a step naming an unknown file, an unsafe destination).
Result<std::vector<Package>> read_packages(const std::filesystem::path& plugin_dir);

/// Package actions on the plugins of one installer (they share its lock and directories).
class PackageInstaller {
 public:
  explicit PackageInstaller(PluginInstaller& plugins) : plugins_(plugins) {}

  /// The declared packages of `plugin_id`, each with installed/installed_version.
  Result<nlohmann::json> list(const std::string& plugin_id) const;
  /// Installs `package_id`. Errors: "not_found", "license_not_accepted" (details carry the
  /// text), download and archive errors, "conflict" (a file already exists), "io".
  Result<nlohmann::json> install(const std::string& plugin_id, const std::string& package_id, bool license_accepted,
                                 const ProgressSink& progress);
  /// Removes what `package_id` installed. Errors: "not_found" (plugin, or package not installed).
  Result<nlohmann::json> uninstall(const std::string& plugin_id, const std::string& package_id);

 private:
  PluginInstaller& plugins_;
};

}  // namespace provd::plugins

// A loaded declarative plugin: what its manifest (plugins/<id>/plugin.json) declares, with
// rules compiled, templates parsed and its static tree (var/tftpboot) opened as a root.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/unique_fd.h"
#include "plugins/derive.h"
#include "plugins/name_pattern.h"
#include "plugins/rule.h"
#include "plugins/template.h"

namespace provd::plugins {

/// A device a plugin declares it can serve; absent model/version mean "any".
struct Capability {
  std::string vendor;
  std::string model;
  std::string version;
};

/// A file the plugin generates from a template.
struct GeneratedFile {
  NamePattern name;
  std::string template_path;  ///< relative to templates/
  Template tmpl;
  bool sensitive = false;    ///< carries credentials: only for the device it belongs to
  std::string content_type;  ///< empty: the server picks one from the extension
};

/// One installed plugin version. Immutable once loaded; shared between threads.
struct Plugin {
  std::string id;  ///< name-version, equal to its directory name
  std::string name;
  std::string version;
  std::string description;
  std::filesystem::path root;
  std::vector<Capability> capabilities;
  std::vector<Rule> rules;
  std::vector<GeneratedFile> device_files;
  std::vector<GeneratedFile> common_files;
  nlohmann::json params = nlohmann::json::object();
  /// Values templates see under `derived`, looked up from the render context.
  std::vector<Derivation> derivations;
  /// var/tftpboot opened as a root for open_beneath; null when the plugin has no static tree.
  std::shared_ptr<const UniqueFd> static_root;
  /// Hash of the manifest and templates: part of every generated file's cache key.
  std::string content_hash;
};

/// Loads the plugin in `dir`. The error ("invalid_plugin") reads
/// "plugin '<id>': field '<path>': <what is wrong>".
Result<std::shared_ptr<const Plugin>> load_plugin(const std::filesystem::path& dir);

}  // namespace provd::plugins

#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/result.h"
#include "config/settings.h"

namespace provd::config {

/// Whether SIGHUP may change a setting while provd runs.
enum class Reload { kRestart, kLive };

/// One configuration key: everything validation, defaults and documentation need.
struct SettingDef {
  std::string key;          ///< dotted path in provd.yaml, e.g. "tftp.port"
  std::string type;         ///< human description of the accepted values
  std::string description;  ///< one sentence for the reference
  Reload reload = Reload::kRestart;
  std::function<void(Settings&)> set_default;
  /// Stores the node's value or explains (without location) why it is not acceptable.
  std::function<Result<void>(const YAML::Node&, Settings&)> parse;
  /// The current value as YAML text (defaults in the docs, diffs on reload).
  std::function<std::string(const Settings&)> show;
  /// Copies this setting's value from one Settings to another (a live reload).
  std::function<void(const Settings& from, Settings& to)> copy;
};

/// The table of every setting, in documentation order.
const std::vector<SettingDef>& setting_table();

}  // namespace provd::config

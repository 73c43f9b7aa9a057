// Which plugin should serve a device, from the capabilities plugins declare. A capability
// whose vendor equals the device's scores 1, 2 when its model also equals the device's, 3 when
// its version does too (case-insensitive); another vendor scores 0. A plugin's score is its best capability's. Ties go
// to the plugin with the higher version (compared number by number), then to the smaller id, and are logged.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugins/plugin_set.h"

namespace provd::plugins {

/// What a device is known to be, for scoring.
struct DeviceTraits {
  std::string vendor;
  std::string model;
  std::string version;
};

/// The outcome of scoring every plugin against one device.
struct Association {
  std::optional<std::string> plugin;                 ///< the chosen plugin, if any reached the minimum
  int score = 0;                                     ///< its score
  nlohmann::json scores = nlohmann::json::object();  ///< plugin id -> score, for explanations
  std::optional<std::string> tie;                    ///< how a tie was broken, when there was one
};

/// The score of one plugin for `device` (0..3).
int capability_score(const Plugin& plugin, const DeviceTraits& device);
/// Compares dotted versions number by number ("3.10" > "3.9"); non-numeric parts as text.
int compare_versions(const std::string& a, const std::string& b);
/// Scores every plugin and picks the best one reaching `min_score`.
Association choose_plugin(const PluginSet& plugins, const DeviceTraits& device, int min_score);

}  // namespace provd::plugins

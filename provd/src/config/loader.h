#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "config/settings.h"

namespace provd::config {

/// The defaults of every setting: the embedded configuration `make run` uses.
Settings default_settings();

/// Parses provd.yaml text; `source` names it in errors ("FILE:LINE:COL: key 'a.b': problem").
Result<Settings> parse_settings(std::string_view yaml_text, const std::string& source);

/// Reads and parses a provd.yaml file.
Result<Settings> load_settings(const std::string& path);

/// Keys whose values differ between two configurations.
std::vector<std::string> changed_keys(const Settings& before, const Settings& after);

/// Keys among `keys` that SIGHUP cannot apply (a restart is needed).
std::vector<std::string> restart_only(const std::vector<std::string>& keys);

/// What a reload applies: the running settings with every live key taken from fresh; keys
/// that need a restart keep their running values, so the snapshot tells the truth.
Settings with_live_keys(const Settings& running, const Settings& fresh);

/// The configuration reference in Markdown, generated from the setting table.
std::string reference_markdown();

/// A complete provd.yaml with every key at its default and its description as a comment.
std::string example_yaml();

}  // namespace provd::config

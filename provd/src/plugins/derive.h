// Derived template values: a plugin maps a config value to its vendor's spelling ("fr_FR" ->
// "French", "Europe/Paris" -> "+1 Paris") without logic in templates, which Mustache lacks.
// Declared in the manifest as
//   "derive": {"language": {"from": "config.locale", "map": {"fr_FR": "French"}, "default": "English"}}
// and seen by templates as {{derived.language}}.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace provd::plugins {

/// One derived value: the context value at `from` (a dotted path) looked up in `map`.
struct Derivation {
  std::string name;
  std::vector<std::string> from;  ///< path segments, e.g. {"config", "locale"}
  nlohmann::json map = nlohmann::json::object();
  nlohmann::json fallback;  ///< null: no value when the lookup misses
};

/// Parses the manifest's "derive" object; "invalid_derive" names the entry at fault.
Result<std::vector<Derivation>> parse_derivations(const nlohmann::json& derive);

/// Sets context["derived"][name] for every derivation that yields a value.
void apply_derivations(const std::vector<Derivation>& derivations, nlohmann::json& context);

}  // namespace provd::plugins

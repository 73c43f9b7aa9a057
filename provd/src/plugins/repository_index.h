// The plugin repository's index (schema/plugin-index.schema.json): which plugin versions can be
// installed, where their archives are and the sha256 each must match before it is unpacked.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace provd::plugins {

/// One installable plugin version.
struct IndexEntry {
  std::string id;  ///< name-version, the directory the archive holds
  std::string name;
  std::string version;
  std::string description;
  nlohmann::json capabilities = nlohmann::json::array();
  std::string archive;  ///< file name relative to the index
  std::uint64_t size = 0;
  std::string sha256;
};

/// A parsed, validated index.
struct RepositoryIndex {
  std::vector<IndexEntry> plugins;
  /// The entry with this id, or null.
  const IndexEntry* find(std::string_view id) const;
  /// The highest version of the plugin family `name`, or null.
  const IndexEntry* latest(std::string_view name) const;
};

/// Parses index.json. Errors ("invalid_index") name the offending field: bad JSON, schema
/// violations, an id that is not name-version, the same id twice.
Result<RepositoryIndex> parse_index(std::string_view text);

/// `relative` resolved against the URL of the document `base` (its directory); a URL that has
/// a scheme is returned unchanged. "http://h/r/index.json" + "a.tgz" -> "http://h/r/a.tgz".
std::string resolve_url(std::string_view base, std::string_view relative);

/// Orders versions by their dot/dash separated parts, numerically where both parts are numbers
/// ("3.10" > "3.9"); returns <0, 0 or >0.
int compare_versions(std::string_view a, std::string_view b);

/// The index entry as the REST API shows it.
nlohmann::json to_json(const IndexEntry& entry);

}  // namespace provd::plugins

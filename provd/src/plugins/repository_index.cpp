#include "plugins/repository_index.h"

#include <cctype>
#include <set>

#include <fmt/format.h>

#include "json/schema_validator.h"

namespace provd::plugins {

const IndexEntry* RepositoryIndex::find(std::string_view id) const {
  for (const auto& entry : plugins) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

const IndexEntry* RepositoryIndex::latest(std::string_view name) const {
  const IndexEntry* best = nullptr;
  for (const auto& entry : plugins) {
    if (entry.name == name && (best == nullptr || compare_versions(entry.version, best->version) > 0)) best = &entry;
  }
  return best;
}

Result<RepositoryIndex> parse_index(std::string_view text) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return fail("invalid_index", "index: not valid JSON");
  static const json::SchemaValidator validator("plugin-index.schema.json");
  if (auto valid = validator.validate(doc); !valid) {
    return fail("invalid_index", "index: " + valid.error().message);
  }
  RepositoryIndex index;
  std::set<std::string> ids;
  const auto& list = doc.at("plugins");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& item = list[i];
    IndexEntry entry;
    entry.id = item.at("id").get<std::string>();
    entry.name = item.at("name").get<std::string>();
    entry.version = item.at("version").get<std::string>();
    entry.description = item.value("description", "");
    entry.capabilities = item.value("capabilities", nlohmann::json::array());
    entry.archive = item.at("archive").get<std::string>();
    entry.size = item.at("size").get<std::uint64_t>();
    entry.sha256 = item.at("sha256").get<std::string>();
    if (entry.id != entry.name + "-" + entry.version) {
      return fail("invalid_index", fmt::format("index: plugins[{}].id: '{}' is not name-version ('{}-{}')", i, entry.id,
                                               entry.name, entry.version));
    }
    if (!ids.insert(entry.id).second) {
      return fail("invalid_index", fmt::format("index: plugins[{}].id: '{}' is listed twice", i, entry.id));
    }
    index.plugins.push_back(std::move(entry));
  }
  return index;
}

std::string resolve_url(std::string_view base, std::string_view relative) {
  const auto colon = relative.find(':');
  const auto slash = relative.find('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash)) {
    return std::string(relative);  // it has a scheme
  }
  std::string_view dir = base.substr(0, base.find_first_of("?#"));
  const auto last = dir.rfind('/');
  dir = last == std::string_view::npos ? std::string_view{} : dir.substr(0, last + 1);
  while (!relative.empty() && relative.front() == '/') relative.remove_prefix(1);
  return std::string(dir) + std::string(relative);
}

int compare_versions(std::string_view a, std::string_view b) {
  auto next = [](std::string_view& text) {
    const auto end = text.find_first_of(".-_");
    std::string_view part = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    return part;
  };
  auto numeric = [](std::string_view part) {
    if (part.empty() || part.size() > 18) return false;
    for (char c : part) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
  };
  while (!a.empty() || !b.empty()) {
    const std::string_view pa = next(a);
    const std::string_view pb = next(b);
    if (numeric(pa) && numeric(pb)) {
      const auto na = std::stoll(std::string(pa));
      const auto nb = std::stoll(std::string(pb));
      if (na != nb) return na < nb ? -1 : 1;
    } else if (const int c = pa.compare(pb); c != 0) {
      return c < 0 ? -1 : 1;
    }
  }
  return 0;
}

nlohmann::json to_json(const IndexEntry& entry) {
  return {{"id", entry.id},
          {"name", entry.name},
          {"version", entry.version},
          {"description", entry.description},
          {"capabilities", entry.capabilities},
          {"archive", entry.archive},
          {"size", entry.size},
          {"sha256", entry.sha256}};
}

}  // namespace provd::plugins

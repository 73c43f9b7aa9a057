#include "plugins/derive.h"

#include <fmt/format.h>

namespace provd::plugins {
namespace {

// Numbers and booleans are looked up by their JSON text ("true", "5") so maps can key them.
std::string lookup_key(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

const nlohmann::json* find_path(const nlohmann::json& context, const std::vector<std::string>& path) {
  const nlohmann::json* node = &context;
  for (const auto& segment : path) {
    if (!node->is_object()) return nullptr;
    auto it = node->find(segment);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

}  // namespace

Result<std::vector<Derivation>> parse_derivations(const nlohmann::json& derive) {
  std::vector<Derivation> out;
  if (derive.is_null()) return out;
  if (!derive.is_object()) return fail("invalid_derive", "derive must be an object");
  for (const auto& [name, spec] : derive.items()) {
    if (!spec.is_object() || !spec.contains("from") || !spec["from"].is_string()) {
      return fail("invalid_derive", fmt::format("derive.{}: needs a string 'from'", name));
    }
    Derivation d;
    d.name = name;
    const std::string from = spec["from"].get<std::string>();
    std::size_t start = 0;
    while (start <= from.size()) {
      const auto dot = from.find('.', start);
      const auto end = dot == std::string::npos ? from.size() : dot;
      if (end == start) return fail("invalid_derive", fmt::format("derive.{}.from: empty segment in '{}'", name, from));
      d.from.push_back(from.substr(start, end - start));
      start = end + 1;
    }
    d.map = spec.value("map", nlohmann::json::object());
    if (!d.map.is_object()) return fail("invalid_derive", fmt::format("derive.{}.map: must be an object", name));
    d.fallback = spec.value("default", nlohmann::json());
    out.push_back(std::move(d));
  }
  return out;
}

void apply_derivations(const std::vector<Derivation>& derivations, nlohmann::json& context) {
  for (const auto& d : derivations) {
    const nlohmann::json* source = find_path(context, d.from);
    const nlohmann::json* value = nullptr;
    if (source && (source->is_string() || source->is_number() || source->is_boolean())) {
      auto it = d.map.find(lookup_key(*source));
      if (it != d.map.end()) value = &*it;
    }
    if (!value && !d.fallback.is_null()) value = &d.fallback;
    if (value) context["derived"][d.name] = *value;
  }
}

}  // namespace provd::plugins

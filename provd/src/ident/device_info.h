// What a request reveals about the device that sent it, each field with its provenance (which
// plugin rule or standard extractor gave it), so that `provctl identify` can say why.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace provd::ident {

/// One identified value and where it came from.
struct FieldValue {
  std::string value;   ///< normalised (canonical MAC and IP)
  std::string source;  ///< plugin id, "standard" or "lease"
  std::string rule;    ///< rule or extractor name
};

/// The identity fields of a request.
struct DeviceInfo {
  /// Every field a DeviceInfo may hold, in report order.
  static constexpr std::array<std::string_view, 7> kFields{"mac", "sn", "ip", "uuid", "vendor", "model", "version"};

  std::map<std::string, FieldValue, std::less<>> fields;

  /// The value of `field`, if known.
  std::optional<std::string> value(std::string_view field) const {
    auto it = fields.find(field);
    if (it == fields.end()) return std::nullopt;
    return it->second.value;
  }
  /// {field: {value, source, rule}}.
  nlohmann::json to_json() const {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, field] : fields) {
      out[name] = {{"value", field.value}, {"source", field.source}, {"rule", field.rule}};
    }
    return out;
  }
};

}  // namespace provd::ident

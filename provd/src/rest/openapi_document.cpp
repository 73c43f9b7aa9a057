#include "rest/openapi_document.h"

#include <charconv>

namespace provd::rest {

nlohmann::json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& entry : node) out[entry.first.as<std::string>()] = yaml_to_json(entry.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(yaml_to_json(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      const std::string& text = node.Scalar();
      if (node.Tag() == "!") return text;  // quoted: always a string
      if (text == "null" || text == "~") return nullptr;
      if (text == "true") return true;
      if (text == "false") return false;
      std::int64_t integer = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
      if (!text.empty() && ec == std::errc() && end == text.data() + text.size()) return integer;
      double number = 0;
      auto [dend, dec] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (!text.empty() && dec == std::errc() && dend == text.data() + text.size()) return number;
      return text;
    }
    default:
      return nullptr;
  }
}

nlohmann::json load_openapi(const std::filesystem::path& file) {
  return yaml_to_json(YAML::LoadFile(file.string()));
}

std::optional<nlohmann::json> response_schema(const nlohmann::json& openapi, const std::string& path_template,
                                              const std::string& method, int status) {
  const auto resolve = [&openapi](nlohmann::json node) {
    // Follow a $ref to a response object ("#/components/responses/Error").
    while (node.is_object() && node.contains("$ref")) {
      node = openapi.at(nlohmann::json::json_pointer(node["$ref"].get<std::string>().substr(1)));
    }
    return node;
  };
  const auto paths = openapi.find("paths");
  if (paths == openapi.end() || !paths->contains(path_template)) return std::nullopt;
  const auto& item = (*paths)[path_template];
  if (!item.contains(method)) return std::nullopt;
  const auto& responses = item[method]["responses"];
  nlohmann::json response;
  if (responses.contains(std::to_string(status))) {
    response = resolve(responses[std::to_string(status)]);
  } else if (responses.contains("default")) {
    response = resolve(responses["default"]);
  } else {
    return std::nullopt;
  }
  if (!response.contains("content") || !response["content"].contains("application/json")) return std::nullopt;
  // The components travel along so that "#/components/schemas/X" resolves in the new root.
  return nlohmann::json{{"$schema", "http://json-schema.org/draft-07/schema#"},
                        {"components", openapi["components"]},
                        {"allOf", nlohmann::json::array({response["content"]["application/json"]["schema"]})}};
}

}  // namespace provd::rest

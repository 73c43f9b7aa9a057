// Reading schema/openapi.yaml as JSON, so tests can check real responses against the schemas
// it declares and check that it lists exactly the routes the server has.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

namespace provd::rest {

/// Converts YAML to JSON: plain scalars that read as null, booleans or numbers keep that type;
/// quoted scalars stay strings.
nlohmann::json yaml_to_json(const YAML::Node& node);

/// Loads an OpenAPI document (YAML) as JSON. Throws YAML::Exception on a broken file.
nlohmann::json load_openapi(const std::filesystem::path& file);

/// A self-contained JSON Schema for the `status` response of `method` on `path_template`
/// (falling back to `default`), with the document's components reachable by their $refs.
/// nullopt when the document declares no JSON body for it.
std::optional<nlohmann::json> response_schema(const nlohmann::json& openapi, const std::string& path_template,
                                              const std::string& method, int status);

}  // namespace provd::rest

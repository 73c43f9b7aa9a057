// schema/openapi.yaml stays true to the server: it lists exactly the routes and methods the
// router serves, and its YAML reads as the JSON the validators expect.
#include <set>

#include <gtest/gtest.h>

#include "rest/openapi_document.h"
#include "rest/router.h"

namespace provd::rest {
namespace {

TEST(OpenApi, ListsExactlyTheServedRoutesAndMethods) {
  const nlohmann::json doc = load_openapi(std::string(PROVD_SOURCE_DIR) + "/schema/openapi.yaml");
  std::set<std::string> documented;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method != "parameters") documented.insert(method + " " + path);
    }
  }
  std::set<std::string> served;
  for (const Route& route : routes()) {
    for (auto verb : route.methods) {
      std::string method(boost::beast::http::to_string(verb));
      for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      served.insert(method + " " + std::string(route.name));
    }
  }
  EXPECT_EQ(documented, served);
}

TEST(OpenApi, EveryJsonResponseHasASchema) {
  const nlohmann::json doc = load_openapi(std::string(PROVD_SOURCE_DIR) + "/schema/openapi.yaml");
  EXPECT_TRUE(response_schema(doc, "/devices", "get", 200));
  EXPECT_TRUE(response_schema(doc, "/devices", "get", 404));  // the default Error
  EXPECT_FALSE(response_schema(doc, "/devices/{id}", "delete", 204));
  EXPECT_FALSE(response_schema(doc, "/nowhere", "get", 200));
}

TEST(YamlToJson, KeepsScalarTypesAndQuotedStrings) {
  const auto json = yaml_to_json(YAML::Load("{a: 1, b: true, c: null, d: \"1\", e: x, f: 1.5, g: [1, 'y']}"));
  EXPECT_EQ(json, nlohmann::json::parse(R"({"a":1,"b":true,"c":null,"d":"1","e":"x","f":1.5,"g":[1,"y"]})"));
}

}  // namespace
}  // namespace provd::rest

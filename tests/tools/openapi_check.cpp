// Test helper: validates a real REST response against schema/openapi.yaml.
//   openapi_check OPENAPI.yaml METHOD PATH_TEMPLATE STATUS < body.json
// Exit 0 when the body matches the declared schema, 1 (with the reason) when it does not or
// when the document declares nothing for that response, 2 on usage errors.
#include <iostream>
#include <iterator>
#include <string>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "rest/openapi_document.h"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: openapi_check OPENAPI.yaml METHOD PATH_TEMPLATE STATUS < body.json\n";
    return 2;
  }
  const nlohmann::json openapi = provd::rest::load_openapi(argv[1]);
  const auto schema_doc = provd::rest::response_schema(openapi, argv[3], argv[2], std::stoi(argv[4]));
  if (!schema_doc) {
    std::cerr << "openapi_check: " << argv[2] << " " << argv[3] << " " << argv[4] << " is not declared\n";
    return 1;
  }
  const std::string text(std::istreambuf_iterator<char>(std::cin), {});
  const nlohmann::json body = nlohmann::json::parse(text, nullptr, false);
  if (body.is_discarded()) {
    std::cerr << "openapi_check: the body is not JSON: " << text.substr(0, 200) << "\n";
    return 1;
  }
  valijson::Schema schema;
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter schema_adapter(*schema_doc);
  parser.populateSchema(schema_adapter, schema);
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter body_adapter(body);
  if (validator.validate(schema, body_adapter, &results)) return 0;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    std::string path;
    for (const auto& part : error.context) path += part;
    std::cerr << "openapi_check: " << argv[2] << " " << argv[3] << " " << argv[4] << ": " << path << ": "
              << error.description << "\n";
  }
  return 1;
}

#include "json/schema_validator.h"

#include <stdexcept>
#include <string>

#include <fmt/format.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

namespace provd::embedded {
std::optional<std::string_view> schema_file(std::string_view name);
}

namespace provd::json {

std::optional<std::string_view> embedded_schema(std::string_view file) {
  return embedded::schema_file(file);
}

struct SchemaValidator::Impl {
  nlohmann::json document;
  valijson::Schema schema;
};

SchemaValidator::SchemaValidator(std::string_view schema_file) : impl_(std::make_unique<Impl>()) {
  auto text = embedded_schema(schema_file);
  if (!text) throw std::logic_error(fmt::format("schema {} is not embedded in this build", schema_file));
  impl_->document = nlohmann::json::parse(*text);
  valijson::SchemaParser parser;
  valijson::adapters::NlohmannJsonAdapter adapter(impl_->document);
  parser.populateSchema(adapter, impl_->schema);
}

SchemaValidator::~SchemaValidator() = default;

Result<void> SchemaValidator::validate(const nlohmann::json& doc) const {
  // valijson compiles a std::regex for every `pattern` it meets and caches it in the
  // Validator; one Validator per thread keeps that cache (patterns are schema-independent)
  // without sharing mutable state between threads.
  thread_local valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(doc);
  if (validator.validate(impl_->schema, adapter, &results)) return {};
  // valijson reports the chain of failing constraints outermost first; the innermost one
  // names the actual field and problem, which is what an operator needs to see.
  valijson::ValidationResults::Error error;
  std::string field;
  std::string description;
  while (results.popError(error)) {
    std::string path;
    for (const auto& part : error.context) path += part == "<root>" ? "" : part;
    if (path.size() >= field.size()) {
      field = path;
      description = error.description;
    }
  }
  if (field.empty()) field = "(document)";
  return fail("invalid_document", fmt::format("{}: {}", field, description));
}

const SchemaValidator& SchemaValidator::device() {
  static const SchemaValidator validator("device.schema.json");
  return validator;
}

const SchemaValidator& SchemaValidator::config() {
  static const SchemaValidator validator("config.schema.json");
  return validator;
}

}  // namespace provd::json

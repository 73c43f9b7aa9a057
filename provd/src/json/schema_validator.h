#pragma once

#include <memory>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace provd::json {

/// Validates documents against one of the JSON Schemas embedded from schema/.
class SchemaValidator {
 public:
  /// Loads an embedded schema by file name (e.g. "device.schema.json"); throws if it is
  /// missing or invalid, which would be a build defect.
  explicit SchemaValidator(std::string_view schema_file);
  ~SchemaValidator();
  SchemaValidator(const SchemaValidator&) = delete;
  SchemaValidator& operator=(const SchemaValidator&) = delete;

  /// Ok, or an "invalid_document" error naming the field path and what is wrong.
  Result<void> validate(const nlohmann::json& doc) const;

  /// Shared validators of the store's documents.
  static const SchemaValidator& device();
  static const SchemaValidator& config();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The text of an embedded schema file, if it exists (the build embeds every schema/*.json).
std::optional<std::string_view> embedded_schema(std::string_view file);

}  // namespace provd::json

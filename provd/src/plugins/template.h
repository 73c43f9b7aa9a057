// Mustache templates of plugins (kainjow). The render context is JSON; objects, arrays,
// strings, numbers and booleans map to Mustache sections and values in the obvious way.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace provd::plugins {

/// A parsed Mustache template, immutable and shareable between threads.
class Template {
 public:
  /// Parses `text`; the error ("template") says where the syntax is wrong.
  static Result<Template> parse(std::string_view text);
  /// Renders with `context` (a JSON object). Throws std::runtime_error on a render failure.
  std::string render(const nlohmann::json& context) const;

 private:
  struct Impl;
  explicit Template(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace provd::plugins

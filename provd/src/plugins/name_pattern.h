// File-name patterns of generated files: literal text with at most one MAC placeholder in the
// spelling the vendor uses, e.g. "SEP{mac_plain_upper}.cnf.xml" or "{mac_plain_lower}.cfg".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/mac_address.h"
#include "common/result.h"

namespace provd::plugins {

/// A parsed file-name pattern.
class NamePattern {
 public:
  /// Parses a pattern. Placeholders: {mac_colon_lower} {mac_colon_upper} {mac_dash_upper}
  /// {mac_plain_lower} {mac_plain_upper} {mac_underscore_lower}. Errors ("pattern") name the unknown placeholder.
  static Result<NamePattern> parse(std::string_view pattern);

  /// True when the pattern names one file per device (it has a MAC placeholder).
  bool per_device() const noexcept { return format_.has_value(); }
  /// The file name for `mac` (the literal name for a common file).
  std::string expand(const MacAddress& mac) const;
  /// The literal name of a common file.
  const std::string& literal() const noexcept { return prefix_; }
  /// The MAC a file name carries when it has this pattern's shape, in exactly its spelling.
  std::optional<MacAddress> match(std::string_view name) const;
  /// The pattern as written.
  const std::string& text() const noexcept { return text_; }

 private:
  std::string text_;
  std::string prefix_;
  std::string suffix_;
  std::optional<MacFormat> format_;
};

}  // namespace provd::plugins

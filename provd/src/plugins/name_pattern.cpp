#include "plugins/name_pattern.h"

#include <array>
#include <utility>

#include <fmt/format.h>

namespace provd::plugins {
namespace {

constexpr std::array<std::pair<std::string_view, MacFormat>, 6> kPlaceholders{{
    {"mac_colon_lower", MacFormat::kColonLower},
    {"mac_colon_upper", MacFormat::kColonUpper},
    {"mac_dash_upper", MacFormat::kDashUpper},
    {"mac_plain_lower", MacFormat::kPlainLower},
    {"mac_plain_upper", MacFormat::kPlainUpper},
    {"mac_underscore_lower", MacFormat::kUnderscoreLower},
}};

std::size_t spelled_length(MacFormat format) {
  return format == MacFormat::kPlainLower || format == MacFormat::kPlainUpper ? 12 : 17;
}

}  // namespace

Result<NamePattern> NamePattern::parse(std::string_view pattern) {
  NamePattern out;
  out.text_ = std::string(pattern);
  if (pattern.empty()) return fail("pattern", "a file name must not be empty");
  const auto open = pattern.find('{');
  if (open == std::string_view::npos) {
    if (pattern.find('}') != std::string_view::npos) return fail("pattern", "'}' without '{'");
    out.prefix_ = std::string(pattern);
    return out;
  }
  const auto close = pattern.find('}', open);
  if (close == std::string_view::npos) return fail("pattern", "'{' without '}'");
  const std::string_view name = pattern.substr(open + 1, close - open - 1);
  for (const auto& [placeholder, format] : kPlaceholders) {
    if (placeholder == name) out.format_ = format;
  }
  if (!out.format_) {
    return fail("pattern", fmt::format("unknown placeholder {{{}}} (known: mac_colon_lower, mac_colon_upper, "
                                       "mac_dash_upper, mac_plain_lower, mac_plain_upper, mac_underscore_lower)",
                                       name));
  }
  out.prefix_ = std::string(pattern.substr(0, open));
  out.suffix_ = std::string(pattern.substr(close + 1));
  if (out.suffix_.find_first_of("{}") != std::string::npos) return fail("pattern", "only one placeholder is allowed");
  return out;
}

std::string NamePattern::expand(const MacAddress& mac) const {
  if (!format_) return prefix_;
  return prefix_ + mac.format(*format_) + suffix_;
}

std::optional<MacAddress> NamePattern::match(std::string_view name) const {
  if (!format_) return std::nullopt;
  const std::size_t length = spelled_length(*format_);
  if (name.size() != prefix_.size() + length + suffix_.size()) return std::nullopt;
  if (name.substr(0, prefix_.size()) != prefix_ || name.substr(name.size() - suffix_.size()) != suffix_) {
    return std::nullopt;
  }
  const std::string_view spelled = name.substr(prefix_.size(), length);
  auto mac = MacAddress::parse(spelled);
  // Only the vendor's own spelling counts, so that one device has exactly one name per file.
  if (!mac || mac->format(*format_) != spelled) return std::nullopt;
  return *mac;
}

}  // namespace provd::plugins

#include "common/mac_address.h"

#include <fmt/format.h>

#include "common/hex.h"

namespace provd {
namespace {

// Accepts exactly the layouts vendors print: groups of 2 hex digits separated by one ':', '-'
// or '_' (6 groups), groups of 4 separated by '.' (3 groups), or 12 bare digits. Mixed separators
// are refused so that a random 17-character string is not taken for a MAC.
std::optional<std::array<std::uint8_t, 6>> parse_layout(std::string_view text) {
  std::string digits;
  std::size_t group = 0;
  char separator = 0;
  std::size_t expected_group = 0;
  if (text.size() == 12) {
    expected_group = 12;
  } else if (text.size() == 17 && (text[2] == ':' || text[2] == '-' || text[2] == '_')) {
    expected_group = 2;
    separator = text[2];
  } else if (text.size() == 14 && text[4] == '.') {
    expected_group = 4;
    separator = '.';
  } else {
    return std::nullopt;
  }
  for (char c : text) {
    if (separator != 0 && c == separator) {
      if (group != expected_group) return std::nullopt;
      group = 0;
      continue;
    }
    if (hex_digit_value(c) < 0) return std::nullopt;
    digits.push_back(c);
    ++group;
  }
  if (group != expected_group || digits.size() != 12) return std::nullopt;
  std::array<std::uint8_t, 6> bytes{};
  for (std::size_t i = 0; i < 6; ++i) {
    bytes[i] = static_cast<std::uint8_t>(hex_digit_value(digits[2 * i]) * 16 + hex_digit_value(digits[2 * i + 1]));
  }
  return bytes;
}

}  // namespace

Result<MacAddress> MacAddress::parse(std::string_view text) {
  auto bytes = parse_layout(text);
  if (!bytes) {
    return fail("invalid_mac",
                fmt::format("'{}' is not a MAC address (expected e.g. 00:08:5d:23:73:01)", text.substr(0, 64)));
  }
  return MacAddress(*bytes);
}

std::string MacAddress::format(MacFormat fmt) const {
  const auto& b = bytes_;
  switch (fmt) {
    case MacFormat::kColonLower:
      return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", b[0], b[1], b[2], b[3], b[4], b[5]);
    case MacFormat::kColonUpper:
      return fmt::format("{:02X}:{:02X}:{:02X}:{:02X}:{:02X}:{:02X}", b[0], b[1], b[2], b[3], b[4], b[5]);
    case MacFormat::kDashUpper:
      return fmt::format("{:02X}-{:02X}-{:02X}-{:02X}-{:02X}-{:02X}", b[0], b[1], b[2], b[3], b[4], b[5]);
    case MacFormat::kPlainLower:
      return fmt::format("{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}", b[0], b[1], b[2], b[3], b[4], b[5]);
    case MacFormat::kPlainUpper:
      return fmt::format("{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}", b[0], b[1], b[2], b[3], b[4], b[5]);
    case MacFormat::kUnderscoreLower:
      return fmt::format("{:02x}_{:02x}_{:02x}_{:02x}_{:02x}_{:02x}", b[0], b[1], b[2], b[3], b[4], b[5]);
  }
  throw std::logic_error("unknown MacFormat");
}

Result<std::string> normalize_mac(std::string_view text) {
  auto mac = MacAddress::parse(text);
  if (!mac) return mac.error();
  return mac->str();
}

}  // namespace provd

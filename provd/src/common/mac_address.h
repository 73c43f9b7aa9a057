#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace provd {

/// The spellings vendors use for a MAC in file names and user agents.
enum class MacFormat {
  kColonLower,       ///< 00:08:5d:23:73:01 (provd's canonical form)
  kColonUpper,       ///< 00:08:5D:23:73:01
  kDashUpper,        ///< 00-08-5D-23-73-01
  kPlainLower,       ///< 00085d237301
  kPlainUpper,       ///< 00085D237301
  kUnderscoreLower,  ///< 00_13_cb_4a_12_7f (Zenitel file names)
};

/// A 48-bit IEEE 802 MAC address.
class MacAddress {
 public:
  /// Parses colon, dash, underscore, dotted (0008.5d23.7301) and bare 12-hex-digit forms, any case.
  static Result<MacAddress> parse(std::string_view text);
  /// Builds from raw bytes (a DHCP chaddr).
  static MacAddress from_bytes(const std::array<std::uint8_t, 6>& bytes) { return MacAddress(bytes); }

  /// Canonical lower-case colon form.
  std::string str() const { return format(MacFormat::kColonLower); }
  /// The address in one of the vendor spellings.
  std::string format(MacFormat fmt) const;
  const std::array<std::uint8_t, 6>& bytes() const noexcept { return bytes_; }

  friend bool operator==(const MacAddress&, const MacAddress&) = default;
  friend auto operator<=>(const MacAddress&, const MacAddress&) = default;

 private:
  explicit MacAddress(const std::array<std::uint8_t, 6>& bytes) : bytes_(bytes) {}
  std::array<std::uint8_t, 6> bytes_{};
};

/// Normalises any accepted spelling to the canonical form, or explains why it is not a MAC.
Result<std::string> normalize_mac(std::string_view text);

}  // namespace provd

// Hexadecimal both ways: MACs, percent-encoding, REST cursors and DHCP option bytes decode it;
// digests, identifiers and cursors are spelled in it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace provd {

/// The value 0-15 of hex digit `c` (either case), or -1 when it is not one.
constexpr int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Which digits bytes_from_hex() accepts.
enum class HexCase { kLowerOnly, kEither };

/// The bytes spelled by `hex` (two digits each, no separators), or nullopt when its length is
/// odd or a character is not a digit of the accepted case.
inline std::optional<std::string> bytes_from_hex(std::string_view hex, HexCase accepted) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int value = 0;
    for (char c : hex.substr(i, 2)) {
      const int digit = hex_digit_value(c);
      if (digit < 0 || (accepted == HexCase::kLowerOnly && c >= 'A' && c <= 'F')) return std::nullopt;
      value = value * 16 + digit;
    }
    bytes.push_back(static_cast<char>(value));
  }
  return bytes;
}

/// `bytes` spelled as lower-case hex, two digits per byte.
inline std::string hex_from_bytes(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(bytes.size() * 2, '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    hex[2 * i] = kDigits[byte >> 4];
    hex[2 * i + 1] = kDigits[byte & 15];
  }
  return hex;
}

/// hex_from_bytes() of raw bytes (digests, random numbers).
inline std::string hex_from_bytes(std::span<const unsigned char> bytes) {
  return hex_from_bytes(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace provd

// One hexadecimal digit's value: MACs, percent-encoding and REST cursors all decode hex.
#pragma once

namespace provd {

/// The value 0-15 of hex digit `c` (either case), or -1 when it is not one.
constexpr int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace provd

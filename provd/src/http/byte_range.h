// The Range request header (RFC 9110 14.2), for the one case provd serves: a single byte range.
#pragma once

#include <cstdint>
#include <string_view>

namespace provd::http {

/// What a Range header asks of a representation of a given size.
struct RangeRequest {
  enum class Kind {
    kWhole,          ///< no usable Range: answer 200 with everything (absent, malformed, multi-range)
    kPartial,        ///< answer 206 with bytes [first, last]
    kUnsatisfiable,  ///< answer 416 with "Content-Range: bytes */size"
  };
  Kind kind = Kind::kWhole;
  std::uint64_t first = 0;  ///< first byte, inclusive (kPartial only)
  std::uint64_t last = 0;   ///< last byte, inclusive (kPartial only)

  /// Number of bytes of a kPartial range.
  std::uint64_t length() const noexcept { return last - first + 1; }
};

/// Interprets `header` (the Range field value) for a representation of `size` bytes:
/// "bytes=A-B", "bytes=A-" (open-ended) and "bytes=-N" (suffix). A syntactically invalid
/// header or one with several ranges is ignored (kWhole), as RFC 9110 allows.
RangeRequest parse_range(std::string_view header, std::uint64_t size);

}  // namespace provd::http

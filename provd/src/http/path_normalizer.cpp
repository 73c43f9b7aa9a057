#include "http/path_normalizer.h"

#include <optional>

namespace provd::http {
namespace {

std::optional<unsigned> hex_value(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<unsigned>(c - 'A' + 10);
  return std::nullopt;
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. Overlong
// forms matter here because old decoders turned C0 AE into '.', which made "%c0%ae%c0%ae" a
// traversal that a byte-level ".." check never sees.
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t extra = 0;
    unsigned min_second = 0x80;
    unsigned max_second = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c == 0xE0) {
      extra = 2;
      min_second = 0xA0;
    } else if (c >= 0xE1 && c <= 0xEC) {
      extra = 2;
    } else if (c == 0xED) {
      extra = 2;
      max_second = 0x9F;
    } else if (c >= 0xEE && c <= 0xEF) {
      extra = 2;
    } else if (c == 0xF0) {
      extra = 3;
      min_second = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      extra = 3;
    } else if (c == 0xF4) {
      extra = 3;
      max_second = 0x8F;
    } else {
      return false;  // C0, C1 (overlong two-byte), continuation bytes, F5..FF
    }
    if (i + extra >= s.size()) return false;  // truncated sequence
    const auto second = static_cast<unsigned char>(s[i + 1]);
    if (second < min_second || second > max_second) return false;
    for (std::size_t k = 2; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      if (next < 0x80 || next > 0xBF) return false;
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace

SplitTarget split_target(std::string_view target) {
  const auto question = target.find('?');
  std::string_view path = target.substr(0, question);
  const std::string_view query = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
  // Absolute-form (RFC 9112 3.2.2), which proxies send: drop "scheme://authority".
  const auto scheme_end = path.find("://");
  if (!path.starts_with('/') && scheme_end != std::string_view::npos) {
    const auto authority = path.substr(scheme_end + 3);
    const auto slash = authority.find('/');
    path = slash == std::string_view::npos ? std::string_view("/") : authority.substr(slash);
  }
  return SplitTarget{path, query};
}

Result<std::string> normalize_path(std::string_view raw_path) {
  if (!raw_path.starts_with('/')) return fail("not_absolute", "the path does not start with '/'");
  std::string decoded;
  decoded.reserve(raw_path.size());
  for (std::size_t i = 0; i < raw_path.size(); ++i) {
    char c = raw_path[i];
    bool was_encoded = false;
    if (c == '%') {
      if (i + 2 >= raw_path.size()) return fail("bad_percent_encoding", "a '%' is not followed by two hex digits");
      const auto high = hex_value(raw_path[i + 1]);
      const auto low = hex_value(raw_path[i + 2]);
      if (!high || !low) return fail("bad_percent_encoding", "a '%' is not followed by two hex digits");
      c = static_cast<char>((*high << 4) | *low);
      was_encoded = true;
      i += 2;
    }
    // Decoded exactly once: a '%' produced here is a literal character, never decoded again.
    if (c == '/' && was_encoded) return fail("encoded_slash", "an encoded '/' (%2f) hides a path separator");
    if (c == '\\') return fail("backslash", "a backslash is a path separator elsewhere");
    if (c == '\0') return fail("nul", "a NUL byte truncates paths");
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return fail("control_character", "a control character in the path");
    }
    decoded.push_back(c);
    if (decoded.size() > kMaxPathBytes) return fail("too_long", "the path is longer than the limit");
  }
  if (!valid_utf8(decoded)) return fail("invalid_utf8", "the path is not valid UTF-8 (or uses an overlong form)");

  // Segment checks on the decoded text: "%2e%2e" and ".." are the same thing here.
  std::size_t start = 1;
  while (start <= decoded.size()) {
    auto end = decoded.find('/', start);
    if (end == std::string::npos) end = decoded.size();
    const std::string_view segment(decoded.data() + start, end - start);
    const bool last = end == decoded.size();
    if (segment.empty() && !last) return fail("empty_segment", "an empty path segment ('//')");
    if (segment == "..") return fail("traversal", "a '..' segment");
    if (segment == ".") return fail("dot_segment", "a '.' segment");
    start = end + 1;
  }
  return decoded;
}

}  // namespace provd::http

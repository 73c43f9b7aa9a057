#include "http/byte_range.h"

#include <charconv>
#include <optional>

namespace provd::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Digits only (no sign, no spaces), and no overflow: "bytes=-0x10" or a 30-digit number is
// malformed, not a huge range.
std::optional<std::uint64_t> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return value;
}

}  // namespace

RangeRequest parse_range(std::string_view header, std::uint64_t size) {
  RangeRequest whole;
  header = trim(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() < kUnit.size()) return whole;
  for (std::size_t i = 0; i < kUnit.size(); ++i) {
    const char c = header[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != kUnit[i]) return whole;  // another unit: ignore the header
  }
  const std::string_view spec = trim(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return whole;  // several ranges: the full 200 is allowed
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  const std::string_view first_text = trim(spec.substr(0, dash));
  const std::string_view last_text = trim(spec.substr(dash + 1));

  RangeRequest unsatisfiable;
  unsatisfiable.kind = RangeRequest::Kind::kUnsatisfiable;
  RangeRequest partial;
  partial.kind = RangeRequest::Kind::kPartial;

  if (first_text.empty()) {  // suffix: the last N bytes
    const auto suffix = parse_number(last_text);
    if (!suffix) return whole;
    if (*suffix == 0 || size == 0) return unsatisfiable;
    partial.first = *suffix >= size ? 0 : size - *suffix;
    partial.last = size - 1;
    return partial;
  }
  const auto first = parse_number(first_text);
  if (!first) return whole;
  std::optional<std::uint64_t> last;
  if (!last_text.empty()) {
    last = parse_number(last_text);
    if (!last || *last < *first) return whole;  // invalid range-spec: ignore the header
  }
  if (*first >= size) return unsatisfiable;
  partial.first = *first;
  partial.last = (!last || *last >= size) ? size - 1 : *last;
  return partial;
}

}  // namespace provd::http

#include "leases/lease_line_scanner.h"

#include <cstdint>
#include <string>
#include <utility>

#include "common/ip_address.h"
#include "leases/lease_event_checks.h"

namespace provd::leases {
namespace {

using detail::Field;
using nlohmann::json;

// Reads JSON tokens from the line. Every reader skips the whitespace before its token and
// answers nothing for input it does not handle; the caller then gives up on the line.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool consume(char c) {
    skip_whitespace();
    if (pos_ == text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  // Only trailing whitespace is left.
  bool at_end() {
    skip_whitespace();
    return pos_ == text_.size();
  }

  // A string that needs no decoding: printable ASCII without escapes. Anything else may hold
  // escapes or UTF-8 whose validation and counting the DOM path already gets right.
  std::optional<std::string_view> string() {
    if (!consume('"')) return std::nullopt;
    const std::size_t start = pos_;
    for (; pos_ < text_.size(); ++pos_) {
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') return text_.substr(start, pos_++ - start);
      if (c < 0x20 || c > 0x7e || c == '\\') return std::nullopt;
    }
    return std::nullopt;
  }

  // A JSON integer in int64 range. nlohmann stores such a number so that the schema check
  // sees an integer of the same value; fractions, exponents and larger magnitudes it stores
  // differently, so those are declined.
  std::optional<std::int64_t> integer() {
    skip_whitespace();
    const bool negative = pos_ < text_.size() && text_[pos_] == '-';
    if (negative) ++pos_;
    const std::size_t start = pos_;
    std::uint64_t magnitude = 0;
    while (pos_ < text_.size() && is_digit(text_[pos_]) && pos_ - start < 19) {
      magnitude = magnitude * 10 + static_cast<std::uint64_t>(text_[pos_++] - '0');
    }
    const std::size_t digits = pos_ - start;
    if (digits == 0 || (digits > 1 && text_[start] == '0')) return std::nullopt;
    if (pos_ < text_.size()) {
      const char next = text_[pos_];
      if (is_digit(next) || next == '.' || next == 'e' || next == 'E') return std::nullopt;
    }
    constexpr std::uint64_t kMax = std::uint64_t{1} << 63;  // |INT64_MIN|
    if (negative ? magnitude > kMax : magnitude >= kMax) return std::nullopt;
    return negative ? static_cast<std::int64_t>(~magnitude + 1) : static_cast<std::int64_t>(magnitude);
  }

 private:
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  void skip_whitespace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// {"hex": ..., "text": ...?}, straight into the JSON object LeaseEvent keeps.
std::optional<json> scan_option(Cursor& in) {
  if (!in.consume('{')) return std::nullopt;
  json option = json::object();
  auto& members = option.get_ref<json::object_t&>();
  do {
    auto key = in.string();
    if (!key || (*key != "hex" && *key != "text") || !in.consume(':')) return std::nullopt;
    auto value = in.string();
    if (!value || (*key == "hex" && !detail::is_hex_pairs(*value))) return std::nullopt;
    if (!members.emplace(std::string(*key), std::string(*value)).second) return std::nullopt;
  } while (in.consume(','));
  if (!in.consume('}') || !members.contains("hex")) return std::nullopt;
  return option;
}

// "options": code -> option. An empty object is valid and equals LeaseEvent's default.
bool scan_options(Cursor& in, json& options) {
  if (!in.consume('{')) return false;
  if (in.consume('}')) return true;
  auto& members = options.get_ref<json::object_t&>();
  do {
    auto code = in.string();
    if (!code || !detail::is_option_code(*code) || !in.consume(':')) return false;
    auto option = scan_option(in);
    if (!option || !members.emplace(std::string(*code), std::move(*option)).second) return false;
  } while (in.consume(','));
  return in.consume('}');
}

bool scan_string_field(Cursor& in, Field field, LeaseEvent& event) {
  auto text = in.string();
  if (!text) return false;
  switch (field) {
    case Field::kBoot:
      if (!detail::is_boot(*text)) return false;
      event.boot = *text;
      return true;
    case Field::kEvent:
      if (auto kind = detail::kind_named(*text)) {
        event.kind = *kind;
        return true;
      }
      return false;
    case Field::kFamily:
      return detail::is_family(*text);
    case Field::kIp: {
      if (!detail::has_ip_length(*text)) return false;
      auto canonical = normalize_ip(*text);
      if (!canonical) return false;
      event.ip = std::move(*canonical);
      return true;
    }
    case Field::kMac:
      if (!detail::is_colon_hex(*text, 6)) return false;
      event.mac = *text;
      return true;
    case Field::kClientId:
      if (!detail::is_colon_hex(*text, 0)) return false;
      event.client_id = *text;
      return true;
    case Field::kHostname:
      if (!detail::is_hostname(*text)) return false;
      event.hostname = *text;
      return true;
    default:
      return false;
  }
}

bool scan_integer_field(Cursor& in, Field field, LeaseEvent& event) {
  auto value = in.integer();
  if (!value) return false;
  if (auto minimum = detail::minimum_of(field); minimum && *value < *minimum) return false;
  switch (field) {
    case Field::kV:
      return *value == 1;
    case Field::kSeq:
      event.seq = *value;
      return true;
    case Field::kTs:
      event.ts = *value;
      return true;
    case Field::kValidLft:
      event.valid_lft = *value;
      return true;
    case Field::kExpires:
      event.expires = *value;
      return true;
    case Field::kSubnetId:
      event.subnet_id = *value;
      return true;
    case Field::kDropped:
      event.dropped = *value;
      return true;
    case Field::kFirstSeq:
    case Field::kLastSeq:
      return true;  // checked, not kept: the reconciler does not need them
    default:
      return false;
  }
}

bool scan_field(Cursor& in, Field field, LeaseEvent& event) {
  switch (field) {
    case Field::kBoot:
    case Field::kEvent:
    case Field::kFamily:
    case Field::kIp:
    case Field::kMac:
    case Field::kClientId:
    case Field::kHostname:
      return scan_string_field(in, field, event);
    case Field::kOptions:
      return scan_options(in, event.options);
    default:
      return scan_integer_field(in, field, event);
  }
}

}  // namespace

std::optional<LeaseEvent> scan_lease_line(std::string_view line) {
  Cursor in(line);
  if (!in.consume('{')) return std::nullopt;
  LeaseEvent event;
  std::uint32_t seen = 0;
  auto has = [&seen](Field field) { return (seen & (std::uint32_t{1} << static_cast<unsigned>(field))) != 0; };
  do {
    auto key = in.string();
    if (!key || !in.consume(':')) return std::nullopt;
    auto field = detail::field_named(*key);
    if (!field || has(*field)) return std::nullopt;
    seen |= std::uint32_t{1} << static_cast<unsigned>(*field);
    if (!scan_field(in, *field, event)) return std::nullopt;
  } while (in.consume(','));
  if (!in.consume('}') || !in.at_end()) return std::nullopt;

  for (Field required : {Field::kV, Field::kBoot, Field::kSeq, Field::kEvent}) {
    if (!has(required)) return std::nullopt;
  }
  const bool complete = event.kind == EventKind::kGap ? has(Field::kDropped) : has(Field::kIp) && has(Field::kMac);
  if (!complete) return std::nullopt;
  if (detail::needs_mac(event.kind) && event.mac.empty()) return std::nullopt;
  return event;
}

}  // namespace provd::leases

// The rules of schema/lease-event.schema.json as small predicates, shared by the DOM checker
// (lease_event.cpp) and the single-pass scanner (lease_line_scanner.cpp): the scanner may only
// accept what the DOM path accepts, so both must apply the very same tests.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "leases/lease_event.h"

namespace provd::leases::detail {

/// The members a lease event may have; kFieldNames holds their wire names in the same order.
enum class Field : std::uint8_t {
  kV,
  kBoot,
  kSeq,
  kEvent,
  kTs,
  kFamily,
  kIp,
  kMac,
  kClientId,
  kHostname,
  kValidLft,
  kExpires,
  kSubnetId,
  kOptions,
  kDropped,
  kFirstSeq,
  kLastSeq,
};

inline constexpr std::array<std::string_view, 17> kFieldNames = {
    "v",        "boot",      "seq",     "event",     "ts",      "family",  "ip",        "mac",     "client_id",
    "hostname", "valid_lft", "expires", "subnet_id", "options", "dropped", "first_seq", "last_seq"};

/// The name of a field as it appears on the wire.
constexpr std::string_view name_of(Field field) {
  return kFieldNames[static_cast<std::size_t>(field)];
}

/// The field called `key`, or nothing when the schema does not know it.
constexpr std::optional<Field> field_named(std::string_view key) {
  for (std::size_t i = 0; i < kFieldNames.size(); ++i) {
    if (kFieldNames[i] == key) return static_cast<Field>(i);
  }
  return std::nullopt;
}

/// An integer field and the least value the schema allows for it.
struct IntegerBound {
  Field field;
  std::int64_t minimum;
};

inline constexpr std::array<IntegerBound, 7> kIntegerBounds = {{{Field::kSeq, 1},
                                                                {Field::kValidLft, 0},
                                                                {Field::kExpires, 0},
                                                                {Field::kSubnetId, 0},
                                                                {Field::kDropped, 1},
                                                                {Field::kFirstSeq, 1},
                                                                {Field::kLastSeq, 1}}};

/// The least value of a bounded integer field; nothing for other fields.
constexpr std::optional<std::int64_t> minimum_of(Field field) {
  for (const IntegerBound& bound : kIntegerBounds) {
    if (bound.field == field) return bound.minimum;
  }
  return std::nullopt;
}

/// The event kind with this wire name, or nothing (the schema's enum is exactly to_string's names).
inline std::optional<EventKind> kind_named(std::string_view name) {
  for (EventKind kind : {EventKind::kCommit, EventKind::kRelease, EventKind::kExpire, EventKind::kDecline,
                         EventKind::kRecover, EventKind::kGap}) {
    if (to_string(kind) == name) return kind;
  }
  return std::nullopt;
}

/// Length in code points, as the schema's minLength/maxLength count (the text is valid UTF-8).
constexpr std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

/// True when s[at] and s[at + 1] are lower-case hex digits.
constexpr bool is_hex_pair(std::string_view s, std::size_t at) {
  auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  return at + 1 < s.size() && hex(s[at]) && hex(s[at + 1]);
}

/// "aa:bb:..." with `groups` pairs (0 = any number >= 1); the empty string is allowed.
constexpr bool is_colon_hex(std::string_view s, std::size_t groups) {
  if (s.empty()) return true;
  if ((s.size() + 1) % 3 != 0) return false;
  const std::size_t n = (s.size() + 1) / 3;
  if (groups != 0 && n != groups) return false;
  for (std::size_t i = 0; i < n; ++i) {
    if (!is_hex_pair(s, i * 3)) return false;
    if (i + 1 < n && s[i * 3 + 2] != ':') return false;
  }
  return true;
}

/// Lower-case hex pairs without separators, possibly none (an option's "hex").
constexpr bool is_hex_pairs(std::string_view s) {
  if (s.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    if (!is_hex_pair(s, i)) return false;
  }
  return true;
}

/// A key of "options": one to three decimal digits.
constexpr bool is_option_code(std::string_view code) {
  return !code.empty() && code.size() <= 3 && code.find_first_not_of("0123456789") == std::string_view::npos;
}

/// "boot": 1..64 characters.
constexpr bool is_boot(std::string_view boot) {
  return !boot.empty() && code_points(boot) <= 64;
}

/// "family": inet or inet6.
constexpr bool is_family(std::string_view family) {
  return family == "inet" || family == "inet6";
}

/// "ip" before normalisation: 2..45 characters.
constexpr bool has_ip_length(std::string_view ip) {
  const std::size_t n = code_points(ip);
  return n >= 2 && n <= 45;
}

/// "hostname": at most 255 characters.
constexpr bool is_hostname(std::string_view hostname) {
  return code_points(hostname) <= 255;
}

/// Kinds that describe a live lease, which is useless without the client's hardware address.
constexpr bool needs_mac(EventKind kind) {
  return kind == EventKind::kCommit || kind == EventKind::kRecover;
}

}  // namespace provd::leases::detail

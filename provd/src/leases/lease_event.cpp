#include "leases/lease_event.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "common/ip_address.h"
#include "leases/lease_event_checks.h"
#include "leases/lease_line_scanner.h"

namespace provd::leases {
using detail::field_named;
using detail::has_ip_length;
using detail::is_boot;
using detail::is_colon_hex;
using detail::is_family;
using detail::is_hex_pairs;
using detail::is_hostname;
using detail::is_option_code;
using detail::kind_named;
using detail::kIntegerBounds;
using detail::name_of;
using detail::needs_mac;
using nlohmann::json;

namespace {

bool is_integer(const json& v) {
  return v.is_number_integer() &&
         !(v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t{std::numeric_limits<std::int64_t>::max()});
}

// The schema (schema/lease-event.schema.json) checked by hand: a generic validator compiles
// its regular expressions on every document, far too slow for tens of thousands of events per
// second. Unit tests hold this to the schema with the generic validator on every case.
Result<void> check_schema(const json& doc) {
  if (!doc.is_object()) return fail("invalid_document", "(root): must be an object");
  for (const auto& [key, value] : doc.items()) {
    if (!field_named(key)) return fail("invalid_document", fmt::format("{}: unknown field", key));
  }
  for (const char* key : {"v", "boot", "seq", "event"}) {
    if (!doc.contains(key)) return fail("invalid_document", fmt::format("{}: required", key));
  }
  auto bad = [](std::string_view key, const char* why) {
    return fail("invalid_document", fmt::format("{}: {}", key, why));
  };
  const json& v = doc["v"];
  if (!v.is_number() || v != 1) return bad("v", "must be 1");
  const json& boot = doc["boot"];
  if (!boot.is_string() || !is_boot(boot.get_ref<const std::string&>()))
    return bad("boot", "must be a string of 1..64 characters");
  for (auto [field, min] : kIntegerBounds) {
    const std::string_view key = name_of(field);
    auto it = doc.find(key);
    if (it != doc.end() && (!is_integer(*it) || it->get<std::int64_t>() < min)) {
      return fail("invalid_document", fmt::format("{}: must be an integer >= {}", key, min));
    }
  }
  if (auto ts = doc.find("ts"); ts != doc.end() && !is_integer(*ts)) return bad("ts", "must be an integer");
  const json& event = doc["event"];
  if (!event.is_string() || !kind_named(event.get_ref<const std::string&>()))
    return bad("event", "must be one of commit, release, expire, decline, recover, gap");
  if (auto family = doc.find("family");
      family != doc.end() && (!family->is_string() || !is_family(family->get_ref<const std::string&>()))) {
    return bad("family", "must be inet or inet6");
  }
  if (auto ip = doc.find("ip"); ip != doc.end()) {
    if (!ip->is_string() || !has_ip_length(ip->get_ref<const std::string&>()))
      return bad("ip", "must be a string of 2..45 characters");
  }
  if (auto mac = doc.find("mac"); mac != doc.end()) {
    if (!mac->is_string() || !is_colon_hex(mac->get_ref<const std::string&>(), 6))
      return bad("mac", "must be lower-case aa:bb:cc:dd:ee:ff or empty");
  }
  if (auto id = doc.find("client_id"); id != doc.end()) {
    if (!id->is_string() || !is_colon_hex(id->get_ref<const std::string&>(), 0))
      return bad("client_id", "must be lower-case colon-separated hex or empty");
  }
  if (auto host = doc.find("hostname"); host != doc.end()) {
    if (!host->is_string() || !is_hostname(host->get_ref<const std::string&>()))
      return bad("hostname", "must be a string of at most 255 characters");
  }
  if (auto options = doc.find("options"); options != doc.end()) {
    if (!options->is_object()) return bad("options", "must be an object");
    for (const auto& [code, option] : options->items()) {
      if (!is_option_code(code))
        return fail("invalid_document", fmt::format("options.{}: not a decimal option code", code));
      if (!option.is_object() || !option.contains("hex"))
        return fail("invalid_document", fmt::format("options.{}: must be an object with hex", code));
      for (const auto& [field, value] : option.items()) {
        if (field == "hex") {
          const std::string* hex = value.get_ptr<const std::string*>();
          if (hex == nullptr || !is_hex_pairs(*hex))
            return fail("invalid_document", fmt::format("options.{}.hex: must be lower-case hex pairs", code));
        } else if (field == "text") {
          if (!value.is_string())
            return fail("invalid_document", fmt::format("options.{}.text: must be a string", code));
        } else {
          return fail("invalid_document", fmt::format("options.{}.{}: unknown field", code, field));
        }
      }
    }
  }
  const std::string& kind = event.get_ref<const std::string&>();
  if (kind == "gap") {
    if (!doc.contains("dropped")) return bad("dropped", "required for a gap");
  } else {
    if (!doc.contains("ip")) return bad("ip", "required for a lease event");
    if (!doc.contains("mac")) return bad("mac", "required for a lease event");
  }
  return {};
}

EventKind kind_from(std::string_view name) {
  if (auto kind = kind_named(name)) return *kind;
  // The schema's enum admits nothing else, so reaching here means schema and code disagree.
  throw std::logic_error(fmt::format("lease event kind '{}' passed the schema but is unknown", name));
}

}  // namespace

std::string_view to_string(EventKind kind) {
  switch (kind) {
    case EventKind::kCommit:
      return "commit";
    case EventKind::kRelease:
      return "release";
    case EventKind::kExpire:
      return "expire";
    case EventKind::kDecline:
      return "decline";
    case EventKind::kRecover:
      return "recover";
    case EventKind::kGap:
      return "gap";
  }
  return "unknown";
}

Result<LeaseEvent> lease_event_from_json(const json& doc) {
  if (auto valid = check_schema(doc); !valid) return valid.error();
  LeaseEvent event;
  event.boot = doc.at("boot").get<std::string>();
  event.seq = doc.at("seq").get<std::int64_t>();
  event.kind = kind_from(doc.at("event").get<std::string>());
  event.ts = doc.value("ts", std::int64_t{0});
  if (auto ip = doc.find("ip"); ip != doc.end()) {
    auto canonical = normalize_ip(ip->get<std::string>());
    if (!canonical) return fail("invalid_ip", fmt::format("ip: {}", canonical.error().message));
    event.ip = *canonical;
  }
  event.mac = doc.value("mac", std::string{});
  event.client_id = doc.value("client_id", std::string{});
  event.hostname = doc.value("hostname", std::string{});
  event.valid_lft = doc.value("valid_lft", std::int64_t{0});
  event.expires = doc.value("expires", std::int64_t{0});
  if (auto subnet = doc.find("subnet_id"); subnet != doc.end()) event.subnet_id = subnet->get<std::int64_t>();
  if (auto options = doc.find("options"); options != doc.end()) event.options = *options;
  event.dropped = doc.value("dropped", std::int64_t{0});
  if (needs_mac(event.kind) && event.mac.empty()) {
    return fail("invalid_document", "mac: a commit or recover needs a hardware address");
  }
  return event;
}

Result<LeaseEvent> parse_lease_line(std::string_view line, std::size_t max_bytes) {
  if (line.size() > max_bytes) {
    return fail("too_long", fmt::format("line of {} bytes exceeds the limit of {}", line.size(), max_bytes));
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // The scanner takes only lines whose DOM result it reproduces exactly; everything else,
  // errors included, goes the DOM way so that messages stay as they were.
  if (auto event = scan_lease_line(line)) return std::move(*event);
  json doc = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return fail("invalid_json", "the line is not one JSON document");
  return lease_event_from_json(doc);
}

Result<void> validate_lease_event(const json& doc) {
  return check_schema(doc);
}

namespace {

// dump() writes such a string as its bytes between quotes: printable ASCII, no quote or
// backslash. Anything else goes through nlohmann, so its escaping rules are not restated here.
bool dumps_verbatim(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\'; });
}

void append_dumped_string(std::string& out, std::string_view text) {
  if (!dumps_verbatim(text)) {
    out += json(text).dump();
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

// Appends value.dump(); objects (the options: codes to objects of strings) are written member
// by member without a serializer per lease, in the sorted order dump() uses.
void append_dumped(std::string& out, const json& value) {
  if (value.is_string()) return append_dumped_string(out, value.get_ref<const std::string&>());
  if (!value.is_object()) {
    out += value.dump();
    return;
  }
  out += '{';
  for (auto member = value.begin(); member != value.end(); ++member) {
    if (member != value.begin()) out += ',';
    append_dumped_string(out, member.key());
    out += ':';
    append_dumped(out, member.value());
  }
  out += '}';
}

void append_integer(std::string& out, std::int64_t value) {
  fmt::format_int text(value);
  out.append(text.data(), text.size());
}

}  // namespace

std::string lease_document_text(const LeaseEvent& event, std::string_view mac, std::string_view ip) {
  // Keys in the order nlohmann's dump() sorts them, so the text is the one dump() gives for the
  // same document; mac and ip are canonical and need no escaping.
  std::string out;
  out.reserve(160 + event.hostname.size() + event.client_id.size());
  out += '{';
  if (!event.client_id.empty()) {
    out += "\"client_id\":";
    append_dumped_string(out, event.client_id);
    out += ',';
  }
  out += "\"expires\":";
  append_integer(out, event.expires);
  out += ',';
  if (!event.hostname.empty()) {
    out += "\"hostname\":";
    append_dumped_string(out, event.hostname);
    out += ',';
  }
  out += "\"ip\":\"";
  out += ip;
  out += "\",\"mac\":\"";
  out += mac;
  out += '"';
  if (!event.options.empty()) {
    out += ",\"options\":";
    append_dumped(out, event.options);
  }
  if (event.subnet_id) {
    out += ",\"subnet_id\":";
    append_integer(out, *event.subnet_id);
  }
  out += '}';
  return out;
}

}  // namespace provd::leases

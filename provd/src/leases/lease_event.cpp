#include "leases/lease_event.h"

#include <cstdint>
#include <limits>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "common/ip_address.h"

namespace provd::leases {
using nlohmann::json;

namespace {

// The schema (schema/lease-event.schema.json) checked by hand: a generic validator compiles
// its regular expressions on every document, far too slow for tens of thousands of events per
// second. Unit tests hold this to the schema with the generic validator on every case.
std::size_t code_points(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

bool is_hex_pair(std::string_view s, std::size_t at) {
  auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  return at + 1 < s.size() && hex(s[at]) && hex(s[at + 1]);
}

// "aa:bb:..." with `groups` pairs (0 = any number >= 1); the empty string is allowed.
bool is_colon_hex(std::string_view s, std::size_t groups) {
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

bool is_integer(const json& v) {
  return v.is_number_integer() &&
         !(v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t{std::numeric_limits<std::int64_t>::max()});
}

Result<void> check_schema(const json& doc) {
  if (!doc.is_object()) return fail("invalid_document", "(root): must be an object");
  static const std::set<std::string, std::less<>> known = {
      "v",        "boot",      "seq",     "event",     "ts",      "family",  "ip",        "mac",     "client_id",
      "hostname", "valid_lft", "expires", "subnet_id", "options", "dropped", "first_seq", "last_seq"};
  for (const auto& [key, value] : doc.items()) {
    if (!known.contains(key)) return fail("invalid_document", fmt::format("{}: unknown field", key));
  }
  for (const char* key : {"v", "boot", "seq", "event"}) {
    if (!doc.contains(key)) return fail("invalid_document", fmt::format("{}: required", key));
  }
  auto bad = [](const char* key, const char* why) { return fail("invalid_document", fmt::format("{}: {}", key, why)); };
  const json& v = doc["v"];
  if (!v.is_number() || v != 1) return bad("v", "must be 1");
  const json& boot = doc["boot"];
  if (!boot.is_string() || boot.get_ref<const std::string&>().empty() ||
      code_points(boot.get_ref<const std::string&>()) > 64)
    return bad("boot", "must be a string of 1..64 characters");
  auto integer_at_least = [&](const char* key, std::int64_t min, bool required) -> Result<void> {
    auto it = doc.find(key);
    if (it == doc.end()) return required ? bad(key, "required") : Result<void>{};
    if (!is_integer(*it) || it->get<std::int64_t>() < min) {
      return fail("invalid_document", fmt::format("{}: must be an integer >= {}", key, min));
    }
    return {};
  };
  for (auto [key, min] : std::initializer_list<std::pair<const char*, std::int64_t>>{{"seq", 1},
                                                                                     {"valid_lft", 0},
                                                                                     {"expires", 0},
                                                                                     {"subnet_id", 0},
                                                                                     {"dropped", 1},
                                                                                     {"first_seq", 1},
                                                                                     {"last_seq", 1}}) {
    if (auto r = integer_at_least(key, min, false); !r) return r;
  }
  if (auto ts = doc.find("ts"); ts != doc.end() && !is_integer(*ts)) return bad("ts", "must be an integer");
  const json& event = doc["event"];
  static const std::set<std::string, std::less<>> kinds = {"commit", "release", "expire", "decline", "recover", "gap"};
  if (!event.is_string() || !kinds.contains(event.get_ref<const std::string&>()))
    return bad("event", "must be one of commit, release, expire, decline, recover, gap");
  if (auto family = doc.find("family"); family != doc.end() && family->get_ptr<const std::string*>() == nullptr) {
    return bad("family", "must be inet or inet6");
  } else if (family != doc.end() && *family != "inet" && *family != "inet6") {
    return bad("family", "must be inet or inet6");
  }
  if (auto ip = doc.find("ip"); ip != doc.end()) {
    if (!ip->is_string() || code_points(ip->get_ref<const std::string&>()) < 2 ||
        code_points(ip->get_ref<const std::string&>()) > 45)
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
    if (!host->is_string() || code_points(host->get_ref<const std::string&>()) > 255)
      return bad("hostname", "must be a string of at most 255 characters");
  }
  if (auto options = doc.find("options"); options != doc.end()) {
    if (!options->is_object()) return bad("options", "must be an object");
    for (const auto& [code, option] : options->items()) {
      if (code.empty() || code.size() > 3 || code.find_first_not_of("0123456789") != std::string::npos)
        return fail("invalid_document", fmt::format("options.{}: not a decimal option code", code));
      if (!option.is_object() || !option.contains("hex"))
        return fail("invalid_document", fmt::format("options.{}: must be an object with hex", code));
      for (const auto& [field, value] : option.items()) {
        if (field == "hex") {
          const std::string* hex = value.get_ptr<const std::string*>();
          bool ok = hex != nullptr && hex->size() % 2 == 0;
          for (std::size_t i = 0; ok && i < hex->size(); i += 2) ok = is_hex_pair(*hex, i);
          if (!ok) return fail("invalid_document", fmt::format("options.{}.hex: must be lower-case hex pairs", code));
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
  if (name == "commit") return EventKind::kCommit;
  if (name == "release") return EventKind::kRelease;
  if (name == "expire") return EventKind::kExpire;
  if (name == "decline") return EventKind::kDecline;
  if (name == "recover") return EventKind::kRecover;
  if (name == "gap") return EventKind::kGap;
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
  if ((event.kind == EventKind::kCommit || event.kind == EventKind::kRecover) && event.mac.empty()) {
    return fail("invalid_document", "mac: a commit or recover needs a hardware address");
  }
  return event;
}

Result<LeaseEvent> parse_lease_line(std::string_view line, std::size_t max_bytes) {
  if (line.size() > max_bytes) {
    return fail("too_long", fmt::format("line of {} bytes exceeds the limit of {}", line.size(), max_bytes));
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  json doc = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return fail("invalid_json", "the line is not one JSON document");
  return lease_event_from_json(doc);
}

Result<void> validate_lease_event(const json& doc) {
  return check_schema(doc);
}

json lease_document(const LeaseEvent& event) {
  json lease = {{"mac", event.mac}, {"ip", event.ip}, {"expires", event.expires}};
  if (!event.hostname.empty()) lease["hostname"] = event.hostname;
  if (!event.client_id.empty()) lease["client_id"] = event.client_id;
  if (event.subnet_id) lease["subnet_id"] = *event.subnet_id;
  if (!event.options.empty()) lease["options"] = event.options;
  return lease;
}

}  // namespace provd::leases

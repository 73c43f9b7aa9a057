// One lease event of the Kea hook's wire format (schema/lease-event.schema.json): parsing a
// line of NDJSON into a validated LeaseEvent, or an Error that says why the line is unusable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace provd::leases {

/// What happened to a lease.
enum class EventKind { kCommit, kRelease, kExpire, kDecline, kRecover, kGap };

/// The wire name of a kind ("commit", ...).
std::string_view to_string(EventKind kind);

/// A validated lease event. Lease fields are empty / zero when the event does not carry them.
struct LeaseEvent {
  std::string boot;      ///< id of the hook instance that sent it
  std::int64_t seq = 0;  ///< per boot, strictly increasing from 1
  EventKind kind = EventKind::kCommit;
  std::int64_t ts = 0;    ///< when the hook saw it (Unix seconds, 0 = unknown)
  std::string ip;         ///< canonical address text
  std::string mac;        ///< lower-case colon form; empty for a declined address
  std::string client_id;  ///< colon hex, may be empty
  std::string hostname;
  std::int64_t valid_lft = 0;
  std::int64_t expires = 0;  ///< Unix seconds, 0 = infinite
  std::optional<std::int64_t> subnet_id;
  nlohmann::json options = nlohmann::json::object();  ///< code -> {hex, text?}
  std::int64_t dropped = 0;                           ///< gap: how many events the hook dropped

  /// Every field equal (the fast and the DOM parse must agree to the last one).
  friend bool operator==(const LeaseEvent&, const LeaseEvent&) = default;
};

/// Longest line accepted by default (the listener's limit comes from configuration).
inline constexpr std::size_t kDefaultMaxLineBytes = 64 * 1024;

/// Parses one line (without its newline). Errors: "too_long", "invalid_json",
/// "invalid_document" (schema violation, naming the field), "invalid_ip".
Result<LeaseEvent> parse_lease_line(std::string_view line, std::size_t max_bytes = kDefaultMaxLineBytes);

/// Parses an already decoded document (the REST /dhcpinfo path uses this). Same errors.
Result<LeaseEvent> lease_event_from_json(const nlohmann::json& doc);

/// Checks `doc` against schema/lease-event.schema.json (hand-written for speed; unit tests
/// compare it with the generic schema validator). Error code "invalid_document".
Result<void> validate_lease_event(const nlohmann::json& doc);

/// The lease document the store keeps for a commit/recover event (store/leases.h fields), as
/// the text json::dump() would give, with `mac` and `ip` the event's in canonical form.
std::string lease_document_text(const LeaseEvent& event, std::string_view mac, std::string_view ip);

}  // namespace provd::leases

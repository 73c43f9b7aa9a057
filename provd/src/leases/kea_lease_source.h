// Kea's own view of the current leases, for reconciliation: through the lease_cmds control
// socket (`lease4-get-all`) or, when Kea is not answering, from its memfile lease CSV.
// Both produce lease documents in the form store::Leases keeps (mac, ip, expires, hostname,
// client_id, subnet_id, options), holding only leases that are associations right now:
// state 0 (default), not yet expired, with a hardware address.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace provd::leases {

/// The lease documents of a `lease4-get-all` answer (an object, or the control agent's
/// one-element array). Errors: "kea_error" (result other than 0 or 3), "invalid_document".
Result<std::vector<nlohmann::json>> leases_from_get_all(const nlohmann::json& answer, std::int64_t now_unix);

/// Sends `lease4-get-all` on Kea's Unix control socket and parses the answer (blocking: run it
/// on the blocking pool). Errors: "unavailable" (cannot connect, timeout), "invalid_json",
/// plus those of leases_from_get_all.
Result<std::vector<nlohmann::json>> fetch_leases_from_control_socket(const std::filesystem::path& socket,
                                                                     std::chrono::milliseconds timeout,
                                                                     std::int64_t now_unix);

/// The current leases of a memfile CSV text (later lines for an address supersede earlier ones,
/// valid_lifetime 0 marks a deleted lease). Errors: "invalid_document" (no usable header).
/// Malformed rows are skipped and counted in `skipped_rows` when given.
Result<std::vector<nlohmann::json>> leases_from_memfile_csv(std::string_view text, std::int64_t now_unix,
                                                            std::size_t* skipped_rows = nullptr);

/// Reads Kea's memfile lease file (blocking). Errors: "unavailable" (cannot read) and those
/// of leases_from_memfile_csv.
Result<std::vector<nlohmann::json>> read_leases_from_memfile(const std::filesystem::path& file, std::int64_t now_unix);

/// The options map provd's hook keeps in a lease's user context ({"provd": {"options": ...}} or
/// {"provd": {code: ...}}), or an empty object.
nlohmann::json options_from_user_context(const nlohmann::json& user_context);

}  // namespace provd::leases

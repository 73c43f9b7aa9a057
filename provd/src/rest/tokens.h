// API tokens. A token reads `pvd_<id>_<secret>`; the store keeps, under the id, the name, role,
// expiry and the SHA-256 of the secret only, so a copy of the store reveals no usable token.
// Verification hashes the presented secret and compares digests in constant time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "store/store.h"

namespace provd::rest {

/// Lower-case hex SHA-256 of `data` (OpenSSL).
std::string sha256_hex(std::string_view data);

/// The roles a token may have: admin (everything, tokens included), operator (everything but
/// tokens), dhcp (only POST /dhcpinfo, for DHCP server scripts).
bool valid_role(std::string_view role);

/// The `tokens` database of the store: id -> {id, name, role, created, expires, sha256}.
class Tokens {
 public:
  /// Opens (creating) the tokens database of `store`.
  explicit Tokens(store::Store& store);

  /// A new token: the secret text (shown once) and its public record.
  struct Created {
    std::string token;
    nlohmann::json record;
  };
  /// Creates a token; `expires` is Unix seconds, 0 for never. Errors: invalid_document.
  Result<Created> create(store::WriteTxn& txn, std::string_view name, std::string_view role, std::int64_t expires,
                         std::int64_t now) const;
  /// The public record of the token presented, if it exists and has not expired at `now`.
  /// Errors: invalid_token, expired_token.
  Result<nlohmann::json> verify(store::TxnRef txn, std::string_view presented, std::int64_t now) const;
  /// Every token's public record (no secrets), ordered by id.
  std::vector<nlohmann::json> list(store::TxnRef txn) const;
  /// The public record of one token.
  std::optional<nlohmann::json> get(store::TxnRef txn, std::string_view id) const;
  /// Deletes a token; false when there was none.
  bool revoke(store::WriteTxn& txn, std::string_view id) const;
  /// Number of tokens.
  std::size_t count(store::TxnRef txn) const;

 private:
  store::Dbi db_;
};

/// At first start (no token at all), creates an admin token and writes it, alone on one line,
/// to `file` with mode 0600 (replacing any older file). Returns true when it did. Throws when
/// the file cannot be written: start-up must fail rather than leave nobody able to log in.
bool ensure_first_admin_token(store::Store& store, const std::filesystem::path& file);

/// Unix seconds now.
std::int64_t unix_now();

}  // namespace provd::rest

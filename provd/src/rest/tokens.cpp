#include "rest/tokens.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <system_error>

#include <fmt/format.h>

#include "common/random_id.h"
#include "common/unique_fd.h"

namespace provd::rest {
namespace {

constexpr std::string_view kPrefix = "pvd_";
constexpr std::size_t kIdLength = 16;

nlohmann::json public_record(nlohmann::json record) {
  record.erase("sha256");
  return record;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("EVP_Digest(sha256) failed");
  }
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

bool valid_role(std::string_view role) {
  return role == "admin" || role == "operator" || role == "dhcp";
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Tokens::Tokens(store::Store& store) : db_(store.env().open_db("tokens")) {}

Result<Tokens::Created> Tokens::create(store::WriteTxn& txn, std::string_view name, std::string_view role,
                                       std::int64_t expires, std::int64_t now) const {
  if (name.empty() || name.size() > 128) return fail("invalid_document", "name: must be 1..128 characters");
  if (!valid_role(role)) return fail("invalid_document", "role: must be admin, operator or dhcp");
  if (expires < 0 || (expires != 0 && expires <= now)) {
    return fail("invalid_document", "expires: must be in the future (or 0 for never)");
  }
  const std::string id = random_id().substr(0, kIdLength);
  const std::string secret = random_id() + random_id();
  nlohmann::json record = {{"id", id},       {"name", name},       {"role", role},
                           {"created", now}, {"expires", expires}, {"sha256", sha256_hex(secret)}};
  txn.put(db_, id, record.dump());
  return Created{fmt::format("{}{}_{}", kPrefix, id, secret), public_record(record)};
}

Result<nlohmann::json> Tokens::verify(store::TxnRef txn, std::string_view presented, std::int64_t now) const {
  if (presented.size() != kPrefix.size() + kIdLength + 1 + 64 || presented.substr(0, kPrefix.size()) != kPrefix ||
      presented[kPrefix.size() + kIdLength] != '_') {
    return fail("invalid_token", "the bearer token is malformed");
  }
  const std::string_view id = presented.substr(kPrefix.size(), kIdLength);
  const std::string_view secret = presented.substr(kPrefix.size() + kIdLength + 1);
  auto text = txn.get(db_, id);
  if (!text) return fail("invalid_token", "unknown or revoked token");
  nlohmann::json record = nlohmann::json::parse(*text);
  const std::string expected = record.at("sha256").get<std::string>();
  const std::string actual = sha256_hex(secret);
  if (expected.size() != actual.size() || CRYPTO_memcmp(expected.data(), actual.data(), actual.size()) != 0) {
    return fail("invalid_token", "unknown or revoked token");
  }
  const std::int64_t expires = record.value("expires", std::int64_t{0});
  if (expires != 0 && expires <= now) return fail("expired_token", "the token has expired");
  return public_record(std::move(record));
}

std::vector<nlohmann::json> Tokens::list(store::TxnRef txn) const {
  std::vector<nlohmann::json> out;
  store::Cursor cursor(txn, db_);
  for (auto entry = cursor.first(); entry; entry = cursor.next()) {
    out.push_back(public_record(nlohmann::json::parse(entry->value)));
  }
  return out;
}

std::optional<nlohmann::json> Tokens::get(store::TxnRef txn, std::string_view id) const {
  auto text = txn.get(db_, id);
  if (!text) return std::nullopt;
  return public_record(nlohmann::json::parse(*text));
}

bool Tokens::revoke(store::WriteTxn& txn, std::string_view id) const {
  return txn.del(db_, id);
}

std::size_t Tokens::count(store::TxnRef txn) const {
  MDB_stat stat{};
  store::check(mdb_stat(txn.raw(), db_.handle, &stat), "mdb_stat");
  return stat.ms_entries;
}

bool ensure_first_admin_token(store::Store& store, const std::filesystem::path& file) {
  Tokens tokens(store);
  store::WriteTxn txn = store.write();
  if (tokens.count(txn) > 0) return false;
  auto created = tokens.create(txn, "initial-admin", "admin", 0, unix_now());
  if (!created) throw std::logic_error(created.error().message);
  // Written before the commit: a token that nobody can read must not exist.
  std::filesystem::create_directories(file.parent_path().empty() ? "." : file.parent_path());
  UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd.valid()) throw std::system_error(errno, std::generic_category(), "open " + file.string());
  if (::fchmod(fd.get(), 0600) != 0) throw std::system_error(errno, std::generic_category(), "fchmod");
  const std::string line = created->token + "\n";
  if (::write(fd.get(), line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fsync(fd.get()) != 0) {
    throw std::system_error(errno, std::generic_category(), "write " + file.string());
  }
  txn.commit();
  return true;
}

}  // namespace provd::rest

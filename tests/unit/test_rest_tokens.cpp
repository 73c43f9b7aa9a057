#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "rest/tokens.h"
#include "support_temp_dir.h"

namespace provd::rest {
namespace {

class TokensTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  store::Store store{dir.path() / "store"};
  Tokens tokens{store};

  Tokens::Created create(std::string role, std::int64_t expires, std::int64_t now = 1000) {
    store::WriteTxn txn = store.write();
    auto created = tokens.create(txn, "ci", role, expires, now);
    EXPECT_TRUE(created.ok()) << created.error().message;
    txn.commit();
    return *created;
  }
};

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(TokensTest, CreatedTokenVerifiesAndStoresOnlyTheHash) {
  auto created = create("operator", 0);
  EXPECT_TRUE(created.token.starts_with("pvd_"));
  EXPECT_FALSE(created.record.contains("sha256"));
  store::ReadTxn txn = store.read();
  auto verified = tokens.verify(txn, created.token, 2000);
  ASSERT_TRUE(verified.ok()) << verified.error().message;
  EXPECT_EQ((*verified)["role"], "operator");
  EXPECT_EQ((*verified)["name"], "ci");
  // The secret itself is nowhere in the stored record.
  const std::string secret = created.token.substr(created.token.rfind('_') + 1);
  for (const auto& record : tokens.list(txn)) EXPECT_EQ(record.dump().find(secret), std::string::npos);
}

TEST_F(TokensTest, WrongSecretSameIdIsRefused) {
  auto created = create("admin", 0);
  std::string forged = created.token;
  forged.back() = forged.back() == '0' ? '1' : '0';
  store::ReadTxn txn = store.read();
  auto verified = tokens.verify(txn, forged, 2000);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, "invalid_token");
}

TEST_F(TokensTest, MalformedTokensAreRefused) {
  create("admin", 0);
  store::ReadTxn txn = store.read();
  for (const std::string& bad : std::vector<std::string>{"", "pvd_", "Bearer x", std::string(200, 'a'),
                                                         std::string("pvd_") + std::string(81, '0')}) {
    auto verified = tokens.verify(txn, bad, 2000);
    ASSERT_FALSE(verified.ok()) << bad;
    EXPECT_EQ(verified.error().code, "invalid_token");
  }
}

TEST_F(TokensTest, ExpiryIsEnforced) {
  auto created = create("operator", 5000, 1000);
  store::ReadTxn txn = store.read();
  EXPECT_TRUE(tokens.verify(txn, created.token, 4999).ok());
  auto expired = tokens.verify(txn, created.token, 5000);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, "expired_token");
}

TEST_F(TokensTest, ExpiryInThePastAndBadRolesAreRefused) {
  store::WriteTxn txn = store.write();
  EXPECT_FALSE(tokens.create(txn, "x", "operator", 900, 1000).ok());
  EXPECT_FALSE(tokens.create(txn, "x", "root", 0, 1000).ok());
  EXPECT_FALSE(tokens.create(txn, "", "admin", 0, 1000).ok());
}

TEST_F(TokensTest, RevokedTokenNoLongerVerifies) {
  auto created = create("operator", 0);
  {
    store::WriteTxn txn = store.write();
    EXPECT_TRUE(tokens.revoke(txn, created.record["id"].get<std::string>()));
    EXPECT_FALSE(tokens.revoke(txn, created.record["id"].get<std::string>()));
    txn.commit();
  }
  store::ReadTxn txn = store.read();
  EXPECT_FALSE(tokens.verify(txn, created.token, 2000).ok());
}

TEST(FirstAdminToken, WrittenOnceWithMode0600) {
  test::TempDir dir;
  store::Store store(dir.path() / "store");
  const auto file = dir.path() / "admin.token";
  EXPECT_TRUE(ensure_first_admin_token(store, file));
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string token;
  std::getline(std::ifstream(file), token);
  Tokens tokens(store);
  {
    store::ReadTxn txn = store.read();
    auto verified = tokens.verify(txn, token, unix_now());
    ASSERT_TRUE(verified.ok());
    EXPECT_EQ((*verified)["role"], "admin");
  }
  // A second start finds a token and leaves the file alone.
  EXPECT_FALSE(ensure_first_admin_token(store, file));
  std::string again;
  std::getline(std::ifstream(file), again);
  EXPECT_EQ(again, token);
}

}  // namespace
}  // namespace provd::rest

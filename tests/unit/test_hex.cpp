// Hex decoding shared by MACs, percent-decoding, REST cursors and DHCP option bytes.
#include <gtest/gtest.h>

#include "common/hex.h"

namespace provd {
namespace {

TEST(Hex, DigitValuesInEitherCase) {
  EXPECT_EQ(hex_digit_value('0'), 0);
  EXPECT_EQ(hex_digit_value('a'), 10);
  EXPECT_EQ(hex_digit_value('F'), 15);
  EXPECT_EQ(hex_digit_value('g'), -1);
}

TEST(Hex, BytesFromHexDecodesPairs) {
  EXPECT_EQ(bytes_from_hex("436973636f", HexCase::kLowerOnly), "Cisco");
  EXPECT_EQ(bytes_from_hex("00ff", HexCase::kEither), std::string("\0\xff", 2));
  EXPECT_EQ(bytes_from_hex("", HexCase::kLowerOnly), "");
}

TEST(Hex, BytesFromHexRefusesOddLengthForeignCharactersAndTheWrongCase) {
  EXPECT_EQ(bytes_from_hex("abc", HexCase::kEither), std::nullopt);
  EXPECT_EQ(bytes_from_hex("zz", HexCase::kEither), std::nullopt);
  EXPECT_EQ(bytes_from_hex("4A", HexCase::kLowerOnly), std::nullopt);
  EXPECT_EQ(bytes_from_hex("4A", HexCase::kEither), "J");
}

}  // namespace
}  // namespace provd

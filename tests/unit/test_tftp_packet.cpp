// TFTP packet parser and serialiser: every malformed kind, and round trips.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tftp/options.h"
#include "tftp/packet.h"

namespace provd::tftp {
namespace {

std::vector<std::uint8_t> bytes(std::string_view s) {
  return {s.begin(), s.end()};
}

std::string parse_error(const std::vector<std::uint8_t>& datagram) {
  auto parsed = parse_packet(datagram);
  return parsed ? std::string("ok") : parsed.error().code;
}

TEST(TftpPacket, ParsesRrqWithOptions) {
  const auto rrq = encode_rrq("/cfg/SEP0011.cnf.xml", "OCTET", {{"BlkSize", "1468"}, {"tsize", "0"}});
  auto parsed = parse_packet(rrq);
  ASSERT_TRUE(parsed);
  const auto& req = std::get<RequestPacket>(*parsed);
  EXPECT_EQ(req.opcode, Opcode::kRrq);
  EXPECT_EQ(req.filename, "/cfg/SEP0011.cnf.xml");
  EXPECT_EQ(req.mode, Mode::kOctet);
  ASSERT_EQ(req.options.size(), 2u);
  EXPECT_EQ(req.options[0], (Option{"blksize", "1468"}));
  EXPECT_EQ(req.options[1], (Option{"tsize", "0"}));
}

TEST(TftpPacket, ParsesNetasciiWrqAckError) {
  auto wrq = parse_packet(encode_rrq("f", "netascii"));
  ASSERT_TRUE(wrq);
  EXPECT_EQ(std::get<RequestPacket>(*wrq).mode, Mode::kNetascii);
  auto w = bytes(std::string("\0\2f\0octet\0", 10));
  auto parsed_wrq = parse_packet(w);
  ASSERT_TRUE(parsed_wrq);
  EXPECT_EQ(std::get<RequestPacket>(*parsed_wrq).opcode, Opcode::kWrq);
  auto ack = parse_packet(encode_ack(65535));
  ASSERT_TRUE(ack);
  EXPECT_EQ(std::get<AckPacket>(*ack).block, 65535);
  auto err = parse_packet(encode_error(ErrorCode::kOptionRefused, "no"));
  ASSERT_TRUE(err);
  EXPECT_EQ(std::get<ErrorPacket>(*err).code, 8);
  EXPECT_EQ(std::get<ErrorPacket>(*err).message, "no");
  auto data = parse_packet(bytes(std::string("\0\3\0\1abc", 7)));
  ASSERT_TRUE(data);
  EXPECT_EQ(std::get<UnexpectedPacket>(*data).opcode, Opcode::kData);
}

TEST(TftpPacket, DuplicateOptionsKeepTheFirst) {
  auto parsed = parse_packet(encode_rrq("f", "octet", {{"blksize", "512"}, {"BLKSIZE", "1024"}}));
  ASSERT_TRUE(parsed);
  const auto& options = std::get<RequestPacket>(*parsed).options;
  ASSERT_EQ(options.size(), 1u);
  EXPECT_EQ(options[0].second, "512");
}

TEST(TftpPacket, RefusesEveryMalformedKind) {
  EXPECT_EQ(parse_error({}), "truncated");
  EXPECT_EQ(parse_error({0, 1, 'a'}), "truncated");
  EXPECT_EQ(parse_error(bytes(std::string("\0\4\0\1\0", 5))), "truncated");  // ACK of 5 bytes
  EXPECT_EQ(parse_error(std::vector<std::uint8_t>(kMaxDatagram + 1, 'a')), "too_large");
  EXPECT_EQ(parse_error({0, 9, 'a', 0}), "bad_opcode");
  EXPECT_EQ(parse_error({0, 0, 'a', 0}), "bad_opcode");
  EXPECT_EQ(parse_error(bytes(std::string("\0\1file", 6))), "no_nul");
  EXPECT_EQ(parse_error(bytes(std::string("\0\1file\0octet", 12))), "no_nul");
  EXPECT_EQ(parse_error(bytes(std::string("\0\1\0octet\0", 9))), "empty_filename");
  EXPECT_EQ(parse_error(encode_rrq(std::string(kMaxFilename + 1, 'x'), "octet")), "filename_too_long");
  EXPECT_EQ(parse_error(encode_rrq("f", "mail")), "bad_mode");
  EXPECT_EQ(parse_error(encode_rrq("f", "")), "bad_mode");
  EXPECT_EQ(parse_error(bytes(std::string("\0\1f\0octet\0blksize\0", 18))), "no_nul");  // value missing
  EXPECT_EQ(parse_error(bytes(std::string("\0\1f\0octet\0blksize", 17))), "no_nul");
  EXPECT_EQ(parse_error(encode_rrq("f", "octet", {{"", "1"}})), "empty_option");
  EXPECT_EQ(parse_error(encode_rrq("f", "octet", {{std::string(kMaxOptionField + 1, 'o'), "1"}})), "option_too_long");
  EXPECT_EQ(parse_error(encode_rrq("f", "octet", {{"blksize", std::string(kMaxOptionField + 1, '1')}})),
            "option_too_long");
  std::vector<Option> many;
  for (std::size_t i = 0; i <= kMaxOptions; ++i) many.emplace_back("opt" + std::to_string(i), "1");
  EXPECT_EQ(parse_error(encode_rrq("f", "octet", many)), "too_many_options");
}

TEST(TftpPacket, EncodesWireFormat) {
  EXPECT_EQ(encode_ack(0x0102), (std::vector<std::uint8_t>{0, 4, 1, 2}));
  EXPECT_EQ(encode_error(ErrorCode::kNotFound, "x"), (std::vector<std::uint8_t>{0, 5, 0, 1, 'x', 0}));
  EXPECT_EQ(encode_oack({{"tsize", "3"}}), (std::vector<std::uint8_t>{0, 6, 't', 's', 'i', 'z', 'e', 0, '3', 0}));
  std::uint8_t header[4];
  write_data_header(header, 0xABCD);
  EXPECT_EQ(std::vector<std::uint8_t>(header, header + 4), (std::vector<std::uint8_t>{0, 3, 0xAB, 0xCD}));
  EXPECT_EQ(wire_block(65535), 65535);
  EXPECT_EQ(wire_block(65536), 0);
  EXPECT_EQ(wire_block(65537), 1);
  EXPECT_LE(encode_error(ErrorCode::kUndefined, std::string(1000, 'm')).size(), 110u);
}

TEST(TftpOptions, NoOptionsNoOack) {
  auto n = negotiate({}, OptionLimits{}, 100);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->blksize, 512);
  EXPECT_EQ(n->windowsize, 1);
  EXPECT_EQ(n->timeout_s, 1);
  EXPECT_TRUE(n->oack.empty());
}

TEST(TftpOptions, AcknowledgesKnownIgnoresUnknown) {
  auto n = negotiate({{"blksize", "1024"}, {"multicast", ""}, {"tsize", "0"}, {"windowsize", "8"}, {"timeout", "3"}},
                     OptionLimits{1468, 16, 1}, 12345);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->blksize, 1024);
  EXPECT_EQ(n->windowsize, 8);
  EXPECT_EQ(n->timeout_s, 3);
  EXPECT_EQ(n->oack,
            (std::vector<Option>{{"blksize", "1024"}, {"tsize", "12345"}, {"windowsize", "8"}, {"timeout", "3"}}));
}

TEST(TftpOptions, CapsLowerTheAnswer) {
  auto n = negotiate({{"blksize", "65464"}, {"windowsize", "65535"}}, OptionLimits{1468, 16, 1}, 0);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->blksize, 1468);
  EXPECT_EQ(n->windowsize, 16);
  EXPECT_EQ(n->oack, (std::vector<Option>{{"blksize", "1468"}, {"windowsize", "16"}}));
  // Larger than RFC 2348's maximum is still lowered to the cap, not refused.
  auto big = negotiate({{"blksize", "99999"}}, OptionLimits{1468, 16, 1}, 0);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->blksize, 1468);
}

TEST(TftpOptions, TsizeValueOfAReadIsIgnored) {
  auto n = negotiate({{"tsize", "enable"}}, OptionLimits{}, 77);  // what atftp sends
  ASSERT_TRUE(n);
  EXPECT_EQ(n->oack, (std::vector<Option>{{"tsize", "77"}}));
}

TEST(TftpOptions, UnknownSizeLeavesTsizeOut) {
  auto n = negotiate({{"tsize", "0"}}, OptionLimits{}, std::nullopt);
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->oack.empty());
  auto empty = negotiate({{"tsize", "0"}}, OptionLimits{}, 0);  // curl refuses an OACK of tsize 0
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->oack.empty());
}

TEST(TftpOptions, RefusesValuesNoRfcAllows) {
  for (const auto& option : std::vector<Option>{{"blksize", "7"},
                                                {"blksize", "0"},
                                                {"blksize", "abc"},
                                                {"blksize", "-512"},
                                                {"blksize", " 512"},
                                                {"blksize", ""},
                                                {"blksize", "99999999999999999999999"},
                                                {"windowsize", "0"},
                                                {"windowsize", "65536"},
                                                {"timeout", "0"},
                                                {"timeout", "256"}}) {
    auto n = negotiate({option}, OptionLimits{}, 10);
    ASSERT_FALSE(n) << option.first << "=" << option.second;
    EXPECT_EQ(n.error().code, "option_refused");
  }
}

}  // namespace
}  // namespace provd::tftp

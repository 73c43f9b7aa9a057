#include <gtest/gtest.h>

#include "common/ip_address.h"
#include "common/mac_address.h"

namespace provd {
namespace {

TEST(MacAddress, AcceptsEveryVendorSpelling) {
  for (const char* text : {"00:08:5d:23:73:01", "00:08:5D:23:73:01", "00-08-5D-23-73-01", "00085D237301",
                           "00085d237301", "0008.5d23.7301"}) {
    auto mac = MacAddress::parse(text);
    ASSERT_TRUE(mac.ok()) << text;
    EXPECT_EQ(mac->str(), "00:08:5d:23:73:01") << text;
  }
}

TEST(MacAddress, FormatsInVendorForms) {
  auto mac = MacAddress::parse("00:08:5d:23:73:0a");
  ASSERT_TRUE(mac.ok());
  EXPECT_EQ(mac->format(MacFormat::kColonUpper), "00:08:5D:23:73:0A");
  EXPECT_EQ(mac->format(MacFormat::kDashUpper), "00-08-5D-23-73-0A");
  EXPECT_EQ(mac->format(MacFormat::kPlainLower), "00085d23730a");
  EXPECT_EQ(mac->format(MacFormat::kPlainUpper), "00085D23730A");
}

TEST(MacAddress, RejectsNearMisses) {
  for (const char* text : {"", "00:08:5d:23:73", "00:08:5d:23:73:01:02", "00:08-5d:23:73:01", "00085D23730G",
                           "0:08:5d:23:73:01:", "00085D2373011", "00:08:5d:23:7301", "0008.5d23-7301",
                           "zz:zz:zz:zz:zz:zz", "00:08:5d:23:73:0\x01"}) {
    auto mac = MacAddress::parse(text);
    EXPECT_FALSE(mac.ok()) << text;
    if (!mac.ok()) {
      EXPECT_EQ(mac.error().code, "invalid_mac");
    }
  }
}

TEST(MacAddress, ErrorNamesTheInput) {
  auto mac = normalize_mac("not-a-mac");
  ASSERT_FALSE(mac.ok());
  EXPECT_NE(mac.error().message.find("not-a-mac"), std::string::npos);
}

TEST(IpAddress, NormalisesV4AndV6) {
  EXPECT_EQ(*normalize_ip("192.0.2.10"), "192.0.2.10");
  EXPECT_EQ(*normalize_ip("2001:DB8:0:0::1"), "2001:db8::1");
  EXPECT_TRUE(is_ipv4("10.0.0.1"));
  EXPECT_FALSE(is_ipv4("2001:db8::1"));
}

TEST(IpAddress, RejectsMalformed) {
  for (const char* text :
       {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", " 1.2.3.4", "01.2.3.4x", "::g", "example.com"}) {
    auto ip = normalize_ip(text);
    EXPECT_FALSE(ip.ok()) << text;
    if (!ip.ok()) {
      EXPECT_EQ(ip.error().code, "invalid_ip");
    }
  }
  EXPECT_FALSE(normalize_ip(std::string_view("1.2.3.4\0", 8)).ok());
}

}  // namespace
}  // namespace provd

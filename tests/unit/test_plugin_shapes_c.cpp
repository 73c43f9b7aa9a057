// Request shapes the Digium, Avaya, Alcatel-Lucent, Technicolor, Zenitel, Jitsi and
// Aastra/Mitel plugins identify beyond the corpus rows: each vendor's documented user agents,
// paths, TFTP file names and DHCP option 60, through extraction with every bundled plugin
// loaded (so a rule of another vendor that steals the request shows up as a conflict).
#include <gtest/gtest.h>

#include <string>

#include "config/loader.h"
#include "ident/extract.h"

namespace provd::ident {
namespace {

struct Shape {
  Channel channel;
  std::string ua_or_vci;  // User-Agent (HTTP) or option 60 (DHCP)
  std::string path;       // HTTP target with query, or TFTP file name
  std::string vendor, model, version, mac;
};

const plugins::PluginSet& bundled() {
  static const auto set = plugins::PluginSet::load(PROVD_SOURCE_DIR "/plugins");
  return set;
}

Extraction run(const Shape& shape) {
  Inputs in;
  in.source_ip = "192.0.2.10";
  in.channel = shape.channel;
  if (shape.channel == Channel::kDhcp) {
    in.vendor_class = shape.ua_or_vci;
  } else {
    if (!shape.ua_or_vci.empty()) in.user_agent = shape.ua_or_vci;
    in.path = shape.path;
    if (auto q = in.path.find('?'); q != std::string::npos) {
      in.query = in.path.substr(q + 1);
      in.path.resize(q);
    }
  }
  return extract(in, bundled(), config::default_settings().pipeline.extract);
}

void expect_shape(const Shape& shape) {
  const auto x = run(shape);
  const std::string where = "'" + shape.ua_or_vci + "' " + shape.path;
  EXPECT_EQ(x.info.value("vendor").value_or(""), shape.vendor) << where;
  EXPECT_EQ(x.info.value("model").value_or(""), shape.model) << where;
  EXPECT_EQ(x.info.value("version").value_or(""), shape.version) << where;
  EXPECT_EQ(x.info.value("mac").value_or(""), shape.mac) << where;
  for (const auto& step : x.why) EXPECT_FALSE(step.contains("conflict")) << where << ": " << step.dump();
}

constexpr auto kHttp = Channel::kHttp;
constexpr auto kTftp = Channel::kTftp;
constexpr auto kDhcp = Channel::kDhcp;

TEST(PluginShapes, Digium) {
  expect_shape({kDhcp, "digium_D40_1_0_5_46476", "", "Digium", "D40", "1.0.5.46476", ""});
  expect_shape({kDhcp, "digium_D70_1_1_0_0_48178", "", "Digium", "D70", "1.1.0.0.48178", ""});
  expect_shape({kDhcp, std::string("digium_D65_2_8_1\0", 17), "", "Digium", "D65", "2.8.1", ""});
  expect_shape({kHttp, "Digium D40 1_4_0_0_57389", "/Digium/000fd3112233.cfg", "Digium", "D40", "1.4.0.0.57389",
                "00:0f:d3:11:22:33"});
  expect_shape({kHttp, "Digium D60 2_7_0", "/Digium/000000000000.cfg", "Digium", "D60", "2.7.0", ""});
  expect_shape({kHttp, "Digium D80 2_8_1 000fd3445566", "/phoneprov/000fd3445566.cfg", "Digium", "D80", "2.8.1",
                "00:0f:d3:44:55:66"});
  expect_shape({kHttp, "", "/Digium/000fd3aabbcc-contacts.xml", "Digium", "", "", "00:0f:d3:aa:bb:cc"});
  // A bare <12 hex>.cfg outside /Digium/ and without Digium's OUI is not Digium's.
  EXPECT_FALSE(run({kHttp, "", "/0004f2112233.cfg", "", "", "", ""}).info.value("vendor") == "Digium");
}

TEST(PluginShapes, Avaya) {
  expect_shape({kHttp, "AVAYA/SIP12x0\x14/04.00.04.00", "/1230SIP.cfg", "Avaya", "1230IP", "04.00.04.00", ""});
  expect_shape({kHttp, "AVAYA/SIP12x0\xff/04.01.13.00", "/SIP001B4F5C6D7E.cfg", "Avaya", "", "04.01.13.00",
                "00:1b:4f:5c:6d:7e"});
  expect_shape({kHttp, "", "/1140eSIP.cfg", "Avaya", "1140E", "", ""});
  expect_shape({kTftp, "", "1120e.cfg", "Avaya", "1120E", "", ""});
  expect_shape({kTftp, "", "/SIP7038EE010203.cfg", "Avaya", "", "", "70:38:ee:01:02:03"});
  expect_shape({kHttp, "Mozilla/4.0 (compatible; MSIE 6.0) AVAYA/J139-4.0.13.0.6 (MAC:7c57bc010203)",
                "/46xxsettings.txt", "Avaya", "J139", "4.0.13.0.6", "7c:57:bc:01:02:03"});
  expect_shape({kHttp, "Mozilla/4.0 (compatible; MSIE 6.0) AVAYA/J189-4.1.3.0.6 (MAC:c8:1f:ea:83:e8:5b)",
                "/c81fea83e85b.cfg", "Avaya", "J189", "4.1.3.0.6", "c8:1f:ea:83:e8:5b"});
  expect_shape({kHttp, "Mozilla/4.0 (compatible; MSIE 6.0) AVAYA/9611G-7.1.2.0.14", "/96x1Supgrade.txt", "Avaya",
                "9611G", "7.1.2.0.14", ""});
  expect_shape({kHttp, "", "/J100Supgrade.txt", "Avaya", "", "", ""});
  expect_shape({kTftp, "", "46xxsettings.txt", "Avaya", "", "", ""});
}

TEST(PluginShapes, AlcatelLucent) {
  expect_shape({kHttp, "ALE M5 2.13.02.1810 3c28a6010203", "/config.3c28a6010203.xml", "Alcatel-Lucent", "M5",
                "2.13.02.1810", "3c:28:a6:01:02:03"});
  expect_shape({kHttp, "ALE M7-CE 2.13.02.1810 3c28a6040506", "/config.M7.xml", "Alcatel-Lucent", "M7", "2.13.02.1810",
                "3c:28:a6:04:05:06"});
  expect_shape({kHttp, "ALE 8058s 1.52.00.2301 487a55070809", "/config.487a55070809.xml", "Alcatel-Lucent", "8058s",
                "1.52.00.2301", "48:7a:55:07:08:09"});
  expect_shape({kHttp, "", "/config.M3.xml", "Alcatel-Lucent", "M3", "", ""});
  expect_shape({kHttp, "", "/config.00809f112233.xml", "Alcatel-Lucent", "", "", "00:80:9f:11:22:33"});
}

TEST(PluginShapes, Technicolor) {
  expect_shape({kHttp, "THOMSON ST2022 hw2 fw4.68 00-14-7F-E1-FC-6D", "/ST2022S.inf", "Technicolor", "ST2022", "4.68",
                "00:14:7f:e1:fc:6d"});
  expect_shape({kHttp, "Thomson TB30 hw1 fw1.74.0 00-1F-9F-84-F1-80", "/TB30S_001F9F84F180.txt", "Technicolor", "TB30",
                "1.74.0", "00:1f:9f:84:f1:80"});
  expect_shape({kTftp, "", "ST2030S_00147FE147B3.txt", "Technicolor", "ST2030", "", "00:14:7f:e1:47:b3"});
  expect_shape({kTftp, "", "ST2030S.inf", "Technicolor", "ST2030", "", ""});
}

TEST(PluginShapes, Zenitel) {
  expect_shape({kTftp, "", "ipst_config.cfg", "Zenitel", "IP station", "", ""});
  expect_shape({kTftp, "", "ipst_config_01_02_03_04_05_ab.cfg", "Zenitel", "IP station", "", "01:02:03:04:05:ab"});
  expect_shape({kHttp, "", "/ipst_config_00_13_cb_4a_12_7f.cfg", "Zenitel", "IP station", "", "00:13:cb:4a:12:7f"});
}

TEST(PluginShapes, Jitsi) {
  const auto x = run({kHttp, "Jitsi/2.10.5550", "/jitsi?uuid=6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f", "", "", "", ""});
  EXPECT_EQ(x.info.value("vendor").value_or(""), "Jitsi");
  EXPECT_EQ(x.info.value("model").value_or(""), "Jitsi");
  EXPECT_EQ(x.info.value("version").value_or(""), "2.10.5550");
  EXPECT_EQ(x.info.value("uuid").value_or(""), "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f");
  EXPECT_FALSE(x.info.value("mac"));
}

TEST(PluginShapes, AastraAndMitel) {
  expect_shape({kHttp, "Aastra6737i MAC:00-08-5D-23-73-01 V:3.3.1.4322-SIP", "/00085D237301.cfg", "Aastra", "6737i",
                "3.3.1.4322", "00:08:5d:23:73:01"});
  expect_shape({kHttp, "Mitel6930 MAC:14-00-E9-01-02-03 V:6.0.0.1024-SIP", "/aastra.cfg", "Mitel", "6930", "6.0.0.1024",
                "14:00:e9:01:02:03"});
  expect_shape({kHttp, "", "/Mitel/1400E9040506.cfg", "Mitel", "", "", "14:00:e9:04:05:06"});
  expect_shape({kTftp, "", "1400E9070809.cfg", "Mitel", "", "", "14:00:e9:07:08:09"});
  expect_shape({kTftp, "", "00085D0A0B0C.cfg", "Aastra", "", "", "00:08:5d:0a:0b:0c"});
}

}  // namespace
}  // namespace provd::ident

// panasonic plugin: KX-UT/KX-TGP/KX-HDV request shapes beyond the corpus, and the "Panasonic SIP
// Phone Standard Format" file rendered from a full raw config.
#include <gtest/gtest.h>

#include "support_vendor_plugins.h"

namespace provd::testing {
namespace {

const char* const kPlugin = "panasonic-1.0.0";

TEST(PanasonicPlugin, IdentifiesDocumentedRequestShapes) {
  expect_shapes({
      {"http", "Panasonic_KX-HDV130/02.000 (0080f0aabbcc)", "/Config0080F0AABBCC.cfg", "Panasonic", "00:80:f0:aa:bb:cc",
       "KX-HDV130", "02.000", ""},
      {"http", "Panasonic_KX-TGP600/06.001 (0080f0112233)", "/KX-TGP600.cfg", "Panasonic", "00:80:f0:11:22:33",
       "KX-TGP600", "06.001", ""},
      {"http", "", "/prov/Config0080F0AABBCC.cfg", "Panasonic", "00:80:f0:aa:bb:cc", "", "", ""},
      {"http", "", "/KX-UT670.cfg", "Panasonic", "", "KX-UT670", "", ""},
      {"tftp", "", "Config0080F0AABBCC.cfg", "Panasonic", "00:80:f0:aa:bb:cc", "", "", ""},
      {"tftp", "", "KX-HDV230.cfg", "Panasonic", "", "KX-HDV230", "", ""},
  });
  EXPECT_EQ(identify("http", "", "/config.cfg").vendor, "");
}

const nlohmann::json kDevice = {
    {"id", "k1"}, {"mac", "00:80:f0:c8:c3:81"}, {"vendor", "Panasonic"}, {"model", "KX-UT113"}};

TEST(PanasonicPlugin, RendersTheStandardFormatFile) {
  const auto cfg = render_device_file(kPlugin, "Config{mac_plain_upper}.cfg", kDevice, full_raw_config());
  EXPECT_EQ(cfg.rfind("# Panasonic SIP Phone Standard Format File # DO NOT CHANGE THIS LINE!\n", 0), 0u) << cfg;
  for (const char* line : {
           "PHONE_NUMBER_1=\"alice\"",
           "DISPLAY_NAME_1=\"Alice & Co\"",
           "SIP_AUTHID_1=\"alice-auth\"",
           "SIP_PASS_1=\"s3cret<1>\"",
           "SIP_RGSTR_ADDR_1=\"192.0.2.10\"",
           "SIP_RGSTR_PORT_1=\"5060\"",
           "SIP_TRANSPORT_1=\"1\"",
           "VM_NUMBER_1=\"*981001\"",
           "SIP_AUTHID_2=\"bob\"",
           "SIP_RGSTR_ADDR_2=\"192.0.2.11\"",
           "SIP_RGSTR_PORT_2=\"5070\"",
           "SIP_OUTPROXY_ADDR_2=\"192.0.2.12\"",
           "SIP_OUTPROXY_PORT_2=\"5080\"",
           "SIP_PRXY_ADDR_2=\"192.0.2.11\"",
           "SIP_PRXY_PORT_2=\"5070\"",
           "VM_NUMBER_2=\"*98\"",
           "NTP_ADDR=\"192.0.2.123\"",
           "TIME_ZONE=\"60\"",
           "DST_ENABLE=\"Y\"",
           "DST_OFFSET=\"60\"",
           "DST_START_MONTH=\"3\"",
           "DST_START_ORDINAL_DAY=\"5\"",
           "DST_START_DAY_OF_WEEK=\"0\"",
           "DST_START_TIME=\"120\"",
           "DST_STOP_MONTH=\"10\"",
           "DST_STOP_TIME=\"180\"",
           "DEFAULT_LANGUAGE=\"fr\"",
           "VLAN_ENABLE=\"Y\"",
           "VLAN_ID_IP_PHONE=\"100\"",
           "VLAN_PRI_IP_PHONE=\"5\"",
           "SYSLOG_ADDR=\"192.0.2.50\"",
           "ADMIN_ID=\"admin\"",
           "ADMIN_PASS=\"adm1n\"",
           "FLEX_BUTTON_FACILITY_ACT3=\"X_ONETOUCH\"",
           "FLEX_BUTTON_FACILITY_ARG3=\"1003\"",
           "FLEX_BUTTON_LABEL3=\"Carol\"",
           "FLEX_BUTTON_FACILITY_ACT6=\"X_DN\"",
           "FLEX_BUTTON_FACILITY_ARG6=\"2\"",
       }) {
    EXPECT_NE(cfg.find(std::string(line) + "\n"), std::string::npos) << line << "\n" << cfg;
  }
  const auto ny =
      render_device_file(kPlugin, "Config{mac_plain_upper}.cfg", kDevice, full_raw_config("America/New_York"));
  for (const char* line : {"TIME_ZONE=\"-300\"", "DST_START_ORDINAL_DAY=\"2\"", "DST_STOP_MONTH=\"11\"",
                           "DST_STOP_ORDINAL_DAY=\"1\"", "DST_STOP_TIME=\"120\""}) {
    EXPECT_NE(ny.find(line), std::string::npos) << line << "\n" << ny;
  }
}

TEST(PanasonicPlugin, ModelFileEnablesResyncFromSip) {
  const auto cfg = render_common_file(kPlugin, "KX-UT113.cfg");
  EXPECT_EQ(cfg.rfind("# Panasonic SIP Phone Standard Format File # DO NOT CHANGE THIS LINE!\n", 0), 0u);
  EXPECT_NE(cfg.find("CFG_RESYNC_FROM_SIP=\"check-sync\"\n"), std::string::npos) << cfg;
}

}  // namespace
}  // namespace provd::testing

namespace provd::testing {
namespace {

// Every file of the plugins of issue 4 renders whatever the config leaves out (no lines, no
// time zone, an unknown zone), and XML files stay well-formed.
TEST(VendorPluginFiles, RenderWithSparseConfigs) {
  const nlohmann::json device = {{"id", "x"}, {"mac", "00:11:22:33:44:55"}, {"vendor", "V"}, {"model", "M"}};
  const std::vector<nlohmann::json> configs = {
      nlohmann::json::object(),
      {{"timezone", "Nowhere/Else"}, {"sip_lines", {{"1", {{"username", "u"}}}}}},
      {{"timezone", "Asia/Kolkata"}, {"locale", "xx_XX"}, {"funckeys", {{"1", {{"type", "blf"}}}}}},
      full_raw_config("UTC")};
  for (const char* id : {"cisco-spa-1.0.0", "cisco-sccp-1.0.0", "polycom-5.9.7", "panasonic-1.0.0"}) {
    const auto& plugin = bundled_plugin(id);
    for (const auto& file : plugin.device_files) {
      for (const auto& config : configs) {
        const auto text = render_device_file(id, file.name.text(), device, config);
        EXPECT_FALSE(text.empty()) << id << " " << file.name.text();
        if (file.content_type == "text/xml") {
          EXPECT_EQ(xml_problem(text), "") << id << " " << file.name.text() << " with " << config.dump() << "\n"
                                           << text;
        }
      }
    }
    for (const auto& file : plugin.common_files) {
      const auto text = render_common_file(id, file.name.text());
      if (file.content_type == "text/xml") {
        EXPECT_EQ(xml_problem(text), "") << id << " " << file.name.text();
      }
    }
  }
}

}  // namespace
}  // namespace provd::testing

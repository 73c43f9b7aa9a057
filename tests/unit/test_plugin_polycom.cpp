// polycom plugin: request shapes of SoundPoint IP, SoundStation IP, VVX and Trio phones beyond the
// corpus, and the UC Software configuration rendered from a full raw config.
#include <gtest/gtest.h>

#include "support_vendor_plugins.h"

namespace provd::testing {
namespace {

const char* const kPlugin = "polycom-5.9.7";

TEST(PolycomPlugin, IdentifiesDocumentedRequestShapes) {
  const std::string vvx = "FileTransport PolycomVVX-VVX_411-UA/6.3.1.8427 Type/Application";
  expect_shapes({
      {"http", vvx, "/64167f0a0b0c.cfg", "Polycom", "64:16:7f:0a:0b:0c", "VVX411", "6.3.1.8427", ""},
      {"http", vvx, "/000000000000.cfg", "Polycom", "", "VVX411", "6.3.1.8427", ""},
      {"http", vvx, "/64167f0a0b0c-directory.xml", "Polycom", "64:16:7f:0a:0b:0c", "VVX411", "6.3.1.8427", ""},
      {"http", "FileTransport PolycomRealPresenceTrio-Trio_8800-UA/5.7.2.3111 Type/Application", "/sip.ld", "Polycom",
       "", "Trio8800", "5.7.2.3111", ""},
      {"http", "FileTransport PolycomSoundPointIP-SPIP_450-UA/3.3.5.0247 (SN:0004f2aabbcc) Type/Application",
       "/sip.cfg", "Polycom", "00:04:f2:aa:bb:cc", "SPIP450", "3.3.5.0247", ""},
      // The phone's own uploads and overrides name it without a UA (TFTP, FTP-like clients).
      {"http", "", "/0004f2aabbcc-boot.log", "Polycom", "00:04:f2:aa:bb:cc", "", "", ""},
      {"http", "", "/0004f2aabbcc-web.cfg", "Polycom", "00:04:f2:aa:bb:cc", "", "", ""},
      {"tftp", "", "0004f2aabbcc-phone.cfg", "Polycom", "00:04:f2:aa:bb:cc", "", "", ""},
      {"tftp", "", "0004f2aabbcc.cfg", "Polycom", "00:04:f2:aa:bb:cc", "", "", ""},
      {"tftp", "", "000000000000.cfg", "Polycom", "", "", "", ""},
      {"tftp", "", "3111-40250-001.sip.ld", "Polycom", "", "", "", ""},
      {"tftp", "", "bootrom.ld", "Polycom", "", "", "", ""},
  });
}

TEST(PolycomPlugin, DoesNotClaimBareMacFilesOfOtherVendors) {
  EXPECT_EQ(identify("http", "", "/001565aabbcc.xml").vendor, "");
  EXPECT_NE(identify("http", "", "/001565aabbcc.cfg").vendor, "Polycom");
  EXPECT_NE(identify("tftp", "", "Digium/000000000000.cfg").vendor, "Polycom");
}

const nlohmann::json kDevice = {{"id", "p1"}, {"mac", "00:04:f2:82:e8:24"}, {"vendor", "Polycom"}, {"model", "VVX500"}};

TEST(PolycomPlugin, RendersUserConfig) {
  const auto xml = render_device_file(kPlugin, "{mac_plain_lower}-user.cfg", kDevice, full_raw_config());
  EXPECT_EQ(xml_problem(xml), "") << xml;
  for (const char* line : {
           "reg.1.displayName=\"Alice &amp; Co\"",
           "reg.1.address=\"alice\"",
           "reg.1.auth.userId=\"alice-auth\"",
           "reg.1.auth.password=\"s3cret&lt;1&gt;\"",
           "reg.1.server.1.address=\"192.0.2.10\"",
           "reg.1.server.1.port=\"5060\"",
           "reg.1.server.1.transport=\"TCPOnly\"",
           "reg.2.auth.userId=\"bob\"",
           "reg.2.server.1.address=\"192.0.2.11\"",
           "reg.2.server.1.port=\"5070\"",
           "reg.2.outboundProxy.address=\"192.0.2.12\"",
           "reg.2.outboundProxy.port=\"5080\"",
           "msg.mwi.1.subscribe=\"alice\"",
           "msg.mwi.1.callBackMode=\"contact\"",
           "msg.mwi.1.callBack=\"*981001\"",
           "msg.mwi.2.callBackMode=\"contact\"",
           "msg.mwi.2.callBack=\"*98\"",
           "tcpIpApp.sntp.address=\"192.0.2.123\"",
           "tcpIpApp.sntp.gmtOffset=\"3600\"",
           "tcpIpApp.sntp.daylightSavings.enable=\"1\"",
           "tcpIpApp.sntp.daylightSavings.start.month=\"3\"",
           "tcpIpApp.sntp.daylightSavings.start.dayOfWeek=\"1\"",
           "tcpIpApp.sntp.daylightSavings.start.dayOfWeek.lastInMonth=\"1\"",
           "tcpIpApp.sntp.daylightSavings.stop.month=\"10\"",
           "tcpIpApp.sntp.daylightSavings.stop.time=\"3\"",
           "lcl.ml.lang=\"French_France\"",
           "device.net.vlanId=\"100\"",
           "device.syslog.serverName=\"192.0.2.50\"",
           "device.syslog.renderLevel=\"2\"",
           "device.auth.localAdminPassword=\"adm1n\"",
           "attendant.resourceList.4.address=\"1004\" attendant.resourceList.4.label=\"Dave\" "
           "attendant.resourceList.4.type=\"normal\"",
           "attendant.resourceList.5.type=\"automata\"",
           "voIpProt.SIP.specialEvent.checkSync.alwaysReboot=\"0\"",
       }) {
    EXPECT_NE(xml.find(line), std::string::npos) << line << "\n" << xml;
  }
  const auto ny =
      render_device_file(kPlugin, "{mac_plain_lower}-user.cfg", kDevice, full_raw_config("America/New_York"));
  for (const char* line : {"tcpIpApp.sntp.gmtOffset=\"-18000\"", "daylightSavings.start.date=\"8\"",
                           "daylightSavings.start.dayOfWeek.lastInMonth=\"0\"", "daylightSavings.stop.month=\"11\"",
                           "daylightSavings.stop.date=\"1\""}) {
    EXPECT_NE(ny.find(line), std::string::npos) << line << "\n" << ny;
  }
}

TEST(PolycomPlugin, MasterConfigsAndDirectoryAreWellFormed) {
  const auto master = render_device_file(kPlugin, "{mac_plain_lower}.cfg", kDevice, full_raw_config());
  EXPECT_EQ(xml_problem(master), "") << master;
  EXPECT_NE(master.find("CONFIG_FILES=\"0004f282e824-user.cfg\""), std::string::npos) << master;
  EXPECT_NE(master.find("APP_FILE_PATH=\"sip.ld\""), std::string::npos);
  const auto common = render_common_file(kPlugin, "000000000000.cfg");
  EXPECT_EQ(xml_problem(common), "") << common;
  EXPECT_NE(common.find("CONFIG_FILES=\"[PHONE_MAC_ADDRESS]-user.cfg\""), std::string::npos);
  const auto directory = render_device_file(kPlugin, "{mac_plain_lower}-directory.xml", kDevice, full_raw_config());
  EXPECT_EQ(xml_problem(directory), "") << directory;
  EXPECT_NE(directory.find("<item><fn>Carol</fn><ct>1003</ct><sd>3</sd></item>"), std::string::npos) << directory;
}

}  // namespace
}  // namespace provd::testing

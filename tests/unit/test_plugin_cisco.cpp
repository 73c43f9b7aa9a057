// Cisco plugins (cisco-spa: SPA/Linksys/ATA/MPP; cisco-sccp: 79xx/69xx/89xx): request shapes the
// vendor documents beyond the corpus, and the rendered configuration of a full raw config.
#include <gtest/gtest.h>

#include "support_vendor_plugins.h"

namespace provd::testing {
namespace {

TEST(CiscoSpaPlugin, IdentifiesDocumentedRequestShapes) {
  expect_shapes({
      // SPA5xx: (MAC)(serial); a lone parenthesis is the serial, even when it is 12 hex digits.
      {"http", "Cisco/SPA508G-7.4.8a (0002FDFF2103)(CBT141400UK)", "/spa508g.cfg", "Cisco", "00:02:fd:ff:21:03",
       "SPA508G", "7.4.8a", "CBT141400UK"},
      {"http", "Cisco/SPA525G2-7.5.5 (CBT151900G7)", "/spa525g2.cfg", "Cisco", "", "SPA525G2", "7.5.5", "CBT151900G7"},
      {"http", "Linksys/SPA-962-6.1.5(a) (88019FA42806)", "/spa-phone.xml", "Linksys", "", "SPA962", "6.1.5(a)",
       "88019FA42806"},
      {"http", "Cisco/SPA112-1.4.1(SR3) (CCQ17240ABC)", "/spa112.cfg", "Cisco", "", "SPA112", "1.4.1(SR3)",
       "CCQ17240ABC"},
      {"http", "", "/spa0002fdff2103.cfg", "Cisco", "00:02:fd:ff:21:03", "", "", ""},
      {"http", "", "/provisioning/00259cdeadbe.xml", "Cisco", "00:25:9c:de:ad:be", "", "", ""},
      {"tftp", "", "spa504g.cfg", "Cisco", "", "SPA504G", "", ""},
      {"dhcp", "Cisco SPA504G", "", "Cisco", "", "SPA504G", "", ""},
      {"dhcp", "LINKSYS SPA-962", "", "Linksys", "", "SPA962", "", ""},
      // ATA19x: the serial in parentheses, ata$PSN.cfg, option 60 with -MPP.
      {"http", "Cisco/ATA192-MPP-11-1-0-MSR4 (FCH2443D9R5)", "/ata192.cfg", "Cisco", "", "ATA192", "11-1-0-MSR4",
       "FCH2443D9R5"},
      {"dhcp", "CISCO ATA192-MPP", "", "Cisco", "", "ATA192", "", ""},
      {"tftp", "", "ATA0C1167A1B2C4.cnf.xml", "Cisco", "0c:11:67:a1:b2:c4", "ATA190", "", ""},
      // MPP 3PCC: the UA gives the MAC; $PSN.xml and /Cisco/CP-xxxx-3PCC/<mac>.cfg.
      {"http", "Cisco-CP-8851-3PCC/11.3.1 (5006ab1a2b3c)", "/5006ab1a2b3c.xml", "Cisco", "50:06:ab:1a:2b:3c", "8851",
       "11.3.1", ""},
      {"http", "Cisco-CP-6841-3PCC/11.3.7 (a4b439aabbcc)", "/CP-6841-3PCC.xml", "Cisco", "a4:b4:39:aa:bb:cc", "6841",
       "11.3.7", ""},
      {"tftp", "", "CP-7821-3PCC.xml", "Cisco", "", "7821", "", ""},
      {"tftp", "", "/Cisco/CP-8845-3PCC/00562b043616.cfg", "Cisco", "00:56:2b:04:36:16", "8845", "", ""},
      {"dhcp", "Cisco CP-7841-3PCC", "", "Cisco", "", "7841", "", ""},
  });
}

TEST(CiscoSpaPlugin, LeavesOtherVendorsFilesAlone) {
  // A bare <mac>.xml without a Cisco OUI, and Yealink/Polycom MACs, are not claimed.
  EXPECT_EQ(identify("http", "", "/001565aabbcc.xml").vendor, "");
  EXPECT_EQ(identify("tftp", "", "0004f2aabbcc.xml").vendor, "");
  EXPECT_EQ(identify("http", "", "/spa-config.txt").vendor, "");
}

TEST(CiscoSccpPlugin, IdentifiesDocumentedRequestShapes) {
  expect_shapes({
      {"dhcp", std::string("Cisco Systems, Inc. IP Phone CP-7940G\0", 38), "", "Cisco", "", "7940G", "", ""},
      {"dhcp", "Cisco Systems, Inc. IP Phone CP-7961G-GE", "", "Cisco", "", "7961G-GE", "", ""},
      {"dhcp", "Cisco Systems, Inc. IP Phone CP-6921", "", "Cisco", "", "6921", "", ""},
      {"tftp", "", "SIP0006537B84F0.cnf", "Cisco", "00:06:53:7b:84:f0", "", "", ""},
      {"tftp", "", "SEP0006537B84F0.cnf", "Cisco", "00:06:53:7b:84:f0", "", "", ""},
      {"tftp", "", "SIPDefault.cnf", "Cisco", "", "", "", ""},
      {"tftp", "", "SCCP41.9-4-2SR3-1S.loads", "Cisco", "", "", "", ""},
      {"tftp", "", "term61.default.loads", "Cisco", "", "", "", ""},
      {"tftp", "", "French_France/7960-font.xml", "Cisco", "", "", "", ""},
      {"tftp", "", "France/g3-tones.xml", "Cisco", "", "", "", ""},
      {"tftp", "", "dialplan.xml", "Cisco", "", "", "", ""},
      {"http", "", "/ITLSEP0006537B84EF.tlv", "Cisco", "00:06:53:7b:84:ef", "", "", ""},
      {"http", "", "/XMLDefault.cnf.xml", "Cisco", "", "", "", ""},
  });
}

const nlohmann::json kSpaDevice = {
    {"id", "d1"}, {"mac", "00:02:fd:ff:21:03"}, {"vendor", "Cisco"}, {"model", "SPA504G"}};

TEST(CiscoSpaPlugin, RendersTheFlatProfile) {
  const auto xml = render_device_file("cisco-spa-1.0.0", "{mac_plain_lower}.xml", kSpaDevice, full_raw_config());
  EXPECT_EQ(xml_problem(xml), "") << xml;
  for (const char* line : {
           "<Line_Enable_1_>Yes</Line_Enable_1_>",
           "<Display_Name_1_>Alice &amp; Co</Display_Name_1_>",
           "<User_ID_1_>alice</User_ID_1_>",
           "<Password_1_>s3cret&lt;1&gt;</Password_1_>",
           "<Use_Auth_ID_1_>Yes</Use_Auth_ID_1_>",
           "<Auth_ID_1_>alice-auth</Auth_ID_1_>",
           "<Proxy_1_>192.0.2.10:5060</Proxy_1_>",
           "<SIP_Transport_1_>TCP</SIP_Transport_1_>",
           "<Mailbox_ID_1_>*981001</Mailbox_ID_1_>",
           "<Proxy_2_>192.0.2.11:5070</Proxy_2_>",
           "<Use_Auth_ID_2_>No</Use_Auth_ID_2_>",
           "<Outbound_Proxy_2_>192.0.2.12:5080</Outbound_Proxy_2_>",
           "<Voice_Mail_Number>*98</Voice_Mail_Number>",
           "<Primary_NTP_Server>192.0.2.123</Primary_NTP_Server>",
           "<Time_Zone>GMT+01:00</Time_Zone>",
           "<Daylight_Saving_Time_Rule>start=3/-1/7/2;end=10/-1/7/3;save=1</Daylight_Saving_Time_Rule>",
           "<Language_Selection>French</Language_Selection>",
           "<Locale>fr-FR</Locale>",
           "<Enable_VLAN>Yes</Enable_VLAN>",
           "<VLAN_ID>100</VLAN_ID>",
           "<Syslog_Server>192.0.2.50:514</Syslog_Server>",
           "<Admin_Passwd>adm1n</Admin_Passwd>",
           "<Extended_Function_3_>fnc=sd;ext=1003@$PROXY;nme=Carol</Extended_Function_3_>",
           "<Extended_Function_4_>fnc=blf+sd+cp;sub=1004@$PROXY;nme=Dave</Extended_Function_4_>",
           "<Extended_Function_5_>fnc=prk;sub=700@$PROXY;nme=Park</Extended_Function_5_>",
           "<Extension_4_>Disabled</Extension_4_>",
           "<Extension_6_>2</Extension_6_>",
           "<Upgrade_Rule>$SCHEME://$SERV:$PORT/firmware/spa50x-30x-7-6-2e.bin</Upgrade_Rule>",
           "<Profile_Rule>$SCHEME://$SERV:$PORT/$MA.xml</Profile_Rule>",
       }) {
    EXPECT_NE(xml.find(line), std::string::npos) << line << "\n" << xml;
  }
  // New York: second Sunday of March to first Sunday of November.
  const auto ny =
      render_device_file("cisco-spa-1.0.0", "{mac_plain_lower}.xml", kSpaDevice, full_raw_config("America/New_York"));
  EXPECT_NE(ny.find("<Time_Zone>GMT-05:00</Time_Zone>"), std::string::npos) << ny;
  EXPECT_NE(ny.find("start=3/8/7/2;end=11/1/7/2;save=1"), std::string::npos) << ny;
  const auto utc = render_device_file("cisco-spa-1.0.0", "{mac_plain_lower}.xml", kSpaDevice, full_raw_config("UTC"));
  EXPECT_NE(utc.find("<Time_Zone>GMT</Time_Zone>"), std::string::npos) << utc;
  EXPECT_NE(utc.find("<Daylight_Saving_Time_Enable>No</Daylight_Saving_Time_Enable>"), std::string::npos) << utc;
}

TEST(CiscoSpaPlugin, CommonProfilesPointAtTheDeviceFileOnTheSameServer) {
  for (const char* name : {"spa504g.cfg", "spa-phone.xml", "ata191.cfg", "CP-7841-3PCC.xml"}) {
    const auto xml = render_common_file("cisco-spa-1.0.0", name);
    EXPECT_EQ(xml_problem(xml), "") << name;
    EXPECT_NE(xml.find("<Profile_Rule>$SCHEME://$SERV:$PORT/$MA.xml</Profile_Rule>"), std::string::npos) << xml;
  }
}

TEST(CiscoSccpPlugin, RendersSccpDeviceFileWithCallManagersTimeZoneAndLocale) {
  auto config = full_raw_config();
  config["protocol"] = "SCCP";
  const nlohmann::json device = {{"id", "d2"}, {"mac", "00:06:53:7b:84:ef"}, {"vendor", "Cisco"}, {"model", "7941G"}};
  const auto xml = render_device_file("cisco-sccp-1.0.0", "SEP{mac_plain_upper}.cnf.xml", device, config);
  EXPECT_EQ(xml_problem(xml), "") << xml;
  for (const char* line : {
           "<deviceProtocol>SCCP</deviceProtocol>",
           "<member priority=\"0\"><callManager><ports><ethernetPhonePort>2000</ethernetPhonePort></ports>"
           "<processNodeName>192.0.2.20</processNodeName></callManager></member>",
           "<member priority=\"1\"><callManager><ports><ethernetPhonePort>2000</ethernetPhonePort></ports>"
           "<processNodeName>192.0.2.21</processNodeName></callManager></member>",
           "<timeZone>Romance Standard/Daylight Time</timeZone>",
           "<name>192.0.2.123</name>",
           "<loadInformation>SCCP41.9-4-2SR3-1S</loadInformation>",
           "<name>French_France</name>",
           "<langCode>fr_FR</langCode>",
           "<networkLocale>France</networkLocale>",
           "<phonePassword>adm1n</phonePassword>",
           "<adminVlanId>100</adminVlanId>",
       }) {
    EXPECT_NE(xml.find(line), std::string::npos) << line << "\n" << xml;
  }
  EXPECT_EQ(xml.find("<sipProfile>"), std::string::npos);
  const auto ny = render_device_file("cisco-sccp-1.0.0", "SEP{mac_plain_upper}.cnf.xml", device,
                                     full_raw_config("America/New_York"));
  EXPECT_NE(ny.find("<timeZone>Eastern Standard/Daylight Time</timeZone>"), std::string::npos);
}

TEST(CiscoSccpPlugin, RendersSipProfilesFor79x1And79x0) {
  const nlohmann::json device = {{"id", "d3"}, {"mac", "00:06:53:7b:84:ef"}, {"vendor", "Cisco"}, {"model", "7961G"}};
  const auto xml = render_device_file("cisco-sccp-1.0.0", "SEP{mac_plain_upper}.cnf.xml", device, full_raw_config());
  EXPECT_EQ(xml_problem(xml), "") << xml;
  for (const char* line : {
           "<deviceProtocol>SIP</deviceProtocol>",
           "<line button=\"1\">",
           "<name>alice</name>",
           "<displayName>Alice &amp; Co</displayName>",
           "<authName>alice-auth</authName>",
           "<authPassword>s3cret&lt;1&gt;</authPassword>",
           "<messagesNumber>*981001</messagesNumber>",
           "<authName>bob</authName>",
           "<sipPort>5060</sipPort></ports><processNodeName>192.0.2.10</processNodeName>",
           "<proxy>192.0.2.11</proxy>\n        <port>5070</port>",
           "<featureID>2</featureID>\n        <featureLabel>Carol</featureLabel>\n        "
           "<speedDialNumber>1003</speedDialNumber>",
           "<featureID>21</featureID>\n        <featureLabel>Dave</featureLabel>",
           "<transportLayerProtocol>1</transportLayerProtocol>",
           "<loadInformation>SIP41.9-4-2SR3-1S</loadInformation>",
       }) {
    EXPECT_NE(xml.find(line), std::string::npos) << line << "\n" << xml;
  }
  const nlohmann::json sip7940 = {{"id", "d4"}, {"mac", "00:06:53:7b:84:f0"}, {"vendor", "Cisco"}, {"model", "7940G"}};
  const auto cnf = render_device_file("cisco-sccp-1.0.0", "SIP{mac_plain_upper}.cnf", sip7940, full_raw_config());
  for (const char* line : {
           "image_version: \"P0S3-08-12-00\"",
           "line1_name: \"alice\"",
           "line1_authname: \"alice-auth\"",
           "line1_password: \"s3cret<1>\"",
           "line2_displayname: \"Bob\"",
           "proxy2_address: \"192.0.2.11\"",
           "proxy2_port: 5070",
           "messages_uri: \"*98\"",
           "sntp_server: \"192.0.2.123\"",
           "time_zone: \"CET\"",
           "dst_start_month: \"March\"",
           "dst_start_week_of_month: 8",
           "dst_stop_month: \"October\"",
           "dst_stop_time: \"3:00\"",
           "user_locale: \"French_France\"",
       }) {
    EXPECT_NE(cnf.find(line), std::string::npos) << line << "\n" << cnf;
  }
}

TEST(CiscoSccpPlugin, CommonFilesAreWellFormed) {
  EXPECT_EQ(xml_problem(render_common_file("cisco-sccp-1.0.0", "XMLDefault.cnf.xml")), "");
  EXPECT_NE(render_common_file("cisco-sccp-1.0.0", "SIPDefault.cnf").find("image_version: \"P0S3-08-12-00\""),
            std::string::npos);
}

}  // namespace
}  // namespace provd::testing

// The per-device files of the Digium, Avaya, Alcatel-Lucent, Technicolor, Zenitel and
// Aastra/Mitel plugins rendered from a full raw_config (two SIP lines, function keys, NTP, time
// zone, locale, VLAN, syslog, admin password) through the router's device_context: the lines
// each vendor reads are checked exactly, and XML files must be well-formed.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/mac_address.h"
#include "ident/route.h"
#include "plugins/plugin_set.h"
#include "support_vendor_plugins.h"

namespace provd::ident {
namespace {

using nlohmann::json;
using provd::testing::bundled_plugins;
using provd::testing::render_common_file;
using provd::testing::render_device_file;

json full_config(const std::string& timezone) {
  json raw = json::parse(R"({
    "ip": "10.0.0.1", "http_port": 8667,
    "sip_proxy_ip": "10.0.0.2", "sip_proxy_port": 5060, "sip_registrar_ip": "10.0.0.2",
    "sip_transport": "tcp", "sip_dtmf_mode": "SIP-INFO", "sip_srtp_mode": "preferred", "sip_subscribe_mwi": true,
    "sip_lines": {
      "1": {"display_name": "Alice & Co", "number": "101", "username": "alice", "auth_username": "alice-auth",
            "password": "pw<1>", "proxy_ip": "10.0.0.3", "proxy_port": 5070, "registrar_ip": "10.0.0.4",
            "backup_proxy_ip": "10.0.0.5", "voicemail": "*98"},
      "2": {"display_name": "Bob", "number": "102", "username": "bob", "password": "bobpw"}
    },
    "funckeys": {
      "1": {"type": "speeddial", "value": "200", "label": "Reception"},
      "2": {"type": "blf", "value": "103", "label": "Carol"},
      "3": {"type": "park", "value": "700", "label": "Park"},
      "12": {"type": "line", "line": 2}
    },
    "exten_voicemail": "*97", "exten_pickup_call": "*8",
    "ntp_enabled": true, "ntp_ip": "10.0.0.6", "locale": "fr_FR",
    "vlan_enabled": true, "vlan_id": 20, "vlan_priority": 5, "vlan_pc_port_id": 30,
    "syslog_enabled": true, "syslog_ip": "10.0.0.7", "syslog_port": 514, "syslog_level": "info",
    "admin_username": "admin", "admin_password": "s3cr&t", "user_password": "1234"
  })");
  raw["timezone"] = timezone;
  return raw;
}

// Every line of `expected` appears, whole, in `text`.
void expect_lines(const std::string& text, const std::vector<std::string>& expected) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    const auto first = line.find_first_not_of(' ');
    lines.push_back(first == std::string::npos ? "" : line.substr(first));
    start = end + 1;
  }
  for (const auto& want : expected) {
    EXPECT_NE(std::find(lines.begin(), lines.end(), want), lines.end()) << "missing line: " << want << "\n" << text;
  }
}

// A small well-formedness check: balanced tags, quoted attributes, no raw '<' or stray '&'.
bool well_formed_xml(const std::string& text, std::string& problem) {
  std::vector<std::string> stack;
  auto entity_ok = [&](std::size_t at) {
    for (const char* e : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"}) {
      if (text.compare(at, std::char_traits<char>::length(e), e) == 0) return true;
    }
    return false;
  };
  std::size_t i = 0;
  bool root_seen = false;
  while (i < text.size()) {
    if (text[i] == '&') {
      if (!entity_ok(i)) return problem = "stray & at " + std::to_string(i), false;
      ++i;
    } else if (text[i] != '<') {
      if (stack.empty() && !std::isspace(static_cast<unsigned char>(text[i]))) {
        return problem = "text outside the root at " + std::to_string(i), false;
      }
      ++i;
    } else if (text.compare(i, 4, "<!--") == 0) {
      const auto end = text.find("-->", i + 4);
      if (end == std::string::npos) return problem = "unclosed comment", false;
      i = end + 3;
    } else if (text.compare(i, 2, "<?") == 0) {
      const auto end = text.find("?>", i);
      if (end == std::string::npos) return problem = "unclosed declaration", false;
      i = end + 2;
    } else {
      const bool closing = text.compare(i, 2, "</") == 0;
      std::size_t j = i + (closing ? 2 : 1);
      const std::size_t name_start = j;
      while (j < text.size() && (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_' ||
                                 text[j] == '-' || text[j] == ':' || text[j] == '.')) {
        ++j;
      }
      const std::string name = text.substr(name_start, j - name_start);
      if (name.empty()) return problem = "tag without a name at " + std::to_string(i), false;
      bool self_closing = false;
      while (j < text.size() && text[j] != '>') {
        if (std::isspace(static_cast<unsigned char>(text[j]))) {
          ++j;
        } else if (text[j] == '/' && j + 1 < text.size() && text[j + 1] == '>') {
          self_closing = true;
          ++j;
        } else {
          const auto eq = text.find('=', j);
          if (closing || eq == std::string::npos || eq + 1 >= text.size() || text[eq + 1] != '"') {
            return problem = "bad attribute in <" + name + "> at " + std::to_string(j), false;
          }
          const auto close = text.find('"', eq + 2);
          if (close == std::string::npos) return problem = "unclosed attribute in <" + name + ">", false;
          for (std::size_t k = eq + 2; k < close; ++k) {
            if (text[k] == '<') return problem = "'<' in an attribute of <" + name + ">", false;
            if (text[k] == '&' && !entity_ok(k)) return problem = "stray & in an attribute of <" + name + ">", false;
          }
          j = close + 1;
        }
      }
      if (j >= text.size()) return problem = "unclosed tag <" + name + ">", false;
      if (closing) {
        if (stack.empty() || stack.back() != name) return problem = "mismatched </" + name + ">", false;
        stack.pop_back();
      } else if (!self_closing) {
        if (stack.empty() && root_seen) return problem = "second root <" + name + ">", false;
        stack.push_back(name);
        root_seen = true;
      } else {
        if (stack.empty() && root_seen) return problem = "second root <" + name + ">", false;
        root_seen = true;
      }
      i = j + 1;
    }
  }
  if (!stack.empty()) return problem = "unclosed <" + stack.back() + ">", false;
  if (!root_seen) return problem = "no root element", false;
  return true;
}

void expect_xml(const std::string& text) {
  std::string problem;
  EXPECT_TRUE(well_formed_xml(text, problem)) << problem << "\n" << text;
}

TEST(PluginRenderXmlCheck, RefusesBrokenXml) {
  std::string problem;
  EXPECT_TRUE(well_formed_xml("<?xml version=\"1.0\"?>\n<a x=\"1 &amp; 2\"><b/></a>\n", problem)) << problem;
  for (const char* bad : {"<a><b></a>", "<a x=\"&\"/>", "<a x=1/>", "<a>", "<a/><b/>", "<a>x & y</a>"}) {
    EXPECT_FALSE(well_formed_xml(bad, problem)) << bad;
  }
}

TEST(PluginRender, Digium) {
  const json device = {{"id", "d1"}, {"mac", "00:0f:d3:11:22:33"}, {"vendor", "Digium"}, {"model", "D40"}};
  const std::string paris =
      render_device_file("digium-2.8.1", "{mac_plain_lower}.cfg", device, full_config("Europe/Paris"));
  expect_xml(paris);
  expect_lines(
      paris,
      {
          R"(<setting id="login_password" value="s3cr&amp;t"/>)",
          R"(<setting id="locale" value="fr_FR"/>)",
          R"(<setting id="time_zone" value="Europe/Paris"/>)",
          R"(<setting id="time_source" value="ntp"/>)",
          R"(<setting id="ntp_server" value="10.0.0.6"/>)",
          R"(<setting id="network_vlan_discovery_mode" value="MANUAL"/>)",
          R"(<setting id="network_vlan_id" value="20"/>)",
          R"(<setting id="network_vlan_qos" value="5"/>)",
          R"(<setting id="pc_vlan_id" value="30"/>)",
          R"(<setting id="syslog_server" value="10.0.0.7"/>)",
          R"(<setting id="log_level" value="info"/>)",
          R"(<contacts url="http://10.0.0.1:8667/Digium/000fd3112233-contacts.xml" id="provd"/>)",
          R"(<host_primary server="10.0.0.3" port="5070" transport="tcp" reregister="3600" retry="25" num_retries="5"/>)",
          R"(<host_alternate server="10.0.0.5" port="5060" transport="tcp" reregister="3600" retry="25" num_retries="5"/>)",
          R"(<host_primary server="10.0.0.2" port="5060" transport="tcp" reregister="3600" retry="25" num_retries="5"/>)",
          R"(<firmware model="D40" version="2_8_1" url="http://10.0.0.1:8667/Digium/firmware/2_8_1_D40_firmware.eff"/>)",
      });
  EXPECT_NE(paris.find(R"(<account index="0" status="1" register="1" account_id="alice" username="alice" )"
                       R"(authname="alice-auth" password="pw&lt;1&gt;" line_label="Alice &amp; Co" )"
                       R"(caller_id="Alice &amp; Co &lt;101&gt;" dial_plan="x+T" voicemail="*98" conflict="replace">)"),
            std::string::npos)
      << paris;
  EXPECT_NE(paris.find(R"(<account index="1" status="1" register="1" account_id="bob" username="bob" authname="bob")"),
            std::string::npos);
  EXPECT_NE(paris.find(R"(voicemail="*97")"), std::string::npos) << "line 2 falls back to exten_voicemail";

  const std::string ny =
      render_device_file("digium-2.8.1", "{mac_plain_lower}.cfg", device, full_config("America/New_York"));
  expect_xml(ny);
  expect_lines(ny, {R"(<setting id="time_zone" value="America/New_York"/>)"});

  const std::string contacts =
      render_device_file("digium-2.8.1", "{mac_plain_lower}-contacts.xml", device, full_config("Europe/Paris"));
  expect_xml(contacts);
  EXPECT_NE(contacts.find(R"(first_name="Carol" last_name="" contact_type="sip" account_id="alice" )"
                          R"(subscribe_to="sip:103@10.0.0.3">)"),
            std::string::npos)
      << contacts;
  EXPECT_NE(contacts.find(R"(first_name="Reception" last_name="" contact_type="sip" account_id="alice">)"),
            std::string::npos)
      << "a speed dial subscribes to nothing\n"
      << contacts;
  expect_xml(render_common_file("digium-2.8.1", "000000000000.cfg"));
}

TEST(PluginRender, AvayaJ100) {
  const json device = {{"id", "a1"}, {"mac", "c8:1f:ea:83:e8:5a"}, {"vendor", "Avaya"}, {"model", "J179"}};
  const std::string paris =
      render_device_file("avaya-j100-4.1.3.0.6", "{mac_plain_lower}.cfg", device, full_config("Europe/Paris"));
  expect_lines(paris, {
                          R"(SET ADMIN_PASSWORD "s3cr&t")",
                          "SET SNTPSRVR 10.0.0.6",
                          R"(SET GMTOFFSET "1:00")",
                          "SET DAYLIGHT_SAVING_SETTING_MODE 1",
                          "SET DSTOFFSET 1",
                          R"(SET DSTSTART "LSunMar2L")",
                          R"(SET DSTSTOP "LSunOct3L")",
                          "SET LANGUAGES Mlf_J169_J179_ParisianFrench.xml",
                          "SET SYSTEM_LANGUAGE Mlf_J169_J179_ParisianFrench.xml",
                          "SET L2Q 1",
                          "SET L2QVLAN 20",
                          "SET L2QAUD 5",
                          "SET PHY2VLAN 30",
                          "SET LOGSRVR 10.0.0.7",
                          "SET SYSLOG_LEVEL 6",
                          "SET SIPSIGNAL 1",
                          "SET SIPDOMAIN 10.0.0.3",
                          "SET SIP_CONTROLLER_LIST 10.0.0.3:5070;transport=tcp",
                          R"(SET DISPLAY_NAME "Alice & Co")",
                          R"(SET FORCE_SIP_USERNAME "alice-auth")",
                          R"(SET FORCE_SIP_PASSWORD "pw<1>")",
                          "SET MSGNUM *98",
                          R"(SET PHONEKEY "Key=1;Type=autodial;Label=Reception;Number=200")",
                          R"(SET PHONEKEY "Key=2;Type=busy-indicator;Label=Carol;Number=103")",
                      });
  const std::string ny =
      render_device_file("avaya-j100-4.1.3.0.6", "{mac_plain_lower}.cfg", device, full_config("America/New_York"));
  expect_lines(ny, {R"(SET GMTOFFSET "-5:00")", R"(SET DSTSTART "2SunMar2L")", R"(SET DSTSTOP "1SunNov2L")"});
  const std::string upgrade = render_common_file("avaya-j100-4.1.3.0.6", "J100Supgrade.txt");
  expect_lines(upgrade, {"SET APPNAME firmware/FW_S_J179_R4_1_3_0_6.bin", "GET 46xxsettings.txt"});
  expect_lines(render_common_file("avaya-j100-4.1.3.0.6", "46xxsettings.txt"), {"GET $MACADDR.cfg"});
}

TEST(PluginRender, Avaya1200) {
  const json device = {{"id", "a2"}, {"mac", "00:1b:4f:5c:6d:7e"}, {"vendor", "Avaya"}, {"model", "1220IP"}};
  const std::string paris =
      render_device_file("avaya-1200-4.1.13", "SIP{mac_plain_upper}.cfg", device, full_config("Europe/Paris"));
  expect_lines(paris, {
                          "ADMIN_PASSWORD s3cr&t",
                          "DEF_LANG French",
                          "SNTP_ENABLE YES",
                          "SNTP_SERVER 10.0.0.6",
                          "TIMEZONE_OFFSET 3600",
                          "DST_ENABLED YES",
                          "VMAIL *97",
                          "SIP_DOMAIN1 10.0.0.3",
                          "SERVER_IP1_1 10.0.0.3",
                          "SERVER_PORT1_1 5070",
                          "SERVER_IP1_2 10.0.0.5",
                          "AUTOLOGIN_ID_KEY01 alice@10.0.0.3",
                          "AUTOLOGIN_AUTHID_KEY01 alice-auth",
                          "AUTOLOGIN_PASSWD_KEY01 pw<1>",
                          "SIP_DOMAIN2 10.0.0.2",
                          "SERVER_PORT2_1 5060",
                          "AUTOLOGIN_ID_KEY02 bob@10.0.0.2",
                      });
  for (std::size_t start = 0, end; start < paris.size(); start = end + 1) {
    end = paris.find('\n', start);
    if (end == std::string::npos) end = paris.size();
    EXPECT_LT(end - start, 80u) << "the phone drops lines of 80 characters or more: "
                                << paris.substr(start, end - start);
  }
  expect_lines(
      render_device_file("avaya-1200-4.1.13", "SIP{mac_plain_upper}.cfg", device, full_config("America/New_York")),
      {"TIMEZONE_OFFSET -18000", "DST_ENABLED YES"});
  expect_lines(render_common_file("avaya-1200-4.1.13", "1220SIP.cfg"),
               {"[FW]", "FILENAME firmware/SIP12x004.01.13.00.bin", "[DEVICE_CONFIG]", "FILENAME DeviceConfig.cfg",
                "[USER_CONFIG]"});
}

TEST(PluginRender, AlcatelLucent) {
  const json device = {{"id", "l1"}, {"mac", "3c:28:a6:20:08:9e"}, {"vendor", "Alcatel-Lucent"}, {"model", "M3"}};
  const std::string paris =
      render_device_file("alcatel-2.13.02", "config.{mac_plain_lower}.xml", device, full_config("Europe/Paris"));
  expect_xml(paris);
  expect_lines(paris, {
                          R"(<setting id="Account1RegName" value="alice-auth"/>)",
                          R"(<setting id="Account1Password" value="pw&lt;1&gt;"/>)",
                          R"(<setting id="Account1DisplayName" value="Alice &amp; Co"/>)",
                          R"(<setting id="Account1Server1Address" value="10.0.0.4"/>)",
                          R"(<setting id="Account1Server1Port" value="5070"/>)",
                          R"(<setting id="Account1Server1Transport" value="1"/>)",
                          R"(<setting id="Account1Server2Address" value="10.0.0.5"/>)",
                          R"(<setting id="Account1DtmfMode" value="4"/>)",
                          R"(<setting id="Account1VmNumber" value="*98"/>)",
                          R"(<setting id="Account2Server1Address" value="10.0.0.2"/>)",
                          R"(<setting id="Account2VmNumber" value="*97"/>)",
                          R"(<setting id="DeviceProvisionServerUrl" value="http://10.0.0.1:8667"/>)",
                          R"(<setting id="DeviceFirmwareUpgradeUrl" value="http://10.0.0.1:8667/firmware"/>)",
                          R"(<setting id="DeviceSecurityAdminPwd" value="s3cr&amp;t"/>)",
                          R"(<setting id="DeviceNetworkLanVlanEnable" value="true"/>)",
                          R"(<setting id="DeviceNetworkLanVlanNumber" value="20"/>)",
                          R"(<setting id="DeviceNetworkPcVlanNumber" value="30"/>)",
                          R"(<setting id="SettingTimeZone" value="+1:00"/>)",
                          R"(<setting id="SettingTimeZoneLocation" value="Europe/Paris"/>)",
                          R"(<setting id="SettingSntpServer" value="10.0.0.6"/>)",
                          R"(<setting id="SettingLanguage" value="1"/>)",
                          R"(<setting id="ProgramKey1Type" value="1"/>)",
                          R"(<setting id="ProgramKey1Value" value="200"/>)",
                          R"(<setting id="ProgramKey2Type" value="59"/>)",
                          R"(<setting id="ProgramKey2Label" value="Carol"/>)",
                      });
  EXPECT_EQ(paris.find("ProgramKey12"), std::string::npos) << "line keys are not programmable keys";
  const std::string ny =
      render_device_file("alcatel-2.13.02", "config.{mac_plain_lower}.xml", device, full_config("America/New_York"));
  expect_xml(ny);
  expect_lines(ny, {R"(<setting id="SettingTimeZone" value="-5:00"/>)"});
  expect_xml(render_common_file("alcatel-2.13.02", "config.M3.xml"));
}

TEST(PluginRender, Technicolor) {
  const json device = {{"id", "t1"}, {"mac", "00:14:7f:e1:47:b3"}, {"vendor", "Technicolor"}, {"model", "ST2030"}};
  const auto raw = full_config("Europe/Paris");
  const std::string paris = render_device_file("technicolor-1.0", "ST2030S_{mac_plain_upper}.txt", device, raw);
  expect_lines(paris, {
                          "LanguageType=1",
                          "VLAN=1",
                          "CallPkupSC=*8X",
                          "DisplayName1=Alice & Co",
                          "ProxyServerMP1=10.0.0.3:5070",
                          "ProxyServerBK1=10.0.0.5",
                          "RegisterServerMP1=10.0.0.4",
                          "regid1=alice-auth",
                          "regpwd1=pw<1>",
                          "TEL1Number=alice",
                          "TransportFlgMP1=1",
                          "ProxyServerMP2=10.0.0.2",
                          "VoiceMailTelNum=*97",
                          "subscribe_event=1",
                          "CountryCode=FR",
                          "dtmf_mode_flag=4",
                          "FeatureKeyExt01=L/<sip:200>",
                          "FeatureKeyExt02=S/<sip:103>",
                          "WebPWD=s3cr&t",
                          "VLANid1=20",
                          "VLANid2=30",
                          "VLANTag1=5",
                          "NTPFlag=1",
                          "NtpIP=10.0.0.6",
                          "NtpZoneNum=22",
                      });
  // config_sn: 12 digits that change with the configuration, so the phone applies a new file.
  const auto sn = paris.find("config_sn=");
  ASSERT_NE(sn, std::string::npos);
  const std::string serial = paris.substr(sn + 10, paris.find('\n', sn) - sn - 10);
  EXPECT_EQ(serial.size(), 12u);
  EXPECT_EQ(serial.find_first_not_of("0123456789"), std::string::npos);
  const std::string ny =
      render_device_file("technicolor-1.0", "ST2030S_{mac_plain_upper}.txt", device, full_config("America/New_York"));
  expect_lines(ny, {"NtpZoneNum=11"});
  EXPECT_EQ(ny.find("config_sn=" + serial), std::string::npos) << "another configuration, another serial";
  expect_lines(render_common_file("technicolor-1.0", "ST2030S.inf"),
               {"fwurl=binary/v2030SG.R11.1.SED.101223.2.74.zz", "[config]", "config="});
}

TEST(PluginRender, Zenitel) {
  const json device = {{"id", "z1"}, {"mac", "00:13:cb:4a:12:7f"}, {"vendor", "Zenitel"}, {"model", "IP station"}};
  auto plugin = bundled_plugins().find("zenitel-01.11.3.2");
  ASSERT_TRUE(plugin);
  ASSERT_EQ(plugin->device_files.size(), 1u);
  EXPECT_EQ(plugin->device_files[0].name.expand(*MacAddress::parse("00:13:cb:4a:12:7f")),
            "ipst_config_00_13_cb_4a_12_7f.cfg");
  const std::string text = render_device_file("zenitel-01.11.3.2", "ipst_config_{mac_underscore_lower}.cfg", device,
                                              full_config("Europe/Paris"));
  expect_lines(text, {
                         "auto_update_image_type=A100G80200.01_11_3_2.bin",
                         "nick_name=Alice & Co",
                         "sip_id=alice",
                         "sip_domain=10.0.0.3:5070",
                         "sip_domain2=10.0.0.5",
                         "auth_user=alice-auth",
                         "auth_pwd=pw<1>",
                         "speeddial_1_c1=200",
                     });
  EXPECT_EQ(text.find("speeddial_2_c1"), std::string::npos) << "a BLF is not a station speed dial";
}

TEST(PluginRender, AastraAndMitel) {
  for (const std::string id : {"aastra-3.2.0.1011", "aastra-2.6.0.2019", "mitel-6.4.0.140"}) {
    SCOPED_TRACE(id);
    const json device = {{"id", "x"}, {"mac", "00:08:5d:23:73:01"}, {"vendor", "Aastra"}, {"model", "6731i"}};
    const std::string paris = render_device_file(id, "{mac_plain_upper}.cfg", device, full_config("Europe/Paris"));
    expect_lines(paris, {
                            "admin password: s3cr&t",
                            "user password: 1234",
                            "sip proxy ip: 10.0.0.2",
                            "sip proxy port: 5060",
                            "sip registrar ip: 10.0.0.2",
                            "sip transport protocol: 2",
                            "sip out-of-band dtmf: 1",
                            "sip dtmf method: 1",
                            "sip srtp mode: 1",
                            "sip line1 auth name: alice-auth",
                            "sip line1 password: pw<1>",
                            "sip line1 user name: alice",
                            "sip line1 display name: Alice & Co",
                            "sip line1 proxy ip: 10.0.0.3",
                            "sip line1 proxy port: 5070",
                            "sip line1 registrar ip: 10.0.0.4",
                            "sip line1 backup proxy ip: 10.0.0.5",
                            "sip line1 vmail: *98",
                            "sip line2 auth name: bob",
                            "sip line2 proxy ip: 10.0.0.2",
                            "sip line2 vmail: *97",
                            "prgkey1 type: speeddial",
                            "prgkey1 value: 200",
                            "prgkey2 type: blf",
                            "prgkey2 label: Carol",
                            "prgkey3 type: park",
                            "prgkey12 type: line",
                            "prgkey12 line: 2",
                            "time server disabled: 0",
                            "time server1: 10.0.0.6",
                            "time zone name: FR-Paris",
                            "language 1: lang_fr.txt",
                            "language: 1",
                            "tagging enabled: 1",
                            "vlan id: 20",
                            "vlan id port 1: 30",
                            "sip priority: 5",
                            "log server ip: 10.0.0.7",
                        });
    const json big = {{"id", "y"}, {"mac", "14:00:e9:1b:45:24"}, {"vendor", "Mitel"}, {"model", "6940"}};
    const std::string ny = render_device_file(id, "{mac_plain_upper}.cfg", big, full_config("America/New_York"));
    expect_lines(ny, {"time zone name: US-Eastern", "softkey1 type: speeddial"});
    const std::string custom = render_device_file(id, "{mac_plain_upper}.cfg", big, full_config("Asia/Kolkata"));
    expect_lines(custom, {"time zone name: Custom", "time zone minutes: -330"});
    expect_lines(render_common_file(id, "aastra.cfg"), {"auto resync mode: 3"});
  }
}

}  // namespace
}  // namespace provd::ident

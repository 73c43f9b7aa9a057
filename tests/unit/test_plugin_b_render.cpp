// Device templates of the Snom, Grandstream, Fanvil, Gigaset, Htek, Patton and Yealink plugins
// rendered with a full raw_config (two SIP lines, function keys of every type, NTP, time zone,
// locale fr_FR, VLAN, syslog, admin password) through the router's own device_context: each
// must carry the vendor's exact keys and values, XML must be well-formed, and the time zone
// lines must follow the zone (Europe/Paris vs America/New_York).
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "ident/route.h"
#include "plugins/plugin.h"
#include "support_xml_check.h"

namespace provd::plugins {
namespace {

using nlohmann::json;

json full_config(const std::string& timezone) {
  json config = json::parse(R"({
    "ip": "10.0.0.1", "http_port": 8667, "sip_transport": "tcp", "sip_dtmf_mode": "RTP-out-of-band",
    "sip_srtp_mode": "preferred",
    "sip_lines": {
      "1": {"display_name": "Alice & Co", "number": "1001", "username": "1001", "auth_username": "a1001",
            "password": "s3cret<1>", "registrar_ip": "10.0.0.2", "registrar_port": 5060, "proxy_ip": "10.0.0.3",
            "proxy_port": 5070, "voicemail": "*98"},
      "2": {"display_name": "Bob", "number": "1002", "username": "1002", "auth_username": "a1002", "password": "pw2",
            "registrar_ip": "10.0.0.2", "registrar_port": 5060, "voicemail": "*97"}
    },
    "funckeys": {
      "1": {"type": "speeddial", "value": "1003", "label": "Carol"},
      "2": {"type": "blf", "value": "1004", "label": "Dave", "line": 1},
      "3": {"type": "park", "value": "701", "label": "Park"},
      "4": {"type": "line", "line": 2}
    },
    "ntp_enabled": true, "ntp_ip": "10.0.0.4", "locale": "fr_FR",
    "vlan_enabled": true, "vlan_id": 100, "vlan_priority": 5, "vlan_pc_port_id": 200,
    "syslog_enabled": true, "syslog_ip": "10.0.0.5", "syslog_port": 514, "syslog_level": "warning",
    "admin_username": "root", "admin_password": "adm1n", "user_password": "usr"
  })");
  config["timezone"] = timezone;
  return config;
}

std::shared_ptr<const Plugin> load(const std::string& id) {
  auto plugin = load_plugin(std::filesystem::path(PROVD_SOURCE_DIR) / "plugins" / id);
  if (!plugin) throw std::runtime_error(plugin.error().message);
  return *plugin;
}

std::string render_device(const Plugin& plugin, const std::string& template_path, const json& device,
                          const std::string& timezone) {
  for (const auto& file : plugin.device_files) {
    if (file.template_path == template_path) {
      return file.tmpl.render(ident::device_context(plugin, device, full_config(timezone)));
    }
  }
  throw std::runtime_error("no device template " + template_path);
}

std::string render_common(const Plugin& plugin, const std::string& name) {
  for (const auto& file : plugin.common_files) {
    if (file.name.literal() == name) {
      json context = {{"plugin", {{"id", plugin.id}, {"name", plugin.name}, {"version", plugin.version}}},
                      {"params", plugin.params}};
      apply_derivations(plugin.derivations, context);
      return file.tmpl.render(context);
    }
  }
  throw std::runtime_error("no common file " + name);
}

// The rendered lines with surrounding blanks removed.
std::set<std::string> lines_of(const std::string& text) {
  std::set<std::string> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    out.insert(line.substr(first, line.find_last_not_of(" \t\r") - first + 1));
  }
  return out;
}

void expect_lines(const std::string& text, const std::vector<std::string>& wanted) {
  const auto lines = lines_of(text);
  for (const auto& line : wanted) EXPECT_TRUE(lines.count(line)) << "missing line: " << line << "\n--- in:\n" << text;
}

void expect_no_line_containing(const std::string& text, const std::string& needle) {
  EXPECT_EQ(text.find(needle), std::string::npos) << needle << "\n--- in:\n" << text;
}

void expect_xml(const std::string& text) {
  auto problem = testing::xml_problem(text);
  EXPECT_FALSE(problem) << *problem << "\n--- in:\n" << text;
}

TEST(PluginRender, SnomDeskPhone) {
  auto plugin = load("snom-10.1");
  const json device = {{"id", "d1"}, {"mac", "00:04:13:aa:bb:cc"}, {"vendor", "Snom"}, {"model", "D785"}};
  const auto paris = render_device(*plugin, "device.xml.mustache", device, "Europe/Paris");
  expect_xml(paris);
  expect_lines(paris,
               {
                   R"(<user_active idx="1" perm="R">on</user_active>)",
                   R"(<user_realname idx="1" perm="R">Alice &amp; Co</user_realname>)",
                   R"(<user_name idx="1" perm="R">1001</user_name>)",
                   R"(<user_pname idx="1" perm="R">a1001</user_pname>)",
                   R"(<user_pass idx="1" perm="R">s3cret&lt;1&gt;</user_pass>)",
                   R"(<user_host idx="1" perm="R">10.0.0.2:5060;transport=tcp</user_host>)",
                   R"(<user_outbound idx="1" perm="R">10.0.0.3:5070;transport=tcp</user_outbound>)",
                   R"(<user_mailbox idx="1" perm="R">*98</user_mailbox>)",
                   R"(<user_name idx="2" perm="R">1002</user_name>)",
                   R"(<user_mailbox idx="2" perm="R">*97</user_mailbox>)",
                   R"(<user_srtp idx="1" perm="R">on</user_srtp>)",
                   R"(<ntp_server perm="R">10.0.0.4</ntp_server>)",
                   R"(<timezone perm="">FRA+1</timezone>)",
                   R"(<utc_offset perm="">3600</utc_offset>)",
                   R"(<language perm="">Français</language>)",
                   R"(<tone_scheme perm="">FRA</tone_scheme>)",
                   R"(<vlan_id perm="R">100</vlan_id>)",
                   R"(<vlan_prio perm="R">5</vlan_prio>)",
                   R"(<vlan_pc_id perm="R">200</vlan_pc_id>)",
                   R"(<http_user perm="R">root</http_user>)",
                   R"(<http_pass perm="R">adm1n</http_pass>)",
                   R"(<admin_mode_password perm="R">adm1n</admin_mode_password>)",
                   R"(<syslog_server perm="R">10.0.0.5:514</syslog_server>)",
                   R"(<fkey idx="0" context="active" label="Carol" perm="R">speed 1003</fkey>)",
                   R"(<fkey idx="1" context="1" label="Dave" perm="R">blf &lt;sip:1004@10.0.0.2&gt;</fkey>)",
                   R"(<fkey idx="2" context="active" label="Park" perm="R">orbit 701</fkey>)",
                   R"(<fkey idx="3" context="2" label="" perm="R">line</fkey>)",
                   R"(<firmware_status perm="R">http://10.0.0.1:8667/000413AABBCC-firmware.xml</firmware_status>)",
               });
  const auto new_york = render_device(*plugin, "device.xml.mustache", device, "America/New_York");
  expect_lines(new_york, {R"(<timezone perm="">USA-5</timezone>)", R"(<utc_offset perm="">-18000</utc_offset>)"});
  const auto firmware = render_device(*plugin, "firmware.xml.mustache", device, "Europe/Paris");
  expect_xml(firmware);
  expect_lines(firmware,
               {R"(<firmware perm="R">http://10.0.0.1:8667/firmware/snomD785-10.1.159.12-SIP-r.bin</firmware>)"});
  const auto setting_files = render_common(*plugin, "snom320.htm");
  expect_xml(setting_files);
  expect_lines(setting_files, {R"(<file url="snom-general.xml"/>)", R"(<file url="{mac}.xml"/>)"});
  expect_xml(render_common(*plugin, "snom-general.xml"));
}

TEST(PluginRender, SnomDectBase) {
  auto plugin = load("snom-10.1");
  const json device = {{"id", "d1"}, {"mac", "00:04:13:b6:06:80"}, {"vendor", "Snom"}, {"model", "M900"}};
  const auto text = render_device(*plugin, "device.xml.mustache", device, "Europe/Paris");
  expect_xml(text);
  expect_lines(text, {
                         R"(<user_host idx="1" perm="R">10.0.0.2:5060</user_host>)",
                         R"(<user_pname idx="2" perm="R">a1002</user_pname>)",
                         R"(<user_mailnumber idx="1" perm="R">*98</user_mailnumber>)",
                         R"(<subscr_sip_hs_idx idx="2" perm="R">2</subscr_sip_hs_idx>)",
                         R"(<subscr_sip_ua_data_server_id idx="1" perm="R">1</subscr_sip_ua_data_server_id>)",
                     });
  expect_no_line_containing(text, "<functionKeys");
}

TEST(PluginRender, Grandstream) {
  auto plugin = load("grandstream-1.0.11");
  const json device = {{"id", "d1"}, {"mac", "00:0b:82:aa:bb:cc"}, {"vendor", "Grandstream"}, {"model", "GXP2170"}};
  const auto text = render_device(*plugin, "cfgmac.xml.mustache", device, "Europe/Paris");
  expect_xml(text);
  expect_lines(text, {
                         "<mac>000b82aabbcc</mac>",
                         "<P271>1</P271>",
                         "<P270>1001</P270>",
                         "<P47>10.0.0.2:5060</P47>",
                         "<P48>10.0.0.3:5070</P48>",
                         "<P35>1001</P35>",
                         "<P36>a1001</P36>",
                         "<P34>s3cret&lt;1&gt;</P34>",
                         "<P3>Alice &amp; Co</P3>",
                         "<P33>*98</P33>",
                         "<P130>1</P130>",
                         "<P183>1</P183>",
                         "<P401>1</P401>",
                         "<P404>1002</P404>",
                         "<P426>*97</P426>",
                         "<P501>0</P501>",
                         "<P30>10.0.0.4</P30>",
                         "<P64>customize</P64>",
                         "<P246>CET-1CEST,M3.5.0,M10.5.0/3</P246>",
                         "<P1362>fr</P1362>",
                         "<P51>100</P51>",
                         "<P87>5</P87>",
                         "<P229>200</P229>",
                         "<P2>adm1n</P2>",
                         "<P207>10.0.0.5</P207>",
                         "<P208>3</P208>",
                         "<P237>10.0.0.1:8667</P237>",
                         "<P323>0</P323>",
                         "<P301>0</P301>",
                         "<P302>Carol</P302>",
                         "<P303>1003</P303>",
                         "<P324>1</P324>",
                         "<P306>1004</P306>",
                         "<P325>9</P325>",
                         "<P309>701</P309>",
                     });
  expect_no_line_containing(text, "<P326>");  // a line key is no multi-purpose key
  const auto new_york = render_device(*plugin, "cfgmac.xml.mustache", device, "America/New_York");
  expect_lines(new_york, {"<P246>EST5EDT,M3.2.0,M11.1.0</P246>"});
  expect_xml(render_common(*plugin, "cfg.xml"));
}

TEST(PluginRender, Fanvil) {
  auto plugin = load("fanvil-2.12");
  const json device = {{"id", "d1"}, {"mac", "0c:38:3e:2c:d7:82"}, {"vendor", "Fanvil"}, {"model", "X6U-Pro"}};
  const auto text = render_device(*plugin, "mac.cfg.mustache", device, "Europe/Paris");
  EXPECT_EQ(text.rfind("<<VOIP CONFIG FILE>>Version:2.0002\n", 0), 0u) << text;
  EXPECT_NE(text.find("<<END OF FILE>>"), std::string::npos);
  expect_lines(text, {
                         "SIP1 Phone Number   :1001",
                         "SIP1 Display Name   :Alice & Co",
                         "SIP1 Register Addr  :10.0.0.2",
                         "SIP1 Register Port  :5060",
                         "SIP1 Register User  :a1001",
                         "SIP1 Register Pswd  :s3cret<1>",
                         "SIP1 Enable Reg     :1",
                         "SIP1 Proxy Addr     :10.0.0.3",
                         "SIP1 Proxy Port     :5070",
                         "SIP1 Transport      :1",
                         "SIP1 DTMF Mode      :1",
                         "SIP1 MWI Num        :*98",
                         "SIP2 Phone Number   :1002",
                         "SIP2 MWI Num        :*97",
                         "Enable SNTP         :1",
                         "SNTP Server         :10.0.0.4",
                         "Time Zone           :4",
                         "Time Zone Name      :UTC+1",
                         "Enable DST          :2",
                         "DST Min Offset      :60",
                         "DST Start Mon       :3",
                         "DST Start Week      :-1",
                         "DST Start Wday      :0",
                         "DST Start Hour      :2",
                         "DST End Mon         :10",
                         "DST End Hour        :3",
                         "Default Language    :fr",
                         "Enable VLAN         :1",
                         "VLAN ID             :100",
                         "Signalling Priority :5",
                         "PVID Value          :200",
                         "Server Address      :10.0.0.5",
                         "MGR Log Level       :4",
                         "Menu Password       :adm1n",
                         "Web1 User Name      :root",
                         "Web1 Password       :adm1n",
                         "Fkey1 Type          :1",
                         "Fkey1 Value         :1003@1/f",
                         "Fkey1 Title         :Carol",
                         "Fkey2 Value         :1004@1/ba",
                         "Fkey3 Type          :2",
                         "Fkey3 Value         :701@1/c",
                         "Fkey4 Type          :2",
                         "Fkey4 Value         :SIP2",
                         "Download Server IP  :http://10.0.0.1:8667",
                         "Config File Name    :$mac.cfg",
                         "Auto Image URL      :http://10.0.0.1:8667/firmware/"
                         "x6upro-fanvil-release-ff01-6916-2.12.16.17-krnvUT2023-05-05-18.49.37.z",
                     });
  const auto new_york = render_device(*plugin, "mac.cfg.mustache", device, "America/New_York");
  expect_lines(new_york, {"Time Zone           :-20", "Time Zone Name      :UTC-05", "DST Start Week      :2",
                          "DST End Mon         :11", "DST End Week        :1"});
  const auto common = render_common(*plugin, "F0V0V6700000.cfg");
  expect_lines(common, {"Config File Name    :$mac.cfg"});
}

TEST(PluginRender, GigasetSingleCell) {
  auto plugin = load("gigaset-pro-2.0");
  const json device = {{"id", "d1"}, {"mac", "7c:2f:80:aa:bb:cc"}, {"vendor", "Gigaset"}, {"model", "N510 IP PRO"}};
  const auto text = render_device(*plugin, "device.xml.mustache", device, "Europe/Paris");
  expect_xml(text);
  expect_lines(text,
               {
                   R"(<MAC_ADDRESS value="7C2F80AABBCC"/>)",
                   R"(<SYMB_ITEM ID="BS_IP_Data1.aucS_SIP_USER_ID" class="symb_item" value='"1001"'/>)",
                   R"(<SYMB_ITEM ID="BS_IP_Data3.aucS_SIP_LOGIN_ID" class="symb_item" value='"a1001"'/>)",
                   R"(<SYMB_ITEM ID="BS_IP_Data1.aucS_SIP_PASSWORD" class="symb_item" value='"s3cret&lt;1&gt;"'/>)",
                   R"(<SYMB_ITEM ID="BS_IP_Data1.aucS_SIP_DISPLAYNAME" class="symb_item" value='"Alice &amp; Co"'/>)",
                   R"(<SYMB_ITEM ID="BS_IP_Data1.aucS_SIP_REGISTRAR" class="symb_item" value='"10.0.0.2"'/>)",
                   R"(<SYMB_ITEM ID="BS_IP_Data1.aucS_SIP_SERVER" class="symb_item" value='"10.0.0.3"'/>)",
                   R"(<SYMB_ITEM ID="BS_IP_Data1.uiI_SIP_SERVER_PORT" class="symb_item" value="5070"/>)",
                   R"(<SYMB_ITEM ID="BS_IP_Data1.aucS_SIP_USER_ID_2" class="symb_item" value='"1002"'/>)",
                   R"(<SYMB_ITEM ID="BS_IP_Data1.ucB_SIP_ACCOUNT_IS_ACTIVE_2" class="symb_item" value="0x1"/>)",
                   R"(<SYMB_ITEM ID="BS_IP_Data1.aucS_VOIP_NET_AM_NUMBER_1" class="symb_item" value='"*98"'/>)",
                   R"(<SYMB_ITEM ID="BS_IP_Data1.aucS_TIME_NTP_SERVER" class="symb_item" value='"10.0.0.4"'/>)",
                   R"(<SYMB_ITEM ID="BS_IP_Data1.uiI_TIME_TIMEZONE" class="symb_item" value="0x1b"/>)",
                   R"(<SYMB_ITEM ID="BS_IP_Data1.ucI_HTTPLANGUAGE" class="symb_item" value="0x9"/>)",
                   R"(<SYMB_ITEM ID="BS_AE_SwConfig.ucCountryCodeTone" class="symb_item" value="7"/>)",
                   R"(<SYMB_ITEM ID="BS_IP_Data1.uiI_VLAN_ID" class="symb_item" value="100"/>)",
                   R"(<S_CONFIGFILE_URL class="string" value='"10.0.0.1:8667/7C2F80AABBCC.xml"'/>)",
               });
  const auto new_york = render_device(*plugin, "device.xml.mustache", device, "America/New_York");
  expect_lines(new_york, {R"(<SYMB_ITEM ID="BS_IP_Data1.uiI_TIME_TIMEZONE" class="symb_item" value="0x0d"/>)"});
}

TEST(PluginRender, GigasetMultiCell) {
  auto plugin = load("gigaset-pro-2.0");
  const json device = {{"id", "d1"}, {"mac", "7c:2f:80:aa:bb:cd"}, {"vendor", "Gigaset"}, {"model", "N720 DM PRO"}};
  const auto text = render_device(*plugin, "device.xml.mustache", device, "Europe/Paris");
  expect_xml(text);
  expect_lines(
      text,
      {
          R"(<SYMB_ITEM ID="BS_VOIP_Data.astVoipAccounts[0].aucS_SIP_USER_ID[0]" class="symb_item" value='"1001"'/>)",
          R"(<SYMB_ITEM ID="BS_VOIP_Data.astVoipAccounts[1].aucS_SIP_LOGIN_ID[0]" class="symb_item" value='"a1002"'/>)",
          R"(<SYMB_ITEM ID="BS_VOIP_Data.astVoipProviders[0].aucSIP_REGISTRAR[%]" class="symb_item" value='"10.0.0.2"'/>)",
          R"(<SYMB_ITEM ID="BS_VOIP_Data.astVoipProviders[0].ucSIP_PREFERRED_TRANSPORT_LAYER" class="symb_item" value="6"/>)",
          R"(<SYMB_ITEM ID="BS_CUSTOM.WebUIPassword" class="symb_item" value='"adm1n"'/>)",
          R"(<SYMB_ITEM ID="BS_IP_Data.uiI_TIME_TIMEZONE" class="symb_item" value="0x1b"/>)",
          R"(<SYMB_ITEM ID="BS_IP_Data.uiI_VLAN_ID" class="symb_item" value="100"/>)",
      });
  expect_no_line_containing(text, "BS_IP_Data1.");
}

TEST(PluginRender, Htek) {
  auto plugin = load("htek-2.0.4");
  const json device = {{"id", "d1"}, {"mac", "00:1f:c1:aa:bb:cc"}, {"vendor", "Htek"}, {"model", "UC926"}};
  const auto text = render_device(*plugin, "cfgmac.xml.mustache", device, "Europe/Paris");
  expect_xml(text);
  expect_lines(text, {
                         R"(<P271 para="Account1_Active">1</P271>)",
                         R"(<P35 para="Account1_SipUserId">1001</P35>)",
                         R"(<P36 para="Account1_AuthenticateID">a1001</P36>)",
                         R"(<P34 para="Account1_AuthenticatePassword">s3cret&lt;1&gt;</P34>)",
                         R"(<P3 para="Account1_DispalyName">Alice &amp; Co</P3>)",
                         R"(<P735 para="Account2_SipUserId">1002</P735>)",
                         R"(<P426 para="Account2_VoiceMailId">*97</P426>)",
                         R"(<P47 para="Profile1_Sipserver">10.0.0.2:5060</P47>)",
                         R"(<P48 para="Profile1_OutboundProxy">10.0.0.3:5070</P48>)",
                         R"(<P130 para="Profile1_SipTransport">1</P130>)",
                         R"(<P20166 para="Profile1_DtmfMode">0</P20166>)",
                         R"(<P30 para="UrlOrIpAddress">10.0.0.4</P30>)",
                         R"(<P64 para="Preference_TimeZone">49</P64>)",
                         R"(<P1362 para="Preference_Language">fr</P1362>)",
                         R"(<P51 para="Layer2QoS_802_1Q_VLANTag">100</P51>)",
                         R"(<P2 para="AdminPassword">adm1n</P2>)",
                         R"(<P41200 para="LineKey1_Type">2</P41200>)",
                         R"(<P41300 para="LineKey1_Value">1003</P41300>)",
                         R"(<P41400 para="LineKey1_Label">Carol</P41400>)",
                         R"(<P41201 para="LineKey2_Type">3</P41201>)",
                         R"(<P41501 para="LineKey2_Account">0</P41501>)",
                         R"(<P41202 para="LineKey3_Type">8</P41202>)",
                         R"(<P41203 para="LineKey4_Type">1</P41203>)",
                         R"(<P41503 para="LineKey4_Account">1</P41503>)",
                         R"(<P237 para="ConfigServerPath">10.0.0.1:8667</P237>)",
                     });
  const auto new_york = render_device(*plugin, "cfgmac.xml.mustache", device, "America/New_York");
  expect_lines(new_york, {R"(<P64 para="Preference_TimeZone">18</P64>)"});
  expect_xml(render_common(*plugin, "cfg0019.xml"));
}

TEST(PluginRender, PattonSmartNode) {
  auto plugin = load("patton-6.11");
  const json device = {{"id", "d1"}, {"mac", "00:a0:ba:08:93:3c"}, {"vendor", "Patton"}, {"model", "SN4112"}};
  const auto text = render_device(*plugin, "mac.cfg.mustache", device, "Europe/Paris");
  expect_lines(text, {
                         "clock local default-offset +01:00",
                         "administrator root password adm1n",
                         "sntp-client server primary 10.0.0.4 port 123 version 4",
                         "remote 1 10.0.0.5 514",
                         "facility sip-gateway severity warning",
                         "location 1 http://10.0.0.1:8667/$(system.mac).cfg",
                         "dtmf-relay rtp",
                         "transport-protocol tcp 5060",
                         "authentication-service AUTH_1",
                         "username a1001 password s3cret<1>",
                         "username a1002 password pw2",
                         "domain 1 10.0.0.2 5060",
                         "identity 1001",
                         "identity 1002",
                         "registrar 10.0.0.2 5060",
                         "outbound-proxy 10.0.0.3 5070",
                         "mwi subscribe *98",
                         "display-name \"Alice & Co\"",
                         "bind location-service SERVICE_2",
                         "route call dest-interface IF_FXS_1",
                         "port fxs 0 1",
                         "bind interface IF_FXS_1 switch",
                         "vlan 100",
                         "priority 5",
                     });
  expect_no_line_containing(text, "SERVICE_3");
  const auto new_york = render_device(*plugin, "mac.cfg.mustache", device, "America/New_York");
  expect_lines(new_york, {"clock local default-offset -05:00"});
}

TEST(PluginRender, Yealink) {
  auto plugin = load("yealink-87.0");
  const json device = {{"id", "d1"}, {"mac", "80:5e:c0:d5:7d:72"}, {"vendor", "Yealink"}, {"model", "T31G"}};
  const auto text = render_device(*plugin, "mac.cfg.mustache", device, "Europe/Paris");
  EXPECT_EQ(text.rfind("#!version:1.0.0.1\n", 0), 0u);
  expect_lines(text, {
                         "account.1.enable = 1",
                         "account.1.label = 1001",
                         "account.1.display_name = Alice & Co",
                         "account.1.user_name = 1001",
                         "account.1.auth_name = a1001",
                         "account.1.password = s3cret<1>",
                         "account.1.sip_server.1.address = 10.0.0.2",
                         "account.1.sip_server.1.port = 5060",
                         "account.1.sip_server.1.transport_type = 1",
                         "account.1.outbound_proxy_enable = 1",
                         "account.1.outbound_proxy.1.address = 10.0.0.3",
                         "account.1.outbound_proxy.1.port = 5070",
                         "account.1.dtmf.type = 1",
                         "account.1.srtp_encryption = 1",
                         "voice_mail.number.1 = *98",
                         "account.2.user_name = 1002",
                         "account.2.outbound_proxy_enable = 0",
                         "voice_mail.number.2 = *97",
                         "lang.gui = French",
                         "voice.tone.country = France",
                         "local_time.ntp_server1 = 10.0.0.4",
                         "local_time.time_zone = +1",
                         "local_time.summer_time = 1",
                         "local_time.start_time = 3/5/7/2",
                         "local_time.end_time = 10/5/7/3",
                         "local_time.offset_time = 60",
                         "network.vlan.internet_port_enable = 1",
                         "network.vlan.internet_port_vid = 100",
                         "network.vlan.internet_port_priority = 5",
                         "network.vlan.pc_port_vid = 200",
                         "security.user_password = root:adm1n",
                         "syslog.server = 10.0.0.5",
                         "syslog.log_level = 4",
                         "firmware.url = http://10.0.0.1:8667/T31G-124.86.0.75.rom",
                         "linekey.1.type = 13",
                         "linekey.1.value = 1003",
                         "linekey.1.label = Carol",
                         "linekey.2.type = 16",
                         "linekey.2.line = 1",
                         "linekey.3.type = 10",
                         "linekey.4.type = 15",
                         "linekey.4.line = 2",
                     });
  const auto new_york = render_device(*plugin, "mac.cfg.mustache", device, "America/New_York");
  expect_lines(new_york,
               {"local_time.time_zone = -5", "local_time.start_time = 3/2/7/2", "local_time.end_time = 11/1/7/2"});
  expect_lines(render_common(*plugin, "y000000000124.cfg"), {"auto_provision.mode = 1"});
}

}  // namespace
}  // namespace provd::plugins

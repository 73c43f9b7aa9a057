// Shared by the vendor plugin tests: identify a request shape with the bundled plugins, render a
// plugin's files with a full raw config through the router's own context, and check that XML
// output is well-formed (a small checker: no XML library is a dependency of provd).
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "ident/extract.h"
#include "ident/route.h"
#include "plugins/derive.h"
#include "plugins/plugin_set.h"

namespace provd::testing {

/// The bundled plugins, loaded once.
inline const plugins::PluginSet& bundled_plugins() {
  static const plugins::PluginSet set = plugins::PluginSet::load(PROVD_SOURCE_DIR "/plugins");
  return set;
}

/// What a request shape reveals: the chosen value per field ("" when none).
struct Identified {
  std::string vendor, model, version, mac, sn;
};

/// Identifies one request. protocol: "http" (ua + path), "tftp" (path), "dhcp" (ua = option 60).
inline Identified identify(const std::string& protocol, const std::string& ua, const std::string& path) {
  ident::Inputs in;
  in.source_ip = "192.0.2.10";
  if (protocol == "http") {
    in.channel = ident::Channel::kHttp;
    if (!ua.empty()) in.user_agent = ua;
    in.path = path;
  } else if (protocol == "tftp") {
    in.channel = ident::Channel::kTftp;
    in.path = path;
  } else {
    in.channel = ident::Channel::kDhcp;
    in.vendor_class = ua;
  }
  const auto x = ident::extract(in, bundled_plugins(), {"plugin_rules"});
  auto get = [&](const char* field) { return x.info.value(field).value_or(""); };
  return {get("vendor"), get("model"), get("version"), get("mac"), get("sn")};
}

/// A request shape and what it must reveal ("" where nothing).
struct Shape {
  std::string protocol, ua, path, vendor, mac, model, version, sn;
};

/// Checks every shape, naming the failing one.
inline void expect_shapes(const std::vector<Shape>& shapes) {
  for (const auto& s : shapes) {
    const auto got = identify(s.protocol, s.ua, s.path);
    const std::string where = s.protocol + " '" + s.ua + "' '" + s.path + "'";
    EXPECT_EQ(got.vendor, s.vendor) << where;
    EXPECT_EQ(got.mac, s.mac) << where;
    EXPECT_EQ(got.model, s.model) << where;
    EXPECT_EQ(got.version, s.version) << where;
    EXPECT_EQ(got.sn, s.sn) << where;
  }
}

/// A raw config that uses every setting templates render: two SIP lines, all funckey types,
/// NTP, time zone, locale, VLAN, syslog, admin password, SCCP call managers.
inline nlohmann::json full_raw_config(const std::string& timezone = "Europe/Paris") {
  auto config = nlohmann::json::parse(R"({
    "ip": "192.0.2.1", "http_port": 8667, "protocol": "SIP",
    "sip_registrar_ip": "192.0.2.10", "sip_registrar_port": 5060, "sip_proxy_ip": "192.0.2.10",
    "sip_transport": "tcp", "sip_dtmf_mode": "RTP-out-of-band", "sip_subscribe_mwi": true,
    "sip_lines": {
      "1": {"display_name": "Alice & Co", "number": "1001", "username": "alice", "auth_username": "alice-auth",
            "password": "s3cret<1>", "registrar_ip": "192.0.2.10", "registrar_port": 5060, "voicemail": "*981001"},
      "2": {"display_name": "Bob", "number": "1002", "username": "bob", "password": "pw2",
            "registrar_ip": "192.0.2.11", "registrar_port": 5070,
            "outbound_proxy_ip": "192.0.2.12", "outbound_proxy_port": 5080}
    },
    "funckeys": {
      "3": {"type": "speeddial", "value": "1003", "label": "Carol"},
      "4": {"type": "blf", "value": "1004", "label": "Dave"},
      "5": {"type": "park", "value": "700", "label": "Park"},
      "6": {"type": "line", "line": 2, "label": "Line 2"}
    },
    "exten_voicemail": "*98", "exten_pickup_call": "*8",
    "ntp_enabled": true, "ntp_ip": "192.0.2.123",
    "locale": "fr_FR",
    "vlan_enabled": true, "vlan_id": 100, "vlan_priority": 5,
    "syslog_enabled": true, "syslog_ip": "192.0.2.50", "syslog_port": 514, "syslog_level": "info",
    "admin_username": "admin", "admin_password": "adm1n",
    "sccp_call_managers": {"1": {"ip": "192.0.2.20", "port": 2000}, "2": {"ip": "192.0.2.21"}}
  })");
  config["timezone"] = timezone;
  return config;
}

/// The plugin `id` of the bundled set; fails the test when it did not load.
inline const plugins::Plugin& bundled_plugin(const std::string& id) {
  auto plugin = bundled_plugins().find(id);
  if (!plugin) {
    std::string errors;
    for (const auto& e : bundled_plugins().errors()) errors += e.message + "\n";
    throw std::runtime_error("plugin " + id + " did not load:\n" + errors);
  }
  return *plugin;
}

/// Renders the per-device file whose name pattern is `pattern` for `device` and `raw_config`.
inline std::string render_device_file(const std::string& plugin_id, const std::string& pattern,
                                      const nlohmann::json& device, const nlohmann::json& raw_config) {
  const auto& plugin = bundled_plugin(plugin_id);
  for (const auto& file : plugin.device_files) {
    if (file.name.text() == pattern) return file.tmpl.render(ident::device_context(plugin, device, raw_config));
  }
  throw std::runtime_error("no device file " + pattern + " in " + plugin_id);
}

/// Renders common file `name` the way the router does (plugin and params only).
inline std::string render_common_file(const std::string& plugin_id, const std::string& name) {
  const auto& plugin = bundled_plugin(plugin_id);
  for (const auto& file : plugin.common_files) {
    if (file.name.text() != name) continue;
    nlohmann::json context = {{"plugin", {{"id", plugin.id}, {"name", plugin.name}, {"version", plugin.version}}},
                              {"params", plugin.params}};
    plugins::apply_derivations(plugin.derivations, context);
    return file.tmpl.render(context);
  }
  throw std::runtime_error("no common file " + name + " in " + plugin_id);
}

/// Why `xml` is not well-formed, or "" when it is: one root element, balanced and properly
/// nested tags, quoted attributes, no raw '<' in text or values, '&' only in entity references.
inline std::string xml_problem(const std::string& xml) {
  std::vector<std::string> open;
  int roots = 0;
  auto entity_ok = [&](std::size_t at) {
    const auto semi = xml.find(';', at);
    if (semi == std::string::npos || semi - at > 8) return false;
    const std::string name = xml.substr(at + 1, semi - at - 1);
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") return true;
    return name.size() > 1 && name[0] == '#';
  };
  auto is_name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':';
  };
  std::size_t i = 0;
  while (i < xml.size()) {
    if (xml[i] == '&') {
      if (!entity_ok(i)) return "bad '&' at " + std::to_string(i);
      ++i;
    } else if (xml[i] != '<') {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(xml[i])))
        return "text outside the root at " + std::to_string(i);
      ++i;
    } else if (xml.compare(i, 4, "<!--") == 0) {
      const auto end = xml.find("-->", i + 4);
      if (end == std::string::npos) return "unclosed comment";
      i = end + 3;
    } else if (xml.compare(i, 2, "<?") == 0) {
      const auto end = xml.find("?>", i + 2);
      if (end == std::string::npos) return "unclosed declaration";
      i = end + 2;
    } else {
      const bool closing = i + 1 < xml.size() && xml[i + 1] == '/';
      std::size_t j = i + (closing ? 2 : 1);
      const std::size_t name_start = j;
      while (j < xml.size() && is_name(xml[j])) ++j;
      const std::string name = xml.substr(name_start, j - name_start);
      if (name.empty()) return "tag without a name at " + std::to_string(i);
      if (closing) {
        while (j < xml.size() && std::isspace(static_cast<unsigned char>(xml[j]))) ++j;
        if (j >= xml.size() || xml[j] != '>') return "bad closing tag " + name;
        if (open.empty() || open.back() != name) return "closing " + name + " does not match";
        open.pop_back();
        i = j + 1;
        continue;
      }
      bool self_closing = false;
      while (true) {
        while (j < xml.size() && std::isspace(static_cast<unsigned char>(xml[j]))) ++j;
        if (j >= xml.size()) return "unclosed tag " + name;
        if (xml[j] == '>') break;
        if (xml.compare(j, 2, "/>") == 0) {
          self_closing = true;
          ++j;
          break;
        }
        const std::size_t attr_start = j;
        while (j < xml.size() && is_name(xml[j])) ++j;
        if (j == attr_start || j >= xml.size() || xml[j] != '=') return "bad attribute in " + name;
        ++j;
        if (j >= xml.size() || (xml[j] != '"' && xml[j] != '\'')) return "unquoted attribute in " + name;
        const char quote = xml[j++];
        const auto end = xml.find(quote, j);
        if (end == std::string::npos) return "unterminated attribute in " + name;
        for (std::size_t k = j; k < end; ++k) {
          if (xml[k] == '<') return "'<' in an attribute of " + name;
          if (xml[k] == '&' && !entity_ok(k)) return "bad '&' in an attribute of " + name;
        }
        j = end + 1;
      }
      if (open.empty() && ++roots > 1) return "more than one root element";
      if (!self_closing) open.push_back(name);
      i = j + 1;
    }
  }
  if (!open.empty()) return "unclosed element " + open.back();
  if (roots != 1) return "no root element";
  return "";
}

}  // namespace provd::testing

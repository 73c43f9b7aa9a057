// Request shapes of Snom, Grandstream, Fanvil, Gigaset, Htek and Patton devices beyond the
// shared corpus, taken from the vendors' documented file names and User-Agent formats, through
// extraction with the bundled plugins: each gives the expected vendor, MAC, model and version,
// and comes from the vendor's own plugin. The last test runs every corpus row of OTHER vendors
// and checks that none of these plugins claims anything from them.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "config/loader.h"
#include "ident/extract.h"

namespace provd::ident {
namespace {

const plugins::PluginSet& bundled() {
  static const auto set = plugins::PluginSet::load(PROVD_SOURCE_DIR "/plugins");
  return set;
}

Extraction run(const std::string& protocol, const std::string& ua_or_class, const std::string& path) {
  Inputs in;
  in.source_ip = "192.0.2.10";
  if (protocol == "http") {
    in.channel = Channel::kHttp;
    if (!ua_or_class.empty()) in.user_agent = ua_or_class;
    in.path = path;
  } else if (protocol == "tftp") {
    in.channel = Channel::kTftp;
    in.path = path;
  } else {
    in.channel = Channel::kDhcp;
    in.vendor_class = ua_or_class;
  }
  return extract(in, bundled(), config::default_settings().pipeline.extract);
}

struct Shape {
  std::string protocol, ua_or_class, path;
  std::string plugin, vendor, mac, model, version;
};

void expect_shape(const Shape& s) {
  const auto x = run(s.protocol, s.ua_or_class, s.path);
  const std::string where = s.protocol + " '" + s.ua_or_class + "' '" + s.path + "'";
  EXPECT_EQ(x.info.value("vendor").value_or(""), s.vendor) << where;
  EXPECT_EQ(x.info.value("mac").value_or(""), s.mac) << where;
  EXPECT_EQ(x.info.value("model").value_or(""), s.model) << where;
  EXPECT_EQ(x.info.value("version").value_or(""), s.version) << where;
  if (auto vendor = x.info.fields.find("vendor"); vendor != x.info.fields.end()) {
    EXPECT_EQ(vendor->second.source, s.plugin) << where;
  }
}

TEST(PluginShapes, Snom) {
  const std::string p = "snom-10.1";
  for (const Shape& s : std::vector<Shape>{
           {"http", "Mozilla/4.0 (compatible; snomD785-SIP 10.1.33.33 2010.12-00004-g2a1d4cd4 SNOM)", "/snomD785.htm",
            p, "Snom", "", "D785", "10.1.33.33"},
           {"http", "snomD735/10.1.54.13", "/000413A1B2C3.xml", p, "Snom", "00:04:13:a1:b2:c3", "D735", "10.1.54.13"},
           {"http", "Mozilla/4.0 (compatible; snom760-SIP 8.7.5.35 1.1.5-IFX-05.01.12)",
            "/prov/snom760-000413AABBCC.htm", p, "Snom", "00:04:13:aa:bb:cc", "760", "8.7.5.35"},
           {"http", "", "/snom760-000413AABBCC.htm", p, "Snom", "00:04:13:aa:bb:cc", "760", ""},
           {"http", "", "/snom-general.xml", p, "Snom", "", "", ""},
           {"http", "", "/000413B60680-firmware.xml", p, "Snom", "00:04:13:b6:06:80", "", ""},
           {"http", "Mozilla/4.0 (compatible; Snom M700 05.20.0001 000413aabbcc)", "/snomM700.htm", p, "Snom",
            "00:04:13:aa:bb:cc", "M700", "05.20.0001"},
           {"tftp", "", "snom320.htm", p, "Snom", "", "320", ""},
           {"tftp", "", "/000413123456.xml", p, "Snom", "00:04:13:12:34:56", "", ""},
           {"dhcp", "snom320", "", p, "Snom", "", "320", ""},
           {"dhcp", "snomD785", "", p, "Snom", "", "D785", ""},
       }) {
    expect_shape(s);
  }
}

TEST(PluginShapes, Grandstream) {
  const std::string p = "grandstream-1.0.11";
  for (const Shape& s : std::vector<Shape>{
           {"http", "Grandstream Model HW GRP2614 SW 1.0.5.15 DevId ec74d7112233", "/cfgec74d7112233.xml", p,
            "Grandstream", "ec:74:d7:11:22:33", "GRP2614", "1.0.5.15"},
           {"http", "Grandstream Model HW GXP2170 V1.2B SW 1.0.11.3 DevId 000b82aabbcc", "/cfg.xml", p, "Grandstream",
            "00:0b:82:aa:bb:cc", "GXP2170", "1.0.11.3"},
           {"http", "", "/cfggxp2170.xml", p, "Grandstream", "", "GXP2170", ""},
           {"http", "", "/gs/cfgc074ad112233", p, "Grandstream", "c0:74:ad:11:22:33", "", ""},
           {"http", "", "/firmware/gxp2170fw.bin", p, "Grandstream", "", "", ""},
           {"http", "Grandstream HT-502 1.0.1.5", "/cfg000b82010203.xml", p, "Grandstream", "00:0b:82:01:02:03",
            "HT502", "1.0.1.5"},
           {"tftp", "", "cfg000b82112233", p, "Grandstream", "00:0b:82:11:22:33", "", ""},
           {"tftp", "", "cfg000b82112233.xml", p, "Grandstream", "00:0b:82:11:22:33", "", ""},
           {"dhcp", "Grandstream GXP2170 dslforum.org", "", p, "Grandstream", "", "GXP2170", ""},
       }) {
    expect_shape(s);
  }
}

TEST(PluginShapes, Fanvil) {
  const std::string p = "fanvil-2.12";
  for (const Shape& s : std::vector<Shape>{
           {"http", "", "/F0V0V6700000.cfg", p, "Fanvil", "", "V67", ""},
           {"http", "", "/Fanvil/F0Vi51W00000.cfg", p, "Fanvil", "", "i51W", ""},
           {"http", "", "/fanvil_v62_hwv1_0.txt", p, "Fanvil", "", "V62", ""},
           {"http", "", "/fanvil_w611w_hwv1_0.txt", p, "Fanvil", "", "W611W", ""},
           {"http", "", "/f0X3shw1.100.cfg", p, "Fanvil", "", "X3S", ""},
           {"http", "Fanvil X7C Pro 2.12.16.17 0c383e112233", "/0c383e112233.cfg", p, "Fanvil", "0c:38:3e:11:22:33",
            "X7C-Pro", "2.12.16.17"},
           {"http", "Fanvil X210 2.4.5.2 0c383eaabbcc", "/Fanvil/0c383eaabbcc.cfg", p, "Fanvil", "0c:38:3e:aa:bb:cc",
            "X210", "2.4.5.2"},
           {"http", "", "/0c383e07e16c.cfg", p, "Fanvil", "0c:38:3e:07:e1:6c", "", ""},
           {"tftp", "", "0c383e07e16c.cfg", p, "Fanvil", "0c:38:3e:07:e1:6c", "", ""},
           {"tftp", "", "F0V00X600000.cfg", p, "Fanvil", "", "X6", ""},
       }) {
    expect_shape(s);
  }
}

TEST(PluginShapes, Gigaset) {
  const std::string p = "gigaset-pro-2.0";
  for (const Shape& s : std::vector<Shape>{
           {"dhcp", std::string("Gigaset_N720_DM_PRO\0\0", 21), "", p, "Gigaset", "", "N720 DM PRO", ""},
           {"dhcp", "N870_IP_PRO", "", p, "Gigaset", "", "N870 IP PRO", ""},
           {"dhcp", "C610IP", "", p, "Gigaset", "", "C610 IP", ""},
           {"http", "Gigaset N870 IP PRO/83.v2.39.0;7C2F80CA8A3D", "/7C2F80CA8A3D.xml", p, "Gigaset",
            "7c:2f:80:ca:8a:3d", "N870 IP PRO", "83.v2.39.0"},
           {"http", "N510 IP PRO/42.250.00.000.000", "/42/1/master.bin", p, "Gigaset", "", "N510 IP PRO",
            "42.250.00.000.000"},
           {"http", "", "/7C2F80112233.xml", p, "Gigaset", "7c:2f:80:11:22:33", "", ""},
           {"http", "", "/70/1/master.bin", p, "Gigaset", "", "", ""},
           {"tftp", "", "7c2f80112233.xml", p, "Gigaset", "7c:2f:80:11:22:33", "", ""},
       }) {
    expect_shape(s);
  }
}

TEST(PluginShapes, Htek) {
  const std::string p = "htek-2.0.4";
  for (const Shape& s : std::vector<Shape>{
           {"http", "", "/cfg0019.xml", p, "Htek", "", "UC912", ""},
           {"http", "", "/cfg0010.xml", p, "Htek", "", "UC926", ""},
           {"http", "Htek UC926 2.0.4.6.41 00:1f:c1:aa:bb:cc", "/cfg001fc1aabbcc.xml", p, "Htek", "00:1f:c1:aa:bb:cc",
            "UC926", "2.0.4.6.41"},
           {"http", "", "/htek/cfg001fc1aabbcc.xml", p, "Htek", "00:1f:c1:aa:bb:cc", "", ""},
           {"tftp", "", "cfg001fc1aabbcc.xml", p, "Htek", "00:1f:c1:aa:bb:cc", "", ""},
           {"tftp", "", "cfg0017.xml", p, "Htek", "", "UC902", ""},
           {"dhcp", "Htek UC926", "", p, "Htek", "", "UC926", ""},
       }) {
    expect_shape(s);
  }
}

TEST(PluginShapes, Patton) {
  const std::string p = "patton-6.11";
  for (const Shape& s : std::vector<Shape>{
           {"http",
            "SmartNode (Model:SN4141/2BIS4V; Serial:00A0BA0C1D2E; Software Version:R6.11 2018-07-11 H323 SIP BRI; "
            "Hardware Version:1.0)",
            "/00a0ba0c1d2e.cfg", p, "Patton", "00:a0:ba:0c:1d:2e", "SN4141", "6.11"},
           {"http", "", "/config/00a0ba0c1d2e.cfg", p, "Patton", "00:a0:ba:0c:1d:2e", "", ""},
           {"tftp", "", "00A0BA0C1D2E.cfg", p, "Patton", "00:a0:ba:0c:1d:2e", "", ""},
       }) {
    expect_shape(s);
  }
}

TEST(PluginShapes, LookalikesOfOtherVendorsAreNotClaimed) {
  // Grandstream and Htek share the cfg<mac>.xml scheme; only the OUI tells them apart.
  EXPECT_EQ(run("http", "", "/cfg001fc1112233.xml").info.value("vendor").value_or(""), "Htek");
  EXPECT_EQ(run("http", "", "/cfg000b82112233.xml").info.value("vendor").value_or(""), "Grandstream");
  // Bare <12 hex> names with a foreign or unknown OUI are nobody's.
  for (const char* path : {"/0011223344ff.cfg", "/0011223344ff.xml", "/cfg0011223344ff.xml", "/F0V0V6700001.cfg"}) {
    EXPECT_FALSE(run("http", "", path).info.value("vendor")) << path;
  }
  // A serial in parentheses that is not Patton's stays unclaimed.
  EXPECT_FALSE(run("http", "SmartNodeX (Serial:001122334455)", "/x.cfg").info.value("mac"));
}

std::vector<std::vector<std::string>> corpus_rows() {
  std::ifstream in(PROVD_SOURCE_DIR "/tests/data/corpus_requests.tsv");
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) cells.push_back(cell);
    cells.resize(9);
    rows.push_back(cells);
  }
  return rows;
}

std::string decode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i + 3 < text.size() && text[i] == '\\' && text[i + 1] == 'x') {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 2, 2), nullptr, 16)));
      i += 3;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

TEST(PluginShapes, NoOtherVendorsCorpusRowIsClaimedByThesePlugins) {
  const std::set<std::string> mine_vendors{"Snom", "Grandstream", "Fanvil", "Gigaset", "Htek", "Patton"};
  const std::set<std::string> mine_plugins{"snom-10.1",       "grandstream-1.0.11", "fanvil-2.12",
                                           "gigaset-pro-2.0", "htek-2.0.4",         "patton-6.11"};
  const auto rows = corpus_rows();
  ASSERT_GE(rows.size(), 100u);
  std::size_t checked = 0;
  std::size_t skipped = 0;
  for (const auto& row : rows) {
    if (mine_vendors.count(row[0])) {
      ++skipped;
      continue;
    }
    std::string path = decode(row[4]);
    if (auto q = path.find('?'); q != std::string::npos) path.resize(q);
    const auto x = run(row[2], decode(row[3]), path);
    for (const auto& [field, value] : x.info.fields) {
      EXPECT_FALSE(mine_plugins.count(value.source))
          << row[0] << " " << row[1] << " " << row[2] << " '" << row[3] << "' '" << row[4] << "': " << field
          << " claimed by " << value.source << ":" << value.rule;
    }
    ++checked;
  }
  EXPECT_EQ(checked + skipped, rows.size());
  EXPECT_GT(checked, 60u);
}

}  // namespace
}  // namespace provd::ident

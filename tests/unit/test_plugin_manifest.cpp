// The plugin loader: bundled plugins load; every kind of broken manifest is skipped with an
// error naming the plugin and the field; file-name patterns and rules behave as documented.
#include <gtest/gtest.h>

#include <fstream>

#include "plugins/name_pattern.h"
#include "plugins/plugin_set.h"
#include "plugins/rule.h"
#include "support_temp_dir.h"

namespace provd::plugins {
namespace {

using nlohmann::json;

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

json good_manifest(const std::string& id = "acme-1.0") {
  return {
      {"id", id},
      {"name", "acme"},
      {"version", "1.0"},
      {"capabilities", {{{"vendor", "Acme"}, {"model", "P1"}}}},
      {"identify",
       {{{"name", "ua"}, {"input", "user_agent"}, {"regex", "^Acme (?P<model>\\w+)"}, {"set", {{"vendor", "Acme"}}}}}},
      {"files",
       {{"device", {{{"name", "{mac_plain_lower}.cfg"}, {"template", "dev.mustache"}, {"sensitive", true}}}}}}};
}

// Writes a plugin directory named `dir_name` with `manifest` and a valid template.
std::filesystem::path make_plugin(const std::filesystem::path& root, const std::string& dir_name,
                                  const std::string& manifest, const std::string& tmpl = "mac={{device.mac}}\n") {
  const auto dir = root / dir_name;
  write(dir / "plugin.json", manifest);
  write(dir / "templates" / "dev.mustache", tmpl);
  return dir;
}

TEST(PluginManifest, BundledPluginsLoadWithoutErrors) {
  auto set = PluginSet::load(PROVD_SOURCE_DIR "/plugins");
  for (const auto& e : set.errors()) ADD_FAILURE() << e.message;
  ASSERT_GE(set.plugins().size(), 4u);
  EXPECT_TRUE(set.find("aastra-2.6.0.2019"));
  EXPECT_TRUE(set.find("aastra-3.2.0.1011"));
  EXPECT_TRUE(set.find("cisco-sccp-1.0.0"));
  EXPECT_TRUE(set.find("yealink-87.0"));
  EXPECT_TRUE(set.find("aastra-3.2.0.1011")->static_root);
  // Two versions of one plugin: same file names, distinct content hashes.
  EXPECT_NE(set.find("aastra-2.6.0.2019")->content_hash, set.find("aastra-3.2.0.1011")->content_hash);
}

struct BrokenCase {
  const char* what;
  std::function<void(json&)> edit;
  const char* field;  // must appear in the message
  std::string tmpl = "mac={{device.mac}}\n";
};

TEST(PluginManifest, EachBrokenKindNamesPluginAndField) {
  const std::vector<BrokenCase> cases{
      {"missing capabilities", [](json& m) { m.erase("capabilities"); }, "capabilities"},
      {"wrong type", [](json& m) { m["capabilities"] = "Acme"; }, "capabilities"},
      {"unknown member", [](json& m) { m["colour"] = "red"; }, "colour"},
      {"id is not the directory", [](json& m) { m["id"] = "other-1.0"; }, "'id'"},
      {"id is not name-version", [](json& m) { m["name"] = "acmx"; }, "'id'"},
      {"regex does not compile", [](json& m) { m["identify"][0]["regex"] = "(unclosed"; }, "identify[0]"},
      {"unknown named group", [](json& m) { m["identify"][0]["regex"] = "(?P<serial>\\d+)"; }, "identify[0]"},
      {"unknown input", [](json& m) { m["identify"][0]["input"] = "cookie"; }, "identify[0].input"},
      {"duplicate rule name", [](json& m) { m["identify"].push_back(m["identify"][0]); }, "identify[1].name"},
      {"rule identifies nothing",
       [](json& m) {
         m["identify"][0]["regex"] = "^Acme";
         m["identify"][0].erase("set");
       },
       "identify[0]"},
      {"missing template", [](json& m) { m["files"]["device"][0]["template"] = "nope.mustache"; },
       "files.device[0].template"},
      {"template escapes the plugin", [](json& m) { m["files"]["device"][0]["template"] = "../../../etc/passwd"; },
       "files.device[0].template"},
      {"per-device file without a MAC placeholder", [](json& m) { m["files"]["device"][0]["name"] = "fixed.cfg"; },
       "files.device[0].name"},
      {"unknown placeholder", [](json& m) { m["files"]["device"][0]["name"] = "{mac_weird}.cfg"; },
       "files.device[0].name"},
      {"template syntax error", [](json&) {}, "files.device[0].template", "{{#open}} never closed\n"},
      {"derive without from",
       [](json& m) {
         m["derive"] = {{"language", {{"map", json::object()}}}};
       },
       "derive.language"},
      {"derive from a bad path",
       [](json& m) {
         m["derive"] = {{"language", {{"from", "config..locale"}}}};
       },
       "derive.language.from"},
  };
  for (const auto& c : cases) {
    test::TempDir root;
    json manifest = good_manifest();
    c.edit(manifest);
    make_plugin(root.path(), "acme-1.0", manifest.dump(), c.tmpl);
    json good = good_manifest("good-2.0");
    good["name"] = "good";
    good["version"] = "2.0";
    make_plugin(root.path(), "good-2.0", good.dump());

    auto set = PluginSet::load(root.path());
    ASSERT_EQ(set.errors().size(), 1u) << c.what;
    const std::string& message = set.errors()[0].message;
    EXPECT_NE(message.find("plugin 'acme-1.0'"), std::string::npos) << c.what << ": " << message;
    EXPECT_NE(message.find(c.field), std::string::npos) << c.what << ": " << message;
    // The broken plugin is skipped, the others keep working.
    ASSERT_EQ(set.plugins().size(), 1u) << c.what;
    EXPECT_EQ(set.plugins()[0]->id, "good-2.0");
  }
}

TEST(PluginManifest, InvalidJsonIsReported) {
  test::TempDir root;
  make_plugin(root.path(), "acme-1.0", "{\"id\": ");
  auto set = PluginSet::load(root.path());
  ASSERT_EQ(set.errors().size(), 1u);
  EXPECT_NE(set.errors()[0].message.find("plugin 'acme-1.0'"), std::string::npos);
  EXPECT_NE(set.errors()[0].message.find("not valid JSON"), std::string::npos);
}

TEST(NamePattern, ExpandsAndMatchesEveryVendorSpelling) {
  auto mac = MacAddress::parse("00:08:5d:23:73:01");
  ASSERT_TRUE(mac);
  const std::vector<std::pair<std::string, std::string>> forms{
      {"{mac_plain_upper}.cfg", "00085D237301.cfg"},      {"SEP{mac_plain_upper}.cnf.xml", "SEP00085D237301.cnf.xml"},
      {"{mac_plain_lower}.cfg", "00085d237301.cfg"},      {"cfg{mac_colon_lower}", "cfg00:08:5d:23:73:01"},
      {"{mac_colon_upper}.xml", "00:08:5D:23:73:01.xml"}, {"{mac_dash_upper}-phone.cfg", "00-08-5D-23-73-01-phone.cfg"},
  };
  for (const auto& [pattern, name] : forms) {
    auto p = NamePattern::parse(pattern);
    ASSERT_TRUE(p) << pattern;
    EXPECT_TRUE(p->per_device());
    EXPECT_EQ(p->expand(*mac), name);
    auto back = p->match(name);
    ASSERT_TRUE(back) << name;
    EXPECT_EQ(*back, *mac);
  }
  auto upper = NamePattern::parse("SEP{mac_plain_upper}.cnf.xml");
  EXPECT_FALSE(upper->match("SEP00085d237301.cnf.xml")) << "only the vendor's spelling is the file's name";
  EXPECT_FALSE(upper->match("SEP00085D23730.cnf.xml"));
  EXPECT_FALSE(upper->match("XEP00085D237301.cnf.xml"));
  EXPECT_FALSE(NamePattern::parse("{mac}.cfg"));
  EXPECT_FALSE(NamePattern::parse("{mac_plain_upper}{mac_plain_lower}"));
}

TEST(Rule, NamedGroupsFixedValuesAndModelMap) {
  auto rule = Rule::compile({{"name", "vci"},
                             {"input", "vendor_class"},
                             {"regex", "^Cisco Systems,? Inc\\.(?: IP Phone (?P<model>\\w+))?"},
                             {"set", {{"vendor", "Cisco"}}},
                             {"models", {{"7912", "7912G"}}}});
  ASSERT_TRUE(rule) << rule.error().message;
  RuleInputs in;
  in.vendor_class = std::string("Cisco Systems, Inc. IP Phone 7912\0", 34);
  auto m = rule->apply(in);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->fields.at("vendor"), "Cisco");
  EXPECT_EQ(m->fields.at("model"), "7912G");
  EXPECT_EQ(m->captured, 1);
  in.vendor_class = "Cisco Systems, Inc.";
  m = rule->apply(in);
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->fields.count("model")) << "an optional group that did not match gives no field";
  in.user_agent = "Cisco Systems, Inc.";
  in.vendor_class.reset();
  EXPECT_FALSE(rule->apply(in)) << "a rule reads only its own input";
}

TEST(Rule, RejectsPatternsOverTheMemoryCap) {
  // A pattern whose automaton would need far more than the cap fails to compile: refused.
  auto rule = Rule::compile({{"name", "huge"},
                             {"input", "user_agent"},
                             {"regex", "((((a{100}){100}){100}){100})"},
                             {"set", {{"vendor", "X"}}}});
  ASSERT_FALSE(rule);
  EXPECT_NE(rule.error().message.find("regex"), std::string::npos);
}

}  // namespace
}  // namespace provd::plugins

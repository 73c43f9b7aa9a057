// Engine pieces the vendor plugins needed: rule 'replace' (Digium's version "1_0_5" in option
// 60), the underscore MAC spelling (Zenitel's ipst_config_00_13_cb_4a_12_7f.cfg), and the
// per-item helpers of the render context (0-based index, two-digit number, is_<type> flags of
// function keys, config_revision).
#include <gtest/gtest.h>

#include "common/mac_address.h"
#include "ident/route.h"
#include "plugins/name_pattern.h"
#include "plugins/plugin.h"
#include "plugins/rule.h"

namespace provd::plugins {
namespace {

using nlohmann::json;

TEST(RuleReplace, RewritesCapturedText) {
  auto rule = Rule::compile(json::parse(R"json({"name": "vci", "input": "vendor_class",
      "regex": "^digium_(?P<model>D[0-9]{2})_(?P<version>[0-9_]+)", "set": {"vendor": "Digium"},
      "replace": {"version": {"_": "."}}})json"));
  ASSERT_TRUE(rule) << rule.error().message;
  RuleInputs in;
  in.vendor_class = "digium_D40_1_0_5_46476";
  auto match = rule->apply(in);
  ASSERT_TRUE(match);
  EXPECT_EQ(match->fields.at("version"), "1.0.5.46476");
  EXPECT_EQ(match->fields.at("model"), "D40");
}

TEST(RuleReplace, RefusesBadSpecs) {
  const std::string head =
      R"json({"name": "r", "input": "user_agent", "regex": "(?P<version>[0-9_]+)", "replace": )json";
  for (const char* replace :
       {R"json("x")json", R"json({"mac": {"_": ":"}})json", R"json({"vendor": {"a": "b"}})json",
        R"json({"version": {"": "."}})json", R"json({"version": {"_": 1}})json", R"json({"version": []})json"}) {
    auto rule = Rule::compile(json::parse(head + replace + "}"));
    EXPECT_FALSE(rule) << replace;
  }
}

TEST(MacUnderscore, ParsesAndSpellsTheZenitelForm) {
  auto mac = MacAddress::parse("00_13_CB_4a_12_7f");
  ASSERT_TRUE(mac);
  EXPECT_EQ(mac->str(), "00:13:cb:4a:12:7f");
  EXPECT_EQ(mac->format(MacFormat::kUnderscoreLower), "00_13_cb_4a_12_7f");
  EXPECT_FALSE(MacAddress::parse("00_13_cb:4a_12_7f")) << "mixed separators";
  auto pattern = NamePattern::parse("ipst_config_{mac_underscore_lower}.cfg");
  ASSERT_TRUE(pattern);
  EXPECT_EQ(pattern->match("ipst_config_00_13_cb_4a_12_7f.cfg"), mac.value());
  EXPECT_FALSE(pattern->match("ipst_config_00_13_CB_4A_12_7F.cfg")) << "only the vendor's own spelling";
}

TEST(RenderContext, ListItemsCarryIndexPaddedNumberAndTypeFlags) {
  Plugin plugin;
  plugin.id = "p-1";
  plugin.content_hash = "h";
  const json raw = json::parse(R"({"sip_lines": {"3": {"username": "c"}, "1": {"username": "a"}},
      "funckeys": {"12": {"type": "blf", "value": "1"}, "2": {"type": "speeddial", "value": "2"}}})");
  const json context = ident::device_context(plugin, json::object(), raw);
  ASSERT_EQ(context["sip_lines"].size(), 2u);
  EXPECT_EQ(context["sip_lines"][0]["line"], "1");
  EXPECT_EQ(context["sip_lines"][0]["index"], 0);
  EXPECT_EQ(context["sip_lines"][1]["index"], 1);
  EXPECT_EQ(context["sip_lines"][1]["line_padded"], "03");
  EXPECT_EQ(context["funckeys"][0]["key_padded"], "02");
  EXPECT_EQ(context["funckeys"][0]["is_speeddial"], true);
  EXPECT_FALSE(context["funckeys"][0].contains("is_blf"));
  EXPECT_EQ(context["funckeys"][1]["is_blf"], true);

  const std::string revision = context["config_revision"];
  EXPECT_EQ(revision.size(), 12u);
  EXPECT_EQ(revision.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_EQ(ident::device_context(plugin, json::object(), raw)["config_revision"], revision) << "stable";
  json changed = raw;
  changed["sip_lines"]["1"]["username"] = "b";
  EXPECT_NE(ident::device_context(plugin, json::object(), changed)["config_revision"], revision);
  plugin.content_hash = "other templates";
  EXPECT_NE(ident::device_context(plugin, json::object(), raw)["config_revision"], revision);
}

}  // namespace
}  // namespace provd::plugins

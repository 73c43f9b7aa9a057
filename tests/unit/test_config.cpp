#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "config/loader.h"
#include "config/setting_def.h"

namespace provd::config {
namespace {

Result<Settings> parse(const std::string& text) {
  return parse_settings(text, "provd.yaml");
}

std::string error_of(const std::string& text) {
  auto r = parse(text);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? "" : r.error().message;
}

TEST(Config, EmptyFileMeansDefaults) {
  auto s = parse("");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->http.port, 8667);
  EXPECT_EQ(s->tftp.port, 6969);
  EXPECT_EQ(s->rest.port, 8666);
  EXPECT_EQ(s->rest.bind, "127.0.0.1");
  EXPECT_EQ(s->general.data_dir, "./var");
  EXPECT_EQ(s->general.plugins_dir, "./plugins");
  EXPECT_EQ(s->log.level, "info");
}

TEST(Config, NestedSectionsSetValues) {
  auto s = parse("tftp:\n  port: 69\nlog:\n  level: debug\ngeneral:\n  data_dir: /var/lib/provd\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->tftp.port, 69);
  EXPECT_EQ(s->log.level, "debug");
  EXPECT_EQ(s->general.data_dir, "/var/lib/provd");
  EXPECT_EQ(s->http.port, 8667);  // untouched keys keep their defaults
}

TEST(Config, EmptySectionKeepsDefaults) {
  auto s = parse("tftp:\n");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->tftp.port, 6969);
}

TEST(Config, UnknownKeyNamesFileLineAndKey) {
  const std::string msg = error_of("tftp:\n  port: 69\n  prot: 70\n");
  EXPECT_NE(msg.find("provd.yaml:3:3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("unknown key 'tftp.prot'"), std::string::npos) << msg;
}

TEST(Config, UnknownSectionIsAnError) {
  EXPECT_NE(error_of("tftpd:\n  port: 69\n").find("unknown key 'tftpd'"), std::string::npos);
}

TEST(Config, IntegerKeyRejectsText) {
  const std::string msg = error_of("http:\n  port: eighty\n");
  EXPECT_NE(msg.find("provd.yaml:2:9"), std::string::npos) << msg;
  EXPECT_NE(msg.find("key 'http.port': expected an integer"), std::string::npos) << msg;
}

TEST(Config, IntegerKeyRejectsOutOfRange) {
  EXPECT_NE(error_of("http:\n  port: 70000\n").find("outside 1..65535"), std::string::npos);
  EXPECT_NE(error_of("http:\n  port: 0\n").find("outside 1..65535"), std::string::npos);
  EXPECT_NE(error_of("general:\n  threads: -1\n").find("outside 0..256"), std::string::npos);
}

TEST(Config, IntegerKeyRejectsFloatAndList) {
  EXPECT_NE(error_of("tftp:\n  port: 69.5\n").find("expected an integer"), std::string::npos);
  EXPECT_NE(error_of("tftp:\n  port: [69]\n").find("expected an integer"), std::string::npos);
}

TEST(Config, StringKeyRejectsMappingAndList) {
  EXPECT_NE(error_of("general:\n  data_dir: {a: 1}\n").find("key 'general.data_dir': expected a string"),
            std::string::npos);
  EXPECT_NE(error_of("rest:\n  bind: [a, b]\n").find("key 'rest.bind': expected a string"), std::string::npos);
}

TEST(Config, EnumKeyRejectsUnknownValue) {
  const std::string msg = error_of("log:\n  level: chatty\n");
  EXPECT_NE(msg.find("'chatty' is not one of trace, debug, info, warn, error"), std::string::npos) << msg;
}

TEST(Config, SectionMustBeAMapping) {
  EXPECT_NE(error_of("tftp: 69\n").find("key 'tftp': expected a mapping"), std::string::npos);
}

TEST(Config, TopLevelMustBeAMapping) {
  EXPECT_NE(error_of("- a\n- b\n").find("top level must be a mapping"), std::string::npos);
}

TEST(Config, InvalidYamlNamesTheLine) {
  const std::string msg = error_of("tftp:\n  port: [69\n");
  EXPECT_NE(msg.find("invalid YAML"), std::string::npos) << msg;
  EXPECT_NE(msg.find("provd.yaml:"), std::string::npos) << msg;
}

TEST(Config, MissingFileIsAClearError) {
  auto s = load_settings("/nonexistent/provd.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("/nonexistent/provd.yaml: cannot read"), std::string::npos);
}

TEST(Config, EveryTableKeyIsUniqueDocumentedAndRoundTrips) {
  std::set<std::string> keys;
  for (const auto& def : setting_table()) {
    EXPECT_TRUE(keys.insert(def.key).second) << "duplicate " << def.key;
    EXPECT_FALSE(def.description.empty()) << def.key;
    EXPECT_NE(def.key.find('.'), std::string::npos) << def.key << " must live in a section";
    EXPECT_TRUE(def.copy) << def.key << " cannot be reloaded";
  }
  // The generated example holds every key at its default and parses back to the defaults.
  auto parsed = parse(example_yaml());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_TRUE(changed_keys(default_settings(), *parsed).empty());
}

TEST(Config, ChangedKeysAndRestartOnly) {
  auto changed = parse("log:\n  level: debug\ntftp:\n  port: 69\n");
  ASSERT_TRUE(changed.ok());
  auto keys = changed_keys(default_settings(), *changed);
  EXPECT_EQ(keys, (std::vector<std::string>{"log.level", "tftp.port"}));
  EXPECT_EQ(restart_only(keys), (std::vector<std::string>{"tftp.port"}));
}

TEST(Config, AReloadAppliesEveryLiveKeyAndKeepsTheOthers) {
  auto fresh = parse("rest:\n  sip_t1_ms: 20\n  max_page_size: 7\nlog:\n  level: debug\ntftp:\n  port: 69\n");
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  const Settings running = default_settings();
  const Settings applied = with_live_keys(running, *fresh);
  EXPECT_EQ(applied.rest.sip_t1_ms, 20);
  EXPECT_EQ(applied.rest.max_page_size, 7);
  EXPECT_EQ(applied.log.level, "debug");
  EXPECT_EQ(applied.tftp.port, running.tftp.port) << "tftp.port needs a restart";
  // What is left between the file and the running snapshot is exactly the restart-only keys.
  EXPECT_EQ(changed_keys(applied, *fresh), restart_only(changed_keys(running, *fresh)));
}

TEST(Config, ReferenceDocumentIsUpToDate) {
  std::ifstream in(std::string(PROVD_SOURCE_DIR) + "/provd/doc/config.md");
  ASSERT_TRUE(in) << "provd/doc/config.md is missing: run provd --config-reference > provd/doc/config.md";
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), reference_markdown())
      << "provd/doc/config.md is stale: run build/debug/provd/provd --config-reference > provd/doc/config.md";
}

}  // namespace
}  // namespace provd::config

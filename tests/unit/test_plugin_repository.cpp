// The repository: index parsing, file:// downloads with the sha256 check, and the installer's
// promise that a failed install or upgrade leaves the installed plugins exactly as they were.
#include <fstream>

#include <gtest/gtest.h>

#include "plugins/digest.h"
#include "plugins/download.h"
#include "plugins/installer.h"
#include "plugins/packages.h"
#include "plugins/repository_index.h"
#include "store/devices.h"
#include "support_archive.h"
#include "support_temp_dir.h"

namespace provd::plugins {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string read_all(const fs::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

TEST(RepositoryIndex, ParsesAValidIndex) {
  auto index = parse_index(R"({"format":1,"plugins":[
    {"id":"acme-1.2","name":"acme","version":"1.2","archive":"acme-1.2.tar.gz","size":10,
     "sha256":"0000000000000000000000000000000000000000000000000000000000000000"},
    {"id":"acme-1.10","name":"acme","version":"1.10","archive":"acme-1.10.tar.gz","size":10,
     "sha256":"0000000000000000000000000000000000000000000000000000000000000000",
     "capabilities":[{"vendor":"Acme"}]}]})");
  ASSERT_TRUE(index.ok()) << index.error().message;
  EXPECT_EQ(index->plugins.size(), 2u);
  EXPECT_EQ(index->latest("acme")->id, "acme-1.10");
  EXPECT_EQ(index->find("acme-1.2")->size, 10u);
  EXPECT_EQ(index->find("nope"), nullptr);
}

TEST(RepositoryIndex, RefusesBadIndexesNamingTheField) {
  const std::string sha(64, 'a');
  struct Case {
    std::string text;
    std::string words;
  } cases[] = {
      {"{", "not valid JSON"},
      {R"({"format":2,"plugins":[]})", "format"},
      {R"({"format":1,"plugins":[{"id":"a-1","name":"a","version":"1","archive":"x","size":1,"sha256":"zz"}]})",
       "sha256"},
      {R"({"format":1,"plugins":[{"id":"a-2","name":"a","version":"1","archive":"x","size":1,"sha256":")" + sha +
           "\"}]}",
       "not name-version"},
      {R"({"format":1,"plugins":[{"id":"a-1","name":"a","version":"1","archive":"../x","size":1,"sha256":")" + sha +
           "\"}]}",
       "archive"},
      {R"({"format":1,"plugins":[{"id":"a-1","name":"a","version":"1","archive":"x","size":1,"sha256":")" + sha +
           R"("},{"id":"a-1","name":"a","version":"1","archive":"x","size":1,"sha256":")" + sha + "\"}]}",
       "listed twice"},
  };
  for (const auto& c : cases) {
    auto index = parse_index(c.text);
    ASSERT_FALSE(index.ok()) << c.text;
    EXPECT_EQ(index.error().code, "invalid_index");
    EXPECT_NE(index.error().message.find(c.words), std::string::npos) << index.error().message;
  }
}

TEST(RepositoryIndex, ComparesVersionsNumerically) {
  EXPECT_LT(compare_versions("3.9", "3.10"), 0);
  EXPECT_GT(compare_versions("3.2.0.1011", "3.2.0.999"), 0);
  EXPECT_EQ(compare_versions("1.0", "1.0"), 0);
  EXPECT_LT(compare_versions("1.0", "1.0.1"), 0);
  EXPECT_LT(compare_versions("1.0a", "1.0b"), 0);
}

TEST(RepositoryIndex, ResolvesRelativeUrls) {
  EXPECT_EQ(resolve_url("http://h:1/r/index.json", "a.tgz"), "http://h:1/r/a.tgz");
  EXPECT_EQ(resolve_url("file:///srv/repo/index.json?x=1", "pkg/fw.zip"), "file:///srv/repo/pkg/fw.zip");
  EXPECT_EQ(resolve_url("http://h/index.json", "https://other/x.zip"), "https://other/x.zip");
}

TEST(Download, ChecksSha256AndRemovesAMismatch) {
  test::TempDir dir;
  const std::string content(5000, 'q');
  std::ofstream(dir.path() / "src.bin") << content;
  const std::string url = "file://" + (dir.path() / "src.bin").string();
  DownloadOptions options;
  auto wrong = download_verified(url, dir.path() / "dst.part", content.size(), std::string(64, '0'), options, {});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "checksum_mismatch");
  EXPECT_FALSE(fs::exists(dir.path() / "dst.part"));

  auto right = download_verified(url, dir.path() / "dst.part", content.size(), sha256_hex(content), options, {});
  ASSERT_TRUE(right.ok()) << right.error().message;
  EXPECT_EQ(read_all(dir.path() / "dst.part"), content);
}

TEST(Download, ResumesAPartialFile) {
  test::TempDir dir;
  const std::string content = std::string(3000, 'a') + std::string(3000, 'b');
  std::ofstream(dir.path() / "src.bin") << content;
  std::ofstream(dir.path() / "dst.part") << content.substr(0, 3000);  // an earlier attempt's bytes
  std::uint64_t first_seen = 0;
  auto r = download_verified("file://" + (dir.path() / "src.bin").string(), dir.path() / "dst.part", content.size(),
                             sha256_hex(content), DownloadOptions{}, [&](std::uint64_t done, std::uint64_t) {
                               if (first_seen == 0) first_seen = done;
                               return true;
                             });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(read_all(dir.path() / "dst.part"), content);
  EXPECT_GE(first_seen, 3000u);  // it started from what was there
}

TEST(Download, RefusesWhatIsTooLargeAndReportsUnreachableServers) {
  test::TempDir dir;
  DownloadOptions options;
  options.max_bytes = 100;
  auto big = download_verified("file:///dev/null", dir.path() / "x", 1000, std::string(64, '0'), options, {});
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, "too_large");
  options = {};
  options.connect_timeout_s = 2;
  auto down = fetch_text("http://127.0.0.1:1/index.json", options, 1000);
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.error().code, "download_failed");
  EXPECT_NE(down.error().message.find("127.0.0.1:1"), std::string::npos) << down.error().message;
}

// A file:// repository with plugin archives built here.
class InstallerTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  fs::path repo = dir.path() / "repo";
  fs::path bundled = dir.path() / "bundled";
  store::Store store{dir.path() / "store"};
  std::shared_ptr<PluginRegistry> registry;
  std::unique_ptr<PluginInstaller> installer;
  json index = {{"format", 1}, {"plugins", json::array()}};

  void SetUp() override {
    fs::create_directories(repo);
    fs::create_directories(bundled);
    RepositoryConfig config;
    config.url = "file://" + (repo / "index.json").string();
    config.installed_dir = dir.path() / "installed";
    config.cache_dir = dir.path() / "cache";
    registry = std::make_shared<PluginRegistry>(std::vector<fs::path>{bundled, config.installed_dir});
    installer = std::make_unique<PluginInstaller>(config, registry, store);
  }

  static std::string manifest(const std::string& name, const std::string& version, const json& extra = json::object()) {
    json m = {
        {"id", name + "-" + version}, {"name", name}, {"version", version}, {"capabilities", {{{"vendor", "Acme"}}}}};
    m.update(extra);
    return m.dump();
  }

  // Adds an archive to the repository; `items` default to a valid plugin.
  void publish(const std::string& name, const std::string& version, std::vector<test::ArchiveItem> items = {},
               const std::string& sha_override = "") {
    const std::string id = name + "-" + version;
    if (items.empty()) items = {{id + "/plugin.json", manifest(name, version)}, {id + "/var/tftpboot/f.txt", version}};
    test::write_archive(repo / (id + ".tar.gz"), "tar.gz", items);
    const std::string bytes = read_all(repo / (id + ".tar.gz"));
    index["plugins"].push_back({{"id", id},
                                {"name", name},
                                {"version", version},
                                {"archive", id + ".tar.gz"},
                                {"size", bytes.size()},
                                {"sha256", sha_override.empty() ? sha256_hex(bytes) : sha_override}});
    std::ofstream(repo / "index.json") << index.dump();
  }

  std::vector<std::string> installed_tree() const {
    std::vector<std::string> out;
    if (!fs::exists(dir.path() / "installed")) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir.path() / "installed")) {
      out.push_back(fs::relative(e.path(), dir.path() / "installed").string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::string device_with_plugin(const std::string& plugin) {
    store::WriteTxn txn = store.write();
    auto d =
        store::Devices(store).create(txn, {{"mac", "00:11:22:33:44:55"}, {"plugin", plugin}, {"configured", true}});
    EXPECT_TRUE(d.ok());
    txn.commit();
    return (*d)["id"].get<std::string>();
  }
};

TEST_F(InstallerTest, InstallsAndPublishesANewSet) {
  publish("acme", "1.0");
  const auto before = registry->current();
  std::vector<std::string> phases;
  auto r = installer->install("acme-1.0", [&](const Progress& p) {
    if (phases.empty() || phases.back() != p.phase) phases.push_back(p.phase);
    return true;
  });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(before->find("acme-1.0"), nullptr);  // a request holding the old snapshot keeps it
  ASSERT_NE(registry->current()->find("acme-1.0"), nullptr);
  EXPECT_EQ(read_all(dir.path() / "installed/acme-1.0/var/tftpboot/f.txt"), "1.0");
  EXPECT_EQ(phases, (std::vector<std::string>{"index", "download", "extract", "publish", "devices"}));
  auto listed = installer->list_installed();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["source"], "installed");
  EXPECT_TRUE(fs::is_empty(dir.path() / "cache"));
}

TEST_F(InstallerTest, AFailedInstallLeavesEverythingAsItWas) {
  publish("acme", "1.0");
  ASSERT_TRUE(installer->install("acme-1.0", {}).ok());
  const auto tree = installed_tree();
  const auto set = registry->current();
  // A checksum mismatch, a hostile archive, a bad manifest, a wrong top directory.
  publish("acme", "2.0", {}, std::string(64, 'b'));
  publish("evil", "1.0", {{"evil-1.0/plugin.json", manifest("evil", "1.0")}, {"evil-1.0/../../x", "boom"}});
  publish("broken", "1.0", {{"broken-1.0/plugin.json", R"({"id":"broken-1.0"})"}});
  publish("other", "1.0", {{"wrong-1.0/plugin.json", manifest("wrong", "1.0")}});
  const std::pair<std::string, std::string> attempts[] = {{"acme-2.0", "checksum_mismatch"},
                                                          {"evil-1.0", "unsafe_archive"},
                                                          {"broken-1.0", "invalid_plugin"},
                                                          {"other-1.0", "invalid_plugin"},
                                                          {"missing", "not_found"}};
  for (const auto& [id, code] : attempts) {
    auto r = installer->install(id, {});
    ASSERT_FALSE(r.ok()) << id;
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_EQ(installed_tree(), tree) << id;
    EXPECT_EQ(registry->current(), set) << id << ": the running set was replaced";
  }
  EXPECT_FALSE(fs::exists(dir.path() / "x"));
}

TEST_F(InstallerTest, UpgradeMovesDevicesAndRemovesTheOldVersion) {
  publish("acme", "1.0");
  ASSERT_TRUE(installer->install("acme-1.0", {}).ok());
  const std::string device = device_with_plugin("acme-1.0");
  publish("acme", "1.1");
  auto r = installer->install("acme", {});  // a name: its latest version
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)["plugin"], "acme-1.1");
  EXPECT_EQ((*r)["replaced"], json::array({"acme-1.0"}));
  EXPECT_EQ((*r)["devices"], 1);
  store::ReadTxn txn = store.read();
  auto doc = store::Devices(store).get(txn, device);
  EXPECT_EQ((*doc)["plugin"], "acme-1.1");
  EXPECT_EQ((*doc)["configured"], false);
  EXPECT_EQ(registry->current()->find("acme-1.0"), nullptr);
  EXPECT_FALSE(fs::exists(dir.path() / "installed/acme-1.0"));
}

TEST_F(InstallerTest, UninstallIsRefusedWhileInUseUnlessForced) {
  publish("acme", "1.0");
  ASSERT_TRUE(installer->install("acme-1.0", {}).ok());
  const std::string device = device_with_plugin("acme-1.0");
  auto refused = installer->uninstall("acme-1.0", false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "in_use");
  EXPECT_TRUE(fs::exists(dir.path() / "installed/acme-1.0/plugin.json"));
  auto forced = installer->uninstall("acme-1.0", true);
  ASSERT_TRUE(forced.ok()) << forced.error().message;
  EXPECT_FALSE(fs::exists(dir.path() / "installed/acme-1.0"));
  EXPECT_EQ(registry->current()->find("acme-1.0"), nullptr);
  store::ReadTxn txn = store.read();
  EXPECT_FALSE(store::Devices(store).get(txn, device)->contains("plugin"));
}

TEST_F(InstallerTest, BundledPluginsAreReadOnly) {
  fs::create_directories(bundled / "acme-0.9");
  std::ofstream(bundled / "acme-0.9/plugin.json") << manifest("acme", "0.9");
  registry->reload();
  auto r = installer->uninstall("acme-0.9", true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "read_only");
  EXPECT_TRUE(fs::exists(bundled / "acme-0.9/plugin.json"));
}

TEST_F(InstallerTest, PackagesNeedTheirLicenseAndUninstallExactlyWhatTheyInstalled) {
  test::write_archive(repo / "fw.zip", "zip", {{"fw/a.bin", "AAAA"}, {"fw/b.bin", "BBBB"}, {"fw/notes.txt", "x"}});
  const std::string zip = read_all(repo / "fw.zip");
  const json packages = json::array(
      {{{"id", "firmware"},
        {"version", "9"},
        {"license", "You agree."},
        {"files", {{{"name", "fw.zip"}, {"url", "fw.zip"}, {"size", zip.size()}, {"sha256", sha256_hex(zip)}}}},
        {"install", {{{"action", "extract"}, {"exclude", {"*.txt"}}, {"destination", "var/tftpboot/firmware"}}}}}});
  publish("acme", "1.0", {{"acme-1.0/plugin.json", manifest("acme", "1.0", {{"packages", packages}})}});
  ASSERT_TRUE(installer->install("acme-1.0", {}).ok());
  PackageInstaller packs(*installer);
  auto refused = packs.install("acme-1.0", "firmware", false, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "license_not_accepted");
  EXPECT_FALSE(fs::exists(dir.path() / "installed/acme-1.0/var"));

  auto done = packs.install("acme-1.0", "firmware", true, {});
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(read_all(dir.path() / "installed/acme-1.0/var/tftpboot/firmware/fw/a.bin"), "AAAA");
  EXPECT_FALSE(fs::exists(dir.path() / "installed/acme-1.0/var/tftpboot/firmware/fw/notes.txt"));
  auto listed = packs.list("acme-1.0");
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ((*listed)[0]["installed"], true);
  // The served plugin sees the package's files.
  auto plugin = registry->current()->find("acme-1.0");
  ASSERT_TRUE(plugin && plugin->static_root);

  auto removed = packs.uninstall("acme-1.0", "firmware");
  ASSERT_TRUE(removed.ok()) << removed.error().message;
  EXPECT_FALSE(fs::exists(dir.path() / "installed/acme-1.0/var/tftpboot/firmware"));
  EXPECT_TRUE(fs::exists(dir.path() / "installed/acme-1.0/plugin.json"));
  auto again = packs.uninstall("acme-1.0", "firmware");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "not_found");
}

}  // namespace
}  // namespace provd::plugins

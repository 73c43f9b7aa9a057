// The archive safety rules: every hostile shape is refused with a clear error, nothing lands
// outside the staging directory, and honest archives (tar.gz and zip) unpack completely.
#include <fstream>

#include <gtest/gtest.h>

#include "plugins/archive_extract.h"
#include "support_archive.h"
#include "support_temp_dir.h"

namespace provd::plugins {
namespace {

namespace fs = std::filesystem;
using test::ArchiveItem;
using Kind = ArchiveItem::Kind;

class ArchiveTest : public ::testing::TestWithParam<std::string> {
 protected:
  test::TempDir dir;
  fs::path archive = dir.path() / "a.bin";
  fs::path stage = dir.path() / "outer" / "stage";
  ExtractLimits limits;

  void SetUp() override { fs::create_directories(stage); }

  Result<ExtractStats> unpack(const std::vector<ArchiveItem>& items, const ExtractFilter& filter = {}) {
    test::write_archive(archive, GetParam(), items);
    return extract_archive(archive, stage, limits, filter);
  }

  // Everything under the scratch directory except the archive and the staging tree.
  std::vector<std::string> outside() const {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir.path())) {
      const auto rel = fs::relative(e.path(), dir.path()).string();
      if (rel != "a.bin" && rel != "outer" && rel != "outer/stage" && !rel.starts_with("outer/stage/"))
        out.push_back(rel);
    }
    return out;
  }

  void expect_refused(const Result<ExtractStats>& r, const std::string& code, const std::string& words) {
    ASSERT_FALSE(r.ok()) << "accepted a hostile archive";
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_NE(r.error().message.find(words), std::string::npos) << r.error().message;
    EXPECT_TRUE(outside().empty()) << "wrote outside the staging directory: " << outside().front();
  }
};

TEST_P(ArchiveTest, HonestArchiveUnpacksEveryFile) {
  auto r = unpack({{"p-1/", "", Kind::kDir},
                   {"p-1/plugin.json", "{}"},
                   {"./p-1/var/tftpboot/fw.bin", std::string(100000, 'x')},
                   {"p-1/latest.bin", "", Kind::kSymlink, "var/tftpboot/fw.bin"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->bytes, 100002u);
  EXPECT_EQ(fs::file_size(stage / "p-1/var/tftpboot/fw.bin"), 100000u);
  EXPECT_TRUE(fs::is_symlink(stage / "p-1/latest.bin"));
  EXPECT_EQ(r->paths, (std::vector<std::string>{"p-1/plugin.json", "p-1/var/tftpboot/fw.bin", "p-1/latest.bin"}));
}

TEST_P(ArchiveTest, RefusesTraversal) {
  expect_refused(unpack({{"ok.txt", "fine"}, {"../evil.txt", "gotcha"}}), "unsafe_archive", "'../evil.txt'");
  EXPECT_FALSE(fs::exists(dir.path() / "outer" / "evil.txt"));
  expect_refused(unpack({{"a/../../evil.txt", "gotcha"}}), "unsafe_archive", "'..'");
}

TEST_P(ArchiveTest, RefusesAbsolutePathAndBackslash) {
  const std::string target = (dir.path() / "abs.txt").string();
  expect_refused(unpack({{target, "gotcha"}}), "unsafe_archive", "absolute");
  EXPECT_FALSE(fs::exists(target));
  expect_refused(unpack({{"..\\evil.txt", "gotcha"}}), "unsafe_archive", "backslash");
}

TEST_P(ArchiveTest, RefusesDeviceAndFifo) {
  if (GetParam() == "zip") GTEST_SKIP() << "zip cannot carry device nodes";
  expect_refused(unpack({{"dev/null", "", Kind::kCharDevice}}), "unsafe_archive", "device");
  expect_refused(unpack({{"pipe", "", Kind::kFifo}}), "unsafe_archive", "FIFO");
}

TEST_P(ArchiveTest, RefusesOversizeFileTotalAndEntryCount) {
  limits.max_file_bytes = 1000;
  expect_refused(unpack({{"big.bin", std::string(1001, 'x')}}), "too_large", "larger than 1000");
  limits = {};
  limits.max_total_bytes = 1500;
  fs::remove_all(stage);
  fs::create_directories(stage);
  expect_refused(unpack({{"a.bin", std::string(1000, 'x')}, {"b.bin", std::string(1000, 'y')}}), "too_large",
                 "exceeds 1500");
  limits = {};
  limits.max_entries = 2;
  fs::remove_all(stage);
  fs::create_directories(stage);
  expect_refused(unpack({{"1", "1"}, {"2", "2"}, {"3", "3"}}), "too_large", "more than 2 entries");
}

TEST_P(ArchiveTest, FiltersByIncludeAndExcludeGlobs) {
  ExtractFilter filter{{"firmware/*"}, {"*.txt"}};
  auto r = unpack(
      {{"firmware/a.bin", "a"}, {"firmware/sub/b.bin", "b"}, {"firmware/readme.txt", "r"}, {"other.bin", "o"}}, filter);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(fs::exists(stage / "firmware/a.bin"));
  EXPECT_TRUE(fs::exists(stage / "firmware/sub/b.bin"));
  EXPECT_FALSE(fs::exists(stage / "firmware/readme.txt"));
  EXPECT_FALSE(fs::exists(stage / "other.bin"));
}

INSTANTIATE_TEST_SUITE_P(Formats, ArchiveTest, ::testing::Values("tar.gz", "zip"));

// Links: zip writers differ in how they store them, so these use tar.gz.
class LinkTest : public ArchiveTest {};

TEST_P(LinkTest, RefusesSymlinkEscapes) {
  expect_refused(unpack({{"up", "", Kind::kSymlink, "../../.."}}), "unsafe_archive", "leaves the root");
  fs::remove_all(stage);
  fs::create_directories(stage);
  expect_refused(unpack({{"abs", "", Kind::kSymlink, "/etc/passwd"}}), "unsafe_archive", "leaves the root");
}

TEST_P(LinkTest, RefusesAChainOfLinksThatClimbsOut) {
  // Each link alone stays inside; followed together s/a -> s/b/.. -> (root)/.. leaves the root.
  auto r = unpack({{"s/", "", Kind::kDir}, {"s/b", "", Kind::kSymlink, ".."}, {"s/a", "", Kind::kSymlink, "b/.."}});
  expect_refused(r, "unsafe_archive", "leaves the root");
}

TEST_P(LinkTest, NeverWritesThroughASymlink) {
  auto r = unpack({{"sub/", "", Kind::kDir}, {"d", "", Kind::kSymlink, "sub"}, {"d/file", "through the link"}});
  expect_refused(r, "unsafe_archive", "symlink");
  EXPECT_FALSE(fs::exists(stage / "sub" / "file"));
}

TEST_P(LinkTest, RefusesHardlinkEscapes) {
  expect_refused(unpack({{"h", "", Kind::kHardlink, "../../etc/passwd"}}), "unsafe_archive", "hard link");
  expect_refused(unpack({{"h", "", Kind::kHardlink, "/etc/passwd"}}), "unsafe_archive", "hard link");
  expect_refused(unpack({{"h", "", Kind::kHardlink, "not-in-archive"}}), "unsafe_archive", "hard link");
}

TEST_P(LinkTest, AcceptsAnInternalHardlink) {
  auto r = unpack({{"a.bin", "payload"}, {"b.bin", "", Kind::kHardlink, "a.bin"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(fs::hard_link_count(stage / "a.bin"), 2u);
}

INSTANTIATE_TEST_SUITE_P(Tar, LinkTest, ::testing::Values("tar.gz"));

TEST(ArchiveExtract, RefusesGarbageAndTruncatedArchives) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "stage");
  std::ofstream(dir.path() / "junk") << "this is not an archive at all";
  auto junk = extract_archive(dir.path() / "junk", dir.path() / "stage", {});
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.error().code, "invalid_archive");

  test::write_archive(dir.path() / "t.tar.gz", "tar.gz", {{"f.bin", std::string(200000, 'z')}});
  fs::resize_file(dir.path() / "t.tar.gz", fs::file_size(dir.path() / "t.tar.gz") / 2);
  auto cut = extract_archive(dir.path() / "t.tar.gz", dir.path() / "stage", {});
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code, "invalid_archive") << cut.error().message;
}

TEST(ArchiveExtract, SafeRelativePathNormalises) {
  EXPECT_EQ(safe_relative_path("./a//b/./c/"), "a/b/c");
  EXPECT_FALSE(safe_relative_path("a/../b"));
  EXPECT_FALSE(safe_relative_path("/a"));
  EXPECT_FALSE(safe_relative_path("./"));
  EXPECT_FALSE(safe_relative_path("a\\b"));
}

}  // namespace
}  // namespace provd::plugins

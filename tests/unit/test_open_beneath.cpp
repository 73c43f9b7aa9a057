#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <future>

#include <boost/asio/thread_pool.hpp>

#include "common/open_beneath.h"
#include "serve/root_directory_handler.h"
#include "support_temp_dir.h"

namespace provd {
namespace {

class OpenBeneathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir.path() / "root/sub");
    std::ofstream(dir.path() / "root/sub/file.cfg") << "content";
    std::ofstream(dir.path() / "secret") << "outside";
    std::filesystem::create_symlink(dir.path() / "secret", dir.path() / "root/escape-abs");
    std::filesystem::create_symlink("../secret", dir.path() / "root/escape-rel");
    std::filesystem::create_symlink("sub/file.cfg", dir.path() / "root/inside-link");
    ::mkfifo((dir.path() / "root/fifo").c_str(), 0600);
    auto fd = open_root((dir.path() / "root").string());
    ASSERT_TRUE(fd.ok());
    root = std::move(*fd);
  }
  test::TempDir dir;
  UniqueFd root;
};

TEST_F(OpenBeneathTest, OpensFilesBelowTheRoot) {
  EXPECT_TRUE(open_beneath(root.get(), "sub/file.cfg").ok());
  EXPECT_TRUE(open_beneath(root.get(), "/sub/file.cfg").ok());  // network paths are root-relative
  EXPECT_TRUE(open_beneath(root.get(), "sub/../sub/file.cfg").ok());
  EXPECT_TRUE(open_beneath(root.get(), "inside-link").ok());
}

TEST_F(OpenBeneathTest, RefusesEveryEscape) {
  for (const char* path : {"../secret", "sub/../../secret", "escape-abs", "escape-rel", "/../secret"}) {
    auto r = open_beneath(root.get(), path);
    ASSERT_FALSE(r.ok()) << path;
    EXPECT_EQ(r.error().code, "forbidden") << path << ": " << r.error().message;
  }
  auto nul = open_beneath(root.get(), std::string_view("sub/file.cfg\0../../secret", 25));
  ASSERT_FALSE(nul.ok());
  EXPECT_EQ(nul.error().code, "forbidden");
}

TEST_F(OpenBeneathTest, RefusesNonRegularFilesAndReportsMissingOnes) {
  EXPECT_EQ(open_beneath(root.get(), "sub").error().code, "forbidden");
  EXPECT_EQ(open_beneath(root.get(), "fifo").error().code, "forbidden");
  EXPECT_EQ(open_beneath(root.get(), "nope.cfg").error().code, "not_found");
  EXPECT_EQ(open_beneath(root.get(), "").error().code, "not_found");
}

TEST_F(OpenBeneathTest, RootDirectoryHandlerAnswersWithAnOpenFile) {
  boost::asio::thread_pool pool(1);
  serve::RootDirectoryHandler handler((dir.path() / "root").string(), pool);
  serve::Request request;
  request.path = "/sub/file.cfg";
  serve::Answer ok = handler.answer(request);
  ASSERT_EQ(ok.status, serve::Answer::Status::kOk);
  auto& body = std::get<serve::FileBody>(ok.body);
  EXPECT_EQ(body.size, 7u);
  char buf[16] = {};
  EXPECT_EQ(::read(body.fd.get(), buf, sizeof buf), 7);
  EXPECT_STREQ(buf, "content");
  EXPECT_FALSE(ok.etag.empty());
  request.path = "../secret";
  EXPECT_EQ(handler.answer(request).status, serve::Answer::Status::kForbidden);
  request.path = "/missing";
  EXPECT_EQ(handler.answer(request).status, serve::Answer::Status::kNotFound);

  std::promise<serve::Answer::Status> result;
  request.path = "sub/file.cfg";
  handler.async_handle(request, [&](serve::Answer a) { result.set_value(a.status); });
  EXPECT_EQ(result.get_future().get(), serve::Answer::Status::kOk);
  pool.join();
}

}  // namespace
}  // namespace provd

// The HTTP server's file reads: page-cache hits are read at once, the rest on the blocking
// pool; either way the caller gets the bytes on its own executor.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <future>
#include <string>
#include <thread>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "http/async_bridges.h"

namespace provd::http {
namespace {

class HttpAsyncPread : public ::testing::Test {
 protected:
  void SetUp() override {
    content_.resize(256 * 1024);
    for (std::size_t i = 0; i < content_.size(); ++i) content_[i] = static_cast<char>('A' + (i * 13 + i / 4096) % 26);
    const int fd = ::mkstemp(path_);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, content_.data(), content_.size()), static_cast<ssize_t>(content_.size()));
    ::fsync(fd);
    ::close(fd);
    fd_ = ::open(path_, O_RDONLY);
    ASSERT_GE(fd_, 0);
  }
  void TearDown() override {
    ::close(fd_);
    ::unlink(path_);
  }

  // Reads `size` bytes at `offset` through async_pread (waiting 5 s at most); the bytes (none
  // when it failed or did not complete) and whether they arrived on the caller's thread.
  std::pair<std::string, bool> read(std::uint64_t offset, std::size_t size) {
    buffer_.assign(size, '\0');
    std::int64_t got = -1;
    bool on_io_thread = false;
    const auto io_thread = std::this_thread::get_id();
    async_pread(pool_, fd_, buffer_.data(), size, offset, boost::asio::bind_executor(io_, [&](std::int64_t n) {
                  got = n;
                  on_io_thread = std::this_thread::get_id() == io_thread;
                }));
    // Completions arrive through the io_context, never inside the initiation.
    EXPECT_EQ(got, -1);
    io_.restart();
    io_.run_for(std::chrono::seconds(5));
    return {buffer_.substr(0, static_cast<std::size_t>(std::max<std::int64_t>(got, 0))), on_io_thread};
  }

  char path_[40] = "/tmp/provd-http-pread-XXXXXX";
  std::string content_;
  int fd_ = -1;
  // Declared before the pool, which is joined first: a read still queued when a test gives up
  // finds its buffer and io_context alive (its completion is then never run).
  boost::asio::io_context io_;
  std::string buffer_;
  boost::asio::thread_pool pool_{1};
};

TEST_F(HttpAsyncPread, CachedBytesAndBytesFromTheDiskAreTheSame) {
  char probe[16];
  if (pread_cached(fd_, probe, sizeof(probe), 0) == 0) GTEST_SKIP() << "no RWF_NOWAIT reads on this file system";
  // With the pool's only thread busy, a cached read still completes: it never queued there.
  std::promise<void> release;
  boost::asio::post(pool_, [held = release.get_future()]() mutable { held.wait(); });
  auto [cached, cached_on_io] = read(4096, 64 * 1024);
  release.set_value();
  ASSERT_FALSE(cached.empty());
  EXPECT_EQ(cached, content_.substr(4096, cached.size()));
  EXPECT_TRUE(cached_on_io);
  // Evicted: the read goes through the pool and still completes on the caller's thread.
  ASSERT_EQ(::posix_fadvise(fd_, 0, 0, POSIX_FADV_DONTNEED), 0);
  auto [disk, disk_on_io] = read(128 * 1024, 64 * 1024);
  ASSERT_FALSE(disk.empty());
  EXPECT_EQ(disk, content_.substr(128 * 1024, disk.size()));
  EXPECT_TRUE(disk_on_io);
}

TEST_F(HttpAsyncPread, ReadingPastTheEndGivesTheRestOnly) {
  auto [tail, on_io] = read(content_.size() - 100, 64 * 1024);
  EXPECT_TRUE(on_io);
  EXPECT_EQ(tail, content_.substr(content_.size() - 100));
}

}  // namespace
}  // namespace provd::http

// Netascii conversion and the sequential readers over memory and files.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <deque>
#include <string>

#include "tftp/byte_source.h"

namespace provd::tftp {
namespace {

std::string read_all(ByteSource& source, std::size_t step) {
  std::string out;
  for (;;) {
    auto chunk = source.read(step);
    EXPECT_TRUE(chunk);
    if (!chunk || chunk->empty()) return out;
    out += *chunk;
  }
}

TEST(TftpNetascii, ConvertsLineEndsAndCarriageReturns) {
  std::string out;
  netascii_encode(std::string("a\nb\rc\r\n", 7), out);
  EXPECT_EQ(out, std::string("a\r\nb\r\0c\r\0\r\n", 11));
  EXPECT_EQ(netascii_size(std::string("a\nb\rc\r\n", 7)), 11u);
}

TEST(TftpByteSource, MemoryOctetAndNetascii) {
  auto data = std::make_shared<const std::string>("line1\nline2\n");
  auto octet = ByteSource::from_memory(data, Mode::kOctet);
  EXPECT_FALSE(octet->blocking());
  EXPECT_EQ(*octet->size(), 12u);
  EXPECT_EQ(read_all(*octet, 5), *data);
  auto ascii = ByteSource::from_memory(data, Mode::kNetascii);
  EXPECT_EQ(*ascii->size(), 14u);
  EXPECT_EQ(read_all(*ascii, 3), "line1\r\nline2\r\n");
}

TEST(TftpByteSource, FileIsReadInPiecesAndConverted) {
  char path[] = "/tmp/provd-tftp-source-XXXXXX";
  const int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  std::string content;
  for (int i = 0; i < 20000; ++i) content += (i % 7 == 0) ? '\n' : static_cast<char>('a' + i % 26);
  ASSERT_EQ(::write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
  ::close(fd);
  {
    auto octet = ByteSource::from_file(UniqueFd(::open(path, O_RDONLY)), content.size(), Mode::kOctet);
    EXPECT_TRUE(octet->blocking());
    EXPECT_EQ(read_all(*octet, 512), content);
    auto ascii = ByteSource::from_file(UniqueFd(::open(path, O_RDONLY)), content.size(), Mode::kNetascii);
    std::string expected;
    netascii_encode(content, expected);
    EXPECT_EQ(*ascii->size(), expected.size());
    EXPECT_EQ(read_all(*ascii, 1468), expected);
  }
  // A file that shrank after its size was taken is an error, not a short transfer.
  auto shrunk = ByteSource::from_file(UniqueFd(::open(path, O_RDONLY)), content.size() + 100, Mode::kOctet);
  auto all = shrunk->read(content.size() + 100);
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error().code, "io");
  ::unlink(path);
}

// A file written by the test, removed at the end of it.
class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    const int fd = ::mkstemp(path_);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(::write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
    ::fsync(fd);  // clean pages, so that the page cache may drop them on request
    ::close(fd);
  }
  ~TempFile() { ::unlink(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const char* path() const { return path_; }

 private:
  char path_[40] = "/tmp/provd-tftp-cached-XXXXXX";
};

std::string patterned(std::size_t size) {
  std::string out(size, '\0');
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>('a' + (i * 7 + i / 512) % 26);
  return out;
}

std::string joined(const std::deque<std::string>& blocks) {
  std::string out;
  for (const auto& b : blocks) out += b;
  return out;
}

TEST(TftpByteSource, CachedBlocksAreWhatReadWouldGive) {
  const std::string content = patterned(3 * 512 + 100);
  TempFile file(content);
  auto source = ByteSource::from_file(UniqueFd(::open(file.path(), O_RDONLY)), content.size(), Mode::kOctet);
  std::deque<std::string> blocks;
  const std::size_t got = source->read_if_cached(512, 4, blocks);
  if (got == 0) GTEST_SKIP() << "this file system does not support RWF_NOWAIT reads";
  ASSERT_EQ(got, 4u);  // just written: every page is in the page cache
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[0].size(), 512u);
  EXPECT_EQ(blocks[3].size(), 100u);
  EXPECT_EQ(joined(blocks), content);
  // At the end, like read(): the empty block that closes a transfer.
  EXPECT_EQ(source->read_if_cached(512, 1, blocks), 1u);
  EXPECT_TRUE(blocks.back().empty());
}

TEST(TftpByteSource, CachedReadsStopWhereThePageCacheDoesAndPoolReadsContinue) {
  const std::string content = patterned(128 * 512);
  TempFile file(content);
  {
    auto probe = ByteSource::from_file(UniqueFd(::open(file.path(), O_RDONLY)), content.size(), Mode::kOctet);
    std::deque<std::string> ignored;
    if (probe->read_if_cached(512, 1, ignored) == 0) GTEST_SKIP() << "this file system does not support RWF_NOWAIT";
  }
  const int fd = ::open(file.path(), O_RDONLY);
  ASSERT_GE(fd, 0);
  // Evict the file, then bring back only its first 16 KiB (no read-ahead).
  ASSERT_EQ(::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED), 0);
  ASSERT_EQ(::posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM), 0);
  std::string first(16384, '\0');
  ASSERT_EQ(::pread(fd, first.data(), first.size(), 0), 16384);
  auto source = ByteSource::from_file(UniqueFd(fd), content.size(), Mode::kOctet);
  std::deque<std::string> blocks;
  const std::size_t got = source->read_if_cached(512, 64, blocks);
  EXPECT_GE(got, 1u);
  EXPECT_LT(got, 64u);  // the read stopped at the first page the disk would have to supply
  std::string all = joined(blocks);
  EXPECT_EQ(all, content.substr(0, all.size()));
  while (all.size() < content.size()) {
    auto block = source->read(512);
    ASSERT_TRUE(block);
    ASSERT_EQ(block->size(), 512u);
    all += *block;
  }
  EXPECT_EQ(all, content);
}

TEST(TftpByteSource, NetasciiFilesAreNeverReadFromTheCacheDirectly) {
  const std::string content = "one\ntwo\n";
  TempFile file(content);
  auto source = ByteSource::from_file(UniqueFd(::open(file.path(), O_RDONLY)), content.size(), Mode::kNetascii);
  std::deque<std::string> blocks;
  EXPECT_EQ(source->read_if_cached(512, 1, blocks), 0u);
  EXPECT_TRUE(blocks.empty());
  EXPECT_EQ(read_all(*source, 512), "one\r\ntwo\r\n");  // nothing was consumed
}

TEST(TftpByteSource, MemoryBlocksComeFromTheCachedPathToo) {
  auto data = std::make_shared<const std::string>(patterned(1000));
  auto source = ByteSource::from_memory(data, Mode::kOctet);
  std::deque<std::string> blocks;
  EXPECT_EQ(source->read_if_cached(512, 2, blocks), 2u);
  EXPECT_EQ(joined(blocks), *data);
}

}  // namespace
}  // namespace provd::tftp

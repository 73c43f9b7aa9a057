// Netascii conversion and the sequential readers over memory and files.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
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

}  // namespace
}  // namespace provd::tftp

#include "tftp/byte_source.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <span>

#include "common/cached_read.h"

namespace provd::tftp {
namespace {

constexpr std::size_t kChunk = 64 * 1024;
// Blocks one read_if_cached() call reads at most (a window is rarely larger).
constexpr std::size_t kMaxBlocksPerRead = 64;

class MemorySource : public ByteSource {
 public:
  MemorySource(std::shared_ptr<const std::string> data, Mode mode) : data_(std::move(data)), mode_(mode) {
    if (!data_) data_ = std::make_shared<const std::string>();
  }
  bool blocking() const noexcept override { return false; }
  Result<std::uint64_t> size() override {
    return mode_ == Mode::kNetascii ? netascii_size(*data_) : static_cast<std::uint64_t>(data_->size());
  }
  Result<std::string> read(std::size_t max) override {
    if (mode_ == Mode::kOctet) {
      const std::size_t n = std::min(max, data_->size() - pos_);
      std::string out = data_->substr(pos_, n);
      pos_ += n;
      return out;
    }
    while (pending_.size() < max && pos_ < data_->size()) {
      const std::size_t n = std::min(kChunk, data_->size() - pos_);
      netascii_encode(std::string_view(*data_).substr(pos_, n), pending_);
      pos_ += n;
    }
    const std::size_t n = std::min(max, pending_.size());
    std::string out = pending_.substr(0, n);
    pending_.erase(0, n);
    return out;
  }
  std::size_t read_if_cached(std::size_t block_size, std::size_t count, std::deque<std::string>& out) override {
    for (std::size_t i = 0; i < count; ++i) out.push_back(*read(block_size));  // memory never fails
    return count;
  }

 private:
  std::shared_ptr<const std::string> data_;
  Mode mode_;
  std::size_t pos_ = 0;
  std::string pending_;  // converted bytes not handed out yet
};

class FileSource : public ByteSource {
 public:
  FileSource(UniqueFd fd, std::uint64_t size, Mode mode) : fd_(std::move(fd)), size_(size), mode_(mode) {}
  bool blocking() const noexcept override { return true; }

  Result<std::uint64_t> size() override {
    if (mode_ == Mode::kOctet) return size_;
    std::uint64_t total = 0;
    std::string chunk;
    for (std::uint64_t offset = 0; offset < size_;) {
      auto raw = pread_exact(offset, static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, size_ - offset)));
      if (!raw) return raw.error();
      total += netascii_size(*raw);
      offset += raw->size();
    }
    return total;
  }

  Result<std::string> read(std::size_t max) override {
    if (mode_ == Mode::kOctet) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(max, size_ - offset_));
      auto raw = pread_exact(offset_, n);
      if (raw) offset_ += raw->size();
      return raw;
    }
    while (pending_.size() < max && offset_ < size_) {
      auto raw = pread_exact(offset_, static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, size_ - offset_)));
      if (!raw) return raw.error();
      offset_ += raw->size();
      netascii_encode(*raw, pending_);
    }
    const std::size_t n = std::min(max, pending_.size());
    std::string out = pending_.substr(0, n);
    pending_.erase(0, n);
    return out;
  }

  // preadv2(RWF_NOWAIT) reads only what the page cache holds: a firmware image that thousands
  // of phones fetch is served without a trip through the blocking pool per window, and a whole
  // window costs one system call.
  std::size_t read_if_cached(std::size_t block_size, std::size_t count, std::deque<std::string>& out) override {
    if (mode_ != Mode::kOctet || !nowait_supported_ || count == 0) return 0;  // netascii keeps to the pool
    count = std::min(count, kMaxBlocksPerRead);
    std::array<iovec, kMaxBlocksPerRead> parts{};
    std::array<std::string, kMaxBlocksPerRead> blocks;
    std::uint64_t wanted = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(block_size, size_ - offset_ - wanted));
      blocks[i].resize(n);
      parts[i] = iovec{blocks[i].data(), n};
      wanted += n;
    }
    std::int64_t got = 0;
    if (wanted > 0) {
      got = preadv_cached(fd_.get(), std::span<const iovec>(parts.data(), count), offset_);
      if (got == -EOPNOTSUPP) nowait_supported_ = false;  // this file system cannot say
      // Not cached (EAGAIN) or an error: read() on the pool retries and reports it.
      if (got <= 0) return 0;
    }
    // A short read stops where the page cache does: whole blocks are kept, the rest is re-read.
    std::size_t taken = 0;
    for (std::uint64_t left = static_cast<std::uint64_t>(got); taken < count; ++taken) {
      const std::size_t n = blocks[taken].size();
      if (left < n) break;
      left -= n;
      offset_ += n;
      out.push_back(std::move(blocks[taken]));
    }
    return taken;
  }

 private:
  // Exactly `n` bytes at `offset`: the size was fixed when the transfer started, so a short
  // read means the file changed underneath and the transfer cannot stay consistent.
  Result<std::string> pread_exact(std::uint64_t offset, std::size_t n) {
    std::string out(n, '\0');
    std::size_t got = 0;
    while (got < n) {
      const ssize_t r = ::pread(fd_.get(), out.data() + got, n - got, static_cast<off_t>(offset + got));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return fail("io", std::string("read failed: ") + std::strerror(errno));
      if (r == 0) return fail("io", "file shrank during the transfer");
      got += static_cast<std::size_t>(r);
    }
    return out;
  }

  UniqueFd fd_;
  std::uint64_t size_;
  Mode mode_;
  std::uint64_t offset_ = 0;
  std::string pending_;
  bool nowait_supported_ = true;
};

}  // namespace

void netascii_encode(std::string_view raw, std::string& out) {
  out.reserve(out.size() + raw.size() + raw.size() / 16);
  for (const char c : raw) {
    if (c == '\n') {
      out += "\r\n";
    } else if (c == '\r') {
      out.push_back('\r');
      out.push_back('\0');
    } else {
      out.push_back(c);
    }
  }
}

std::uint64_t netascii_size(std::string_view raw) noexcept {
  const auto extra = std::count_if(raw.begin(), raw.end(), [](char c) { return c == '\n' || c == '\r'; });
  return raw.size() + static_cast<std::uint64_t>(extra);
}

std::unique_ptr<ByteSource> ByteSource::from_memory(std::shared_ptr<const std::string> data, Mode mode) {
  return std::make_unique<MemorySource>(std::move(data), mode);
}

std::unique_ptr<ByteSource> ByteSource::from_file(UniqueFd fd, std::uint64_t size, Mode mode) {
  return std::make_unique<FileSource>(std::move(fd), size, mode);
}

}  // namespace provd::tftp

#include "tftp/byte_source.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace provd::tftp {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

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

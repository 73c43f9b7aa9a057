// The bytes a transfer sends, read sequentially from a generated body (memory) or an open file
// (pread, never the whole file), converted to netascii on the fly when the mode asks for it.
// File reads may block: the transfer calls read() on the runtime's blocking pool only, and
// read_if_cached() (which never waits for the disk) on its own strand.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/unique_fd.h"
#include "tftp/packet.h"

namespace provd::tftp {

/// Appends the netascii form of `raw` to `out`: LF -> CR LF, CR -> CR NUL (RFC 764/1350).
void netascii_encode(std::string_view raw, std::string& out);
/// The size of the netascii form of `raw`.
std::uint64_t netascii_size(std::string_view raw) noexcept;

/// A sequential reader of a transfer's (converted) bytes. Move-only; owns the file.
class ByteSource {
 public:
  /// Bytes held in memory (generated content).
  static std::unique_ptr<ByteSource> from_memory(std::shared_ptr<const std::string> data, Mode mode);
  /// An open regular file of `size` bytes.
  static std::unique_ptr<ByteSource> from_file(UniqueFd fd, std::uint64_t size, Mode mode);

  virtual ~ByteSource() = default;
  /// Whether reads touch the disk (and so must run on the blocking pool).
  virtual bool blocking() const noexcept = 0;
  /// The number of bytes the transfer sends. For a netascii file this reads the whole file once
  /// (in small chunks) to count line ends: call it on the blocking pool.
  virtual Result<std::uint64_t> size() = 0;
  /// The next `max` bytes (fewer only at the end). Error "io" when the file cannot be read or
  /// changed size under the transfer.
  virtual Result<std::string> read(std::size_t max) = 0;
  /// Appends to `out` up to `count` blocks, each what read(block_size) would give, as far as
  /// they need no disk access (memory, or file pages already in the page cache); the number
  /// appended. What it leaves is for read() on the blocking pool.
  virtual std::size_t read_if_cached(std::size_t block_size, std::size_t count, std::deque<std::string>& out) = 0;
};

}  // namespace provd::tftp

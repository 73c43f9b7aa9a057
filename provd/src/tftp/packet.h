// TFTP wire format (RFC 1350, RFC 2347): pure parsing and serialisation, no I/O, so every
// malformed kind can be tested and fuzzed on its own. Parsing never trusts a length: each field
// must end with a NUL inside the datagram and stay under the limits below.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/result.h"

namespace provd::tftp {

/// Opcodes of RFC 1350 plus OACK (RFC 2347).
enum class Opcode : std::uint16_t { kRrq = 1, kWrq = 2, kData = 3, kAck = 4, kError = 5, kOack = 6 };

/// Error codes of RFC 1350 and RFC 2347 that this server sends.
enum class ErrorCode : std::uint16_t {
  kUndefined = 0,
  kNotFound = 1,
  kAccessViolation = 2,
  kDiskFull = 3,
  kIllegalOperation = 4,
  kUnknownTid = 5,
  kFileExists = 6,
  kNoSuchUser = 7,
  kOptionRefused = 8,
};

/// Transfer modes; "mail" is obsolete and refused.
enum class Mode { kOctet, kNetascii };

/// Limits on what a request may carry; anything larger is malformed.
inline constexpr std::size_t kMaxDatagram = 2048;   ///< larger datagrams are refused unread
inline constexpr std::size_t kMaxFilename = 512;    ///< bytes, without the NUL
inline constexpr std::size_t kMaxOptionField = 64;  ///< bytes of an option name or value
inline constexpr std::size_t kMaxOptions = 16;      ///< option pairs in one request

/// A name/value pair of RFC 2347; names are lower-cased by the parser.
using Option = std::pair<std::string, std::string>;

/// RRQ or WRQ.
struct RequestPacket {
  Opcode opcode = Opcode::kRrq;
  std::string filename;  ///< exactly as sent
  Mode mode = Mode::kOctet;
  std::vector<Option> options;  ///< in arrival order, duplicates dropped (first wins)
};

/// ACK of a block (block numbers wrap at 65535).
struct AckPacket {
  std::uint16_t block = 0;
};

/// ERROR sent by the peer.
struct ErrorPacket {
  std::uint16_t code = 0;
  std::string message;
};

/// DATA or OACK received where the server never expects them: only the opcode matters.
struct UnexpectedPacket {
  Opcode opcode = Opcode::kData;
};

/// Any packet the parser understands.
using Packet = std::variant<RequestPacket, AckPacket, ErrorPacket, UnexpectedPacket>;

/// Decodes one datagram. Error codes (stable, used as log/metric kinds): "truncated",
/// "too_large", "bad_opcode", "no_nul", "empty_filename", "filename_too_long", "bad_mode",
/// "option_too_long", "too_many_options", "empty_option".
Result<Packet> parse_packet(std::span<const std::uint8_t> datagram);

/// ERROR packet; `message` is cut to keep the packet small.
std::vector<std::uint8_t> encode_error(ErrorCode code, std::string_view message);
/// OACK packet listing `options` in order.
std::vector<std::uint8_t> encode_oack(const std::vector<Option>& options);
/// ACK packet (used by tests and the load generator).
std::vector<std::uint8_t> encode_ack(std::uint16_t block);
/// RRQ packet (used by tests and the load generator).
std::vector<std::uint8_t> encode_rrq(std::string_view filename, std::string_view mode,
                                     const std::vector<Option>& options = {});
/// Writes the 4-byte DATA header for `block` at the start of `out` (which must hold 4 bytes).
void write_data_header(std::uint8_t* out, std::uint16_t block) noexcept;

/// The wire block number of the absolute block `n` (1-based; wraps to 0 after 65535).
constexpr std::uint16_t wire_block(std::uint64_t n) noexcept {
  return static_cast<std::uint16_t>(n & 0xFFFFu);
}

}  // namespace provd::tftp

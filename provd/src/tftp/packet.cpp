#include "tftp/packet.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace provd::tftp {
namespace {

std::uint16_t read_u16(const std::uint8_t* p) noexcept {
  return static_cast<std::uint16_t>((static_cast<unsigned>(p[0]) << 8) | p[1]);
}

void append_u16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

void append_string(std::vector<std::uint8_t>& out, std::string_view s) {
  out.insert(out.end(), s.begin(), s.end());
  out.push_back(0);
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Reads NUL-terminated strings one after another from a datagram.
class FieldReader {
 public:
  explicit FieldReader(std::span<const std::uint8_t> data) : data_(data) {}
  bool at_end() const noexcept { return pos_ >= data_.size(); }
  // The next field, or nullopt when no NUL ends it inside the datagram.
  std::optional<std::string_view> next() {
    const auto* begin = data_.data() + pos_;
    const auto* end = data_.data() + data_.size();
    const auto* nul = std::find(begin, end, std::uint8_t{0});
    if (nul == end) return std::nullopt;
    pos_ += static_cast<std::size_t>(nul - begin) + 1;
    return std::string_view(reinterpret_cast<const char*>(begin), static_cast<std::size_t>(nul - begin));
  }

 private:
  std::span<const std::uint8_t> data_;
  std::size_t pos_ = 0;
};

Result<Packet> parse_request(Opcode opcode, std::span<const std::uint8_t> body) {
  FieldReader reader(body);
  auto filename = reader.next();
  if (!filename) return fail("no_nul", "filename is not NUL-terminated");
  if (filename->empty()) return fail("empty_filename", "empty filename");
  if (filename->size() > kMaxFilename) return fail("filename_too_long", "filename longer than 512 bytes");
  auto mode = reader.next();
  if (!mode) return fail("no_nul", "mode is not NUL-terminated");
  RequestPacket request;
  request.opcode = opcode;
  request.filename = std::string(*filename);
  const std::string mode_name = lower(*mode);
  if (mode_name == "octet") {
    request.mode = Mode::kOctet;
  } else if (mode_name == "netascii") {
    request.mode = Mode::kNetascii;
  } else {
    return fail("bad_mode", "unsupported mode '" + mode_name.substr(0, 16) + "'");
  }
  while (!reader.at_end()) {
    auto name = reader.next();
    if (!name) {
      // Some clients pad requests with a trailing NUL-less byte run; that is still malformed.
      return fail("no_nul", "option name is not NUL-terminated");
    }
    auto value = reader.next();
    if (!value) return fail("no_nul", "option '" + std::string(name->substr(0, 16)) + "' has no value");
    if (name->empty()) return fail("empty_option", "empty option name");
    if (name->size() > kMaxOptionField || value->size() > kMaxOptionField) {
      return fail("option_too_long", "option name or value longer than 64 bytes");
    }
    if (request.options.size() >= kMaxOptions) return fail("too_many_options", "more than 16 options");
    std::string key = lower(*name);
    const bool duplicate =
        std::any_of(request.options.begin(), request.options.end(), [&](const Option& o) { return o.first == key; });
    if (!duplicate) request.options.emplace_back(std::move(key), std::string(*value));
  }
  return Packet{std::move(request)};
}

}  // namespace

Result<Packet> parse_packet(std::span<const std::uint8_t> datagram) {
  if (datagram.size() > kMaxDatagram) return fail("too_large", "datagram larger than 2048 bytes");
  if (datagram.size() < 4) return fail("truncated", "datagram shorter than 4 bytes");
  const std::uint16_t op = read_u16(datagram.data());
  const auto body = datagram.subspan(2);
  switch (op) {
    case 1:
    case 2:
      return parse_request(static_cast<Opcode>(op), body);
    case 3:
      return Packet{UnexpectedPacket{Opcode::kData}};
    case 4:
      if (datagram.size() != 4) return fail("truncated", "ACK is not 4 bytes");
      return Packet{AckPacket{read_u16(body.data())}};
    case 5: {
      ErrorPacket error{read_u16(body.data()), {}};
      // A missing NUL in the message is tolerated: the peer is ending the transfer anyway.
      const auto text = body.subspan(2);
      const auto end = std::find(text.begin(), text.end(), std::uint8_t{0});
      error.message.assign(text.begin(), end);
      if (error.message.size() > 128) error.message.resize(128);
      return Packet{std::move(error)};
    }
    case 6:
      return Packet{UnexpectedPacket{Opcode::kOack}};
    default:
      return fail("bad_opcode", "unknown opcode " + std::to_string(op));
  }
}

std::vector<std::uint8_t> encode_error(ErrorCode code, std::string_view message) {
  std::vector<std::uint8_t> out;
  append_u16(out, static_cast<std::uint16_t>(Opcode::kError));
  append_u16(out, static_cast<std::uint16_t>(code));
  append_string(out, message.substr(0, 100));
  return out;
}

std::vector<std::uint8_t> encode_oack(const std::vector<Option>& options) {
  std::vector<std::uint8_t> out;
  append_u16(out, static_cast<std::uint16_t>(Opcode::kOack));
  for (const auto& [name, value] : options) {
    append_string(out, name);
    append_string(out, value);
  }
  return out;
}

std::vector<std::uint8_t> encode_ack(std::uint16_t block) {
  std::vector<std::uint8_t> out;
  append_u16(out, static_cast<std::uint16_t>(Opcode::kAck));
  append_u16(out, block);
  return out;
}

std::vector<std::uint8_t> encode_rrq(std::string_view filename, std::string_view mode,
                                     const std::vector<Option>& options) {
  std::vector<std::uint8_t> out;
  append_u16(out, static_cast<std::uint16_t>(Opcode::kRrq));
  append_string(out, filename);
  append_string(out, mode);
  for (const auto& [name, value] : options) {
    append_string(out, name);
    append_string(out, value);
  }
  return out;
}

void write_data_header(std::uint8_t* out, std::uint16_t block) noexcept {
  out[0] = 0;
  out[1] = static_cast<std::uint8_t>(Opcode::kData);
  out[2] = static_cast<std::uint8_t>(block >> 8);
  out[3] = static_cast<std::uint8_t>(block & 0xFF);
}

}  // namespace provd::tftp

#include "lease_event.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

namespace provd::kea_hook {

namespace {

void appendNumber(std::string& out, std::uint64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  static_cast<void>(ec);  // 24 bytes always hold a 64-bit number
  out.append(buffer, end);
}

void appendSigned(std::string& out, std::int64_t value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  static_cast<void>(ec);
  out.append(buffer, end);
}

// The two hex digits of every byte value, so that each byte is one load and one store.
constexpr std::array<std::array<char, 2>, 256> kHexPairs = [] {
  constexpr char digits[] = "0123456789abcdef";
  std::array<std::array<char, 2>, 256> pairs{};
  for (std::size_t i = 0; i < pairs.size(); ++i) pairs[i] = {digits[i >> 4], digits[i & 0xf]};
  return pairs;
}();

void appendEscapedByte(std::string& out, unsigned char byte) {
  out += "\\u00";
  out.append(kHexPairs[byte].data(), 2);
}

// Length of the valid UTF-8 sequence starting at bytes[i], or 0 when it is not valid
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8SequenceLength(std::string_view bytes, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  unsigned char lead = at(i);
  std::size_t length = 0;
  unsigned char min_second = 0x80, max_second = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) min_second = 0xa0;
    if (lead == 0xed) max_second = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) min_second = 0x90;
    if (lead == 0xf4) max_second = 0x8f;
  } else {
    return 0;
  }
  if (i + length > bytes.size()) return 0;
  if (at(i + 1) < min_second || at(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xbf) return 0;
  }
  return length;
}

// Lower-case hex of the bytes, with an optional separator between bytes (0 for none). Written
// through one resize: this runs for every forwarded option of every lease on Kea's packet path.
void appendHex(std::string& out, std::span<const std::uint8_t> bytes, char separator) {
  if (bytes.empty()) return;
  const std::size_t start = out.size();
  if (separator == 0) {
    out.resize(start + bytes.size() * 2);
    char* to = out.data() + start;
    for (std::uint8_t byte : bytes) {
      std::memcpy(to, kHexPairs[byte].data(), 2);
      to += 2;
    }
    return;
  }
  out.resize(start + bytes.size() * 3 - 1);
  char* to = out.data() + start;
  std::memcpy(to, kHexPairs[bytes[0]].data(), 2);
  for (std::size_t i = 1; i < bytes.size(); ++i) {
    to[2] = separator;
    std::memcpy(to + 3, kHexPairs[bytes[i]].data(), 2);
    to += 3;
  }
}

// How many leading bytes make the printable text (trailing NULs ignored), 0 when not text.
std::size_t printableLength(std::span<const std::uint8_t> bytes) {
  std::size_t length = bytes.size();
  while (length > 0 && bytes[length - 1] == 0) --length;
  for (std::size_t i = 0; i < length; ++i) {
    if (bytes[i] < 0x20 || bytes[i] > 0x7e) return 0;
  }
  return length;
}

}  // namespace

std::string_view eventName(EventKind kind) {
  switch (kind) {
    case EventKind::commit:
      return "commit";
    case EventKind::release:
      return "release";
    case EventKind::expire:
      return "expire";
    case EventKind::decline:
      return "decline";
    case EventKind::recover:
      return "recover";
  }
  return "commit";
}

void GapInfo::add(std::uint64_t seq) {
  first_seq = dropped == 0 ? seq : std::min(first_seq, seq);
  last_seq = dropped == 0 ? seq : std::max(last_seq, seq);
  ++dropped;
}

void GapInfo::merge(const GapInfo& other) {
  if (other.dropped == 0) return;
  first_seq = dropped == 0 ? other.first_seq : std::min(first_seq, other.first_seq);
  last_seq = dropped == 0 ? other.last_seq : std::max(last_seq, other.last_seq);
  dropped += other.dropped;
}

void appendJsonString(std::string& out, std::string_view bytes) {
  out += '"';
  for (std::size_t i = 0; i < bytes.size();) {
    // The common case, a run of printable ASCII without quote or backslash, goes in one append.
    std::size_t plain = i;
    while (plain < bytes.size()) {
      auto byte = static_cast<unsigned char>(bytes[plain]);
      if (byte < 0x20 || byte >= 0x7f || byte == '"' || byte == '\\') break;
      ++plain;
    }
    if (plain != i) {
      out.append(bytes.data() + i, plain - i);
      i = plain;
      continue;
    }
    auto byte = static_cast<unsigned char>(bytes[i]);
    if (byte == '"' || byte == '\\') {
      out += '\\';
      out += static_cast<char>(byte);
      ++i;
    } else if (byte < 0x80) {
      appendEscapedByte(out, byte);  // a control character or DEL
      ++i;
    } else if (std::size_t length = utf8SequenceLength(bytes, i); length != 0) {
      out.append(bytes.substr(i, length));
      i += length;
    } else {
      appendEscapedByte(out, byte);
      ++i;
    }
  }
  out += '"';
}

std::string hexBytes(std::span<const std::uint8_t> bytes, char separator) {
  std::string out;
  out.reserve(bytes.size() * 3);
  appendHex(out, bytes, separator);
  return out;
}

std::optional<std::string> printableText(std::span<const std::uint8_t> bytes) {
  std::size_t length = printableLength(bytes);
  if (length == 0) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(bytes.data()), length);
}

void appendLinePrefix(std::string& out, std::string_view boot, std::uint64_t seq) {
  out += "{\"v\":1,\"boot\":";
  appendJsonString(out, boot);
  out += ",\"seq\":";
  appendNumber(out, seq);
  out += ',';
}

std::string formatEventBody(const LeaseEvent& event) {
  std::string out;
  out.reserve(256 + event.hostname.size() + event.options.size() * 48);
  appendEventBody(out, event);
  return out;
}

void appendEventBody(std::string& out, const LeaseEvent& event) {
  out += "\"event\":\"";
  out += eventName(event.kind);
  out += '"';
  out += ",\"ts\":";
  appendSigned(out, event.ts);
  out += ",\"ip\":";
  appendJsonString(out, event.ip);
  out += ",\"mac\":";
  appendJsonString(out, event.mac);
  if (!event.client_id.empty()) {
    out += ",\"client_id\":";
    appendJsonString(out, event.client_id);
  }
  if (!event.hostname.empty()) {
    out += ",\"hostname\":";
    appendJsonString(out, std::string_view(event.hostname).substr(0, 255));
  }
  out += ",\"valid_lft\":";
  appendNumber(out, event.valid_lft);
  out += ",\"expires\":";
  appendSigned(out, event.expires);
  out += ",\"subnet_id\":";
  appendNumber(out, event.subnet_id);
  if (!event.options.empty()) {
    out += ",\"options\":";
    out += '{';
    bool first = true;
    for (const DhcpOption& option : event.options) {
      if (!first) out += ',';
      first = false;
      out += '"';
      appendNumber(out, option.code);
      out += "\":{\"hex\":\"";
      appendHex(out, option.data, 0);
      out += '"';
      if (std::size_t text = printableLength(option.data); text != 0) {
        out += ",\"text\":";
        appendJsonString(out, std::string_view(reinterpret_cast<const char*>(option.data.data()), text));
      }
      out += '}';
    }
    out += '}';
  }
  out += '}';
}

std::string formatGapBody(const GapInfo& gap, std::int64_t ts) {
  std::string out = "\"event\":\"gap\"";
  out += ",\"ts\":";
  appendSigned(out, ts);
  out += ",\"dropped\":";
  appendNumber(out, gap.dropped);
  out += ",\"first_seq\":";
  appendNumber(out, gap.first_seq);
  out += ",\"last_seq\":";
  appendNumber(out, gap.last_seq);
  out += '}';
  return out;
}

}  // namespace provd::kea_hook

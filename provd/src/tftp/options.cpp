#include "tftp/options.h"

#include <algorithm>
#include <charconv>

namespace provd::tftp {
namespace {

// Decimal digits only (no sign, no spaces, at most 19 digits so it fits in 64 bits).
std::optional<std::uint64_t> parse_decimal(const std::string& text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

Error refused(const std::string& name, const std::string& value) {
  return fail("option_refused", "option " + name + "=" + value.substr(0, 20) + " is not acceptable");
}

}  // namespace

Result<Negotiated> negotiate(const std::vector<Option>& requested, const OptionLimits& limits,
                             std::optional<std::uint64_t> tsize) {
  Negotiated n;
  n.timeout_s = limits.default_timeout_s;
  for (const auto& [name, value] : requested) {
    if (name != "blksize" && name != "windowsize" && name != "timeout" && name != "tsize") continue;
    if (name == "tsize") {
      // A reading client's tsize value carries nothing (RFC 2349 says "0"; atftp sends
      // "enable"), so any value asks for the size. An empty file's tsize is left out because
      // curl refuses "tsize 0" in an OACK; the single empty block says it all.
      if (tsize && *tsize > 0) n.oack.emplace_back(name, std::to_string(*tsize));
      continue;
    }
    const auto number = parse_decimal(value);
    if (!number) return refused(name, value);
    if (name == "blksize") {
      if (*number < 8) return refused(name, value);
      n.blksize = static_cast<int>(std::min<std::uint64_t>(*number, static_cast<std::uint64_t>(limits.blksize_max)));
      n.oack.emplace_back(name, std::to_string(n.blksize));
    } else if (name == "windowsize") {
      if (*number < 1 || *number > 65535) return refused(name, value);
      n.windowsize =
          static_cast<int>(std::min<std::uint64_t>(*number, static_cast<std::uint64_t>(limits.windowsize_max)));
      n.oack.emplace_back(name, std::to_string(n.windowsize));
    } else {  // timeout
      // RFC 2349: the server acknowledges the client's value unchanged or not at all.
      if (*number < 1 || *number > 255) return refused(name, value);
      n.timeout_s = static_cast<int>(*number);
      n.oack.emplace_back(name, std::to_string(n.timeout_s));
    }
  }
  return n;
}

}  // namespace provd::tftp

// libFuzzer target: the lease-line scanner against the DOM path, on lines assembled from the
// fuzzer's bytes out of the pieces that decide the scanner's verdict (every key, right and
// wrong values of every type, options, duplicates, order, whitespace, trailing bytes). Random
// bytes almost never get past the JSON syntax to the schema rules; these lines do. Whenever
// the scanner accepts a line, the DOM path must accept it and make an equal event.
#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leases/lease_event.h"
#include "leases/lease_line_scanner.h"

namespace {

using Member = std::pair<std::string, std::string>;  // raw key text, raw value text

// Byte 0 picks a field's usual value, so an input of zeros is a valid commit.
constexpr std::array<std::string_view, 17> kUsual = {"1",
                                                     "\"b\"",
                                                     "1",
                                                     "\"commit\"",
                                                     "1700000000",
                                                     "\"inet\"",
                                                     "\"192.0.2.10\"",
                                                     "\"00:08:5d:12:34:56\"",
                                                     "\"\"",
                                                     "\"h\"",
                                                     "0",
                                                     "0",
                                                     "0",
                                                     "{}",
                                                     "1",
                                                     "1",
                                                     "1"};
constexpr std::array<std::string_view, 17> kKeys = {
    "v",        "boot",      "seq",     "event",     "ts",      "family",  "ip",        "mac",     "client_id",
    "hostname", "valid_lft", "expires", "subnet_id", "options", "dropped", "first_seq", "last_seq"};

constexpr std::string_view kValues[] = {"0",
                                        "1",
                                        "-1",
                                        "2",
                                        "-0",
                                        "01",
                                        "1.0",
                                        "1e0",
                                        "-",
                                        "9223372036854775807",
                                        "9223372036854775808",
                                        "-9223372036854775808",
                                        "-9223372036854775809",
                                        "18446744073709551615",
                                        "18446744073709551616",
                                        "\"\"",
                                        "\"b\"",
                                        "\"release\"",
                                        "\"expire\"",
                                        "\"decline\"",
                                        "\"recover\"",
                                        "\"gap\"",
                                        "\"renew\"",
                                        "\"inet6\"",
                                        "\"inet4\"",
                                        "\"2001:DB8:0::1\"",
                                        "\"::ffff:192.0.2.1\"",
                                        "\"192.0.2.300\"",
                                        "\"192.0.2.010\"",
                                        "\"1\"",
                                        "\"00:08:5D:12:34:56\"",
                                        "\"00:08:5d:12:34\"",
                                        "\"00-08-5d-12-34-56\"",
                                        "\"01\"",
                                        "\"01:02:0a\"",
                                        "\"01:0\"",
                                        "\"0103\"",
                                        "\"abc\"",
                                        "\"ph\\u006fne\"",
                                        "\"a\\\"b\"",
                                        "\"t\xc3\xa9l\"",
                                        "\"a\x7f\"",
                                        "\"a\tb\"",
                                        "\"0123456789012345678901234567890123456789012345678901234567890123\"",
                                        "\"01234567890123456789012345678901234567890123456789012345678901234\"",
                                        "null",
                                        "true",
                                        "[]",
                                        "[1]",
                                        "{}",
                                        "{\"a\":1}",
                                        "\"",
                                        "",
                                        "1}",
                                        "\"x\":1"};

constexpr std::string_view kOptionCodes[] = {"60", "12", "55", "0", "000", "255", "1234", "5a", "", "60"};
constexpr std::string_view kSpaces[] = {"", " ", "\t", "\r\n", "\n "};

std::string_view pick_value(FuzzedDataProvider& in) {
  return kValues[in.ConsumeIntegralInRange<std::size_t>(0, std::size(kValues) - 1)];
}

// {"hex":...,"text":...} with members omitted, swapped, repeated or foreign.
std::string option(FuzzedDataProvider& in) {
  std::vector<Member> members;
  const auto hex = in.ConsumeIntegral<std::uint8_t>() % 4;
  if (hex != 1) members.emplace_back("\"hex\"", hex == 0 ? "\"436973636f\"" : pick_value(in));
  const auto text = in.ConsumeIntegral<std::uint8_t>() % 4;
  if (text != 1) members.emplace_back("\"text\"", text == 0 ? "\"Cisco\"" : pick_value(in));
  if (in.ConsumeIntegral<std::uint8_t>() % 8 == 7) members.emplace_back("\"x\"", pick_value(in));
  if (members.size() > 1 && in.ConsumeBool()) std::swap(members.front(), members.back());
  if (!members.empty() && in.ConsumeIntegral<std::uint8_t>() % 8 == 7) members.push_back(members.front());
  std::string out = "{";
  for (const auto& [key, value] : members) out += (out.size() > 1 ? "," : "") + key + ":" + value;
  return out + "}";
}

std::string options(FuzzedDataProvider& in) {
  std::string out = "{";
  const unsigned count = in.ConsumeIntegral<std::uint8_t>() % 4u;
  for (unsigned i = 0; i < count; ++i) {
    if (i != 0) out += ',';
    out += '"';
    out += kOptionCodes[in.ConsumeIntegralInRange<std::size_t>(0, std::size(kOptionCodes) - 1)];
    out += "\":";
    out += in.ConsumeIntegral<std::uint8_t>() % 16 == 15 ? std::string(pick_value(in)) : option(in);
  }
  return out + "}";
}

std::string assemble(FuzzedDataProvider& in) {
  std::vector<Member> members;
  for (std::size_t field = 0; field < kKeys.size(); ++field) {
    // Lease fields and gap fields are present by default only where a commit has them.
    const bool usual_present = field <= 4 || field == 6 || field == 7;
    const auto choice = in.ConsumeIntegral<std::uint8_t>() % 4;
    std::string key = "\"" + std::string(kKeys[field]) + "\"";
    if (choice == 0 && !usual_present) continue;
    if (choice == 1 && usual_present) continue;
    if (choice == 3) {
      members.emplace_back(std::move(key), pick_value(in));
    } else if (kKeys[field] == "options") {
      members.emplace_back(std::move(key), options(in));
    } else {
      members.emplace_back(std::move(key), kUsual[field]);
    }
  }
  // Reorder, repeat or add foreign members.
  const unsigned edits = in.ConsumeIntegral<std::uint8_t>() % 4u;
  for (unsigned i = 0; i < edits && !members.empty(); ++i) {
    const auto a = in.ConsumeIntegralInRange<std::size_t>(0, members.size() - 1);
    const auto b = in.ConsumeIntegralInRange<std::size_t>(0, members.size() - 1);
    switch (in.ConsumeIntegral<std::uint8_t>() % 4) {
      case 0:
        std::swap(members[a], members[b]);
        break;
      case 1:
        members.push_back(members[a]);
        break;
      case 2:
        members.emplace_back("\"colour\"", pick_value(in));
        break;
      default:
        members[a].first = "\"host\\u006eame\"";
        break;
    }
  }
  auto space = [&in] { return kSpaces[in.ConsumeIntegralInRange<std::size_t>(0, std::size(kSpaces) - 1)]; };
  std::string line(space());
  line += '{';
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i != 0) line += std::string(space()) + ",";
    line +=
        std::string(space()) + members[i].first + std::string(space()) + ":" + std::string(space()) + members[i].second;
  }
  line += std::string(space()) + "}" + std::string(space());
  return line + in.ConsumeRemainingBytesAsString();  // trailing bytes, usually none
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const std::string line = assemble(in);
  auto fast = provd::leases::scan_lease_line(line);
  if (!fast) return 0;
  nlohmann::json doc = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) __builtin_trap();
  auto dom = provd::leases::lease_event_from_json(doc);
  if (!dom || !(*dom == *fast)) __builtin_trap();
  if (!provd::leases::parse_lease_line(line).ok()) __builtin_trap();
  return 0;
}

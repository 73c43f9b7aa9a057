// The Kea hook's wire code without Kea: the ack-line parser must never crash on what a
// (possibly broken) provd sends, and whatever bytes a client puts in its hostname or options,
// the event line the hook writes must be one line of valid JSON that decodes to those bytes.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "ack_line.h"
#include "lease_event.h"

using provd::kea_hook::appendLinePrefix;
using provd::kea_hook::formatEventBody;
using provd::kea_hook::LeaseEvent;
using provd::kea_hook::parseAckLine;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  static_cast<void>(parseAckLine(input));

  LeaseEvent event;
  event.ip = "192.0.2.1";
  event.mac = "00:11:22:33:44:55";
  event.hostname = std::string(input.substr(0, 255));
  event.options.push_back({60, std::vector<std::uint8_t>(data, data + size)});
  std::string line;
  appendLinePrefix(line, "boot", 1);
  line += formatEventBody(event);
  if (line.find('\n') != std::string::npos) std::abort();  // one event, one line
  auto document = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) std::abort();
  if (!event.hostname.empty() && !document["hostname"].is_string()) std::abort();
  // Valid UTF-8 (nlohmann's strict dump() accepts it) comes back byte for byte.
  bool valid_utf8 = true;
  try {
    static_cast<void>(nlohmann::json(event.hostname).dump());
  } catch (const nlohmann::json::type_error&) {
    valid_utf8 = false;
  }
  if (!event.hostname.empty() && valid_utf8 && document["hostname"].get<std::string>() != event.hostname) std::abort();
  auto& option = document["options"]["60"];
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (std::size_t i = 0; i < size; ++i) {
    hex += kHex[data[i] >> 4];
    hex += kHex[data[i] & 0xf];
  }
  if (option["hex"] != hex) std::abort();
  if (option.contains("text") &&
      option["text"].get<std::string>() != std::string(input.substr(0, input.find_last_not_of('\0') + 1))) {
    std::abort();
  }
  return 0;
}

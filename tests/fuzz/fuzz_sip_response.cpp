// Fuzzes the SIP response parser (phones answer provd's NOTIFY with whatever they like).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sip/sip_message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto response = provd::sip::parse_response(std::string_view(reinterpret_cast<const char*>(data), size));
  if (response && (response->status < 100 || response->status > 699)) __builtin_trap();
  return 0;
}

// libFuzzer target: the lease socket's line parser and schema validation must refuse any byte
// sequence with an Error (never crash, never throw), and accepted events must make lease
// document text that is JSON in dump()'s own spelling. The fast scanner must never accept a
// line the DOM path refuses, nor read one differently.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "leases/lease_event.h"
#include "leases/lease_line_scanner.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  if (auto fast = provd::leases::scan_lease_line(line)) {
    nlohmann::json doc = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) __builtin_trap();
    auto dom = provd::leases::lease_event_from_json(doc);
    if (!dom || !(*dom == *fast)) __builtin_trap();
  }
  auto event = provd::leases::parse_lease_line(line, 4096);
  if (event) {
    // The stored text must be JSON, spelled exactly as dump() spells it.
    const std::string text = provd::leases::lease_document_text(*event, event->mac, event->ip);
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || doc.dump() != text) __builtin_trap();
    if (provd::leases::to_string(event->kind) == "unknown") __builtin_trap();
  } else if (event.error().code.empty() || event.error().message.empty()) {
    __builtin_trap();
  }
  return 0;
}

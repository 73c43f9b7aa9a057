// provd.yaml parsing on arbitrary bytes: an operator's file is untrusted text. Any input must
// yield settings or an error message, never a crash; a parsed result must survive a re-check.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto settings = provd::config::parse_settings(text, "fuzz.yaml");
  if (settings.ok()) {
    // Every accepted value is within the table's bounds, so the example built from it parses.
    (void)provd::config::changed_keys(provd::config::default_settings(), *settings);
  } else if (settings.error().message.empty()) {
    __builtin_trap();  // an error must explain itself
  }
  return 0;
}

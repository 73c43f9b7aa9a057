// Fuzzes the extract stage with the bundled plugins loaded: User-Agent, path, query and DHCP
// option 60 all come from the input. Input layout: byte 0 picks the channel, then the fields
// separated by '\n' (ua, path, query, vendor class).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "config/loader.h"
#include "ident/extract.h"

namespace {

std::string plugins_dir() {
  if (const char* env = std::getenv("PROVD_PLUGINS_DIR")) return env;
#ifdef PROVD_SOURCE_DIR
  return PROVD_SOURCE_DIR "/plugins";
#else
  return "plugins";
#endif
}

const provd::plugins::PluginSet& plugins() {
  static const provd::plugins::PluginSet set = provd::plugins::PluginSet::load(plugins_dir());
  return set;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto stages = provd::config::default_settings().pipeline.extract;
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string fields[4];
  for (auto& field : fields) {
    const auto nl = rest.find('\n');
    field = std::string(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  }
  provd::ident::Inputs in;
  in.channel = static_cast<provd::ident::Channel>(data[0] % 3);
  in.source_ip = "192.0.2.1";
  in.user_agent = fields[0];
  in.path = fields[1];
  in.query = fields[2];
  in.vendor_class = fields[3];
  auto x = provd::ident::extract(in, plugins(), stages);
  // Whatever was identified is printable and normalised: dumping must not throw.
  (void)x.info.to_json().dump();
  return 0;
}

// Fuzzes the REST query-string/filter parser and the path router with arbitrary bytes: they
// must never crash, and whatever they accept must respect their own invariants.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rest/api_types.h"
#include "rest/list_query.h"
#include "rest/router.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto query = provd::rest::parse_list_query(input, 100, 1000);
  if (query) {
    if (query->limit < 1 || query->limit > 1000) __builtin_trap();
    for (const auto& [name, value] : query->filters) {
      if (name.empty() || value.find('\0') != std::string::npos) __builtin_trap();
    }
    const nlohmann::json doc = {{"id", "x"}, {"vendor", "Aastra"}, {"sip_port", 5060}};
    (void)provd::rest::page_of({doc, doc}, *query);
  }
  auto match = provd::rest::match_route(input, boost::beast::http::verb::get);
  if (match.route != nullptr) {
    for (std::size_t i = 0; i < match.route->pattern.size(); ++i) {
      if (match.route->pattern[i] == "{id}" && !provd::rest::valid_path_id(match.segments[i])) __builtin_trap();
    }
  }
  return 0;
}

// libFuzzer target: the HTTP request-target path normaliser and the Range parser. Checks the
// normaliser's promises on every accepted path, not just the absence of crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/byte_range.h"
#include "http/conditional.h"
#include "http/path_normalizer.h"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto split = provd::http::split_target(input);
  const auto path = provd::http::normalize_path(split.path);
  if (path) {
    const std::string& p = *path;
    check(!p.empty() && p.front() == '/');
    check(p.find('\0') == std::string::npos);
    check(p.find('\\') == std::string::npos);
    check(p.find("//") == std::string::npos);
    check(p.find("/../") == std::string::npos && !p.ends_with("/.."));
    check(p.find("/./") == std::string::npos && !p.ends_with("/."));
    check(p.size() <= provd::http::kMaxPathBytes);
  }
  // The same bytes as a Range header, against a few sizes, must give a span inside the file.
  for (const std::uint64_t file_size : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{1000}, UINT64_MAX}) {
    const auto range = provd::http::parse_range(input, file_size);
    if (range.kind == provd::http::RangeRequest::Kind::kPartial) {
      check(range.first <= range.last && range.last < file_size);
    }
  }
  (void)provd::http::parse_http_date(input);
  (void)provd::http::if_none_match_matches(input, "abc");
  return 0;
}

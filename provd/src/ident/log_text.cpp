#include "ident/log_text.h"

#include <fmt/format.h>

namespace provd::ident {

std::string log_text(std::string_view value) {
  constexpr std::size_t kMax = 256;
  std::string out = "\"";
  for (std::size_t i = 0; i < value.size() && i < kMax; ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c >= 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  if (value.size() > kMax) out += "...";
  out.push_back('"');
  return out;
}

}  // namespace provd::ident

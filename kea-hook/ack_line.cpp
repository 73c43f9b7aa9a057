#include "ack_line.h"

#include <nlohmann/json.hpp>

namespace provd::kea_hook {

std::optional<std::uint64_t> parseAckLine(std::string_view line) {
  if (line.size() > kMaxAckLineLength) return std::nullopt;
  auto document = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object()) return std::nullopt;
  auto ack = document.find("ack");
  if (ack == document.end() || !ack->is_number_unsigned()) return std::nullopt;
  return ack->get<std::uint64_t>();
}

}  // namespace provd::kea_hook

#include <algorithm>
#include <iostream>

#include "provctl/commands.h"

namespace provctl {
namespace {

std::string cell(const nlohmann::json& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

}  // namespace

void print_table(const std::vector<std::string>& columns, const std::vector<nlohmann::json>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& column : columns) widths.push_back(column.size());
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : rows) {
    std::vector<std::string> line;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      line.push_back(cell(row.value(columns[i], nlohmann::json())));
      widths[i] = std::max(widths[i], line.back().size());
    }
    cells.push_back(std::move(line));
  }
  auto print_line = [&](const std::vector<std::string>& line) {
    std::string text;
    for (std::size_t i = 0; i < line.size(); ++i) {
      text += line[i];
      if (i + 1 < line.size()) text += std::string(widths[i] - line[i].size() + 2, ' ');
    }
    std::cout << text << "\n";
  };
  std::vector<std::string> header;
  for (const auto& column : columns) {
    std::string upper = column;
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    header.push_back(upper);
  }
  print_line(header);
  for (const auto& line : cells) print_line(line);
}

void print_object(const nlohmann::json& object) {
  std::size_t width = 0;
  for (const auto& [key, value] : object.items()) width = std::max(width, key.size());
  for (const auto& [key, value] : object.items()) {
    std::cout << key << ":" << std::string(width - key.size() + 1, ' ') << cell(value) << "\n";
  }
}

nlohmann::json parse_assignments(const std::vector<std::string>& words) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& word : words) {
    const auto eq = word.find('=');
    if (eq == std::string::npos || eq == 0) throw CLI::ValidationError(word, "expected key=value");
    const std::string value = word.substr(eq + 1);
    nlohmann::json parsed = nlohmann::json::parse(value, nullptr, false);
    out[word.substr(0, eq)] = parsed.is_discarded() ? nlohmann::json(value) : parsed;
  }
  return out;
}

int print_reply(const Connection& connection, const Reply& reply, int low, int high) {
  if (!reply.reached || reply.status < low || reply.status > high) return report_failure(reply, connection);
  if (connection.json_output) {
    if (!reply.body.is_null()) std::cout << reply.body.dump(2) << "\n";
  } else if (reply.body.is_object()) {
    print_object(reply.body);
  }
  return kOk;
}

}  // namespace provctl

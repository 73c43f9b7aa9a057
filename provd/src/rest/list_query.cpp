#include "rest/list_query.h"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

namespace provd::rest {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool valid_field_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Result<std::size_t> parse_count(const std::string& name, const std::string& text, std::size_t min, std::size_t max) {
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return fail("invalid_query", fmt::format("{} must be an integer in {}..{}", name, min, max));
  }
  return value;
}

std::string field_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  if (out.find('\0') != std::string::npos) return std::nullopt;
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> parse_query_string(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    auto name = percent_decode(part.substr(0, eq));
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1));
    if (!name || !value) return fail("invalid_query", "malformed percent-escape in the query string");
    if (!valid_field_name(*name)) {
      return fail("invalid_query", fmt::format("'{}' is not a valid parameter name", name->substr(0, 64)));
    }
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

Result<ListQuery> parse_list_query(std::string_view query, std::size_t default_limit, std::size_t max_limit) {
  auto pairs = parse_query_string(query);
  if (!pairs) return pairs.error();
  ListQuery out;
  out.limit = std::min(default_limit, max_limit);
  std::set<std::string> seen;
  for (auto& [name, value] : *pairs) {
    if (!seen.insert(name).second) return fail("invalid_query", fmt::format("parameter '{}' is repeated", name));
    if (name == "limit") {
      auto n = parse_count(name, value, 1, max_limit);
      if (!n) return n.error();
      out.limit = *n;
    } else if (name == "offset") {
      auto n = parse_count(name, value, 0, std::size_t{1} << 40);
      if (!n) return n.error();
      out.offset = *n;
    } else if (name == "sort") {
      std::string_view field = value;
      out.descending = !field.empty() && field.front() == '-';
      if (out.descending) field.remove_prefix(1);
      if (!valid_field_name(field)) return fail("invalid_query", "sort must be a field name, optionally after '-'");
      out.sort = std::string(field);
    } else {
      out.filters.emplace_back(std::move(name), std::move(value));
    }
  }
  return out;
}

bool matches_filters(const nlohmann::json& doc, const std::vector<std::pair<std::string, std::string>>& filters) {
  for (const auto& [field, wanted] : filters) {
    auto it = doc.find(field);
    if (it == doc.end() || field_text(*it) != wanted) return false;
  }
  return true;
}

nlohmann::json page_of(std::vector<nlohmann::json> docs, const ListQuery& query) {
  std::erase_if(docs, [&](const nlohmann::json& doc) { return !matches_filters(doc, query.filters); });
  // Documents without the sort field come last either way; ties keep id order (stable sort
  // over id-ordered input), so paging never repeats or skips an item.
  const std::string& field = query.sort;
  std::stable_sort(docs.begin(), docs.end(), [&](const nlohmann::json& a, const nlohmann::json& b) {
    auto ia = a.find(field);
    auto ib = b.find(field);
    if (ia == a.end() || ib == b.end()) return ia != a.end() && ib == b.end();
    return query.descending ? *ib < *ia : *ia < *ib;
  });
  const std::size_t total = docs.size();
  const std::size_t begin = std::min(query.offset, total);
  const std::size_t end = std::min(total, begin + query.limit);
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = begin; i < end; ++i) items.push_back(std::move(docs[i]));
  nlohmann::json page = {
      {"items", std::move(items)}, {"total", total}, {"limit", query.limit}, {"offset", query.offset}};
  if (end < total) page["next_offset"] = end;
  return page;
}

}  // namespace provd::rest

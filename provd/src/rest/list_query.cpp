#include "rest/list_query.h"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "common/hex.h"

namespace provd::rest {
namespace {

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

constexpr std::size_t kMaxCursorBytes = 4096;

std::optional<std::string> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_digit_value(text[i]);
    const int lo = hex_digit_value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

Result<nlohmann::json> decode_cursor(std::string_view text) {
  auto bad = [] { return fail("invalid_query", "cursor: not a cursor this server made"); };
  if (text.empty() || text.size() > kMaxCursorBytes) return bad();
  auto raw = hex_decode(text);
  if (!raw) return bad();
  nlohmann::json doc = nlohmann::json::parse(*raw, nullptr, false);
  if (!doc.is_object() || !doc.contains("s") || !doc["s"].is_string() || !doc.contains("d") || !doc["d"].is_boolean() ||
      !doc.contains("m") || !doc["m"].is_boolean() || !doc.contains("id") || !doc["id"].is_string() ||
      (!doc["m"].get<bool>() && !doc.contains("k"))) {
    return bad();
  }
  return doc;
}

// The total order of a list: documents with the sort field first, by its value (reversed when
// descending), then by id; so every position is unique and a cursor names exactly one.
struct Position {
  bool missing;
  const nlohmann::json* key;
  const nlohmann::json* id;
};

Position position_of(const nlohmann::json& doc, const std::string& field) {
  static const nlohmann::json kNull;
  auto it = doc.find(field);
  auto id = doc.find("id");
  return Position{it == doc.end(), it == doc.end() ? &kNull : &*it, id == doc.end() ? &kNull : &*id};
}

bool before(const Position& a, const Position& b, bool descending) {
  if (a.missing != b.missing) return !a.missing;
  if (!a.missing && *a.key != *b.key) return descending ? *b.key < *a.key : *a.key < *b.key;
  return *a.id < *b.id;
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
      const int hi = hex_digit_value(text[i + 1]);
      const int lo = hex_digit_value(text[i + 2]);
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
    } else if (name == "cursor") {
      auto cursor = decode_cursor(value);
      if (!cursor) return cursor.error();
      out.after = std::move(*cursor);
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
  if (out.after) {
    if (seen.contains("offset")) return fail("invalid_query", "cursor and offset exclude each other");
    if ((*out.after)["s"] != out.sort || (*out.after)["d"] != out.descending) {
      return fail("invalid_query", "cursor: made for another sort; repeat the sort of the first page");
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

std::string make_cursor(const nlohmann::json& doc, const ListQuery& query) {
  nlohmann::json cursor = {{"s", query.sort}, {"d", query.descending}, {"id", doc.value("id", "")}};
  auto it = doc.find(query.sort);
  cursor["m"] = it == doc.end();
  if (it != doc.end()) cursor["k"] = *it;
  return hex_from_bytes(cursor.dump());
}

nlohmann::json page_of(std::vector<nlohmann::json> docs, const ListQuery& query) {
  std::erase_if(docs, [&](const nlohmann::json& doc) { return !matches_filters(doc, query.filters); });
  const std::string& field = query.sort;
  std::sort(docs.begin(), docs.end(), [&](const nlohmann::json& a, const nlohmann::json& b) {
    return before(position_of(a, field), position_of(b, field), query.descending);
  });
  const std::size_t total = docs.size();
  std::size_t begin = std::min(query.offset, total);
  if (query.after) {
    const auto& after = *query.after;
    static const nlohmann::json kNull;
    const Position cursor{after["m"].get<bool>(), after.contains("k") ? &after["k"] : &kNull, &after["id"]};
    // The first document strictly after the cursor: those added before it since do not shift the page.
    begin = static_cast<std::size_t>(
        std::partition_point(
            docs.begin(), docs.end(),
            [&](const nlohmann::json& doc) { return !before(cursor, position_of(doc, field), query.descending); }) -
        docs.begin());
  }
  const std::size_t end = std::min(total, begin + query.limit);
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = begin; i < end; ++i) items.push_back(std::move(docs[i]));
  const std::string next_cursor = end < total ? make_cursor(items.back(), query) : std::string();
  nlohmann::json page = {{"items", std::move(items)},
                         {"total", total},
                         {"limit", query.limit},
                         {"offset", query.after ? begin : query.offset}};
  if (end < total) {
    page["next_offset"] = end;
    page["next_cursor"] = next_cursor;
  }
  return page;
}

}  // namespace provd::rest

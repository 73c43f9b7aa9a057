// Query strings of list requests: `?vendor=Aastra&model=6730i&sort=-mac&limit=50&offset=100`.
// Every parameter that is not limit/offset/cursor/sort is an equality filter on a document field.
// Paging by offset is simple; paging by cursor (`?cursor=<next_cursor of the previous page>`)
// stays right while documents are added or removed: a cursor names the last item seen by its
// sort key and id, and the next page starts strictly after that position.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace provd::rest {

/// Decodes %XX escapes (and '+' as space in a query, not in a path); nullopt for a malformed
/// escape or a NUL byte.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = true);

/// The decoded name=value pairs of a query string, in order. Errors: invalid_query.
Result<std::vector<std::pair<std::string, std::string>>> parse_query_string(std::string_view query);

/// A parsed list request.
struct ListQuery {
  std::vector<std::pair<std::string, std::string>> filters;  ///< field -> wanted value (text)
  std::size_t limit = 100;
  std::size_t offset = 0;
  std::string sort = "id";  ///< field to order by
  bool descending = false;
  /// Decoded cursor: {"s": sort, "d": descending, "m": field missing, "k": key, "id": id}.
  std::optional<nlohmann::json> after;
};

/// The opaque cursor text (lower-case hex of compact JSON) naming `doc`'s position in `query`'s order.
std::string make_cursor(const nlohmann::json& doc, const ListQuery& query);

/// Parses a list query; limit must be 1..max_limit; cursor excludes offset and must have been
/// made for the same sort. Errors: invalid_query naming the parameter.
Result<ListQuery> parse_list_query(std::string_view query, std::size_t default_limit, std::size_t max_limit);

/// True when every filter equals the document's field (compared as text: "true", "5060", "abc").
bool matches_filters(const nlohmann::json& doc, const std::vector<std::pair<std::string, std::string>>& filters);

/// Filters, sorts (ties by id) and pages `docs`: {items, total, limit, offset, next_offset?,
/// next_cursor?}; with a cursor, offset is the position of the page's first item.
nlohmann::json page_of(std::vector<nlohmann::json> docs, const ListQuery& query);

}  // namespace provd::rest

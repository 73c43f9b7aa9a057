// Maps /api/v1 paths to resources: path templates, allowed methods and the roles allowed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rest/api_context.h"

namespace provd::rest {

/// One resource: its path template below /api/v1 ("{id}" matches one id segment).
struct Route {
  std::vector<std::string_view> pattern;
  std::vector<boost::beast::http::verb> methods;
  std::vector<std::string_view> roles;  ///< token roles allowed
  RouteHandler handler;                 ///< null for routes the service answers itself (/metrics)
  std::string_view name;                ///< label for metrics, e.g. "/devices/{id}"
};

/// Every /api/v1 route.
const std::vector<Route>& routes();

/// The outcome of matching a path.
struct RouteMatch {
  const Route* route = nullptr;          ///< null: no resource at this path
  std::vector<std::string> segments;     ///< decoded path segments
  std::optional<ApiResponse> rejection;  ///< 400 (bad id), 404 or 405, already built
};

/// Splits and decodes `path` (below /api/v1) and finds its route and method.
RouteMatch match_route(std::string_view path, boost::beast::http::verb method);

/// The token from an `Authorization: Bearer <token>` header value; nullopt if absent/other.
std::optional<std::string_view> bearer_token(std::string_view authorization);

}  // namespace provd::rest

#include "rest/router.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "rest/list_query.h"

namespace provd::rest {
namespace http = boost::beast::http;
using http::verb;

namespace {
const std::vector<std::string_view> kStaff = {"admin", "operator"};
const std::vector<std::string_view> kAdmin = {"admin"};
const std::vector<std::string_view> kLeaseFeeders = {"admin", "operator", "dhcp"};
}  // namespace

const std::vector<Route>& routes() {
  static const std::vector<Route> table = {
      {{"devices"}, {verb::get, verb::post}, kStaff, devices_collection, "/devices"},
      {{"devices", "{id}"}, {verb::get, verb::put, verb::patch, verb::delete_}, kStaff, device_item, "/devices/{id}"},
      {{"devices", "{id}", "reconfigure"}, {verb::post}, kStaff, device_reconfigure, "/devices/{id}/reconfigure"},
      {{"devices", "{id}", "synchronize"}, {verb::post}, kStaff, device_synchronize, "/devices/{id}/synchronize"},
      {{"configs"}, {verb::get, verb::post}, kStaff, configs_collection, "/configs"},
      {{"configs", "{id}"}, {verb::get, verb::put, verb::patch, verb::delete_}, kStaff, config_item, "/configs/{id}"},
      {{"configs", "{id}", "effective"}, {verb::get}, kStaff, config_effective, "/configs/{id}/effective"},
      {{"operations"}, {verb::get}, kStaff, operations_collection, "/operations"},
      {{"operations", "{id}"}, {verb::get, verb::delete_}, kStaff, operation_item, "/operations/{id}"},
      {{"tokens"}, {verb::get, verb::post}, kAdmin, tokens_collection, "/tokens"},
      {{"tokens", "{id}"}, {verb::get, verb::delete_}, kAdmin, token_item, "/tokens/{id}"},
      {{"dhcpinfo"}, {verb::post}, kLeaseFeeders, dhcpinfo, "/dhcpinfo"},
      {{"plugins"}, {verb::get}, kStaff, plugins_installed, "/plugins"},
      {{"plugins", "installable"}, {verb::get}, kStaff, plugins_installable, "/plugins/installable"},
      {{"plugins", "{id}"}, {verb::get, verb::post, verb::delete_}, kAdmin, plugin_item, "/plugins/{id}"},
      {{"plugins", "{id}", "packages"}, {verb::get}, kStaff, plugin_packages, "/plugins/{id}/packages"},
      {{"plugins", "{id}", "packages", "{id}"},
       {verb::post, verb::delete_},
       kAdmin,
       plugin_package_item,
       "/plugins/{id}/packages/{pkg}"},
      {{"metrics"}, {verb::get}, kStaff, nullptr, "/metrics"},
  };
  return table;
}

RouteMatch match_route(std::string_view path, verb method) {
  RouteMatch out;
  std::vector<std::string_view> raw;
  while (!path.empty()) {
    if (path.front() != '/') break;
    path.remove_prefix(1);
    const auto slash = path.find('/');
    raw.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  for (std::string_view segment : raw) {
    auto decoded = percent_decode(segment, false);
    if (!decoded) {
      out.rejection = api_error(http::status::bad_request, "invalid_id", "malformed escape in the path");
      return out;
    }
    out.segments.push_back(std::move(*decoded));
  }
  for (const Route& route : routes()) {
    if (route.pattern.size() != out.segments.size()) continue;
    bool literal_match = true;
    for (std::size_t i = 0; i < route.pattern.size(); ++i) {
      if (route.pattern[i] != "{id}" && route.pattern[i] != out.segments[i]) literal_match = false;
    }
    if (!literal_match) continue;
    for (std::size_t i = 0; i < route.pattern.size(); ++i) {
      if (route.pattern[i] == "{id}" && !valid_path_id(out.segments[i])) {
        out.rejection = api_error(http::status::bad_request, "invalid_id",
                                  "ids are 1 to 64 of A-Z a-z 0-9 _ . - (and not . or ..)", {{"segment", i}});
        return out;
      }
    }
    if (std::find(route.methods.begin(), route.methods.end(), method) == route.methods.end()) {
      std::string allow;
      for (verb v : route.methods) allow += (allow.empty() ? "" : ", ") + std::string(http::to_string(v));
      ApiResponse refusal = api_error(http::status::method_not_allowed, "method_not_allowed",
                                      fmt::format("{} allows {}", route.name, allow));
      refusal.headers.emplace_back(http::field::allow, allow);
      out.rejection = std::move(refusal);
      return out;
    }
    out.route = &route;
    return out;
  }
  out.rejection = api_error(http::status::not_found, "not_found", "no such resource");
  return out;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  // The scheme name is case-insensitive (RFC 7235).
  for (std::size_t i = 0; i + 1 < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
        std::tolower(static_cast<unsigned char>(kScheme[i]))) {
      return std::nullopt;
    }
  }
  if (authorization[kScheme.size() - 1] != ' ') return std::nullopt;
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

}  // namespace provd::rest

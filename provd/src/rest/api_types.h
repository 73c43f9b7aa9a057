#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/field.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/verb.hpp>
#include <nlohmann/json.hpp>

#include "common/result.h"

namespace provd::rest {

/// What a REST route produces: a status, a JSON body (null for none) and extra headers.
struct ApiResponse {
  boost::beast::http::status status = boost::beast::http::status::ok;
  nlohmann::json body;  ///< null: no body (204)
  std::vector<std::pair<boost::beast::http::field, std::string>> headers;
};

/// The caller behind a bearer token.
struct Caller {
  std::string token_id;
  std::string name;
  std::string role;  ///< "admin", "operator" or "dhcp"
};

/// One API request after routing: path segments below /api/v1, decoded query, raw body.
struct ApiRequest {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::vector<std::string> segments;  ///< e.g. {"devices", "abc", "reconfigure"}
  std::string query;                  ///< raw query string (after '?')
  std::string body;
  Caller caller;
};

/// The JSON error document {error, message, details} with its status.
ApiResponse api_error(boost::beast::http::status status, std::string code, std::string message,
                      nlohmann::json details = nlohmann::json::object());

/// Maps an expected store/API Error to its HTTP status (not_found -> 404, conflict -> 409, ...).
ApiResponse api_error(const Error& error);

/// A 200 (or other) JSON answer.
inline ApiResponse api_ok(nlohmann::json body, boost::beast::http::status status = boost::beast::http::status::ok) {
  return ApiResponse{status, std::move(body), {}};
}

/// Parses a request body that must be a JSON object; the error names the parse position.
Result<nlohmann::json> parse_json_object(std::string_view body);

/// PUT and PATCH bodies may repeat the path's id but never change it; sets it when absent.
Result<void> check_body_id(nlohmann::json& doc, const std::string& id);

/// The answer to a stored document: 200, or 201 with Location `<collection>/<id>` when created.
ApiResponse written_response(const nlohmann::json& doc, bool created, std::string_view collection);

/// True for an id usable in a path: the store's id alphabet, not "." or "..".
bool valid_path_id(std::string_view id);

}  // namespace provd::rest

#include "rest/api_types.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace provd::rest {
namespace http = boost::beast::http;

ApiResponse api_error(http::status status, std::string code, std::string message, nlohmann::json details) {
  return ApiResponse{
      status, {{"error", std::move(code)}, {"message", std::move(message)}, {"details", std::move(details)}}, {}};
}

ApiResponse api_error(const Error& error) {
  // Syntax and schema problems are the client's malformed request (400); a well-formed request
  // that names something impossible (a bad MAC, a missing parent) is unprocessable (422).
  static const std::map<std::string, http::status, std::less<>> statuses = {
      {"invalid_json", http::status::bad_request},  {"invalid_document", http::status::bad_request},
      {"invalid_query", http::status::bad_request}, {"invalid_id", http::status::bad_request},
      {"not_found", http::status::not_found},       {"conflict", http::status::conflict},
      {"in_use", http::status::conflict},           {"already_finished", http::status::conflict},
      {"forbidden", http::status::forbidden},
  };
  auto it = statuses.find(error.code);
  const http::status status = it == statuses.end() ? http::status::unprocessable_entity : it->second;
  nlohmann::json details = nlohmann::json::object();
  // Schema errors read "field: problem"; expose the field separately for programs.
  if (error.code == "invalid_document") {
    auto colon = error.message.find(": ");
    if (colon != std::string::npos) details["field"] = error.message.substr(0, colon);
  }
  return api_error(status, error.code, error.message, std::move(details));
}

Result<nlohmann::json> parse_json_object(std::string_view body) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    return fail("invalid_json", fmt::format("the body is not valid JSON (byte {})", e.byte));
  }
  if (!doc.is_object()) return fail("invalid_json", "the body must be a JSON object");
  return doc;
}

bool valid_path_id(std::string_view id) {
  if (id.empty() || id.size() > 64 || id == "." || id == "..") return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
  });
}

Result<void> check_body_id(nlohmann::json& doc, const std::string& id) {
  auto it = doc.find("id");
  if (it != doc.end() && *it != id) return fail("id_mismatch", "id: the body's id differs from the path's");
  doc["id"] = id;
  return {};
}

ApiResponse written_response(const nlohmann::json& doc, bool created, std::string_view collection) {
  if (!created) return api_ok(doc);
  ApiResponse response = api_ok(doc, boost::beast::http::status::created);
  response.headers.emplace_back(boost::beast::http::field::location,
                                std::string(collection) + "/" + doc["id"].get<std::string>());
  return response;
}

}  // namespace provd::rest

#include "provctl/client.h"

#include <curl/curl.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include <yaml-cpp/yaml.h>

namespace provctl {

const char* const kExitCodeHelp =
    "Exit codes: 0 ok, 1 provd error, 2 usage, 3 provd unreachable, 4 not found, 5 not authorised "
    "(401/403), 6 conflict (409), 7 invalid input (400/413/422), 8 operation failed or cancelled.";

namespace {

std::size_t append(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

void apply_config_file(const std::string& path, Connection& connection, std::string& token_file) {
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(path);
  } catch (const YAML::Exception&) {
    return;  // absent or unreadable: the next source decides
  }
  if (!doc.IsMap()) return;
  if (doc["url"] && doc["url"].IsScalar()) connection.url = doc["url"].Scalar();
  if (doc["token"] && doc["token"].IsScalar()) connection.token = doc["token"].Scalar();
  if (doc["token_file"] && doc["token_file"].IsScalar()) token_file = doc["token_file"].Scalar();
  if (doc["cacert"] && doc["cacert"].IsScalar()) connection.cacert = doc["cacert"].Scalar();
}

}  // namespace

std::optional<std::string> read_token_file(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

std::optional<std::string> load_defaults(Connection& connection, std::string& token_file) {
  apply_config_file("/etc/provd/provctl.yaml", connection, token_file);
  if (const char* home = std::getenv("HOME")) {
    apply_config_file(std::string(home) + "/.config/provctl.yaml", connection, token_file);
  }
  if (const char* url = std::getenv("PROVD_URL")) connection.url = url;
  if (const char* cacert = std::getenv("PROVD_CACERT")) connection.cacert = cacert;
  if (const char* file = std::getenv("PROVD_TOKEN_FILE")) token_file = file;
  if (const char* token = std::getenv("PROVD_TOKEN")) {
    connection.token = token;
    token_file.clear();
  }
  return std::nullopt;
}

std::string url_encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Reply call(const Connection& connection, const std::string& method, const std::string& path,
           const std::optional<nlohmann::json>& body) {
  Reply reply;
  CURL* curl = curl_easy_init();
  if (curl == nullptr) {
    reply.error = "curl_easy_init failed";
    return reply;
  }
  const std::string url = connection.url + path;
  const std::string payload = body ? body->dump() : std::string();
  curl_slist* headers = nullptr;
  const std::string authorization = "Authorization: Bearer " + connection.token;
  if (!connection.token.empty()) headers = curl_slist_append(headers, authorization.c_str());
  if (body) headers = curl_slist_append(headers, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.raw);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
  if (!connection.cacert.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, connection.cacert.c_str());
  if (body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(payload.size()));
  }
  const CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) {
    reply.error = curl_easy_strerror(rc);
    return reply;
  }
  reply.reached = true;
  if (!reply.raw.empty()) reply.body = nlohmann::json::parse(reply.raw, nullptr, false);
  if (reply.body.is_discarded()) reply.body = nullptr;
  return reply;
}

int report_failure(const Reply& reply, const Connection& connection) {
  if (!reply.reached) {
    std::cerr << "provctl: cannot reach provd at " << connection.url << ": " << reply.error << "\n";
    return kUnreachable;
  }
  if (connection.json_output && !reply.body.is_null()) {
    std::cout << reply.body.dump(2) << "\n";
  }
  std::string message = reply.raw;
  if (reply.body.is_object() && reply.body.contains("message")) {
    message = reply.body.value("error", "error") + ": " + reply.body.value("message", "");
  }
  std::cerr << "provctl: provd answered HTTP " << reply.status << ": " << message << "\n";
  switch (reply.status) {
    case 401:
    case 403:
      return kAuth;
    case 404:
      return kNotFound;
    case 409:
      return kConflict;
    case 400:
    case 413:
    case 422:
      return kInvalid;
    default:
      return kProvdError;
  }
}

}  // namespace provctl

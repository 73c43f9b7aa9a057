// provctl's connection to provd: where (URL), who (token), and one HTTP call with libcurl.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace provctl {

/// Exit codes scripts can rely on (also listed in `provctl --help`).
enum Exit : int {
  kOk = 0,               ///< done
  kProvdError = 1,       ///< provd answered with an error not listed below
  kUsage = 2,            ///< bad command line
  kUnreachable = 3,      ///< provd could not be reached
  kNotFound = 4,         ///< the device/config/operation/token does not exist
  kAuth = 5,             ///< no, bad or insufficient token (401/403)
  kConflict = 6,         ///< duplicate MAC, config in use, ... (409)
  kInvalid = 7,          ///< provd refused the input (400/413/422)
  kOperationFailed = 8,  ///< an operation (synchronize) ended failed or cancelled
};

/// Text for --help.
extern const char* const kExitCodeHelp;

/// Where provd is and the token to present. Flags beat PROVD_URL/PROVD_TOKEN(_FILE), which
/// beat ~/.config/provctl.yaml, which beats /etc/provd/provctl.yaml.
struct Connection {
  std::string url = "http://127.0.0.1:8666";
  std::string token;
  std::string cacert;  ///< PEM CA bundle that verifies an https:// URL; empty: the system's
  bool json_output = false;
};

/// Fills `connection` from the config files and environment; flags are applied by the caller
/// afterwards. Returns an error message for an unreadable token file.
std::optional<std::string> load_defaults(Connection& connection, std::string& token_file);

/// Reads the token from `file` (first line, trimmed); nullopt if unreadable.
std::optional<std::string> read_token_file(const std::string& file);

/// The outcome of one request.
struct Reply {
  bool reached = false;  ///< false: transport error (see error)
  long status = 0;
  nlohmann::json body;  ///< parsed body, or null
  std::string raw;
  std::string error;
};

/// Sends METHOD url+path with an optional JSON body.
Reply call(const Connection& connection, const std::string& method, const std::string& path,
           const std::optional<nlohmann::json>& body = std::nullopt);

/// Prints the error of a failed reply to stderr and maps it to an exit code.
int report_failure(const Reply& reply, const Connection& connection);

/// Percent-encodes a path segment or query value.
std::string url_encode(const std::string& text);

}  // namespace provctl

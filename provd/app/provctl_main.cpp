// provctl: the command-line client of provd. Today: `status` (queries GET /status),
// `check-config` and `identify` (offline, ident/offline_identify.h); the management issue adds the
// REST resources.
#include <curl/curl.h>

#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "config/loader.h"
#include "ident/offline_identify.h"

namespace {

size_t append(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// Exit codes scripts can rely on: 0 ok, 1 provd answered an error, 3 provd unreachable.
int status(const std::string& url, bool as_json) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return 3;
  std::string body;
  const std::string endpoint = url + "/status";
  curl_easy_setopt(curl, CURLOPT_URL, endpoint.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  CURLcode rc = curl_easy_perform(curl);
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) {
    std::cerr << "provctl: cannot reach provd at " << url << ": " << curl_easy_strerror(rc) << "\n";
    return 3;
  }
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (code != 200 || doc.is_discarded()) {
    std::cerr << "provctl: provd answered HTTP " << code << ": " << body << "\n";
    return 1;
  }
  if (as_json) {
    std::cout << doc.dump(2) << "\n";
  } else {
    std::cout << "provd " << doc.value("version", "?") << ", up " << doc.value("uptime_s", 0) << " s, "
              << doc["store"].value("devices", 0) << " devices, " << doc["store"].value("leases", 0) << " leases\n";
    for (const auto& [name, listener] : doc["listeners"].items()) {
      std::cout << "  " << name << ": " << listener.dump() << "\n";
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"provctl: manage a provd provisioning server"};
  app.require_subcommand(1);
  std::string url = "http://127.0.0.1:8666";
  if (const char* env = std::getenv("PROVD_URL")) url = env;
  app.add_option("--url", url, "provd REST base URL (env PROVD_URL)");

  bool as_json = false;
  auto* status_cmd = app.add_subcommand("status", "show provd's health");
  status_cmd->add_flag("--json", as_json, "print the raw JSON");

  std::string config_file;
  auto* check_cmd = app.add_subcommand("check-config", "validate a provd.yaml offline");
  check_cmd->add_option("file", config_file, "the file")->required();

  provd::ident::IdentifyOptions id;
  auto* identify_cmd = app.add_subcommand("identify", "run the identification pipeline offline on one request");
  identify_cmd->add_option("--plugins", id.plugins_dir, "directory of installed plugins")->required();
  identify_cmd->add_option("--store", id.store_dir, "provd store directory (default: an empty temporary store)");
  identify_cmd->add_option("--protocol", id.protocol, "http, tftp or dhcp")
      ->check(CLI::IsMember({"http", "tftp", "dhcp"}));
  identify_cmd->add_option("--user-agent", id.user_agent, "HTTP User-Agent");
  identify_cmd->add_option("--user-agent-hex", id.user_agent_hex, "HTTP User-Agent as hex bytes");
  identify_cmd->add_option("--path", id.path, "HTTP path (with ?query) or TFTP filename");
  identify_cmd->add_option("--ip", id.ip, "source IP of the request");
  identify_cmd->add_option("--vendor-class", id.vendor_class, "DHCP option 60");
  identify_cmd->add_option("--vendor-class-hex", id.vendor_class_hex, "DHCP option 60 as hex (e.g. a trailing NUL)");
  identify_cmd->add_flag("--json", id.json, "print one JSON object");

  CLI11_PARSE(app, argc, argv);
  if (*status_cmd) return status(url, as_json);
  if (*identify_cmd) return provd::ident::identify_offline(id);
  if (*check_cmd) {
    auto settings = provd::config::load_settings(config_file);
    if (!settings) {
      std::cerr << settings.error().message << "\n";
      return 1;
    }
    std::cout << config_file << ": ok\n";
  }
  return 0;
}

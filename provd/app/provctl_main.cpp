// provctl: the command-line client of provd's REST API (devices, configs, tokens, operations,
// status) plus offline commands (check-config, token ... --store, identify). Each command group lives in
// provctl/*.cpp; this file only wires the command line.
#include <curl/curl.h>

#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "config/loader.h"
#include "ident/offline_identify.h"
#include "provctl/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"provctl: manage a provd provisioning server"};
  app.footer(std::string(provctl::kExitCodeHelp) +
             "\nURL, token and CA come from the flags, else PROVD_URL, PROVD_TOKEN, PROVD_TOKEN_FILE, "
             "PROVD_CACERT, else ~/.config/provctl.yaml or /etc/provd/provctl.yaml (keys url, token, "
             "token_file, cacert).");
  app.require_subcommand(1);
  app.fallthrough();  // global flags (--json, --url, --token) may follow the subcommand
  provctl::Connection connection;
  std::string token_file;
  provctl::load_defaults(connection, token_file);
  std::string url_flag;
  std::string token_flag;
  std::string token_file_flag;
  app.add_option("--url", url_flag, "provd REST base URL (env PROVD_URL; default http://127.0.0.1:8666)");
  app.add_option("--token", token_flag, "API token (env PROVD_TOKEN)");
  app.add_option("--token-file", token_file_flag, "file holding the API token (env PROVD_TOKEN_FILE)");
  std::string cacert_flag;
  app.add_option("--cacert", cacert_flag, "PEM CA bundle verifying an https:// URL (env PROVD_CACERT)");
  app.add_flag("--json", connection.json_output, "print JSON instead of tables");

  provctl::Action action;
  provctl::add_resource_commands(app, connection, action);
  provctl::add_token_commands(app, connection, action);
  provctl::add_operation_commands(app, connection, action);
  provctl::add_plugin_commands(app, connection, action);

  std::string config_file;
  auto* check_cmd = app.add_subcommand("check-config", "validate a provd.yaml offline");
  check_cmd->add_option("file", config_file, "the file")->required();
  check_cmd->callback([&] {
    action = [&] {
      auto settings = provd::config::load_settings(config_file);
      if (!settings) {
        std::cerr << settings.error().message << "\n";
        return static_cast<int>(provctl::kInvalid);
      }
      std::cout << config_file << ": ok\n";
      return static_cast<int>(provctl::kOk);
    };
  });

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
  // --json is the global flag (it may follow the subcommand).
  identify_cmd->callback([&] {
    action = [&] {
      id.json = connection.json_output;
      return provd::ident::identify_offline(id);
    };
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return provctl::kUsage;
  }
  if (!url_flag.empty()) connection.url = url_flag;
  if (!cacert_flag.empty()) connection.cacert = cacert_flag;
  if (!token_file_flag.empty()) token_file = token_file_flag;
  if (!token_flag.empty()) {
    connection.token = token_flag;
  } else if (!token_file.empty()) {
    auto token = provctl::read_token_file(token_file);
    if (!token) {
      std::cerr << "provctl: cannot read the token file " << token_file << "\n";
      return provctl::kUsage;
    }
    connection.token = *token;
  }
  while (!connection.url.empty() && connection.url.back() == '/') connection.url.pop_back();
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int rc = provctl::kOk;
  try {
    rc = action ? action() : static_cast<int>(provctl::kUsage);
  } catch (const CLI::ValidationError& e) {
    std::cerr << "provctl: " << e.what() << "\n";
    rc = provctl::kUsage;
  } catch (const std::exception& e) {
    std::cerr << "provctl: " << e.what() << "\n";
    rc = provctl::kProvdError;
  }
  curl_global_cleanup();
  return rc;
}

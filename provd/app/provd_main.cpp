// provd: the daemon's entry point. Parses the command line, loads the configuration, opens
// the store, registers the services with the runtime and runs until SIGTERM/SIGINT.
#include <iostream>

#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "config/loader.h"
#include "http/provisioning_http_server.h"
#include "leases/identify_observer.h"
#include "leases/lease_listener.h"
#include "log/logging.h"
#include "plugins/installer.h"
#include "rest/rest_service.h"
#include "runtime/runtime.h"
#include "serve/provisioning_handler.h"
#include "store/store.h"
#include "tftp/tftp_server.h"
#include "version.h"

namespace {

using provd::config::Settings;

int check_config(const std::string& path) {
  auto settings = provd::config::load_settings(path);
  if (!settings) {
    std::cerr << settings.error().message << "\n";
    return 1;
  }
  std::cout << path << ": ok\n";
  return 0;
}

int serve(const Settings& settings, const std::string& config_path) {
  provd::log::setup(settings.log.level);
  spdlog::info("event=provd.starting version={} config=\"{}\" data_dir=\"{}\"", provd::kVersion,
               config_path.empty() ? "(embedded defaults)" : config_path, settings.general.data_dir);
  provd::store::EnvOptions env_options;
  env_options.map_size = static_cast<std::size_t>(settings.store.map_size_mb) * 1024 * 1024;
  provd::store::Store store(std::filesystem::path(settings.general.data_dir) / "store", env_options);
  provd::runtime::Runtime runtime(settings);
  // Bundled plugins, then those installed from the repository (which win for the same id).
  auto plugins = std::make_shared<provd::plugins::PluginRegistry>(std::vector<std::filesystem::path>{
      settings.general.plugins_dir, provd::plugins::repository_config(settings).installed_dir});
  runtime.add(provd::rest::make_rest_listener(runtime, store, plugins));
  // One pipeline identifies devices for every provisioning listener and, from option 60, for
  // the lease feed, so a device is identified the same way whichever protocol it uses.
  const auto pipeline = provd::serve::make_pipeline(runtime, store, plugins);
  runtime.add(provd::leases::make_lease_listener(
      runtime, store, settings.leases, provd::leases::make_identify_observer(pipeline, store, runtime.blocking())));
  const auto provisioning = provd::serve::make_provisioning_handler(runtime, pipeline);
  provd::http::add_provisioning_http(runtime, provisioning);
  runtime.add(std::make_shared<provd::tftp::TftpServer>(runtime, provisioning));
  return runtime.run([config_path]() -> std::optional<Settings> {
    if (config_path.empty()) return std::nullopt;  // embedded defaults: nothing to re-read
    auto fresh = provd::config::load_settings(config_path);
    if (!fresh) {
      spdlog::error("event=config.reload_failed error=\"{}\"", fresh.error().message);
      return std::nullopt;
    }
    return *fresh;
  });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"provd: provisioning server for IP phones (TFTP, HTTP, DHCP-integrated)"};
  std::string config_path;
  std::string check_path;
  bool show_version = false;
  bool reference = false;
  bool example = false;
  app.add_option("-c,--config", config_path, "provd.yaml to use (default: the embedded configuration)");
  app.add_option("--check-config", check_path, "validate a provd.yaml and exit (0 when valid)");
  app.add_flag("--version", show_version, "print the version and exit");
  app.add_flag("--config-reference", reference, "print the configuration reference (Markdown) and exit");
  app.add_flag("--print-default-config", example, "print a provd.yaml holding every default and exit");
  CLI11_PARSE(app, argc, argv);

  if (show_version) {
    std::cout << "provd " << provd::kVersion << "\n";
    return 0;
  }
  if (reference) {
    std::cout << provd::config::reference_markdown();
    return 0;
  }
  if (example) {
    std::cout << provd::config::example_yaml();
    return 0;
  }
  if (!check_path.empty()) return check_config(check_path);

  Settings settings = provd::config::default_settings();
  if (!config_path.empty()) {
    auto loaded = provd::config::load_settings(config_path);
    if (!loaded) {
      std::cerr << loaded.error().message << "\n";
      return 2;
    }
    settings = *loaded;
  }
  try {
    return serve(settings, config_path);
  } catch (const std::exception& e) {
    // Start-up failures (port in use, unreadable store) end the process with a clear line.
    spdlog::critical("event=provd.failed error=\"{}\"", e.what());
    return 1;
  }
}

// `provctl identify`: the pipeline on one request, offline, in a dry run (the store is never
// changed). Without --store it runs against an empty temporary store, i.e. as for a new device.
#include "ident/offline_identify.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "common/hex.h"
#include "config/loader.h"
#include "ident/pipeline.h"
#include "plugins/plugin_set.h"
#include "store/store.h"

namespace provd::ident {
namespace {

using nlohmann::json;

// A scratch directory removed at scope end (the temporary store).
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "provctl-identify-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

json field_or_null(const DeviceInfo& info, std::string_view name) {
  auto value = info.value(name);
  return value ? json(*value) : json(nullptr);
}

void print_human(const json& report) {
  for (const char* field : {"mac", "sn", "ip", "uuid", "vendor", "model", "version"}) {
    const auto& value = report[field];
    std::cout << field << ": " << (value.is_null() ? "-" : value.get<std::string>());
    if (report["fields"].contains(field)) {
      const auto& f = report["fields"][field];
      std::cout << "  (" << f["source"].get<std::string>() << ":" << f["rule"].get<std::string>() << ")";
    }
    std::cout << "\n";
  }
  std::cout << "plugin: " << (report["plugin"].is_null() ? "-" : report["plugin"].get<std::string>()) << "\n";
  std::cout << "route: " << (report["route"].is_null() ? "-" : report["route"].get<std::string>()) << "\n";
  std::cout << "answer: " << report["answer"].get<std::string>() << "\n";
  std::cout << "why:\n";
  for (const auto& step : report["why"]) {
    std::cout << "  " << step.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  }
}

}  // namespace

int identify_offline(const IdentifyOptions& options) {
  Inputs inputs;
  inputs.channel = options.protocol == "tftp"   ? Channel::kTftp
                   : options.protocol == "dhcp" ? Channel::kDhcp
                                                : Channel::kHttp;
  inputs.source_ip = options.ip;
  inputs.user_agent = options.user_agent;
  if (options.user_agent_hex) {
    inputs.user_agent = bytes_from_hex(*options.user_agent_hex, HexCase::kEither);
    if (!inputs.user_agent) {
      std::cerr << "provctl identify: --user-agent-hex: not an even number of hex digits\n";
      return 2;
    }
  }
  inputs.vendor_class = options.vendor_class;
  if (options.vendor_class_hex) {
    inputs.vendor_class = bytes_from_hex(*options.vendor_class_hex, HexCase::kEither);
    if (!inputs.vendor_class) {
      std::cerr << "provctl identify: --vendor-class-hex: not an even number of hex digits\n";
      return 2;
    }
  }
  inputs.path = options.path;
  if (inputs.channel == Channel::kHttp) {
    if (auto q = inputs.path.find('?'); q != std::string::npos) {
      inputs.query = inputs.path.substr(q + 1);
      inputs.path.resize(q);
    }
  }

  // Diagnostics go to stderr so that --json output stays one parseable object.
  spdlog::set_default_logger(spdlog::stderr_logger_mt("provctl-identify"));
  spdlog::set_level(spdlog::level::warn);

  auto plugin_set = std::make_shared<const plugins::PluginSet>(plugins::PluginSet::load(options.plugins_dir));
  for (const auto& error : plugin_set->errors()) std::cerr << "provctl identify: skipped: " << error.message << "\n";

  std::optional<ScratchDir> scratch;
  std::filesystem::path store_dir = options.store_dir;
  if (store_dir.empty()) {
    scratch.emplace();
    store_dir = scratch->path();
  }
  store::Store store(store_dir);
  Pipeline pipeline(plugin_set, store, config::default_settings().pipeline);
  Outcome outcome = pipeline.run(inputs, RunMode::kDryRun);

  json report = {{"mac", field_or_null(outcome.info, "mac")},
                 {"sn", field_or_null(outcome.info, "sn")},
                 {"ip", field_or_null(outcome.info, "ip")},
                 {"uuid", field_or_null(outcome.info, "uuid")},
                 {"vendor", field_or_null(outcome.info, "vendor")},
                 {"model", field_or_null(outcome.info, "model")},
                 {"version", field_or_null(outcome.info, "version")},
                 {"fields", outcome.info.to_json()},
                 {"plugin", outcome.plugin ? json(*outcome.plugin) : json(nullptr)},
                 {"route", outcome.route ? json(*outcome.route) : json(nullptr)},
                 {"device", outcome.device ? *outcome.device : json(nullptr)},
                 {"created", outcome.created},
                 {"why", outcome.why}};
  report["answer"] = serve::to_string(outcome.answer.status);
  if (options.json) {
    std::cout << report.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    print_human(report);
  }
  return 0;
}

}  // namespace provd::ident

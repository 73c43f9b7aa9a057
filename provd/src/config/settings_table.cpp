#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "config/setting_def.h"

namespace provd::config {
namespace {

// Each builder takes an accessor (Settings& -> field&) so the table names every field once.
template <class Access>
SettingDef string_setting(std::string key, Access access, std::string def, std::string description,
                          Reload reload = Reload::kRestart) {
  return SettingDef{std::move(key),
                    "string",
                    std::move(description),
                    reload,
                    [access, def](Settings& s) { access(s) = def; },
                    [access](const YAML::Node& node, Settings& s) -> Result<void> {
                      if (!node.IsScalar()) return fail("type", "expected a string");
                      access(s) = node.Scalar();
                      return {};
                    },
                    [access](const Settings& s) { return fmt::format("\"{}\"", access(s)); }};
}

template <class Access>
SettingDef integer_setting(std::string key, Access access, std::int64_t def, std::int64_t min, std::int64_t max,
                           std::string description, Reload reload = Reload::kRestart) {
  return SettingDef{
      std::move(key),
      fmt::format("integer {}..{}", min, max),
      std::move(description),
      reload,
      [access, def](Settings& s) { access(s) = static_cast<std::remove_reference_t<decltype(access(s))>>(def); },
      [access, min, max](const YAML::Node& node, Settings& s) -> Result<void> {
        std::int64_t value = 0;
        if (!node.IsScalar() || !YAML::convert<std::int64_t>::decode(node, value)) {
          return fail("type", "expected an integer");
        }
        if (value < min || value > max) return fail("range", fmt::format("{} is outside {}..{}", value, min, max));
        access(s) = static_cast<std::remove_reference_t<decltype(access(s))>>(value);
        return {};
      },
      [access](const Settings& s) { return fmt::format("{}", access(s)); }};
}

template <class Access>
SettingDef enum_setting(std::string key, Access access, std::string def, std::vector<std::string> values,
                        std::string description, Reload reload = Reload::kRestart) {
  std::string type = fmt::format("one of {}", fmt::join(values, ", "));
  return SettingDef{std::move(key),
                    std::move(type),
                    std::move(description),
                    reload,
                    [access, def](Settings& s) { access(s) = def; },
                    [access, values](const YAML::Node& node, Settings& s) -> Result<void> {
                      if (!node.IsScalar()) return fail("type", "expected a string");
                      if (std::find(values.begin(), values.end(), node.Scalar()) == values.end()) {
                        return fail("range",
                                    fmt::format("'{}' is not one of {}", node.Scalar(), fmt::join(values, ", ")));
                      }
                      access(s) = node.Scalar();
                      return {};
                    },
                    [access](const Settings& s) { return fmt::format("\"{}\"", access(s)); }};
}

template <class Access>
SettingDef boolean_setting(std::string key, Access access, bool def, std::string description,
                           Reload reload = Reload::kRestart) {
  return SettingDef{std::move(key),
                    "boolean",
                    std::move(description),
                    reload,
                    [access, def](Settings& s) { access(s) = def; },
                    [access](const YAML::Node& node, Settings& s) -> Result<void> {
                      bool value = false;
                      if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
                        return fail("type", "expected true or false");
                      }
                      access(s) = value;
                      return {};
                    },
                    [access](const Settings& s) { return std::string(access(s) ? "true" : "false"); }};
}

// A list of names, each one of `allowed` (the stage registries of the pipeline).
template <class Access>
SettingDef string_list_setting(std::string key, Access access, std::vector<std::string> def,
                               std::vector<std::string> allowed, std::string description,
                               Reload reload = Reload::kRestart) {
  std::string type = fmt::format("list of {}", fmt::join(allowed, ", "));
  return SettingDef{std::move(key),
                    std::move(type),
                    std::move(description),
                    reload,
                    [access, def](Settings& s) { access(s) = def; },
                    [access, allowed](const YAML::Node& node, Settings& s) -> Result<void> {
                      if (!node.IsSequence()) return fail("type", "expected a list of names");
                      std::vector<std::string> values;
                      for (const auto& item : node) {
                        if (!item.IsScalar()) return fail("type", "expected a list of names");
                        if (std::find(allowed.begin(), allowed.end(), item.Scalar()) == allowed.end()) {
                          return fail("range",
                                      fmt::format("'{}' is not one of {}", item.Scalar(), fmt::join(allowed, ", ")));
                        }
                        if (std::find(values.begin(), values.end(), item.Scalar()) != values.end()) {
                          return fail("range", fmt::format("'{}' is listed twice", item.Scalar()));
                        }
                        values.push_back(item.Scalar());
                      }
                      access(s) = std::move(values);
                      return {};
                    },
                    [access](const Settings& s) { return fmt::format("[{}]", fmt::join(access(s), ", ")); }};
}

constexpr std::int64_t kMaxPort = 65535;

std::vector<SettingDef> build_table() {
  std::vector<SettingDef> t;

  // --- general ---
  t.push_back(string_setting(
      "general.data_dir", [](auto& s) -> auto& { return s.general.data_dir; }, "./var",
      "Directory of the LMDB store and other state; created if missing."));
  t.push_back(string_setting(
      "general.plugins_dir", [](auto& s) -> auto& { return s.general.plugins_dir; }, "./plugins",
      "Directory of installed plugins, one sub-directory per plugin id."));
  t.push_back(integer_setting(
      "general.threads", [](auto& s) -> auto& { return s.general.threads; }, 0, 0, 256,
      "Threads running network I/O; 0 means one per CPU core."));
  t.push_back(integer_setting(
      "general.blocking_threads", [](auto& s) -> auto& { return s.general.blocking_threads; }, 2, 1, 64,
      "Threads for work that may block (store writes, downloads, archive extraction)."));
  t.push_back(integer_setting(
      "general.drain_timeout_s", [](auto& s) -> auto& { return s.general.drain_timeout_s; }, 10, 0, 3600,
      "On SIGTERM/SIGINT, seconds to let in-flight requests and transfers finish before exiting.", Reload::kLive));

  // --- log ---
  t.push_back(enum_setting(
      "log.level", [](auto& s) -> auto& { return s.log.level; }, "info", {"trace", "debug", "info", "warn", "error"},
      "Least severe level written to standard output.", Reload::kLive));

  // --- store ---
  t.push_back(integer_setting(
      "store.map_size_mb", [](auto& s) -> auto& { return s.store.map_size_mb; }, 1024, 16, 1024 * 1024,
      "Largest size the LMDB file may reach, in MiB (address space, not disk, until used)."));

  // --- rest ---
  t.push_back(string_setting(
      "rest.bind", [](auto& s) -> auto& { return s.rest.bind; }, "127.0.0.1",
      "Address of the REST/management listener; loopback unless you mean to expose it."));
  t.push_back(integer_setting(
      "rest.port", [](auto& s) -> auto& { return s.rest.port; }, 8666, 1, kMaxPort,
      "TCP port of the REST/management listener."));

  // --- http ---
  t.push_back(string_setting(
      "http.bind", [](auto& s) -> auto& { return s.http.bind; }, "0.0.0.0",
      "Address of the HTTP provisioning listener."));
  t.push_back(integer_setting(
      "http.port", [](auto& s) -> auto& { return s.http.port; }, 8667, 1, kMaxPort,
      "TCP port of the HTTP provisioning listener (80 on an appliance)."));

  // --- tftp ---
  t.push_back(string_setting(
      "tftp.bind", [](auto& s) -> auto& { return s.tftp.bind; }, "0.0.0.0",
      "Address of the TFTP provisioning listener."));
  t.push_back(integer_setting(
      "tftp.port", [](auto& s) -> auto& { return s.tftp.port; }, 6969, 1, kMaxPort,
      "UDP port of the TFTP provisioning listener (69 on an appliance)."));

  // --- leases ---
  t.push_back(string_setting(
      "leases.socket_path", [](auto& s) -> auto& { return s.leases.socket_path; }, "./var/provd-leases.sock",
      "Unix socket where the Kea hook delivers lease events."));

  // --- pipeline --- (stage names: ident/stages.h)
  t.push_back(string_list_setting(
      "pipeline.extract", [](auto& s) -> auto& { return s.pipeline.extract; },
      {"source_ip", "query_mac", "query_uuid", "plugin_rules"},
      {"source_ip", "query_mac", "query_uuid", "plugin_rules"},
      "Extract stages, in order: what a request reveals (IP, MAC/uuid query parameters, plugin rules)."));
  t.push_back(string_list_setting(
      "pipeline.retrieve", [](auto& s) -> auto& { return s.pipeline.retrieve; },
      {"mac", "sn", "ip_lease", "ip_last_known"}, {"mac", "sn", "uuid", "ip_lease", "ip_last_known"},
      "Retrieve stages, tried in order until one finds the device."));
  t.push_back(string_list_setting(
      "pipeline.update", [](auto& s) -> auto& { return s.pipeline.update; },
      {"add_info", "refresh", "clear_stale_ip", "associate_plugin", "assign_config"},
      {"add_info", "refresh", "clear_stale_ip", "associate_plugin", "assign_config"},
      "Update stages, in order, applied to the found or created device."));
  t.push_back(boolean_setting(
      "pipeline.auto_create", [](auto& s) -> auto& { return s.pipeline.auto_create; }, true,
      "Create a device (added: auto) for a recognised request from an unknown device; false for a locked-down site."));
  t.push_back(boolean_setting(
      "pipeline.nat", [](auto& s) -> auto& { return s.pipeline.nat; }, false,
      "Devices share addresses (behind NAT): never clear a device's IP because another device uses it."));
  t.push_back(integer_setting(
      "pipeline.min_association_score", [](auto& s) -> auto& { return s.pipeline.min_association_score; }, 1, 1, 3,
      "Least capability score (1 vendor, 2 vendor+model, 3 vendor+model+version) for automatic plugin association."));
  t.push_back(integer_setting(
      "pipeline.cache_entries", [](auto& s) -> auto& { return s.pipeline.cache_entries; }, 4096, 0, 1000000,
      "Generated files kept in memory (0 disables the cache)."));

  return t;
}

}  // namespace

const std::vector<SettingDef>& setting_table() {
  static const std::vector<SettingDef> table = build_table();
  return table;
}

}  // namespace provd::config

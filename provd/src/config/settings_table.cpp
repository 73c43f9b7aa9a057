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
  t.push_back(string_setting(
      "rest.admin_token_file", [](auto& s) -> auto& { return s.rest.admin_token_file; }, "admin.token",
      "File (mode 0600) receiving the first admin token at first start; relative to general.data_dir."));
  t.push_back(integer_setting(
      "rest.max_body_bytes", [](auto& s) -> auto& { return s.rest.max_body_bytes; }, 1024 * 1024, 1024,
      std::int64_t{64} * 1024 * 1024, "Largest REST request body in bytes; a larger one is answered 413."));
  t.push_back(integer_setting(
      "rest.max_page_size", [](auto& s) -> auto& { return s.rest.max_page_size; }, 1000, 1, 100000,
      "Largest `limit` a list request may ask for.", Reload::kLive));
  t.push_back(integer_setting(
      "rest.sip_t1_ms", [](auto& s) -> auto& { return s.rest.sip_t1_ms; }, 500, 1, 10000,
      "SIP timer T1 of the resync NOTIFY: first retransmission after T1, doubling up to 8*T1, "
      "giving up after 64*T1 (RFC 3261).",
      Reload::kLive));
  t.push_back(integer_setting(
      "rest.sip_default_port", [](auto& s) -> auto& { return s.rest.sip_default_port; }, 5060, 1, kMaxPort,
      "SIP port a resync NOTIFY goes to when the device declares none.", Reload::kLive));
  t.push_back(string_setting(
      "rest.sip_sync_event", [](auto& s) -> auto& { return s.rest.sip_sync_event; }, "check-sync",
      "Event header of the resync NOTIFY when the device declares none.", Reload::kLive));

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

  return t;
}

}  // namespace

const std::vector<SettingDef>& setting_table() {
  static const std::vector<SettingDef> table = build_table();
  return table;
}

}  // namespace provd::config

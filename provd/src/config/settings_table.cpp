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
  t.push_back(integer_setting(
      "tftp.max_transfers", [](auto& s) -> auto& { return s.tftp.max_transfers; }, 1024, 1, 100000,
      "Transfers running at once over all clients; further read requests get error 0 (busy)."));
  t.push_back(integer_setting(
      "tftp.max_transfers_per_ip", [](auto& s) -> auto& { return s.tftp.max_transfers_per_ip; }, 8, 1, 10000,
      "Transfers running at once from one source address; further read requests get error 0 (busy)."));
  t.push_back(integer_setting(
      "tftp.blksize_max", [](auto& s) -> auto& { return s.tftp.blksize_max; }, 1468, 8, 65464,
      "Largest RFC 2348 blksize granted; the default keeps DATA datagrams under a 1500-byte MTU."));
  t.push_back(integer_setting(
      "tftp.windowsize_max", [](auto& s) -> auto& { return s.tftp.windowsize_max; }, 16, 1, 256,
      "Largest RFC 7440 windowsize granted (some clients fail above 64)."));
  t.push_back(integer_setting(
      "tftp.timeout_s", [](auto& s) -> auto& { return s.tftp.timeout_s; }, 1, 1, 255,
      "Retransmission timeout in seconds when the client does not negotiate one (RFC 2349)."));
  t.push_back(integer_setting(
      "tftp.retries", [](auto& s) -> auto& { return s.tftp.retries; }, 5, 0, 100,
      "Timeouts in a row after which a transfer is abandoned and its resources released."));
  t.push_back(integer_setting(
      "tftp.amplification_factor", [](auto& s) -> auto& { return s.tftp.amplification_factor; }, 3, 1, 100,
      "Before a client acknowledges, retransmissions to it stay within this many times the bytes it sent."));

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

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdint>
#include <limits>

#include "config/setting_def.h"

namespace provd::config {
namespace {

// SettingDef::copy for the field an accessor (Settings& -> field&) names.
template <class Access>
auto copy_of(Access access) {
  return [access](const Settings& from, Settings& to) { access(to) = access(from); };
}

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
                    [access](const Settings& s) { return fmt::format("\"{}\"", access(s)); },
                    copy_of(access)};
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
      [access](const Settings& s) { return fmt::format("{}", access(s)); },
      copy_of(access)};
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
                    [access](const Settings& s) { return fmt::format("\"{}\"", access(s)); },
                    copy_of(access)};
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
                    [access](const Settings& s) { return std::string(access(s) ? "true" : "false"); },
                    copy_of(access)};
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
                    [access](const Settings& s) { return fmt::format("[{}]", fmt::join(access(s), ", ")); },
                    copy_of(access)};
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
  t.push_back(string_setting(
      "rest.tls_certificate", [](auto& s) -> auto& { return s.rest.tls_certificate; }, "",
      "PEM certificate chain of the REST listener; set it (with rest.tls_private_key) to serve HTTPS only."));
  t.push_back(string_setting(
      "rest.tls_private_key", [](auto& s) -> auto& { return s.rest.tls_private_key; }, "",
      "PEM private key matching rest.tls_certificate."));

  // --- http ---
  t.push_back(string_setting(
      "http.bind", [](auto& s) -> auto& { return s.http.bind; }, "0.0.0.0",
      "Address of the HTTP provisioning listener."));
  t.push_back(integer_setting(
      "http.port", [](auto& s) -> auto& { return s.http.port; }, 8667, 1, kMaxPort,
      "TCP port of the HTTP provisioning listener (80 on an appliance)."));
  t.push_back(integer_setting(
      "http.max_header_bytes", [](auto& s) -> auto& { return s.http.max_header_bytes; }, 8192, 1024, 65536,
      "Largest request line plus header fields, in bytes; more gets 431 (HTTP and HTTPS)."));
  t.push_back(integer_setting(
      "http.max_header_count", [](auto& s) -> auto& { return s.http.max_header_count; }, 64, 1, 1000,
      "Most header fields in one request; more gets 431 (HTTP and HTTPS)."));
  t.push_back(integer_setting(
      "http.max_body_bytes", [](auto& s) -> auto& { return s.http.max_body_bytes; }, 1024, 0, 1024 * 1024,
      "Largest request body, in bytes; only GET and HEAD are served, so this stays small."));
  t.push_back(integer_setting(
      "http.idle_timeout_s", [](auto& s) -> auto& { return s.http.idle_timeout_s; }, 15, 1, 3600,
      "Seconds a keep-alive connection may wait for its next request, and a response write may stall."));
  t.push_back(integer_setting(
      "http.read_timeout_s", [](auto& s) -> auto& { return s.http.read_timeout_s; }, 10, 1, 3600,
      "Seconds from a request's first byte to its last; slower clients (slowloris) are cut off."));
  t.push_back(integer_setting(
      "http.max_connections", [](auto& s) -> auto& { return s.http.max_connections; }, 1024, 1, 1000000,
      "Open provisioning connections (HTTP and HTTPS each); beyond this, new ones are closed at once."));
  t.push_back(integer_setting(
      "http.max_connections_per_ip", [](auto& s) -> auto& { return s.http.max_connections_per_ip; }, 128, 1, 1000000,
      "Open provisioning connections from one source address (phones behind NAT share one)."));
  t.push_back(integer_setting(
      "http.trusted_proxy_hops", [](auto& s) -> auto& { return s.http.trusted_proxy_hops; }, 0, 0, 16,
      "Reverse proxies in front of provd: the client is the Nth X-Forwarded-For entry from the right "
      "(0: the header is ignored)."));

  // --- https ---
  t.push_back(string_setting(
      "https.bind", [](auto& s) -> auto& { return s.https.bind; }, "0.0.0.0",
      "Address of the HTTPS provisioning listener."));
  t.push_back(integer_setting(
      "https.port", [](auto& s) -> auto& { return s.https.port; }, 8668, 1, kMaxPort,
      "TCP port of the HTTPS provisioning listener (443 on an appliance)."));
  t.push_back(string_setting(
      "https.certificate", [](auto& s) -> auto& { return s.https.certificate; }, "",
      "PEM certificate chain of the HTTPS listener; empty disables HTTPS."));
  t.push_back(string_setting(
      "https.private_key", [](auto& s) -> auto& { return s.https.private_key; }, "",
      "PEM private key matching https.certificate."));
  t.push_back(string_setting(
      "https.client_ca", [](auto& s) -> auto& { return s.https.client_ca; }, "",
      "PEM CA bundle that verifies phones' client certificates (needed unless https.client_cert is none)."));
  t.push_back(enum_setting(
      "https.client_cert", [](auto& s) -> auto& { return s.https.client_cert; }, "none",
      {"none", "optional", "required"},
      "Whether phones present a certificate: required refuses the handshake without a verified one."));

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
  t.push_back(SettingDef{"leases.socket_mode", "octal permissions 0000..0777",
                         "Permissions of the lease socket; only users with write access may connect.", Reload::kRestart,
                         [](Settings& s) { s.leases.socket_mode = "0660"; },
                         [](const YAML::Node& node, Settings& s) -> Result<void> {
                           if (!node.IsScalar()) return fail("type", "expected an octal string such as \"0660\"");
                           const std::string& text = node.Scalar();
                           if (text.empty() || text.size() > 4 ||
                               text.find_first_not_of("01234567") != std::string::npos)
                             return fail("range", fmt::format("'{}' is not an octal mode 0000..0777", text));
                           s.leases.socket_mode = text;
                           return {};
                         },
                         [](const Settings& s) { return fmt::format("\"{}\"", s.leases.socket_mode); },
                         copy_of([](auto& s) -> auto& { return s.leases.socket_mode; })});
  t.push_back(string_setting(
      "leases.socket_group", [](auto& s) -> auto& { return s.leases.socket_group; }, "",
      "Group given the lease socket (Kea's group, e.g. _kea); empty keeps provd's own group."));
  t.push_back(integer_setting(
      "leases.max_line_bytes", [](auto& s) -> auto& { return s.leases.max_line_bytes; }, 65536, 1024, 1 << 20,
      "Longest lease event line; longer lines are logged and skipped."));
  t.push_back(integer_setting(
      "leases.batch_max_events", [](auto& s) -> auto& { return s.leases.batch_max_events; }, 1024, 1, 65536,
      "Most lease events applied in one store transaction."));
  t.push_back(integer_setting(
      "leases.batch_delay_ms", [](auto& s) -> auto& { return s.leases.batch_delay_ms; }, 0, 0, 1000,
      "How long a partial batch waits for more events; 0 applies as soon as the writer is idle."));
  t.push_back(enum_setting(
      "leases.reconcile", [](auto& s) -> auto& { return s.leases.reconcile; }, "auto",
      {"off", "control_socket", "memfile", "auto"},
      "Where reconciliation (at start-up, new hook boot, gap) reads Kea's leases; auto tries the control "
      "socket, then the lease file."));
  t.push_back(string_setting(
      "leases.kea_control_socket", [](auto& s) -> auto& { return s.leases.kea_control_socket; },
      "/run/kea/kea4-ctrl-socket", "Kea's DHCPv4 Unix control socket (needs the lease_cmds hook)."));
  t.push_back(string_setting(
      "leases.kea_lease_file", [](auto& s) -> auto& { return s.leases.kea_lease_file; }, "/var/lib/kea/kea-leases4.csv",
      "Kea's memfile lease file, read when the control socket does not answer."));
  t.push_back(integer_setting(
      "leases.reconcile_timeout_s", [](auto& s) -> auto& { return s.leases.reconcile_timeout_s; }, 10, 1, 600,
      "Longest wait for Kea's answer to lease4-get-all."));
  t.push_back(integer_setting(
      "leases.expire_interval_s", [](auto& s) -> auto& { return s.leases.expire_interval_s; }, 60, 0, 86400,
      "Seconds between sweeps removing leases past their expiry; 0 disables the sweep."));

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
  t.push_back(integer_setting(
      "pipeline.answer_timeout_ms", [](auto& s) -> auto& { return s.pipeline.answer_timeout_ms; }, 5000, 100, 600000,
      "Longest a TFTP or HTTP request waits for the pipeline; then it is answered 'unavailable' (TFTP error, HTTP "
      "503) so the phone retries instead of hanging."));
  t.push_back(integer_setting(
      "pipeline.max_pending", [](auto& s) -> auto& { return s.pipeline.max_pending; }, 4096, 1, 1000000,
      "Requests in the pipeline at once (a power-cut storm); beyond it requests are answered 'unavailable' at once."));
  t.push_back(integer_setting(
      "pipeline.answer_cache_ms", [](auto& s) -> auto& { return s.pipeline.answer_cache_ms; }, 1000, 0, 60000,
      "How long an identical request (same protocol, address, User-Agent, path) is answered from memory while no "
      "device, lease, config or plugin changed; it bounds how late a hand edit of a plugin file shows. 0 disables."));
  t.push_back(integer_setting(
      "pipeline.answer_cache_bytes", [](auto& s) -> auto& { return s.pipeline.answer_cache_bytes; },
      std::int64_t{16} * 1024 * 1024, 0, std::int64_t{4} * 1024 * 1024 * 1024,
      "Memory for answers kept by pipeline.answer_cache_ms; the oldest go first."));

  // --- repository ---
  t.push_back(string_setting(
      "repository.url", [](auto& s) -> auto& { return s.repository.url; }, "",
      "URL of the plugin repository's index.json (http://, https:// or file://); empty: no repository."));
  t.push_back(string_setting(
      "repository.plugins_dir", [](auto& s) -> auto& { return s.repository.plugins_dir; }, "plugins",
      "Writable directory of plugins installed from the repository (relative: under general.data_dir); "
      "its plugins win over general.plugins_dir's for the same id."));
  t.push_back(string_setting(
      "repository.cache_dir", [](auto& s) -> auto& { return s.repository.cache_dir; }, "plugin-cache",
      "Where downloads are kept until unpacked, so an interrupted one resumes (relative: under general.data_dir)."));
  t.push_back(string_setting(
      "repository.proxy", [](auto& s) -> auto& { return s.repository.proxy; }, "",
      "Proxy URL for repository and package downloads; empty uses the http_proxy/https_proxy environment."));
  t.push_back(integer_setting(
      "repository.connect_timeout_s", [](auto& s) -> auto& { return s.repository.connect_timeout_s; }, 10, 1, 600,
      "Seconds a download may take to connect.", Reload::kLive));
  t.push_back(integer_setting(
      "repository.timeout_s", [](auto& s) -> auto& { return s.repository.timeout_s; }, 1800, 1, 86400,
      "Seconds one download may take in total.", Reload::kLive));
  t.push_back(integer_setting(
      "repository.max_archive_bytes", [](auto& s) -> auto& { return s.repository.max_archive_bytes; },
      std::int64_t{512} * 1024 * 1024, 1024, std::int64_t{64} * 1024 * 1024 * 1024,
      "Largest plugin archive or package file downloaded, in bytes.", Reload::kLive));
  t.push_back(integer_setting(
      "repository.max_unpacked_bytes", [](auto& s) -> auto& { return s.repository.max_unpacked_bytes; },
      std::int64_t{2} * 1024 * 1024 * 1024, 1024, std::int64_t{256} * 1024 * 1024 * 1024,
      "Largest total content one archive may unpack to, in bytes (zip bombs stop here).", Reload::kLive));
  t.push_back(integer_setting(
      "repository.max_file_bytes", [](auto& s) -> auto& { return s.repository.max_file_bytes; },
      std::int64_t{1024} * 1024 * 1024, 1024, std::int64_t{64} * 1024 * 1024 * 1024,
      "Largest single file an archive may unpack, in bytes.", Reload::kLive));
  t.push_back(integer_setting(
      "repository.max_files", [](auto& s) -> auto& { return s.repository.max_files; }, 100000, 1, 10000000,
      "Most entries one archive may hold.", Reload::kLive));

  return t;
}

}  // namespace

const std::vector<SettingDef>& setting_table() {
  static const std::vector<SettingDef> table = build_table();
  return table;
}

}  // namespace provd::config

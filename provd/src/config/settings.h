// provd's configuration. Every key is declared once, in settings_table.cpp (name, type,
// default, description, whether SIGHUP can change it); validation, defaults and the reference
// document (provd/doc/config.md) all come from that table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace provd::config {

/// Where state lives and how the daemon runs.
struct GeneralSettings {
  std::string data_dir;      ///< LMDB store and generated state
  std::string plugins_dir;   ///< installed plugins, one directory each
  int threads = 0;           ///< I/O threads (0: one per core)
  int blocking_threads = 0;  ///< threads for disk and network work that may block
  int drain_timeout_s = 0;   ///< how long SIGTERM waits for in-flight work
};

/// Logging.
struct LogSettings {
  std::string level;  ///< trace, debug, info, warn, error
};

/// The LMDB store.
struct StoreSettings {
  std::int64_t map_size_mb = 0;  ///< reserved address space; the file grows as needed
};

/// The REST/management listener.
struct RestSettings {
  std::string bind;
  int port = 0;
  std::string admin_token_file;     ///< where the first admin token is written (relative: under data_dir)
  std::int64_t max_body_bytes = 0;  ///< largest accepted request body
  int max_page_size = 0;            ///< largest `limit` of a list request
  int sip_t1_ms = 0;                ///< SIP retransmission timer T1 for NOTIFY (RFC 3261)
  int sip_default_port = 0;         ///< SIP port of a device that declares none
  std::string sip_sync_event;       ///< Event header of the resync NOTIFY when the device has none
  std::string tls_certificate;      ///< PEM certificate chain; empty: plain HTTP
  std::string tls_private_key;      ///< PEM private key of tls_certificate
};

/// The HTTP provisioning listener (its limits also apply to the HTTPS listener).
struct HttpSettings {
  std::string bind;
  int port = 0;
  int max_header_bytes = 0;        ///< request line + header fields
  int max_header_count = 0;        ///< header fields per request
  int max_body_bytes = 0;          ///< request body (GET/HEAD carry none)
  int idle_timeout_s = 0;          ///< keep-alive wait for the next request's first byte
  int read_timeout_s = 0;          ///< from a request's first byte to its end (slowloris)
  int max_connections = 0;         ///< open connections, all clients together
  int max_connections_per_ip = 0;  ///< open connections from one source address
  int trusted_proxy_hops = 0;      ///< X-Forwarded-For entries to trust (0: ignore the header)
};

/// The HTTPS provisioning listener; enabled when a certificate is configured.
struct HttpsSettings {
  std::string bind;
  int port = 0;
  std::string certificate;  ///< PEM certificate chain; empty: no HTTPS listener
  std::string private_key;  ///< PEM private key of the certificate
  std::string client_ca;    ///< PEM bundle that verifies client certificates
  std::string client_cert;  ///< none, optional or required
};

/// The TFTP provisioning listener.
struct TftpSettings {
  std::string bind;
  int port = 0;
  int max_transfers = 0;         ///< transfers running at once, all clients together
  int max_transfers_per_ip = 0;  ///< transfers running at once from one source address
  int blksize_max = 0;           ///< RFC 2348 blksize cap (keep datagrams under the MTU)
  int windowsize_max = 0;        ///< RFC 7440 windowsize cap
  int timeout_s = 0;             ///< retransmission timeout when the client does not ask one
  int retries = 0;               ///< timeouts in a row before a transfer is abandoned
  int amplification_factor = 0;  ///< bytes sent to an unproven address <= this * bytes received
};

/// The lease feed from the Kea hook.
struct LeaseSettings {
  std::string socket_path;
  std::string socket_mode;         ///< octal permissions of the socket file, e.g. "0660"
  std::string socket_group;        ///< group owning the socket file (empty: provd's own)
  int max_line_bytes = 0;          ///< longest accepted event line
  int batch_max_events = 0;        ///< most events applied in one write transaction
  int batch_delay_ms = 0;          ///< how long a partial batch may wait for more events
  std::string reconcile;           ///< off, control_socket, memfile, auto
  std::string kea_control_socket;  ///< Kea's lease_cmds Unix control socket
  std::string kea_lease_file;      ///< Kea's memfile lease CSV
  int reconcile_timeout_s = 0;     ///< bound on one lease4-get-all exchange
  int expire_interval_s = 0;       ///< how often expired leases are removed (0: never)
};

/// The identification pipeline (extract -> retrieve -> update -> route).
struct PipelineSettings {
  std::vector<std::string> extract;     ///< extract stages, in order, from the fixed registry
  std::vector<std::string> retrieve;    ///< retrieve stages, tried in order until one finds the device
  std::vector<std::string> update;      ///< update stages, in order
  bool auto_create = true;              ///< create unknown devices (added: auto)
  bool nat = false;                     ///< many devices share one IP: never clear an IP from others
  int min_association_score = 1;        ///< below this capability score no plugin is associated
  int cache_entries = 0;                ///< generated files kept in memory
  int answer_timeout_ms = 5000;         ///< longest a server waits for the pipeline's answer
  int max_pending = 4096;               ///< requests in the pipeline at once; more are told to retry
  int answer_cache_ms = 0;              ///< how long an identical request may reuse an answer (0: never)
  std::int64_t answer_cache_bytes = 0;  ///< memory for reusable answers
};

/// The plugin repository and the installed (writable) plugins and packages.
struct RepositorySettings {
  std::string url;                      ///< index.json URL (http, https, file); empty: no repository
  std::string plugins_dir;              ///< writable directory of installed plugins (beside general.plugins_dir)
  std::string cache_dir;                ///< downloads in progress and finished (resume, reuse)
  std::string proxy;                    ///< proxy URL; empty: the http_proxy/https_proxy environment
  int connect_timeout_s = 0;            ///< TCP/TLS connection set-up bound
  int timeout_s = 0;                    ///< whole-download bound
  std::int64_t max_archive_bytes = 0;   ///< largest archive or package file downloaded
  std::int64_t max_unpacked_bytes = 0;  ///< largest total content of one archive
  std::int64_t max_file_bytes = 0;      ///< largest single file in an archive
  int max_files = 0;                    ///< most entries in one archive
};

/// The whole configuration.
struct Settings {
  GeneralSettings general;
  LogSettings log;
  StoreSettings store;
  RestSettings rest;
  HttpSettings http;
  HttpsSettings https;
  TftpSettings tftp;
  LeaseSettings leases;
  PipelineSettings pipeline;
  RepositorySettings repository;
};

}  // namespace provd::config

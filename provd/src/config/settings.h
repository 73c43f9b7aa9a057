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
};

/// The HTTP provisioning listener.
struct HttpSettings {
  std::string bind;
  int port = 0;
};

/// The TFTP provisioning listener.
struct TftpSettings {
  std::string bind;
  int port = 0;
};

/// The lease feed from the Kea hook.
struct LeaseSettings {
  std::string socket_path;
};

/// The whole configuration.
struct Settings {
  GeneralSettings general;
  LogSettings log;
  StoreSettings store;
  RestSettings rest;
  HttpSettings http;
  TftpSettings tftp;
  LeaseSettings leases;
};

}  // namespace provd::config

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

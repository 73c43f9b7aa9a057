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
};

/// The lease feed from the Kea hook.
struct LeaseSettings {
  std::string socket_path;
};

/// The identification pipeline (extract -> retrieve -> update -> route).
struct PipelineSettings {
  std::vector<std::string> extract;   ///< extract stages, in order, from the fixed registry
  std::vector<std::string> retrieve;  ///< retrieve stages, tried in order until one finds the device
  std::vector<std::string> update;    ///< update stages, in order
  bool auto_create = true;            ///< create unknown devices (added: auto)
  bool nat = false;                   ///< many devices share one IP: never clear an IP from others
  int min_association_score = 1;      ///< below this capability score no plugin is associated
  int cache_entries = 0;              ///< generated files kept in memory
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
  PipelineSettings pipeline;
};

}  // namespace provd::config

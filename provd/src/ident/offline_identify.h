#pragma once

#include <optional>
#include <string>

namespace provd::ident {

/// Arguments of `provctl identify` (the offline identification report).
struct IdentifyOptions {
  std::string plugins_dir;
  std::string store_dir;  ///< empty: a temporary empty store (as for a new device)
  std::string protocol = "http";
  std::optional<std::string> user_agent;
  std::optional<std::string> user_agent_hex;
  std::string path;
  std::string ip = "192.0.2.10";
  std::optional<std::string> vendor_class;
  std::optional<std::string> vendor_class_hex;
  bool json = false;
};

/// Runs the pipeline in dry-run mode and prints the outcome; returns the exit code
/// (0 done, 2 bad arguments, 1 the store or plugins could not be opened).
int identify_offline(const IdentifyOptions& options);

}  // namespace provd::ident

// Stage 4: the device's plugin answers. In order: a per-device generated file whose name (in the
// plugin's MAC spelling) matches the last path segment, a common generated file of that name, a
// static file of the plugin's var/tftpboot at that relative path; otherwise not found.
// A sensitive per-device file (SIP credentials) is refused (Answer::forbidden) when the name
// carries another device's MAC, when the source IP's lease belongs to another MAC, or when the
// device's own lease is on another IP; each refusal is one log line fail2ban can match:
//   event=provisioning.refused ip=<source> file="<path>" reason=<other_device|lease_mac_mismatch|lease_ip_mismatch> ...
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "ident/inputs.h"
#include "plugins/generated_cache.h"
#include "plugins/plugin_set.h"
#include "serve/request.h"

namespace provd::ident {

/// What routing needs from the store, read in the request's transaction.
struct RouteFacts {
  std::optional<nlohmann::json> device;
  nlohmann::json raw_config = nlohmann::json::object();  ///< effective raw_config of its config
  std::optional<std::string> source_lease_mac;           ///< MAC whose lease is on the source IP
  std::optional<std::string> device_lease_ip;            ///< IP of the device's own lease
};

/// The answer and, when something is served, a short name of it ("device:F", "common:F", "static:F").
struct Routing {
  serve::Answer answer;
  std::optional<std::string> route;
  std::optional<std::string> plugin;
};

/// The render context of a per-device file (device, config, sip_lines and funckeys as lists; each
/// funckey also carries `type_<its type>: true` so templates can branch on the type).
nlohmann::json device_context(const plugins::Plugin& plugin, const nlohmann::json& device,
                              const nlohmann::json& raw_config);

/// Routes `inputs` for the device in `facts`; appends to `why`.
Routing route(const Inputs& inputs, const plugins::PluginSet& plugins, plugins::GeneratedCache& cache,
              const RouteFacts& facts, nlohmann::json& why);

}  // namespace provd::ident

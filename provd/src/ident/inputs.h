#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "plugins/rule.h"
#include "serve/request.h"

namespace provd::ident {

/// How the request arrived: a provisioning listener, or a DHCP packet (identification only).
enum class Channel { kHttp, kTftp, kDhcp };

/// The parts of a request the pipeline reads, whatever its protocol.
struct Inputs {
  Channel channel = Channel::kHttp;
  std::string source_ip;
  std::optional<std::string> user_agent;
  std::string path;  ///< HTTP path or TFTP filename, as received
  std::string query;
  std::optional<std::string> vendor_class;  ///< DHCP option 60

  /// The inputs of a request a provisioning server decoded.
  static Inputs from_request(const serve::Request& request);
  /// What identification rules see.
  plugins::RuleInputs rule_inputs() const;
};

/// The channel's name ("http", "tftp", "dhcp").
std::string_view to_string(Channel channel);

}  // namespace provd::ident

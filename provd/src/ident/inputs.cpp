#include "ident/inputs.h"

namespace provd::ident {

Inputs Inputs::from_request(const serve::Request& request) {
  Inputs in;
  in.channel = request.protocol == serve::Protocol::kTftp ? Channel::kTftp : Channel::kHttp;
  in.source_ip = request.source_ip;
  in.user_agent = request.header("user-agent");
  in.path = request.path;
  in.query = request.query;
  return in;
}

plugins::RuleInputs Inputs::rule_inputs() const {
  plugins::RuleInputs out;
  switch (channel) {
    case Channel::kHttp:
      out.user_agent = user_agent;
      out.http_path = path;
      out.query = query;
      break;
    case Channel::kTftp:
      out.tftp_filename = path;
      break;
    case Channel::kDhcp:
      out.vendor_class = vendor_class;
      break;
  }
  return out;
}

std::string_view to_string(Channel channel) {
  switch (channel) {
    case Channel::kHttp:
      return "http";
    case Channel::kTftp:
      return "tftp";
    case Channel::kDhcp:
      return "dhcp";
  }
  return "?";
}

}  // namespace provd::ident

// The two SIP messages provd speaks: the NOTIFY that asks a phone to re-read its
// configuration, and the phone's response to it (RFC 3261 sections 7, 8.1.1, 17.1.3).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace provd::sip {

/// Everything that goes into a resync NOTIFY.
struct NotifyRequest {
  std::string target_host;  ///< the phone's IP (an IPv6 address without brackets)
  std::uint16_t target_port = 5060;
  std::string local_host;  ///< our address as the phone sees it (Via sent-by, From)
  std::uint16_t local_port = 0;
  std::string event = "check-sync";  ///< Event header (token characters only)
  std::string call_id;               ///< unique per transaction
  std::string branch;                ///< Via branch, starts with the RFC 3261 magic cookie
  std::string from_tag;
  std::uint32_t cseq = 1;
};

/// Fills call_id, branch and from_tag with fresh random values.
void assign_transaction_ids(NotifyRequest& request);

/// The NOTIFY text, CRLF line ends, Content-Length: 0.
std::string build_notify(const NotifyRequest& request);

/// The parts of a SIP response provd looks at.
struct SipResponse {
  int status = 0;  ///< 100..699
  std::string reason;
  std::string branch;  ///< branch parameter of the top Via
  std::string call_id;
  std::uint32_t cseq = 0;
  std::string cseq_method;
};

/// Parses a datagram as a SIP/2.0 response; nullopt for a request or anything malformed.
std::optional<SipResponse> parse_response(std::string_view datagram);

/// True when `response` answers `request` (same top-Via branch, Call-ID and CSeq NOTIFY).
bool answers(const SipResponse& response, const NotifyRequest& request);

/// True for a valid Event package name (RFC 3265 token characters).
bool valid_event_name(std::string_view event);

}  // namespace provd::sip

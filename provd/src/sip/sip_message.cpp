#include "sip/sip_message.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "common/random_id.h"

namespace provd::sip {
namespace {

std::string host_for_uri(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// The value of `;name=` in a header's parameters, up to the next ';' ',' or blank.
std::string parameter(std::string_view header, std::string_view name) {
  std::size_t pos = 0;
  while ((pos = header.find(';', pos)) != std::string_view::npos) {
    ++pos;
    std::string_view rest = trim(header.substr(pos));
    if (rest.size() > name.size() && iequals(rest.substr(0, name.size()), name) && rest[name.size()] == '=') {
      rest.remove_prefix(name.size() + 1);
      const auto end = rest.find_first_of(";, \t");
      return std::string(rest.substr(0, end));
    }
  }
  return {};
}

}  // namespace

void assign_transaction_ids(NotifyRequest& request) {
  const std::string random = random_id();
  request.call_id = random + "@provd";
  request.branch = "z9hG4bK" + random_id().substr(0, 24);
  request.from_tag = random_id().substr(0, 12);
}

std::string build_notify(const NotifyRequest& r) {
  const std::string target = fmt::format("{}:{}", host_for_uri(r.target_host), r.target_port);
  const std::string local = fmt::format("{}:{}", host_for_uri(r.local_host), r.local_port);
  return fmt::format(
      "NOTIFY sip:{target} SIP/2.0\r\n"
      "Via: SIP/2.0/UDP {local};branch={branch};rport\r\n"
      "Max-Forwards: 70\r\n"
      "From: <sip:provd@{local}>;tag={tag}\r\n"
      "To: <sip:{target}>\r\n"
      "Call-ID: {call_id}\r\n"
      "CSeq: {cseq} NOTIFY\r\n"
      "Contact: <sip:provd@{local}>\r\n"
      "Event: {event}\r\n"
      "Subscription-State: terminated\r\n"
      "User-Agent: provd\r\n"
      "Content-Length: 0\r\n"
      "\r\n",
      fmt::arg("target", target), fmt::arg("local", local), fmt::arg("branch", r.branch), fmt::arg("tag", r.from_tag),
      fmt::arg("call_id", r.call_id), fmt::arg("cseq", r.cseq), fmt::arg("event", r.event));
}

std::optional<SipResponse> parse_response(std::string_view datagram) {
  // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF
  const auto line_end = datagram.find("\r\n");
  if (line_end == std::string_view::npos) return std::nullopt;
  std::string_view line = datagram.substr(0, line_end);
  if (line.size() < 12 || line.substr(0, 8) != "SIP/2.0 " || line[11] != ' ') return std::nullopt;
  SipResponse out;
  auto [end, ec] = std::from_chars(line.data() + 8, line.data() + 11, out.status);
  if (ec != std::errc() || end != line.data() + 11 || out.status < 100 || out.status > 699) return std::nullopt;
  out.reason = std::string(line.substr(12));
  bool seen_via = false;
  std::string_view rest = datagram.substr(line_end + 2);
  while (!rest.empty()) {
    const auto eol = rest.find("\r\n");
    if (eol == std::string_view::npos) return std::nullopt;  // headers end with an empty line
    std::string_view header = rest.substr(0, eol);
    rest.remove_prefix(eol + 2);
    if (header.empty()) break;
    const auto colon = header.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view name = trim(header.substr(0, colon));
    const std::string_view value = trim(header.substr(colon + 1));
    if ((iequals(name, "Via") || iequals(name, "v")) && !seen_via) {
      seen_via = true;  // only the top Via names our transaction
      out.branch = parameter(value, "branch");
    } else if (iequals(name, "Call-ID") || iequals(name, "i")) {
      out.call_id = std::string(value);
    } else if (iequals(name, "CSeq")) {
      const auto space = value.find(' ');
      if (space == std::string_view::npos) return std::nullopt;
      auto [p, e] = std::from_chars(value.data(), value.data() + space, out.cseq);
      if (e != std::errc() || p != value.data() + space) return std::nullopt;
      out.cseq_method = std::string(trim(value.substr(space + 1)));
    }
  }
  if (!seen_via || out.call_id.empty() || out.cseq_method.empty()) return std::nullopt;
  return out;
}

bool answers(const SipResponse& response, const NotifyRequest& request) {
  return response.branch == request.branch && response.call_id == request.call_id && response.cseq == request.cseq &&
         response.cseq_method == "NOTIFY";
}

bool valid_event_name(std::string_view event) {
  static constexpr std::string_view kTokenExtras = ".!%*_+`'~-";
  if (event.empty() || event.size() > 64) return false;
  return std::all_of(event.begin(), event.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || kTokenExtras.find(c) != std::string_view::npos;
  });
}

}  // namespace provd::sip

#include "kea_events.h"

#include <dhcp/option_string.h>

#include <charconv>
#include <string>
#include <typeinfo>

namespace provd::kea_hook {

namespace {

bool hasEthernetMac(const isc::dhcp::Lease4& lease) {
  return lease.hwaddr_ && lease.hwaddr_->hwaddr_.size() == 6;
}

std::string macText(const isc::dhcp::Lease4& lease) {
  return hasEthernetMac(lease) ? hexBytes(lease.hwaddr_->hwaddr_, ':') : std::string();
}

// The option's payload as it goes on the wire. toBinary() packs it through an OutputBuffer (two
// allocations and a realloc per option); a plain Option without sub-options and an OptionString
// hold exactly that payload already.
isc::dhcp::OptionBuffer payload(const isc::dhcp::Option& option) {
  const std::type_info& type = typeid(option);
  if (option.getOptions().empty() && (type == typeid(isc::dhcp::Option) || type == typeid(isc::dhcp::OptionString))) {
    return option.getData();
  }
  return option.toBinary(false);
}

}  // namespace

// IOAddress::toText() goes through inet_ntop() and sprintf(), about 1.9k instructions per lease
// on Kea's packet path; an IPv4 address is four numbers.
std::string addressText(const isc::asiolink::IOAddress& address) {
  if (!address.isV4()) return address.toText();
  const std::uint32_t value = address.toUint32();
  char buffer[16];
  char* to = buffer;
  for (int shift = 24; shift >= 0; shift -= 8) {
    to = std::to_chars(to, buffer + sizeof buffer, (value >> shift) & 0xffU).ptr;
    if (shift != 0) *to++ = '.';
  }
  return std::string(buffer, to);
}

std::vector<DhcpOption> collectOptions(const isc::dhcp::Pkt4& query, const std::vector<std::uint8_t>& codes) {
  std::vector<DhcpOption> options;
  // Straight from the packet's option collection (public in Kea 2.2): while callouts run, Kea
  // makes getOption() return a deep copy of the option, several allocations per option on the
  // packet path, only for the hook to read it once.
  for (std::uint8_t code : codes) {
    auto found = query.options_.find(code);
    if (found == query.options_.end() || !found->second) continue;
    options.push_back(DhcpOption{.code = code, .data = payload(*found->second)});
  }
  return options;
}

LeaseEvent makeLeaseEvent(EventKind kind, const isc::dhcp::Lease4& lease, const isc::dhcp::Pkt4Ptr& query,
                          const std::vector<std::uint8_t>& codes, std::time_t now) {
  return makeLeaseEvent(kind, lease, query ? collectOptions(*query, codes) : std::vector<DhcpOption>{}, now);
}

LeaseEvent makeLeaseEvent(EventKind kind, const isc::dhcp::Lease4& lease, std::vector<DhcpOption> options,
                          std::time_t now) {
  LeaseEvent event;
  event.kind = kind;
  event.ts = now;
  event.ip = addressText(lease.addr_);
  event.mac = macText(lease);
  if (lease.client_id_) event.client_id = hexBytes(lease.client_id_->getClientId(), ':');
  event.hostname = lease.hostname_;
  event.valid_lft = lease.valid_lft_;
  event.expires = lease.valid_lft_ == isc::dhcp::Lease::INFINITY_LFT
                      ? 0
                      : static_cast<std::int64_t>(lease.cltt_) + lease.valid_lft_;
  event.subnet_id = lease.subnet_id_;
  event.options = std::move(options);
  return event;
}

const char* commitRefusal(const isc::dhcp::Lease4& lease) {
  if (lease.state_ == isc::dhcp::Lease::STATE_DECLINED) {
    return "a declined address is never an association";
  }
  if (!hasEthernetMac(lease)) return "no Ethernet MAC in the lease";
  return nullptr;
}

}  // namespace provd::kea_hook

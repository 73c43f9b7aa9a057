// From Kea's objects to the hook's lease events.
#pragma once

#include <dhcp/pkt4.h>
#include <dhcpsrv/lease.h>

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "lease_event.h"

namespace provd::kea_hook {

/// The address as text, as IOAddress::toText() writes it.
std::string addressText(const isc::asiolink::IOAddress& address);

/// The event for a lease, carrying these options.
LeaseEvent makeLeaseEvent(EventKind kind, const isc::dhcp::Lease4& lease, std::vector<DhcpOption> options,
                          std::time_t now);

/// The event for a lease; options are taken from query (may be null) in the order of codes.
LeaseEvent makeLeaseEvent(EventKind kind, const isc::dhcp::Lease4& lease, const isc::dhcp::Pkt4Ptr& query,
                          const std::vector<std::uint8_t>& codes, std::time_t now);

/// The options of query whose codes are listed, in that order.
std::vector<DhcpOption> collectOptions(const isc::dhcp::Pkt4& query, const std::vector<std::uint8_t>& codes);

/// Why a committed lease must not be reported as an association, or nullptr when it may:
/// a declined address (Kea clears its MAC) or a lease without an Ethernet MAC.
const char* commitRefusal(const isc::dhcp::Lease4& lease);

}  // namespace provd::kea_hook

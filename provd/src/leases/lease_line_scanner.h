// A single-pass reader for the flat lease-event lines the Kea hook writes. Building a JSON DOM
// per line was a quarter of provd's CPU while ingesting; this reads the common shape directly.
// It declines, never misreads: escapes, non-ASCII or control bytes in strings, numbers other
// than plain int64 integers, duplicate or unknown keys and any schema violation are left to
// the DOM path, which alone words the errors.
#pragma once

#include <optional>
#include <string_view>

#include "leases/lease_event.h"

namespace provd::leases {

/// The event of `line` when the DOM path would accept it with an equal result; nothing otherwise.
std::optional<LeaseEvent> scan_lease_line(std::string_view line);

}  // namespace provd::leases

// Logging convention: one line per event, `event=<stable.id>` first, then key=value fields
// (mac=, ip=, plugin=, file=...) so journald, fail2ban and people can all read it.
#pragma once

#include <string_view>

namespace provd::log {

/// Sends the default logger to standard output (journald-friendly, no colours) at `level`.
void setup(std::string_view level);

/// Changes the level at run time (SIGHUP).
void set_level(std::string_view level);

}  // namespace provd::log

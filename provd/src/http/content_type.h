// Content-Type of a provisioning file, from its extension.
#pragma once

#include <string_view>

namespace provd::http {

/// The media type for `path` by its extension (case-insensitive), from a fixed table of the
/// files phones fetch (cfg, xml, txt, json, bin, tar, zip, ld, sbn, loads, ...);
/// "application/octet-stream" when the extension is unknown or absent.
std::string_view content_type_for(std::string_view path);

}  // namespace provd::http

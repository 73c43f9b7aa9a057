#pragma once

#include <string>
#include <string_view>

namespace provd::plugins {

/// SHA-256 of `data` as 64 lower-case hex digits (cache keys, ETags of generated files).
std::string sha256_hex(std::string_view data);

}  // namespace provd::plugins

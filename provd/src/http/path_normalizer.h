// Turns the path of an HTTP request target into the decoded path a RequestHandler sees, or
// refuses it. A pure function: no file system access; the handler still resolves the result
// beneath its root with the kernel's help (open_beneath), so this is the first of two fences.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace provd::http {

/// Largest decoded path accepted (a phone's file name is far shorter).
inline constexpr std::size_t kMaxPathBytes = 1024;

/// Splits an origin-form or absolute-form request target into its raw path and raw query
/// (without '?'). An absolute-form target ("http://host/x") yields "/x"; anything else that
/// does not start with '/' yields an empty path, which normalize_path refuses.
struct SplitTarget {
  std::string_view path;   ///< raw, still percent-encoded
  std::string_view query;  ///< raw, without the '?'
};
/// See SplitTarget.
SplitTarget split_target(std::string_view target);

/// Percent-decodes `raw_path` exactly once and checks the result. Refusals (Error::code is the
/// reason logged as `reason=`): "not_absolute", "bad_percent_encoding", "encoded_slash" (%2f),
/// "backslash" (raw or %5c), "nul" (%00), "control_character", "invalid_utf8" (including
/// overlong forms such as %c0%ae), "empty_segment" (`//`), "dot_segment" (`.`),
/// "traversal" (`..` in any encoding), "too_long". A literal '%' that was encoded as %25 stays
/// a literal '%' in the result: "%252e" becomes the harmless file name "%2e", never ".".
Result<std::string> normalize_path(std::string_view raw_path);

}  // namespace provd::http

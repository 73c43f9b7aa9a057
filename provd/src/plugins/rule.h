// Identification rules of plugins: an RE2 regex over one input of a request (User-Agent, HTTP
// path, query, TFTP filename or DHCP option 60) whose named groups (mac, model, version, sn,
// uuid) and fixed values (e.g. vendor) describe the device. RE2 runs in time linear in the
// input, so a hostile User-Agent cannot make matching slow; patterns are compiled once, with a
// memory cap, when the plugin loads.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace re2 {
class RE2;
}

namespace provd::plugins {

/// Which part of a request a rule reads.
enum class RuleInput { kUserAgent, kHttpPath, kQuery, kTftpFilename, kVendorClass };

/// The manifest spelling of a RuleInput ("user_agent", "http_path", ...).
std::string_view to_string(RuleInput input);
/// Parses a manifest spelling.
std::optional<RuleInput> parse_rule_input(std::string_view text);

/// What a request offers the rules; absent inputs are nullopt.
struct RuleInputs {
  std::optional<std::string> user_agent;
  std::optional<std::string> http_path;
  std::optional<std::string> query;
  std::optional<std::string> tftp_filename;
  std::optional<std::string> vendor_class;

  /// The input a rule of kind `input` reads.
  const std::optional<std::string>& get(RuleInput input) const;
};

/// Fields a matching rule reports: field name -> value (already mapped, not yet normalised).
struct RuleMatch {
  std::map<std::string, std::string> fields;
  int captured = 0;  ///< how many fields came from the request (named groups), not fixed values
};

/// One compiled identification rule.
class Rule {
 public:
  /// Compiles a rule from its manifest object. Errors ("rule") name the offending member.
  static Result<Rule> compile(const nlohmann::json& spec);

  /// The fields this rule gives for `inputs`, or nullopt when it does not match.
  std::optional<RuleMatch> apply(const RuleInputs& inputs) const;

  const std::string& name() const noexcept { return name_; }
  RuleInput input() const noexcept { return input_; }

  /// Inputs longer than this are cut before matching (servers bound them already; this keeps
  /// the cost of a rule bounded whatever calls it).
  static constexpr std::size_t kMaxInput = 8192;
  /// Memory RE2 may use for one compiled pattern.
  static constexpr std::int64_t kMaxRegexMemory = 1 << 20;

 private:
  std::string name_;
  RuleInput input_ = RuleInput::kUserAgent;
  std::shared_ptr<const re2::RE2> regex_;
  std::map<std::string, int> groups_;          // field -> capture index
  std::map<std::string, std::string> fixed_;   // field -> value
  std::map<std::string, std::string> models_;  // raw model (lower case) -> model
  // field -> (text -> replacement), e.g. version "1_0_5" -> "1.0.5" from DHCP option 60
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> replace_;
};

}  // namespace provd::plugins

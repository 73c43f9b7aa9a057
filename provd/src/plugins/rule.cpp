#include "plugins/rule.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include <fmt/format.h>
#include <re2/re2.h>

namespace provd::plugins {
namespace {

constexpr std::array<std::string_view, 5> kGroupNames{"mac", "model", "version", "sn", "uuid"};
constexpr std::array<std::string_view, 6> kFixedNames{"vendor", "model", "version", "sn", "uuid", "mac"};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

std::string_view to_string(RuleInput input) {
  switch (input) {
    case RuleInput::kUserAgent:
      return "user_agent";
    case RuleInput::kHttpPath:
      return "http_path";
    case RuleInput::kQuery:
      return "query";
    case RuleInput::kTftpFilename:
      return "tftp_filename";
    case RuleInput::kVendorClass:
      return "vendor_class";
  }
  return "?";
}

std::optional<RuleInput> parse_rule_input(std::string_view text) {
  for (auto input : {RuleInput::kUserAgent, RuleInput::kHttpPath, RuleInput::kQuery, RuleInput::kTftpFilename,
                     RuleInput::kVendorClass}) {
    if (to_string(input) == text) return input;
  }
  return std::nullopt;
}

const std::optional<std::string>& RuleInputs::get(RuleInput input) const {
  switch (input) {
    case RuleInput::kUserAgent:
      return user_agent;
    case RuleInput::kHttpPath:
      return http_path;
    case RuleInput::kQuery:
      return query;
    case RuleInput::kTftpFilename:
      return tftp_filename;
    case RuleInput::kVendorClass:
      return vendor_class;
  }
  return user_agent;
}

Result<Rule> Rule::compile(const nlohmann::json& spec) {
  Rule rule;
  if (!spec.is_object()) return fail("rule", "a rule must be an object");
  rule.name_ = spec.value("name", "");
  if (rule.name_.empty()) return fail("rule", "member 'name': missing or empty");
  auto input = parse_rule_input(spec.value("input", ""));
  if (!input) return fail("rule", fmt::format("member 'input': '{}' is not a known input", spec.value("input", "")));
  rule.input_ = *input;

  const std::string pattern = spec.value("regex", "");
  if (pattern.empty()) return fail("rule", "member 'regex': missing or empty");
  RE2::Options options;
  options.set_max_mem(kMaxRegexMemory);
  options.set_log_errors(false);
  auto regex = std::make_shared<RE2>(pattern, options);
  if (!regex->ok()) return fail("rule", fmt::format("member 'regex': does not compile: {}", regex->error()));
  for (const auto& [group, index] : regex->NamedCapturingGroups()) {
    if (std::find(kGroupNames.begin(), kGroupNames.end(), group) == kGroupNames.end()) {
      return fail("rule",
                  fmt::format("member 'regex': named group '{}' is not one of mac, model, version, sn, uuid", group));
    }
    rule.groups_[group] = index;
  }
  rule.regex_ = std::move(regex);

  if (auto fixed = spec.find("set"); fixed != spec.end()) {
    if (!fixed->is_object()) return fail("rule", "member 'set': must be an object");
    for (const auto& [field, value] : fixed->items()) {
      if (std::find(kFixedNames.begin(), kFixedNames.end(), field) == kFixedNames.end()) {
        return fail("rule", fmt::format("member 'set': '{}' is not a device field this rule may set", field));
      }
      if (!value.is_string() || value.get<std::string>().empty()) {
        return fail("rule", fmt::format("member 'set.{}': must be a non-empty string", field));
      }
      rule.fixed_[field] = value.get<std::string>();
    }
  }
  if (rule.groups_.empty() && rule.fixed_.empty()) {
    return fail("rule", "the rule neither captures a named group nor sets a value: it can identify nothing");
  }
  if (auto models = spec.find("models"); models != spec.end()) {
    if (!models->is_object()) return fail("rule", "member 'models': must be an object");
    for (const auto& [raw, model] : models->items()) {
      if (!model.is_string()) return fail("rule", fmt::format("member 'models.{}': must be a string", raw));
      rule.models_[lower(raw)] = model.get<std::string>();
    }
  }
  if (auto replace = spec.find("replace"); replace != spec.end()) {
    if (!replace->is_object()) return fail("rule", "member 'replace': must be an object");
    for (const auto& [field, pairs] : replace->items()) {
      if (std::find(kGroupNames.begin(), kGroupNames.end(), field) == kGroupNames.end() || field == "mac") {
        return fail("rule", fmt::format("member 'replace': '{}' is not one of model, version, sn, uuid", field));
      }
      if (!pairs.is_object()) return fail("rule", fmt::format("member 'replace.{}': must be an object", field));
      for (const auto& [from, to] : pairs.items()) {
        if (from.empty() || !to.is_string()) {
          return fail("rule", fmt::format("member 'replace.{}': needs non-empty keys and string values", field));
        }
        rule.replace_[field].emplace_back(from, to.get<std::string>());
      }
    }
  }
  return rule;
}

std::optional<RuleMatch> Rule::apply(const RuleInputs& inputs) const {
  const auto& input = inputs.get(input_);
  if (!input) return std::nullopt;
  const std::string_view text = std::string_view(*input).substr(0, kMaxInput);
  const int count = regex_->NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> groups(static_cast<std::size_t>(count));
  if (!regex_->Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED, groups.data(),
                     count)) {
    return std::nullopt;
  }
  RuleMatch match;
  match.fields = fixed_;
  for (const auto& [field, index] : groups_) {
    const auto& piece = groups[static_cast<std::size_t>(index)];
    if (piece.data() == nullptr || piece.empty()) continue;  // optional group that did not take part
    match.fields[field] = std::string(piece.data(), piece.size());
    ++match.captured;
  }
  for (const auto& [field, pairs] : replace_) {
    auto value = match.fields.find(field);
    if (value == match.fields.end()) continue;
    for (const auto& [from, to] : pairs) {
      for (auto at = value->second.find(from); at != std::string::npos; at = value->second.find(from, at + to.size())) {
        value->second.replace(at, from.size(), to);
      }
    }
  }
  if (auto model = match.fields.find("model"); model != match.fields.end()) {
    if (auto mapped = models_.find(lower(model->second)); mapped != models_.end()) model->second = mapped->second;
  }
  return match;
}

}  // namespace provd::plugins

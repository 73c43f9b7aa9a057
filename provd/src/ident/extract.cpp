#include "ident/extract.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/hex.h"
#include "common/ip_address.h"
#include "common/mac_address.h"
#include "ident/log_text.h"

namespace provd::ident {
namespace {

constexpr std::size_t kMaxFieldLength = 128;  // device.schema.json's limit on text fields

struct Candidate {
  std::string field;
  std::string value;
  std::string source;
  std::string rule;
  int captured = 0;
  int input_rank = 0;  // smaller is more specific
};

int rank_of(plugins::RuleInput input) {
  switch (input) {
    case plugins::RuleInput::kUserAgent:
      return 0;
    case plugins::RuleInput::kVendorClass:
      return 1;
    case plugins::RuleInput::kHttpPath:
    case plugins::RuleInput::kTftpFilename:
      return 2;
    case plugins::RuleInput::kQuery:
      return 3;
  }
  return 4;
}

// Canonical form of a proposed value, or why it is not acceptable.
std::optional<std::string> normalise(const std::string& field, const std::string& value, std::string& problem) {
  if (field == "mac") {
    auto mac = MacAddress::parse(value);
    if (!mac) {
      problem = "not a MAC address";
      return std::nullopt;
    }
    const auto& bytes = mac->bytes();
    if (std::all_of(bytes.begin(), bytes.end(), [](auto b) { return b == 0; }) ||
        std::all_of(bytes.begin(), bytes.end(), [](auto b) { return b == 0xff; })) {
      problem = "placeholder MAC (all zeros or all ones)";
      return std::nullopt;
    }
    return mac->str();
  }
  if (field == "ip") {
    auto ip = normalize_ip(value);
    if (!ip) {
      problem = "not an IP address";
      return std::nullopt;
    }
    return *ip;
  }
  if (value.empty() || value.size() > kMaxFieldLength) {
    problem = "empty or longer than 128 bytes";
    return std::nullopt;
  }
  if (!std::all_of(value.begin(), value.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; })) {
    problem = "control or non-ASCII bytes";
    return std::nullopt;
  }
  return value;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {
      const int hi = i + 1 < text.size() ? hex_digit_value(text[i + 1]) : -1;
      const int lo = i + 2 < text.size() ? hex_digit_value(text[i + 2]) : -1;
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i] == '+' ? ' ' : text[i]);
  }
  return out;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// The decoded value of the first query parameter whose (case-insensitive) name is in `names`.
std::optional<std::pair<std::string, std::string>> query_parameter(std::string_view query,
                                                                   std::initializer_list<std::string_view> names) {
  std::size_t start = 0;
  while (start <= query.size()) {
    const auto end = std::min(query.find('&', start), query.size());
    const std::string_view pair = query.substr(start, end - start);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos) {
      const std::string name = lower(pair.substr(0, eq));
      for (auto wanted : names) {
        if (name == wanted) return std::make_pair(name, percent_decode(pair.substr(eq + 1)));
      }
    }
    start = end + 1;
  }
  return std::nullopt;
}

void run_stage(const std::string& stage, const Inputs& inputs, const plugins::PluginSet& plugins,
               std::vector<Candidate>& out, nlohmann::json& why) {
  if (stage == "source_ip") {
    if (!inputs.source_ip.empty()) out.push_back({"ip", inputs.source_ip, "standard", "source_ip", 1, 0});
  } else if (stage == "query_mac") {
    if (auto mac = query_parameter(inputs.query, {"mac", "macaddress", "mac_address", "mac-address"})) {
      out.push_back({"mac", mac->second, "standard", "query_" + mac->first, 1, rank_of(plugins::RuleInput::kQuery)});
    }
  } else if (stage == "query_uuid") {
    if (auto uuid = query_parameter(inputs.query, {"uuid"})) {
      out.push_back({"uuid", uuid->second, "standard", "query_uuid", 1, rank_of(plugins::RuleInput::kQuery)});
    }
  } else if (stage == "plugin_rules") {
    const auto rule_inputs = inputs.rule_inputs();
    for (const auto& plugin : plugins.plugins()) {
      for (const auto& rule : plugin->rules) {
        auto match = rule.apply(rule_inputs);
        if (!match) continue;
        nlohmann::json fields = nlohmann::json::object();
        for (const auto& [field, value] : match->fields) {
          out.push_back({field, value, plugin->id, rule.name(), match->captured, rank_of(rule.input())});
          // Raw bytes: whoever dumps `why` uses error_handler_t::replace.
          fields[field] = value;
        }
        why.push_back({{"step", "extract"},
                       {"plugin", plugin->id},
                       {"rule", rule.name()},
                       {"input", plugins::to_string(rule.input())},
                       {"fields", fields}});
      }
    }
  }
}

}  // namespace

const std::vector<std::string>& extract_stage_names() {
  static const std::vector<std::string> names{"source_ip", "query_mac", "query_uuid", "plugin_rules"};
  return names;
}

Extraction extract(const Inputs& inputs, const plugins::PluginSet& plugins, const std::vector<std::string>& stages) {
  Extraction result;
  std::vector<Candidate> candidates;
  for (const auto& stage : stages) run_stage(stage, inputs, plugins, candidates, result.why);

  // Normalise, dropping what is not an identity.
  std::vector<Candidate> valid;
  for (auto& candidate : candidates) {
    std::string problem;
    if (auto canonical = normalise(candidate.field, candidate.value, problem)) {
      candidate.value = *canonical;
      valid.push_back(std::move(candidate));
    } else {
      result.why.push_back({{"step", "extract"},
                            {"dropped", candidate.field},
                            {"value", candidate.value},
                            {"source", candidate.source},
                            {"rule", candidate.rule},
                            {"reason", problem}});
    }
  }
  // Deterministic order: the documented preference, best first.
  std::stable_sort(valid.begin(), valid.end(), [](const Candidate& a, const Candidate& b) {
    if (a.captured != b.captured) return a.captured > b.captured;
    if (a.input_rank != b.input_rank) return a.input_rank < b.input_rank;
    if (a.source != b.source) return a.source < b.source;
    return a.rule < b.rule;
  });
  for (const auto field : DeviceInfo::kFields) {
    const Candidate* chosen = nullptr;
    std::vector<const Candidate*> rejected;
    for (const auto& candidate : valid) {
      if (candidate.field != field) continue;
      if (chosen == nullptr) {
        chosen = &candidate;
      } else if (candidate.value != chosen->value) {
        rejected.push_back(&candidate);
      }
    }
    if (chosen == nullptr) continue;
    result.info.fields[std::string(field)] = FieldValue{chosen->value, chosen->source, chosen->rule};
    for (const Candidate* loser : rejected) {
      spdlog::info("event=ident.conflict field={} chosen={} chosen_by={}:{} rejected={} rejected_by={}:{}", field,
                   log_text(chosen->value), chosen->source, chosen->rule, log_text(loser->value), loser->source,
                   loser->rule);
      result.why.push_back({{"step", "extract"},
                            {"conflict", field},
                            {"chosen", chosen->value},
                            {"chosen_by", chosen->source + ":" + chosen->rule},
                            {"rejected", loser->value},
                            {"rejected_by", loser->source + ":" + loser->rule}});
    }
  }
  return result;
}

}  // namespace provd::ident

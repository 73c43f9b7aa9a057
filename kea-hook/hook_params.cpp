#include "hook_params.h"

#include <sys/un.h>

#include <algorithm>
#include <set>
#include <string_view>

namespace provd::kea_hook {

namespace {

using isc::data::ConstElementPtr;
using isc::data::Element;

// The key being checked, for error messages.
struct Field {
  std::string_view name;
  std::string_view expected;  // what a valid value looks like
  std::string location;       // " (file:line:col)" when Kea knows it

  [[noreturn]] void reject(const std::string& got) const {
    throw ParamError("parameter '" + std::string(name) + "' must be " + std::string(expected) + ", got " + got +
                     location);
  }

  std::int64_t integerIn(const Element& value, std::int64_t low, std::int64_t high) const {
    if (value.getType() != Element::integer) reject(value.str());
    std::int64_t number = value.intValue();
    if (number < low || number > high) reject(value.str());
    return number;
  }
};

struct ParamRule {
  std::string_view name;
  bool required;
  std::string_view expected;
  void (*apply)(const Element& value, HookParams& params, const Field& field);
};

constexpr std::string_view kOptionCodesRule = "a list of distinct DHCP option codes from 1 to 254";

std::vector<std::uint8_t> optionCodes(const Element& value, const Field& field) {
  if (value.getType() != Element::list) field.reject(value.str());
  std::vector<std::uint8_t> codes;
  for (const auto& item : value.listValue()) {
    auto code = static_cast<std::uint8_t>(field.integerIn(*item, 1, 254));
    if (std::find(codes.begin(), codes.end(), code) != codes.end()) {
      field.reject(value.str() + " (" + item->str() + " twice)");
    }
    codes.push_back(code);
  }
  return codes;
}

std::string where(const Element& element) {
  const auto& position = element.getPosition();
  if (position.file_.empty() || position.file_ == "<string>") return "";
  return " (" + position.str() + ")";
}

const std::vector<ParamRule>& rules() {
  static const std::vector<ParamRule> table = {
      {"socket-path", true, "an absolute path of at most 107 bytes (provd's lease socket)",
       [](const Element& value, HookParams& params, const Field& field) {
         if (value.getType() != Element::string) field.reject(value.str());
         const std::string& path = value.stringValue();
         if (path.empty() || path.front() != '/' || path.size() >= sizeof(sockaddr_un{}.sun_path) ||
             path.find('\0') != std::string::npos) {
           field.reject(value.str());
         }
         params.socket_path = path;
       }},
      {"queue-size", false, "an integer from 4 to 1048576",
       [](const Element& value, HookParams& params, const Field& field) {
         params.queue_size = static_cast<std::size_t>(field.integerIn(value, kQueueSizeMin, kQueueSizeMax));
       }},
      {"options", false, kOptionCodesRule,
       [](const Element& value, HookParams& params, const Field& field) {
         params.options = optionCodes(value, field);
       }},
      {"stash-options", false, kOptionCodesRule,
       [](const Element& value, HookParams& params, const Field& field) {
         params.stash_options = optionCodes(value, field);
       }},
      {"reconnect-min-ms", false, "an integer from 10 to 600000",
       [](const Element& value, HookParams& params, const Field& field) {
         params.reconnect_min = std::chrono::milliseconds(field.integerIn(value, kReconnectMsMin, kReconnectMsMax));
       }},
      {"reconnect-max-ms", false, "an integer from 10 to 600000",
       [](const Element& value, HookParams& params, const Field& field) {
         params.reconnect_max = std::chrono::milliseconds(field.integerIn(value, kReconnectMsMin, kReconnectMsMax));
       }},
      {"ack-timeout-ms", false, "an integer from 100 to 600000",
       [](const Element& value, HookParams& params, const Field& field) {
         params.ack_timeout = std::chrono::milliseconds(field.integerIn(value, kAckTimeoutMsMin, kAckTimeoutMsMax));
       }},
      {"flush-interval-ms", false, "an integer from 0 to 1000",
       [](const Element& value, HookParams& params, const Field& field) {
         params.flush_interval =
             std::chrono::milliseconds(field.integerIn(value, kFlushIntervalMsMin, kFlushIntervalMsMax));
       }},
      {"commit-hook-point", false, "\"lease4_select\" or \"leases4_committed\"",
       [](const Element& value, HookParams& params, const Field& field) {
         if (value.getType() != Element::string) field.reject(value.str());
         for (auto point : {CommitHookPoint::lease4_select, CommitHookPoint::leases4_committed}) {
           if (value.stringValue() == hookPointName(point)) {
             params.commit_hook_point = point;
             return;
           }
         }
         field.reject(value.str());
       }},
  };
  return table;
}

std::string knownNames() {
  std::string names;
  for (const auto& rule : rules()) {
    if (!names.empty()) names += ", ";
    names += rule.name;
  }
  return names;
}

}  // namespace

HookParams parseHookParams(const ConstElementPtr& parameters) {
  HookParams params;
  if (parameters && parameters->getType() != Element::map && parameters->getType() != Element::null) {
    throw ParamError("parameters must be a map, got " + parameters->str());
  }
  std::set<std::string_view> seen;
  if (parameters && parameters->getType() == Element::map) {
    for (const auto& [name, value] : parameters->mapValue()) {
      auto rule = std::find_if(rules().begin(), rules().end(), [&](const ParamRule& r) { return r.name == name; });
      if (rule == rules().end()) {
        throw ParamError("unknown parameter '" + name + "'" + where(*value) + " (known: " + knownNames() + ")");
      }
      rule->apply(*value, params, Field{rule->name, rule->expected, where(*value)});
      seen.insert(rule->name);
    }
  }
  for (const auto& rule : rules()) {
    if (rule.required && !seen.contains(rule.name)) {
      throw ParamError("parameter '" + std::string(rule.name) + "' is required: " + std::string(rule.expected));
    }
  }
  if (params.reconnect_min > params.reconnect_max) {
    throw ParamError("parameter 'reconnect-min-ms' (" + std::to_string(params.reconnect_min.count()) +
                     ") must not exceed 'reconnect-max-ms' (" + std::to_string(params.reconnect_max.count()) + ")");
  }
  return params;
}

const char* hookPointName(CommitHookPoint point) {
  return point == CommitHookPoint::leases4_committed ? "leases4_committed" : "lease4_select";
}

std::string optionsText(const std::vector<std::uint8_t>& options) {
  std::string text;
  for (auto code : options) {
    if (!text.empty()) text += ',';
    text += std::to_string(code);
  }
  return text;
}

}  // namespace provd::kea_hook

#include "metrics/registry.h"

#include <memory>
#include <mutex>
#include <stdexcept>
#include <variant>

#include <fmt/format.h>

namespace provd::metrics {
namespace {

struct Family {
  std::string help;
  bool is_counter = true;
  // Labels -> metric; node-based map so references stay valid as it grows.
  std::map<Labels, std::unique_ptr<std::variant<Counter, Gauge>>> series;
};

struct Registry {
  std::mutex mutex;
  std::map<std::string, Family, std::less<>> families;
};

Registry& registry() {
  static Registry instance;
  return instance;
}

std::variant<Counter, Gauge>& lookup(std::string_view name, std::string_view help, const Labels& labels,
                                     bool is_counter) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  auto it = r.families.find(name);
  if (it == r.families.end()) {
    it = r.families.emplace(std::string(name), Family{std::string(help), is_counter, {}}).first;
  } else if (it->second.is_counter != is_counter) {
    throw std::logic_error(fmt::format("metric {} registered as both counter and gauge", name));
  }
  auto& slot = it->second.series[labels];
  if (!slot) {
    slot = is_counter ? std::make_unique<std::variant<Counter, Gauge>>(std::in_place_type<Counter>)
                      : std::make_unique<std::variant<Counter, Gauge>>(std::in_place_type<Gauge>);
  }
  return *slot;
}

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

Counter& counter(std::string_view name, std::string_view help, const Labels& labels) {
  return std::get<Counter>(lookup(name, help, labels, true));
}

Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels) {
  return std::get<Gauge>(lookup(name, help, labels, false));
}

std::string render_prometheus() {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  std::string out;
  for (const auto& [name, family] : r.families) {
    out +=
        fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, family.help, name, family.is_counter ? "counter" : "gauge");
    for (const auto& [labels, metric] : family.series) {
      std::string label_text;
      for (const auto& [key, value] : labels) {
        label_text += fmt::format("{}{}=\"{}\"", label_text.empty() ? "" : ",", key, escape_label(value));
      }
      const std::string value = std::holds_alternative<Counter>(*metric)
                                    ? std::to_string(std::get<Counter>(*metric).value())
                                    : std::to_string(std::get<Gauge>(*metric).value());
      out += label_text.empty() ? fmt::format("{} {}\n", name, value)
                                : fmt::format("{}{{{}}} {}\n", name, label_text, value);
    }
  }
  return out;
}

}  // namespace provd::metrics

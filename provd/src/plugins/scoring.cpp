#include "plugins/scoring.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace provd::plugins {
namespace {

bool same(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

std::vector<std::string> split_version(const std::string& text) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : text) {
    if (c == '.' || c == '-' || c == '_') {
      parts.push_back(current);
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  parts.push_back(current);
  return parts;
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() < 10 &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

int capability_score(const Plugin& plugin, const DeviceTraits& device) {
  int best = 0;
  if (device.vendor.empty()) return 0;
  for (const auto& cap : plugin.capabilities) {
    if (!same(cap.vendor, device.vendor)) continue;
    int score = 1;
    if (!cap.model.empty() && same(cap.model, device.model)) {
      score = 2;
      if (!cap.version.empty() && same(cap.version, device.version)) score = 3;
    }
    best = std::max(best, score);
  }
  return best;
}

int compare_versions(const std::string& a, const std::string& b) {
  const auto pa = split_version(a);
  const auto pb = split_version(b);
  for (std::size_t i = 0; i < std::max(pa.size(), pb.size()); ++i) {
    const std::string x = i < pa.size() ? pa[i] : "";
    const std::string y = i < pb.size() ? pb[i] : "";
    if (all_digits(x) && all_digits(y)) {
      const long nx = std::stol(x);
      const long ny = std::stol(y);
      if (nx != ny) return nx < ny ? -1 : 1;
    } else if (x != y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

Association choose_plugin(const PluginSet& plugins, const DeviceTraits& device, int min_score) {
  Association out;
  std::vector<const Plugin*> best;
  for (const auto& plugin : plugins.plugins()) {
    const int score = capability_score(*plugin, device);
    out.scores[plugin->id] = score;
    if (score < min_score || score < out.score) continue;
    if (score > out.score) best.clear();
    out.score = score;
    best.push_back(plugin.get());
  }
  if (best.empty()) {
    out.score = 0;
    return out;
  }
  std::sort(best.begin(), best.end(), [](const Plugin* a, const Plugin* b) {
    const int by_version = compare_versions(a->version, b->version);
    if (by_version != 0) return by_version > 0;
    return a->id < b->id;
  });
  out.plugin = best.front()->id;
  if (best.size() > 1) {
    std::vector<std::string> ids;
    for (const Plugin* p : best) ids.push_back(p->id);
    out.tie = fmt::format("score {} shared by {}; chose {} (highest version, then smallest id)", out.score,
                          fmt::join(ids, ","), *out.plugin);
  }
  return out;
}

}  // namespace provd::plugins

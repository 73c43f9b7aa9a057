#include "ident/route.h"

#include <sys/stat.h>

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/mac_address.h"
#include "common/open_beneath.h"
#include "ident/log_text.h"
#include "metrics/registry.h"
#include "plugins/digest.h"
#include "plugins/time_zone.h"

namespace provd::ident {
namespace {

using nlohmann::json;

std::string text_field(const json& doc, const char* name) {
  auto it = doc.find(name);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Numbered objects ({"1": {...}, "2": {...}}) as a list ordered by number, each with its key and index.
json numbered_list(const json& object, const char* key_name) {
  json list = json::array();
  if (!object.is_object()) return list;
  std::vector<std::pair<int, json>> items;
  for (const auto& [key, value] : object.items()) {
    json item = value.is_object() ? value : json::object();
    item[key_name] = key;
    int number = 0;
    for (char c : key) number = (c >= '0' && c <= '9' && number < 100000) ? number * 10 + (c - '0') : number;
    items.emplace_back(number, std::move(item));
  }
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  // "index" is the 0-based position, for vendors that number slots from 0; "<key>_padded" the
  // number on two digits, for vendors that write key 1 as 01.
  for (auto& [number, item] : items) {
    item["index"] = list.size();
    item[std::string(key_name) + "_padded"] = fmt::format("{:02}", number);
    list.push_back(std::move(item));
  }
  return list;
}

serve::Answer refuse(const Inputs& inputs, const std::string& plugin, const std::string& file,
                     const std::string& reason, json& why) {
  static auto& refused = metrics::counter("provd_provisioning_refused_total", "Sensitive files refused");
  refused.inc();
  spdlog::warn("event=provisioning.refused ip={} file={} reason={} protocol={} plugin={}", inputs.source_ip,
               log_text(inputs.path), reason, to_string(inputs.channel), plugin);
  why.push_back({{"step", "route"}, {"refused", file}, {"reason", reason}});
  return serve::Answer::forbidden(reason);
}

serve::Answer memory_answer(std::shared_ptr<const std::string> content, const plugins::GeneratedFile& file) {
  serve::Answer answer;
  answer.status = serve::Answer::Status::kOk;
  answer.etag = plugins::sha256_hex(*content).substr(0, 32);
  answer.content_type = file.content_type;
  answer.modified = std::chrono::system_clock::now();
  answer.body = serve::MemoryBody{std::move(content)};
  return answer;
}

std::optional<serve::Answer> static_answer(const plugins::Plugin& plugin, std::string_view relative, json& why) {
  if (!plugin.static_root || relative.empty()) return std::nullopt;
  struct stat st {};
  auto file = open_beneath(plugin.static_root->get(), relative, &st);
  if (!file) {
    if (file.error().code == "not_found") return std::nullopt;
    why.push_back({{"step", "route"}, {"static", std::string(relative)}, {"refused", file.error().message}});
    return serve::Answer::forbidden(file.error().message);
  }
  return serve::Answer::file(std::move(*file), st);
}

}  // namespace

json device_context(const plugins::Plugin& plugin, const json& device, const json& raw_config) {
  json dev = device;
  if (auto mac = MacAddress::parse(text_field(device, "mac"))) {
    dev["mac_colon_lower"] = mac->format(MacFormat::kColonLower);
    dev["mac_colon_upper"] = mac->format(MacFormat::kColonUpper);
    dev["mac_dash_upper"] = mac->format(MacFormat::kDashUpper);
    dev["mac_plain_lower"] = mac->format(MacFormat::kPlainLower);
    dev["mac_plain_upper"] = mac->format(MacFormat::kPlainUpper);
    dev["mac_underscore_lower"] = mac->format(MacFormat::kUnderscoreLower);
  }
  // Mustache cannot compare: each key also gets "is_<type>": true so templates can map the type
  // to the vendor's code ({{#is_blf}}16{{/is_blf}}).
  json funckeys = numbered_list(raw_config.value("funckeys", json::object()), "key");
  for (auto& key : funckeys) {
    if (auto type = key.find("type"); type != key.end() && type->is_string())
      key["is_" + type->get<std::string>()] = true;
  }
  json context = {{"device", std::move(dev)},
                  {"config", raw_config},
                  {"sip_lines", numbered_list(raw_config.value("sip_lines", json::object()), "line")},
                  {"funckeys", std::move(funckeys)},
                  {"plugin", {{"id", plugin.id}, {"name", plugin.name}, {"version", plugin.version}}},
                  {"params", plugin.params}};
  // 12 digits that change whenever the configuration or the plugin does: some phones
  // (Technicolor's config_sn) apply a file only when such a serial differs from the last one.
  const std::string digest = plugins::sha256_hex(plugin.content_hash + raw_config.dump());
  context["config_revision"] = fmt::format("{:012}", std::stoull(digest.substr(0, 12), nullptr, 16) % 1000000000000ULL);
  if (const std::string zone_name = text_field(raw_config, "timezone"); !zone_name.empty()) {
    // A bad zone leaves `tz` out (templates then use the phone's default) rather than failing
    // the phone's whole configuration; the config API is where the name gets refused.
    if (auto zone = plugins::load_time_zone(zone_name)) {
      context["tz"] = plugins::time_zone_context(zone_name, *zone);
    } else {
      spdlog::warn("event=template.timezone_unknown plugin={} timezone={} error={}", plugin.id, log_text(zone_name),
                   zone.error().message);
    }
  }
  plugins::apply_derivations(plugin.derivations, context);
  return context;
}

Routing route(const Inputs& inputs, const plugins::PluginSet& plugins, plugins::GeneratedCache& cache,
              const RouteFacts& facts, json& why) {
  Routing out;
  std::string_view relative = inputs.path;
  while (!relative.empty() && relative.front() == '/') relative.remove_prefix(1);
  const auto slash = relative.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? relative : relative.substr(slash + 1);

  if (!facts.device) {
    why.push_back({{"step", "route"}, {"answer", "not_found"}, {"reason", "unknown device"}});
    out.answer = serve::Answer::not_found("unknown device");
    return out;
  }
  const json& device = *facts.device;
  const std::string plugin_id = text_field(device, "plugin");
  auto plugin = plugin_id.empty() ? nullptr : plugins.find(plugin_id);
  if (!plugin) {
    const std::string reason = plugin_id.empty() ? "device has no plugin" : "plugin " + plugin_id + " is not loaded";
    why.push_back({{"step", "route"}, {"answer", "not_found"}, {"reason", reason}});
    out.answer = serve::Answer::not_found(reason);
    return out;
  }
  out.plugin = plugin->id;
  const std::string device_mac = text_field(device, "mac");

  for (const auto& file : plugin->device_files) {
    auto named = file.name.match(name);
    if (!named) continue;
    const std::string file_name(name);
    if (named->str() != device_mac) {
      if (file.sensitive) {
        out.answer = refuse(inputs, plugin->id, file_name, "other_device", why);
      } else {
        why.push_back({{"step", "route"}, {"answer", "not_found"}, {"reason", "file of another device"}});
        out.answer = serve::Answer::not_found("file of another device");
      }
      return out;
    }
    if (file.sensitive && facts.source_lease_mac && *facts.source_lease_mac != device_mac) {
      out.answer = refuse(inputs, plugin->id, file_name, "lease_mac_mismatch", why);
      return out;
    }
    if (file.sensitive && facts.device_lease_ip && *facts.device_lease_ip != inputs.source_ip) {
      out.answer = refuse(inputs, plugin->id, file_name, "lease_ip_mismatch", why);
      return out;
    }
    const json context = device_context(*plugin, device, facts.raw_config);
    const std::string key = fmt::format("{}|{}|{}|{}", text_field(device, "id"), plugin->id, file.name.text(),
                                        plugins::sha256_hex(plugin->content_hash + context.dump()));
    out.answer = memory_answer(cache.get_or_render(key, [&] { return file.tmpl.render(context); }), file);
    out.route = "device:" + file_name;
    why.push_back(
        {{"step", "route"}, {"plugin", plugin->id}, {"device_file", file_name}, {"sensitive", file.sensitive}});
    return out;
  }
  for (const auto& file : plugin->common_files) {
    if (file.name.literal() != name) continue;
    json context = {{"plugin", {{"id", plugin->id}, {"name", plugin->name}, {"version", plugin->version}}},
                    {"params", plugin->params}};
    plugins::apply_derivations(plugin->derivations, context);
    const std::string key = fmt::format("common|{}|{}|{}", plugin->id, file.name.text(), plugin->content_hash);
    out.answer = memory_answer(cache.get_or_render(key, [&] { return file.tmpl.render(context); }), file);
    out.route = "common:" + std::string(name);
    why.push_back({{"step", "route"}, {"plugin", plugin->id}, {"common_file", std::string(name)}});
    return out;
  }
  if (auto answer = static_answer(*plugin, relative, why)) {
    out.answer = std::move(*answer);
    if (out.answer.status == serve::Answer::Status::kOk) {
      out.route = "static:" + std::string(relative);
      why.push_back({{"step", "route"}, {"plugin", plugin->id}, {"static_file", std::string(relative)}});
    }
    return out;
  }
  why.push_back({{"step", "route"}, {"plugin", plugin->id}, {"answer", "not_found"}});
  out.answer = serve::Answer::not_found("no such file in plugin " + plugin->id);
  return out;
}

}  // namespace provd::ident

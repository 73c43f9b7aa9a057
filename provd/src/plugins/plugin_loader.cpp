// Loads one plugin directory. Every problem is reported as "plugin 'ID': field 'PATH': WHAT"
// so that an operator can fix the manifest without reading provd's source.
#include <sys/stat.h>

#include <cerrno>
#include <map>
#include <set>

#include <fmt/format.h>

#include "common/open_beneath.h"
#include "json/schema_validator.h"
#include "plugins/digest.h"
#include "plugins/plugin.h"

namespace provd::plugins {
namespace {

constexpr std::size_t kMaxManifestBytes = 1 << 20;
constexpr std::size_t kMaxTemplateBytes = 1 << 20;

Error plugin_error(const std::string& plugin, const std::string& field, const std::string& what) {
  return fail("invalid_plugin", fmt::format("plugin '{}': field '{}': {}", plugin, field, what));
}

// Reads a small file beneath `root_fd`, refusing escapes and oversized files.
Result<std::string> read_beneath(int root_fd, const std::string& relative, std::size_t max_bytes) {
  auto fd = open_beneath(root_fd, relative);
  if (!fd) return fd.error();
  struct stat st {};
  if (::fstat(fd->get(), &st) != 0) return fail("io", fmt::format("cannot stat {}", relative));
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    return fail("too_large", fmt::format("{} is larger than {} bytes", relative, max_bytes));
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::read(fd->get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("io", fmt::format("cannot read {}", relative));
    done += static_cast<std::size_t>(n);
  }
  return text;
}

Result<std::vector<GeneratedFile>> load_files(const std::string& id, int root_fd, const nlohmann::json& list,
                                              const std::string& kind, std::set<std::string>& names,
                                              std::string& hashed) {
  std::vector<GeneratedFile> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& spec = list[i];
    const std::string field = fmt::format("files.{}[{}]", kind, i);
    auto pattern = NamePattern::parse(spec.at("name").get<std::string>());
    if (!pattern) return plugin_error(id, field + ".name", pattern.error().message);
    if (kind == "device" && !pattern->per_device()) {
      return plugin_error(id, field + ".name",
                          "a per-device file name needs a MAC placeholder such as {mac_plain_upper}");
    }
    if (kind == "common" && pattern->per_device()) {
      return plugin_error(id, field + ".name", "a common file name must not contain a MAC placeholder");
    }
    if (!names.insert(pattern->text()).second) {
      return plugin_error(id, field + ".name", fmt::format("'{}' is declared twice", pattern->text()));
    }
    const std::string template_path = spec.at("template").get<std::string>();
    auto text = read_beneath(root_fd, "templates/" + template_path, kMaxTemplateBytes);
    if (!text) return plugin_error(id, field + ".template", text.error().message);
    auto tmpl = Template::parse(*text);
    if (!tmpl) return plugin_error(id, field + ".template", fmt::format("{}: {}", template_path, tmpl.error().message));
    hashed += template_path + '\0' + *text + '\0';
    out.push_back(GeneratedFile{std::move(*pattern), template_path, std::move(*tmpl), spec.value("sensitive", false),
                                spec.value("content_type", "")});
  }
  return out;
}

// The validator's "[identify][0][input]" as the manifest's reader writes it: "identify[0].input".
std::string dotted_field(const std::string& brackets) {
  std::string out;
  std::size_t pos = 0;
  while (pos < brackets.size() && brackets[pos] == '[') {
    const auto close = brackets.find(']', pos);
    if (close == std::string::npos) return brackets;
    const std::string token = brackets.substr(pos + 1, close - pos - 1);
    const bool index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    out += index ? "[" + token + "]" : (out.empty() ? token : "." + token);
    pos = close + 1;
  }
  return pos == brackets.size() && !out.empty() ? out : brackets;
}

}  // namespace

Result<std::shared_ptr<const Plugin>> load_plugin(const std::filesystem::path& dir) {
  const std::string dir_name = dir.filename().string();
  auto root = open_root(dir.string());
  if (!root) return plugin_error(dir_name, "(directory)", root.error().message);
  auto text = read_beneath(root->get(), "plugin.json", kMaxManifestBytes);
  if (!text) return plugin_error(dir_name, "(plugin.json)", text.error().message);
  auto doc = nlohmann::json::parse(*text, nullptr, false);
  if (doc.is_discarded()) return plugin_error(dir_name, "(plugin.json)", "not valid JSON");
  static const json::SchemaValidator validator("plugin.schema.json");
  if (auto valid = validator.validate(doc); !valid) {
    // The validator's message starts with the field path: "[identify][0][regex]: ...".
    const auto& message = valid.error().message;
    const auto colon = message.find(": ");
    const std::string field = colon == std::string::npos ? "(document)" : message.substr(0, colon);
    return plugin_error(dir_name, field.empty() ? "(document)" : dotted_field(field),
                        colon == std::string::npos ? message : message.substr(colon + 2));
  }

  auto plugin = std::make_shared<Plugin>();
  plugin->id = doc.at("id").get<std::string>();
  plugin->name = doc.at("name").get<std::string>();
  plugin->version = doc.at("version").get<std::string>();
  plugin->description = doc.value("description", "");
  plugin->root = dir;
  const std::string& id = plugin->id;
  if (id != dir_name) {
    return plugin_error(dir_name, "id", fmt::format("'{}' differs from the directory name '{}'", id, dir_name));
  }
  if (id != plugin->name + "-" + plugin->version) {
    return plugin_error(id, "id", fmt::format("must be name-version ('{}-{}')", plugin->name, plugin->version));
  }
  for (const auto& cap : doc.at("capabilities")) {
    plugin->capabilities.push_back(
        Capability{cap.at("vendor").get<std::string>(), cap.value("model", ""), cap.value("version", "")});
  }
  std::set<std::string> rule_names;
  const auto rules = doc.value("identify", nlohmann::json::array());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    auto rule = Rule::compile(rules[i]);
    if (!rule) return plugin_error(id, fmt::format("identify[{}]", i), rule.error().message);
    if (!rule_names.insert(rule->name()).second) {
      return plugin_error(id, fmt::format("identify[{}].name", i), fmt::format("'{}' is used twice", rule->name()));
    }
    plugin->rules.push_back(std::move(*rule));
  }
  std::string hashed = *text;
  std::set<std::string> names;
  const auto files = doc.value("files", nlohmann::json::object());
  auto device = load_files(id, root->get(), files.value("device", nlohmann::json::array()), "device", names, hashed);
  if (!device) return device.error();
  plugin->device_files = std::move(*device);
  auto common = load_files(id, root->get(), files.value("common", nlohmann::json::array()), "common", names, hashed);
  if (!common) return common.error();
  plugin->common_files = std::move(*common);
  plugin->params = doc.value("params", nlohmann::json::object());
  auto derivations = parse_derivations(doc.value("derive", nlohmann::json()));
  if (!derivations) return plugin_error(id, "derive", derivations.error().message);
  plugin->derivations = std::move(*derivations);
  plugin->content_hash = sha256_hex(hashed);

  std::error_code ec;
  if (std::filesystem::is_directory(dir / "var" / "tftpboot", ec)) {
    auto tftpboot = open_root((dir / "var" / "tftpboot").string());
    if (!tftpboot) return plugin_error(id, "var/tftpboot", tftpboot.error().message);
    plugin->static_root = std::make_shared<const UniqueFd>(std::move(*tftpboot));
  }
  return std::shared_ptr<const Plugin>(std::move(plugin));
}

}  // namespace provd::plugins

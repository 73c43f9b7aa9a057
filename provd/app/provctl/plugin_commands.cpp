// `provctl plugins list|installable|install|upgrade|remove` and `provctl packages
// list|install|remove`: the plugin repository and packages of the REST API. Installs are
// operations, followed with the shared progress display (wait_for_operation).
#include <iostream>
#include <memory>

#include "plugins/repository_index.h"
#include "provctl/commands.h"

namespace provctl {
namespace {

struct PluginOptions {
  std::string plugin;
  std::string package;
  bool force = false;
  bool accept_license = false;
  bool no_wait = false;
  int timeout_s = 1800;
};

int list(const Connection& connection, const std::string& path, const std::vector<std::string>& columns) {
  Reply reply = call(connection, "GET", path);
  if (!reply.reached || reply.status != 200) return report_failure(reply, connection);
  if (connection.json_output) {
    std::cout << reply.body.dump(2) << "\n";
  } else {
    std::vector<nlohmann::json> rows(reply.body["items"].begin(), reply.body["items"].end());
    print_table(columns, rows);
  }
  return kOk;
}

// POSTs `path` and follows the operation it starts.
int start_and_follow(const Connection& connection, const std::string& path, const PluginOptions& options,
                     const std::optional<nlohmann::json>& body = std::nullopt) {
  Reply reply = call(connection, "POST", path, body);
  if (reply.reached && reply.status == 422 && reply.body.value("error", "") == "license_not_accepted") {
    std::cerr << "provctl: this package has a license; read it and run again with --accept-license:\n\n"
              << reply.body["details"].value("license", "") << "\n";
    return kInvalid;
  }
  if (!reply.reached || reply.status != 202) return report_failure(reply, connection);
  const std::string operation = reply.body.value("id", "");
  if (options.no_wait) {
    std::cout << (connection.json_output ? reply.body.dump(2) : operation) << "\n";
    return kOk;
  }
  return wait_for_operation(connection, operation, options.timeout_s);
}

// `upgrade X`: X may be an installed id (its family is upgraded) or a family name.
int upgrade(const Connection& connection, const PluginOptions& options) {
  std::string name = options.plugin;
  Reply installed = call(connection, "GET", "/api/v1/plugins/" + url_encode(options.plugin));
  if (installed.reached && installed.status == 200) name = installed.body.value("name", name);
  Reply index = call(connection, "GET", "/api/v1/plugins/installable");
  if (!index.reached || index.status != 200) return report_failure(index, connection);
  const nlohmann::json* latest = nullptr;
  for (const auto& item : index.body["items"]) {
    if (item.value("name", "") != name) continue;
    if (latest == nullptr ||
        provd::plugins::compare_versions(item.value("version", ""), latest->value("version", "")) > 0) {
      latest = &item;
    }
  }
  if (latest == nullptr) {
    std::cerr << "provctl: the repository has no plugin named '" << name << "'\n";
    return kNotFound;
  }
  if (latest->value("installed", false)) {
    std::cout << name << " is up to date (" << latest->value("id", "") << ")\n";
    return kOk;
  }
  return start_and_follow(connection, "/api/v1/plugins/" + url_encode(name), options);
}

void follow_options(CLI::App* command, const std::shared_ptr<PluginOptions>& options) {
  command->add_flag("--no-wait", options->no_wait, "print the operation id and return at once");
  command->add_option("--timeout", options->timeout_s, "seconds to wait for the outcome")->check(CLI::Range(1, 86400));
}

}  // namespace

void add_plugin_commands(CLI::App& app, Connection& connection, Action& action) {
  auto options = std::make_shared<PluginOptions>();
  auto* plugins = app.add_subcommand("plugins", "install, upgrade and remove plugins from the repository");
  plugins->require_subcommand(1);
  plugins->add_subcommand("list", "the installed plugins")->callback([&] {
    action = [&] { return list(connection, "/api/v1/plugins", {"id", "version", "source", "devices", "description"}); };
  });
  plugins->add_subcommand("installable", "the plugins the repository offers")->callback([&] {
    action = [&] {
      return list(connection, "/api/v1/plugins/installable", {"id", "version", "installed", "upgrade_of", "size"});
    };
  });
  auto* install = plugins->add_subcommand("install", "install a plugin (an id, or a name for its latest version)");
  install->add_option("plugin", options->plugin)->required();
  follow_options(install, options);
  install->callback([&, options] {
    action = [&, options] {
      return start_and_follow(connection, "/api/v1/plugins/" + url_encode(options->plugin), *options);
    };
  });
  auto* upgrade_cmd =
      plugins->add_subcommand("upgrade", "install the latest version of a plugin family; its devices follow");
  upgrade_cmd->add_option("plugin", options->plugin, "an installed plugin id or a plugin name")->required();
  follow_options(upgrade_cmd, options);
  upgrade_cmd->callback([&, options] { action = [&, options] { return upgrade(connection, *options); }; });
  auto* remove = plugins->add_subcommand("remove", "uninstall a plugin (refused while devices use it)");
  remove->add_option("plugin", options->plugin)->required();
  remove->add_flag("--force", options->force, "remove it anyway; its devices lose their plugin");
  remove->callback([&, options] {
    action = [&, options] {
      return print_reply(connection,
                         call(connection, "DELETE",
                              "/api/v1/plugins/" + url_encode(options->plugin) + (options->force ? "?force=true" : "")),
                         200, 200);
    };
  });

  auto* packages = app.add_subcommand("packages", "firmware and language packages of a plugin");
  packages->require_subcommand(1);
  auto* list_cmd = packages->add_subcommand("list", "the packages a plugin declares");
  list_cmd->add_option("plugin", options->plugin)->required();
  list_cmd->callback([&, options] {
    action = [&, options] {
      return list(connection, "/api/v1/plugins/" + url_encode(options->plugin) + "/packages",
                  {"id", "version", "installed", "license_required", "size", "description"});
    };
  });
  auto* add = packages->add_subcommand("install", "download and install a package");
  add->add_option("plugin", options->plugin)->required();
  add->add_option("package", options->package)->required();
  add->add_flag("--accept-license", options->accept_license, "accept the package's license");
  follow_options(add, options);
  add->callback([&, options] {
    action = [&, options] {
      return start_and_follow(
          connection, "/api/v1/plugins/" + url_encode(options->plugin) + "/packages/" + url_encode(options->package),
          *options, nlohmann::json{{"accept_license", options->accept_license}});
    };
  });
  auto* drop = packages->add_subcommand("remove", "remove the files a package installed");
  drop->add_option("plugin", options->plugin)->required();
  drop->add_option("package", options->package)->required();
  drop->callback([&, options] {
    action = [&, options] {
      return print_reply(
          connection,
          call(connection, "DELETE",
               "/api/v1/plugins/" + url_encode(options->plugin) + "/packages/" + url_encode(options->package)),
          200, 200);
    };
  });
}

}  // namespace provctl

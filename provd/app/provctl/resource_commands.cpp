// `provctl devices ...` and `provctl configs ...`: the CRUD resources of the REST API.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "provctl/commands.h"

namespace provctl {
namespace {

// What one resource family looks like from the command line.
struct ResourceKind {
  std::string name;      // "devices"
  std::string singular;  // "device"
  std::vector<std::string> columns;
};

// Options shared by the subcommands, kept alive for the parse.
struct ResourceOptions {
  std::string id;
  std::vector<std::string> assignments;
  std::vector<std::string> filters;
  std::string file;
  std::string sort;
  int limit = 0;
  int offset = 0;
  bool all = false;
  bool no_wait = false;
  int timeout_s = 120;
};

nlohmann::json document_from(const ResourceOptions& options) {
  nlohmann::json doc = nlohmann::json::object();
  if (!options.file.empty()) {
    std::string text;
    if (options.file == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), {});
    } else {
      std::ifstream in(options.file);
      if (!in) throw CLI::ValidationError("--file", "cannot read " + options.file);
      text.assign(std::istreambuf_iterator<char>(in), {});
    }
    doc = nlohmann::json::parse(text, nullptr, false);
    if (!doc.is_object()) throw CLI::ValidationError("--file", options.file + " is not a JSON object");
  }
  // A named object: items() of a temporary would iterate a destroyed document.
  const nlohmann::json assignments = parse_assignments(options.assignments);
  for (const auto& [key, value] : assignments.items()) doc[key] = value;
  return doc;
}

int list(const Connection& connection, const ResourceKind& kind, const ResourceOptions& options) {
  std::string query;
  auto add = [&query](const std::string& key, const std::string& value) {
    query += (query.empty() ? "?" : "&") + url_encode(key) + "=" + url_encode(value);
  };
  for (const auto& filter : options.filters) {
    const auto eq = filter.find('=');
    if (eq == std::string::npos || eq == 0) throw CLI::ValidationError(filter, "a filter reads field=value");
    add(filter.substr(0, eq), filter.substr(eq + 1));
  }
  if (!options.sort.empty()) add("sort", options.sort);
  std::vector<nlohmann::json> rows;
  nlohmann::json last;
  std::string cursor;
  for (;;) {
    std::string page_query = query;
    page_query += page_query.empty() ? "?" : "&";
    page_query += cursor.empty() ? "offset=" + std::to_string(options.offset) : "cursor=" + url_encode(cursor);
    if (options.limit > 0) page_query += "&limit=" + std::to_string(options.limit);
    Reply reply = call(connection, "GET", "/api/v1/" + kind.name + page_query);
    if (!reply.reached || reply.status != 200) return report_failure(reply, connection);
    for (auto& item : reply.body["items"]) rows.push_back(std::move(item));
    last = std::move(reply.body);
    // --all follows next_cursor (not next_offset) so devices added meanwhile shift nothing.
    if (!options.all || !last.contains("next_cursor")) break;
    cursor = last["next_cursor"].get<std::string>();
  }
  last.erase("next_cursor");
  last.erase("next_offset");
  if (connection.json_output) {
    last["items"] = rows;
    std::cout << last.dump(2) << "\n";
  } else {
    print_table(kind.columns, rows);
    std::cerr << rows.size() << " of " << last.value("total", 0) << " " << kind.name << "\n";
  }
  return kOk;
}

void add_kind(CLI::App& app, Connection& connection, Action& action, const ResourceKind& kind) {
  auto* group = app.add_subcommand(kind.name, "manage " + kind.name);
  group->require_subcommand(1);
  auto options = std::make_shared<ResourceOptions>();
  const std::string base = "/api/v1/" + kind.name + "/";
  auto id_path = [base, options] { return base + url_encode(options->id); };

  auto* list_cmd = group->add_subcommand("list", "list " + kind.name + " (filters: field=value)");
  list_cmd->add_option("filters", options->filters, "field=value equality filters, e.g. vendor=Aastra");
  list_cmd->add_option("--limit", options->limit, "page size")->check(CLI::Range(1, 100000));
  list_cmd->add_option("--offset", options->offset, "first item")->check(CLI::NonNegativeNumber);
  list_cmd->add_option("--sort", options->sort, "field to sort by, '-field' for descending");
  list_cmd->add_flag("--all", options->all, "fetch every page");
  list_cmd->callback([&, kind, options] { action = [&, kind, options] { return list(connection, kind, *options); }; });

  auto* show_cmd = group->add_subcommand("show", "show one " + kind.singular);
  show_cmd->add_option("id", options->id)->required();
  show_cmd->callback(
      [&, id_path] { action = [&, id_path] { return print_reply(connection, call(connection, "GET", id_path())); }; });

  auto* add_cmd = group->add_subcommand("add", "create a " + kind.singular + " from key=value words and/or --file");
  add_cmd->add_option("fields", options->assignments, "key=value (JSON values keep their type)");
  add_cmd->add_option("--file", options->file, "a JSON document ('-' for stdin)");
  add_cmd->callback([&, kind, options] {
    action = [&, kind, options] {
      return print_reply(connection, call(connection, "POST", "/api/v1/" + kind.name, document_from(*options)));
    };
  });

  auto* edit_cmd = group->add_subcommand("edit", "change fields of a " + kind.singular + " (key=null removes)");
  edit_cmd->add_option("id", options->id)->required();
  edit_cmd->add_option("fields", options->assignments, "key=value")->required();
  edit_cmd->callback([&, id_path, options] {
    action = [&, id_path, options] {
      return print_reply(connection, call(connection, "PATCH", id_path(), document_from(*options)));
    };
  });

  auto* delete_cmd = group->add_subcommand("delete", "delete a " + kind.singular);
  delete_cmd->add_option("id", options->id)->required();
  delete_cmd->callback([&, id_path] {
    action = [&, id_path] { return print_reply(connection, call(connection, "DELETE", id_path())); };
  });

  if (kind.name == "configs") {
    auto* effective_cmd = group->add_subcommand("effective", "show the merged raw_config of a config");
    effective_cmd->add_option("id", options->id)->required();
    effective_cmd->callback([&, id_path] {
      action = [&, id_path] {
        Reply reply = call(connection, "GET", id_path() + "/effective");
        if (!reply.reached || reply.status != 200) return report_failure(reply, connection);
        std::cout << (connection.json_output ? reply.body : reply.body["raw_config"]).dump(2) << "\n";
        return static_cast<int>(kOk);
      };
    });
    return;
  }
  auto* reconfigure_cmd = group->add_subcommand("reconfigure", "regenerate the device's files");
  reconfigure_cmd->add_option("id", options->id)->required();
  reconfigure_cmd->callback([&, id_path] {
    action = [&, id_path] { return print_reply(connection, call(connection, "POST", id_path() + "/reconfigure")); };
  });
  auto* sync_cmd = group->add_subcommand("sync", "ask the phone to resync (SIP NOTIFY) and follow the operation");
  sync_cmd->add_option("id", options->id)->required();
  sync_cmd->add_flag("--no-wait", options->no_wait, "print the operation id and return at once");
  sync_cmd->add_option("--timeout", options->timeout_s, "seconds to wait for the outcome")->check(CLI::Range(1, 3600));
  sync_cmd->callback([&, id_path, options] {
    action = [&, id_path, options] {
      Reply reply = call(connection, "POST", id_path() + "/synchronize");
      if (!reply.reached || reply.status != 202) return report_failure(reply, connection);
      const std::string operation = reply.body.value("id", "");
      if (options->no_wait) {
        std::cout << (connection.json_output ? reply.body.dump(2) : operation) << "\n";
        return static_cast<int>(kOk);
      }
      return wait_for_operation(connection, operation, options->timeout_s);
    };
  });
}

}  // namespace

void add_resource_commands(CLI::App& app, Connection& connection, Action& action) {
  add_kind(app, connection, action,
           {"devices", "device", {"id", "mac", "ip", "vendor", "model", "version", "plugin", "config", "configured"}});
  add_kind(app, connection, action, {"configs", "config", {"id", "label", "role", "parent_ids"}});
}

}  // namespace provctl

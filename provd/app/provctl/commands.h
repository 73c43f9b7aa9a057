// provctl's subcommands, one group per file. Each `add_*` registers its subcommands on `app`;
// the chosen one stores its work in `action`, which main() runs after parsing.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "provctl/client.h"

namespace provctl {

/// The work of the chosen subcommand, returning the exit code.
using Action = std::function<int()>;

/// `devices ...` and `configs ...`.
void add_resource_commands(CLI::App& app, Connection& connection, Action& action);
/// `token create|list|revoke` (over the API, or offline with --store).
void add_token_commands(CLI::App& app, Connection& connection, Action& action);
/// `plugins ...` and `packages ...` (the plugin repository).
void add_plugin_commands(CLI::App& app, Connection& connection, Action& action);
/// `operations list|show|cancel` and `status`.
void add_operation_commands(CLI::App& app, Connection& connection, Action& action);

/// Polls an operation until it ends, showing progress on stderr; returns kOk when it
/// succeeded, kOperationFailed otherwise (and prints the final document with --json).
int wait_for_operation(const Connection& connection, const std::string& id, int timeout_s);

/// Prints rows as an aligned table with a header line.
void print_table(const std::vector<std::string>& columns, const std::vector<nlohmann::json>& rows);
/// Prints an object as `key: value` lines (nested values as compact JSON).
void print_object(const nlohmann::json& object);
/// Prints a reply whose status is in [low, high] (as JSON with --json, else as `key: value`
/// lines); any other reply is reported as a failure. Returns the exit code.
int print_reply(const Connection& connection, const Reply& reply, int low = 200, int high = 299);
/// Builds an object from `key=value` words; a value that parses as JSON (5060, true, null,
/// {"a":1}) keeps its type, anything else is a string. Throws CLI::ValidationError on `key`.
nlohmann::json parse_assignments(const std::vector<std::string>& words);

}  // namespace provctl

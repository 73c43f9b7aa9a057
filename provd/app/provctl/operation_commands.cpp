// `provctl operations show` (with --wait) and `provctl status`.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "provctl/commands.h"

namespace provctl {
namespace {

int status(const Connection& connection) {
  Reply reply = call(connection, "GET", "/status");
  if (!reply.reached || reply.status != 200 || !reply.body.is_object()) return report_failure(reply, connection);
  const auto& doc = reply.body;
  if (connection.json_output) {
    std::cout << doc.dump(2) << "\n";
    return kOk;
  }
  std::cout << "provd " << doc.value("version", "?") << ", up " << doc.value("uptime_s", 0) << " s, "
            << doc["store"].value("devices", 0) << " devices, " << doc["store"].value("leases", 0) << " leases\n";
  for (const auto& [name, listener] : doc["listeners"].items()) {
    std::cout << "  " << name << ": " << listener.dump() << "\n";
  }
  return kOk;
}

std::string describe(const nlohmann::json& operation) {
  const auto& result = operation["result"];
  if (!result.is_object()) return operation.value("state", "?");
  if (operation.value("kind", "") != "synchronize") {  // plugin and package operations
    if (!result.contains("outcome")) return operation.value("state", "?") + ": " + result.dump();
    return operation.value("state", "?") + ": " + result.value("outcome", "") + " (" + result.value("message", "") +
           ")";
  }
  std::string text = operation.value("state", "?") + ": " + result.value("outcome", "");
  if (result.contains("sip_status"))
    text += " " + result["sip_status"].dump() + " " + result.value("message", "");
  else if (!result.value("message", "").empty())
    text += " (" + result.value("message", "") + ")";
  text += ", " + std::to_string(result.value("transmissions", 0)) + " transmission(s), " +
          std::to_string(result.value("elapsed_ms", 0)) + " ms";
  return text;
}

// "download [=======>    ] 45% 4.5/10.0 MB" for byte progress, the transmissions otherwise.
std::string progress_text(const nlohmann::json& progress) {
  if (!progress.is_object() || !progress.contains("phase")) {
    return std::to_string(progress.is_object() ? progress.value("transmissions", 0) : 0) + " transmission(s)";
  }
  const auto bytes = progress.value("bytes", std::uint64_t{0});
  const auto total = progress.value("total_bytes", std::uint64_t{0});
  std::string text = progress.value("phase", "");
  if (total > 0) {
    constexpr int kWidth = 30;
    const auto filled = static_cast<int>(kWidth * std::min(bytes, total) / total);
    text += " [" + std::string(static_cast<std::size_t>(filled), '=') + std::string(kWidth - filled, ' ') + "] " +
            std::to_string(100 * std::min(bytes, total) / total) + "% " + std::to_string(bytes / 1024) + "/" +
            std::to_string(total / 1024) + " KiB";
  }
  if (progress.value("files", 0) > 0) text += ", " + std::to_string(progress.value("files", 0)) + " file(s)";
  return text;
}

}  // namespace

int wait_for_operation(const Connection& connection, const std::string& id, int timeout_s) {
  const bool show_progress = ::isatty(STDERR_FILENO) != 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  for (;;) {
    Reply reply = call(connection, "GET", "/api/v1/operations/" + url_encode(id));
    if (!reply.reached || reply.status != 200) return report_failure(reply, connection);
    const auto& operation = reply.body;
    const std::string state = operation.value("state", "");
    if (state != "running") {
      if (show_progress) std::cerr << "\r\033[K";
      if (connection.json_output) {
        std::cout << operation.dump(2) << "\n";
      } else {
        std::cout << operation.value("kind", "operation") << " " << id << " " << describe(operation) << "\n";
      }
      return state == "succeeded" ? kOk : kOperationFailed;
    }
    if (show_progress) {
      std::cerr << "\r\033[K" << operation.value("kind", "operation") << " " << id << ": running, "
                << progress_text(operation["progress"]) << std::flush;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::cerr << "\nprovctl: operation " << id << " still running after " << timeout_s << " s\n";
      return kOperationFailed;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

void add_operation_commands(CLI::App& app, Connection& connection, Action& action) {
  auto* status_cmd = app.add_subcommand("status", "show provd's health");
  status_cmd->callback([&] { action = [&] { return status(connection); }; });

  auto* group = app.add_subcommand("operations", "follow long-running operations");
  group->require_subcommand(1);
  struct Options {
    std::string id;
    bool wait = false;
    bool cancel = false;
    int timeout_s = 120;
  };
  auto options = std::make_shared<Options>();
  auto list_filters = std::make_shared<std::vector<std::string>>();
  auto* list = group->add_subcommand("list", "list operations, newest first (filters: kind=, state=)");
  list->add_option("filters", *list_filters, "field=value filters, e.g. state=running");
  list->callback([&, list_filters] {
    action = [&, list_filters] {
      std::string query = "?sort=-created&limit=1000";
      for (const auto& filter : *list_filters) {
        const auto eq = filter.find('=');
        if (eq == std::string::npos || eq == 0) throw CLI::ValidationError(filter, "a filter reads field=value");
        query += "&" + url_encode(filter.substr(0, eq)) + "=" + url_encode(filter.substr(eq + 1));
      }
      Reply reply = call(connection, "GET", "/api/v1/operations" + query);
      if (!reply.reached || reply.status != 200) return report_failure(reply, connection);
      if (connection.json_output) {
        std::cout << reply.body.dump(2) << "\n";
        return static_cast<int>(kOk);
      }
      std::vector<nlohmann::json> rows;
      for (const auto& operation : reply.body["items"]) {
        rows.push_back({{"id", operation["id"]},
                        {"kind", operation["kind"]},
                        {"state", operation["state"]},
                        {"target", operation["target"].value("device", operation["target"].dump())},
                        {"created", operation["created"]}});
      }
      print_table({"id", "kind", "state", "target", "created"}, rows);
      return static_cast<int>(kOk);
    };
  });
  auto* show = group->add_subcommand("show", "show an operation's state and progress");
  show->add_option("id", options->id)->required();
  show->add_flag("--wait", options->wait, "follow it until it ends");
  show->add_option("--timeout", options->timeout_s, "seconds --wait waits")->check(CLI::Range(1, 3600));
  show->callback([&, options] {
    action = [&, options] {
      if (options->wait) return wait_for_operation(connection, options->id, options->timeout_s);
      return print_reply(connection, call(connection, "GET", "/api/v1/operations/" + url_encode(options->id)), 200,
                         200);
    };
  });
  auto* cancel = group->add_subcommand("cancel", "cancel a running operation");
  cancel->add_option("id", options->id)->required();
  cancel->callback([&, options] {
    action = [&, options] {
      Reply reply = call(connection, "DELETE", "/api/v1/operations/" + url_encode(options->id));
      if (!reply.reached || reply.status != 202) return report_failure(reply, connection);
      return static_cast<int>(kOk);
    };
  });
}

}  // namespace provctl

// `provctl token create|list|revoke`: over the API with an admin token, or offline with
// --store DIR (the store directory, e.g. /var/lib/provd/store) when provd is not running or
// no token exists yet.
#include <charconv>
#include <iostream>
#include <map>
#include <memory>

#include "provctl/commands.h"
#include "rest/tokens.h"
#include "store/store.h"

namespace provctl {
namespace {

struct TokenOptions {
  std::string store_dir;
  std::string name;
  std::string role = "operator";
  std::string expires_in;
  std::string id;
};

// "3600", "90s", "30m", "12h", "30d" -> seconds; 0 for empty (never).
std::int64_t parse_duration(const std::string& text) {
  if (text.empty()) return 0;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  const std::string unit(end, text.data() + text.size());
  static const std::map<std::string, std::int64_t> units = {{"", 1}, {"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}};
  auto it = units.find(unit);
  if (ec != std::errc() || value <= 0 || it == units.end()) {
    throw CLI::ValidationError("--expires-in", "a duration like 3600, 30m, 12h or 30d");
  }
  return value * it->second;
}

int print_created(const Connection& connection, const nlohmann::json& record) {
  if (connection.json_output) {
    std::cout << record.dump(2) << "\n";
  } else {
    // The token alone on stdout, so `provctl token create ... > file` stores just the secret.
    std::cout << record.value("token", "") << "\n";
    std::cerr << "token " << record.value("id", "") << " (" << record.value("name", "") << ", role "
              << record.value("role", "") << ") created; it is shown only once\n";
  }
  return kOk;
}

int create_offline(const Connection& connection, const TokenOptions& options, std::int64_t seconds) {
  provd::store::Store store(options.store_dir);
  provd::rest::Tokens tokens(store);
  const std::int64_t now = provd::rest::unix_now();
  provd::store::WriteTxn txn = store.write();
  auto created = tokens.create(txn, options.name, options.role, seconds ? now + seconds : 0, now);
  if (!created) {
    std::cerr << "provctl: " << created.error().message << "\n";
    return kInvalid;
  }
  txn.commit();
  nlohmann::json record = created->record;
  record["token"] = created->token;
  return print_created(connection, record);
}

}  // namespace

void add_token_commands(CLI::App& app, Connection& connection, Action& action) {
  auto* group = app.add_subcommand("token", "manage API tokens");
  group->require_subcommand(1);
  auto options = std::make_shared<TokenOptions>();

  auto* create = group->add_subcommand("create", "create a token (printed once)");
  create->add_option("--name", options->name, "who or what uses it")->required();
  create->add_option("--role", options->role, "admin, operator or dhcp")
      ->check(CLI::IsMember({"admin", "operator", "dhcp"}));
  create->add_option("--expires-in", options->expires_in, "lifetime: 3600, 30m, 12h, 30d (default: never)");
  create->add_option("--store", options->store_dir, "work offline on this store directory instead of the API");
  create->callback([&, options] {
    const std::int64_t seconds = parse_duration(options->expires_in);
    action = [&, options, seconds] {
      if (!options->store_dir.empty()) return create_offline(connection, *options, seconds);
      Reply reply = call(connection, "POST", "/api/v1/tokens",
                         nlohmann::json{{"name", options->name}, {"role", options->role}, {"expires_in_s", seconds}});
      if (!reply.reached || reply.status != 201) return report_failure(reply, connection);
      return print_created(connection, reply.body);
    };
  });

  auto* list = group->add_subcommand("list", "list tokens (never their secrets)");
  list->add_option("--store", options->store_dir, "work offline on this store directory");
  list->callback([&, options] {
    action = [&, options] {
      nlohmann::json items = nlohmann::json::array();
      if (!options->store_dir.empty()) {
        provd::store::Store store(options->store_dir);
        provd::rest::Tokens tokens(store);
        provd::store::ReadTxn txn = store.read();
        for (auto& token : tokens.list(txn)) items.push_back(std::move(token));
      } else {
        Reply reply = call(connection, "GET", "/api/v1/tokens");
        if (!reply.reached || reply.status != 200) return report_failure(reply, connection);
        items = reply.body["items"];
      }
      if (connection.json_output) {
        std::cout << nlohmann::json{{"items", items}}.dump(2) << "\n";
      } else {
        print_table({"id", "name", "role", "created", "expires"},
                    std::vector<nlohmann::json>(items.begin(), items.end()));
      }
      return static_cast<int>(kOk);
    };
  });

  auto* revoke = group->add_subcommand("revoke", "delete a token");
  revoke->add_option("id", options->id)->required();
  revoke->add_option("--store", options->store_dir, "work offline on this store directory");
  revoke->callback([&, options] {
    action = [&, options] {
      if (!options->store_dir.empty()) {
        provd::store::Store store(options->store_dir);
        provd::rest::Tokens tokens(store);
        provd::store::WriteTxn txn = store.write();
        if (!tokens.revoke(txn, options->id)) {
          std::cerr << "provctl: no token " << options->id << "\n";
          return static_cast<int>(kNotFound);
        }
        txn.commit();
        return static_cast<int>(kOk);
      }
      Reply reply = call(connection, "DELETE", "/api/v1/tokens/" + url_encode(options->id));
      if (!reply.reached || reply.status != 204) return report_failure(reply, connection);
      return static_cast<int>(kOk);
    };
  });
}

}  // namespace provctl

#include "leases/kea_lease_source.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "common/ip_address.h"
#include "common/mac_address.h"
#include "common/unique_fd.h"

namespace provd::leases {
using nlohmann::json;

namespace {

constexpr int kKeaSuccess = 0;
constexpr int kKeaEmpty = 3;
constexpr std::size_t kMaxAnswerBytes = std::size_t{512} << 20;

bool is_option_map(const json& options) {
  if (!options.is_object()) return false;
  for (const auto& [code, value] : options.items()) {
    if (code.empty() || code.size() > 3 || code.find_first_not_of("0123456789") != std::string::npos) return false;
    if (!value.is_object() || !value.contains("hex") || !value["hex"].is_string()) return false;
  }
  return true;
}

// A lease document when the values describe a current association, nullopt otherwise.
std::optional<json> current_lease(std::string_view ip, std::string_view mac, std::string_view client_id,
                                  std::string_view hostname, std::int64_t expires, std::optional<std::int64_t> subnet,
                                  int state, const json& user_context, std::int64_t now_unix) {
  if (state != 0) return std::nullopt;                          // declined or expired-reclaimed
  if (expires != 0 && expires < now_unix) return std::nullopt;  // expired, not yet reclaimed
  auto canonical_mac = normalize_mac(mac);
  auto canonical_ip = normalize_ip(ip);
  if (!canonical_mac || !canonical_ip) return std::nullopt;
  json lease = {{"mac", *canonical_mac}, {"ip", *canonical_ip}, {"expires", expires}};
  if (!hostname.empty()) lease["hostname"] = std::string(hostname);
  if (!client_id.empty()) lease["client_id"] = std::string(client_id);
  if (subnet) lease["subnet_id"] = *subnet;
  if (json options = options_from_user_context(user_context); !options.empty()) lease["options"] = options;
  return lease;
}

// Kea's CSV writer replaces the delimiter (and a few others) inside a field by "&#xHH".
std::string unescape_csv(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field.compare(i, 3, "&#x") == 0 && i + 5 <= field.size()) {
      const std::string hex(field.substr(i + 3, 2));
      if (hex.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos) {
        out.push_back(static_cast<char>(std::stoi(hex, nullptr, 16)));
        i += 4;
        continue;
      }
    }
    out.push_back(field[i]);
  }
  return out;
}

std::vector<std::string_view> split(std::string_view line, char separator) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    std::size_t end = line.find(separator, start);
    fields.push_back(line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

std::optional<std::int64_t> to_int(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

json options_from_user_context(const json& user_context) {
  if (!user_context.is_object()) return json::object();
  auto provd = user_context.find("provd");
  if (provd == user_context.end() || !provd->is_object()) return json::object();
  if (auto options = provd->find("options"); options != provd->end() && is_option_map(*options)) return *options;
  if (is_option_map(*provd)) return *provd;
  return json::object();
}

Result<std::vector<json>> leases_from_get_all(const json& answer_in, std::int64_t now_unix) {
  const json& answer = answer_in.is_array() && answer_in.size() == 1 ? answer_in[0] : answer_in;
  if (!answer.is_object() || !answer.contains("result") || !answer["result"].is_number_integer()) {
    return fail("invalid_document", "lease4-get-all answer has no integer 'result'");
  }
  const int result = answer["result"].get<int>();
  if (result == kKeaEmpty) return std::vector<json>{};
  if (result != kKeaSuccess) {
    return fail("kea_error", fmt::format("lease4-get-all failed (result {}): {}", result,
                                         answer.value("text", std::string{"no text"})));
  }
  const json* list = nullptr;
  if (auto args = answer.find("arguments"); args != answer.end() && args->is_object()) {
    if (auto l = args->find("leases"); l != args->end() && l->is_array()) list = &*l;
  }
  if (list == nullptr) return fail("invalid_document", "lease4-get-all answer has no arguments.leases array");
  std::vector<json> out;
  for (const json& entry : *list) {
    if (!entry.is_object()) continue;
    auto text = [&](const char* key) {
      auto it = entry.find(key);
      return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string{};
    };
    auto number = [&](const char* key) -> std::optional<std::int64_t> {
      auto it = entry.find(key);
      if (it == entry.end() || !it->is_number_integer()) return std::nullopt;
      return it->get<std::int64_t>();
    };
    const std::int64_t valid = number("valid-lft").value_or(0);
    const std::int64_t cltt = number("cltt").value_or(0);
    // An infinite lifetime (0xffffffff) never expires.
    const std::int64_t expires = valid == 0xffffffffLL ? 0 : cltt + valid;
    json context = entry.contains("user-context") ? entry["user-context"] : json();
    if (auto lease =
            current_lease(text("ip-address"), text("hw-address"), text("client-id"), text("hostname"), expires,
                          number("subnet-id"), static_cast<int>(number("state").value_or(0)), context, now_unix)) {
      out.push_back(std::move(*lease));
    }
  }
  return out;
}

Result<std::vector<json>> fetch_leases_from_control_socket(const std::filesystem::path& socket_path,
                                                           std::chrono::milliseconds timeout, std::int64_t now_unix) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string path = socket_path.string();
  if (path.size() >= sizeof(address.sun_path)) return fail("unavailable", "control socket path is too long");
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) throw std::runtime_error(fmt::format("socket(AF_UNIX): {}", std::strerror(errno)));
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0 && errno != EINPROGRESS &&
      errno != EAGAIN) {
    return fail("unavailable", fmt::format("connect {}: {}", path, std::strerror(errno)));
  }
  auto wait = [&](short events) -> Result<void> {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return fail("unavailable", fmt::format("{}: timed out", path));
    pollfd p{fd.get(), events, 0};
    int rc = ::poll(&p, 1, static_cast<int>(left.count()));
    if (rc < 0 && errno != EINTR) return fail("unavailable", fmt::format("poll: {}", std::strerror(errno)));
    if (rc == 0) return fail("unavailable", fmt::format("{}: timed out", path));
    return {};
  };
  const std::string command = R"({"command":"lease4-get-all"})";
  std::size_t sent = 0;
  while (sent < command.size()) {
    if (auto ready = wait(POLLOUT); !ready) return ready.error();
    ssize_t n = ::send(fd.get(), command.data() + sent, command.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n < 0) return fail("unavailable", fmt::format("send to {}: {}", path, std::strerror(errno)));
    sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  char buffer[65536];
  while (true) {
    if (auto ready = wait(POLLIN); !ready) return ready.error();
    ssize_t n = ::recv(fd.get(), buffer, sizeof(buffer), 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n < 0) return fail("unavailable", fmt::format("recv from {}: {}", path, std::strerror(errno)));
    if (n == 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
    if (answer.size() > kMaxAnswerBytes) return fail("invalid_document", "lease4-get-all answer is too large");
  }
  json doc = json::parse(answer, nullptr, false);
  if (doc.is_discarded())
    return fail("invalid_json", fmt::format("{} answered {} bytes of non-JSON", path, answer.size()));
  return leases_from_get_all(doc, now_unix);
}

Result<std::vector<json>> leases_from_memfile_csv(std::string_view text, std::int64_t now_unix,
                                                  std::size_t* skipped_rows) {
  std::size_t skipped = 0;
  std::map<std::string, std::vector<std::string>> by_address;  // address -> last row's fields
  std::map<std::string, std::size_t> column;
  bool header = true;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    start = end == std::string_view::npos ? text.size() : end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    auto fields = split(line, ',');
    if (header) {
      for (std::size_t i = 0; i < fields.size(); ++i) column[std::string(fields[i])] = i;
      for (const char* needed : {"address", "hwaddr", "valid_lifetime", "expire", "state"}) {
        if (!column.contains(needed)) {
          return fail("invalid_document", fmt::format("lease file header lacks the '{}' column", needed));
        }
      }
      header = false;
      continue;
    }
    if (fields.size() < column.size()) {
      ++skipped;
      continue;
    }
    std::vector<std::string> row;
    row.reserve(fields.size());
    for (auto f : fields) row.push_back(unescape_csv(f));
    by_address[row[column["address"]]] = std::move(row);
  }
  if (header) return fail("invalid_document", "lease file has no header line");

  auto field = [&](const std::vector<std::string>& row, const char* name) -> std::string {
    auto it = column.find(name);
    return it == column.end() ? std::string{} : row[it->second];
  };
  std::vector<json> out;
  for (const auto& [address, row] : by_address) {
    auto valid = to_int(field(row, "valid_lifetime"));
    auto expire = to_int(field(row, "expire"));
    auto state = to_int(field(row, "state"));
    if (!valid || !expire || !state) {
      ++skipped;
      continue;
    }
    if (*valid == 0) continue;  // Kea appends a copy with lifetime 0 when it deletes a lease
    auto subnet = to_int(field(row, "subnet_id"));
    json context;
    if (std::string text_context = field(row, "user_context"); !text_context.empty()) {
      context = json::parse(text_context, nullptr, false);
    }
    const std::int64_t expires = *valid == 0xffffffffLL ? 0 : *expire;
    if (auto lease = current_lease(address, field(row, "hwaddr"), field(row, "client_id"), field(row, "hostname"),
                                   expires, subnet, static_cast<int>(*state), context, now_unix)) {
      out.push_back(std::move(*lease));
    }
  }
  if (skipped_rows) *skipped_rows = skipped;
  return out;
}

Result<std::vector<json>> read_leases_from_memfile(const std::filesystem::path& file, std::int64_t now_unix) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail("unavailable", fmt::format("cannot read {}: {}", file.string(), std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  return leases_from_memfile_csv(text.str(), now_unix);
}

}  // namespace provd::leases

#include "leases/socket_file.h"

#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/unique_fd.h"

namespace provd::leases {
namespace {

std::runtime_error system_error(const std::string& what) {
  return std::runtime_error(fmt::format("{}: {}", what, std::strerror(errno)));
}

gid_t group_id(const std::string& name) {
  group entry{};
  group* found = nullptr;
  std::vector<char> buffer(16384);
  if (::getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) {
    throw std::runtime_error(fmt::format("leases.socket_group: no group named '{}'", name));
  }
  return found->gr_gid;
}

// True when a process accepts connections on the socket at `path`.
bool someone_listens(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) throw system_error("socket(AF_UNIX)");
  return ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
}

}  // namespace

ino_t listen_on_socket_file(boost::asio::local::stream_protocol::acceptor& acceptor, const std::filesystem::path& path,
                            const std::string& mode_text, const std::string& group) {
  const std::string final_path = path.string();
  const std::string temporary = fmt::format("{}.new.{}", final_path, ::getpid());
  if (temporary.size() >= sizeof(sockaddr_un{}.sun_path)) {
    throw std::runtime_error(fmt::format("leases.socket_path '{}' is too long for a Unix socket", final_path));
  }
  struct stat existing {};
  if (::lstat(final_path.c_str(), &existing) == 0) {
    if (!S_ISSOCK(existing.st_mode)) {
      throw std::runtime_error(fmt::format("leases.socket_path '{}' exists and is not a socket", final_path));
    }
    if (someone_listens(final_path)) {
      throw std::runtime_error(fmt::format("another process listens on lease socket '{}'", final_path));
    }
  } else if (errno != ENOENT) {
    throw system_error(fmt::format("lstat {}", final_path));
  }
  ::unlink(temporary.c_str());  // left over from a crash between bind and rename
  acceptor.open();
  acceptor.bind(boost::asio::local::stream_protocol::endpoint(temporary));
  // Nobody can connect before listen(): owner and mode are final by then.
  const auto mode = static_cast<mode_t>(std::stoul(mode_text, nullptr, 8));
  if (::chmod(temporary.c_str(), mode) != 0) throw system_error(fmt::format("chmod {}", temporary));
  if (!group.empty() && ::chown(temporary.c_str(), static_cast<uid_t>(-1), group_id(group)) != 0) {
    ::unlink(temporary.c_str());
    throw system_error(fmt::format("chown {} to group {}", temporary, group));
  }
  if (::rename(temporary.c_str(), final_path.c_str()) != 0) {
    ::unlink(temporary.c_str());
    throw system_error(fmt::format("rename {} to {}", temporary, final_path));
  }
  acceptor.listen();
  struct stat bound {};
  if (::lstat(final_path.c_str(), &bound) != 0) throw system_error(fmt::format("lstat {}", final_path));
  return bound.st_ino;
}

void remove_socket_file(const std::filesystem::path& path, ino_t inode) noexcept {
  struct stat current {};
  if (::lstat(path.c_str(), &current) == 0 && S_ISSOCK(current.st_mode) && current.st_ino == inode) {
    ::unlink(path.c_str());
  }
}

}  // namespace provd::leases

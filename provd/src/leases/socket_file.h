// A listening Unix socket file that replaces a stale one safely and only ever appears at its
// final path with its final owner and permissions.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

#include <boost/asio/local/stream_protocol.hpp>

namespace provd::leases {

/// Binds `acceptor` to `path` and listens. An existing socket nobody listens on is replaced; a
/// live one or a file that is not a socket makes it throw (start-up fails loudly). The socket
/// is created under a temporary name, given `mode` (octal text) and `group` (name, empty: keep),
/// then renamed into place, so no one can connect with other permissions.
/// Returns the inode of the bound socket (to remove exactly that file at stop).
ino_t listen_on_socket_file(boost::asio::local::stream_protocol::acceptor& acceptor, const std::filesystem::path& path,
                            const std::string& mode, const std::string& group);

/// Removes `path` if it is still the socket with inode `inode` (a newer provd may own it).
void remove_socket_file(const std::filesystem::path& path, ino_t inode) noexcept;

}  // namespace provd::leases

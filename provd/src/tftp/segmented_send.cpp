#include "tftp/segmented_send.h"

#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103  // linux/udp.h; glibc's netinet/udp.h gained it only in 2.30
#endif

namespace provd::tftp {

std::size_t send_segmented(int fd, const boost::asio::ip::udp::endpoint& to, std::span<const iovec> parts,
                           std::size_t segment_size, boost::system::error_code& ec) {
  ec = {};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(std::uint16_t))] = {};
  msghdr msg{};
  msg.msg_name = const_cast<sockaddr*>(to.data());  // sendmsg only reads it
  msg.msg_namelen = static_cast<socklen_t>(to.size());
  msg.msg_iov = const_cast<iovec*>(parts.data());
  msg.msg_iovlen = parts.size();
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  cmsghdr* cm = CMSG_FIRSTHDR(&msg);
  cm->cmsg_level = SOL_UDP;
  cm->cmsg_type = UDP_SEGMENT;
  cm->cmsg_len = CMSG_LEN(sizeof(std::uint16_t));
  const auto size = static_cast<std::uint16_t>(segment_size);
  std::memcpy(CMSG_DATA(cm), &size, sizeof(size));
  ssize_t sent = 0;
  do {
    sent = ::sendmsg(fd, &msg, MSG_DONTWAIT);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) {
    ec.assign(errno, boost::system::system_category());
    return 0;
  }
  return static_cast<std::size_t>(sent);
}

}  // namespace provd::tftp

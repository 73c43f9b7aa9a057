// Sending a window of DATA packets with UDP generic segmentation offload (GSO, Linux >= 4.18):
// one sendmsg(2) carries up to 64 equal-sized datagrams, which the kernel (or the NIC) splits
// on the way out. The wire sees exactly the datagrams separate sends would have produced.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <span>

#include <boost/asio/ip/udp.hpp>
#include <boost/system/error_code.hpp>

namespace provd::tftp {

/// Most datagrams one segmented send may carry (the kernel's UDP_MAX_SEGMENTS is 64 or more).
inline constexpr std::size_t kMaxSegments = 64;
/// Most payload bytes one segmented send may carry (a UDP length field's worth).
inline constexpr std::size_t kMaxSegmentedBytes = 65507;

/// Sends the bytes of `parts` as datagrams of `segment_size` bytes each (the last may be
/// shorter) to `to` in one call; the byte count, or `ec` set (EINVAL/EIO: the path cannot
/// segment, e.g. a segment above the MTU; send them one by one instead).
std::size_t send_segmented(int fd, const boost::asio::ip::udp::endpoint& to, std::span<const iovec> parts,
                           std::size_t segment_size, boost::system::error_code& ec);

}  // namespace provd::tftp

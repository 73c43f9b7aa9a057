// UDP segmentation offload as the TFTP server uses it: one send, the client sees separate
// datagrams exactly as if each had been sent alone.
#include <gtest/gtest.h>

#include <sys/uio.h>

#include <array>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include "tftp/segmented_send.h"

namespace provd::tftp {
namespace {

namespace asio = boost::asio;
using asio::ip::udp;

TEST(TftpSegmentedSend, OneSendArrivesAsEqualDatagramsAndAShorterLast) {
  asio::io_context io;
  udp::socket receiver(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  udp::socket sender(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  // Header and payload in separate parts, as DATA packets are built: the kernel segments by
  // byte count, not by part.
  std::array<std::string, 6> parts{"H1", "aaaa", "H2", "bbbb", "H3", "c"};
  std::vector<iovec> iov;
  for (auto& p : parts) iov.push_back(iovec{p.data(), p.size()});
  boost::system::error_code ec;
  const std::size_t sent = send_segmented(sender.native_handle(), receiver.local_endpoint(), iov, 6, ec);
  if (ec == boost::system::errc::invalid_argument || ec == boost::system::errc::no_protocol_option)
    GTEST_SKIP() << "this kernel has no UDP segmentation: " << ec.message();
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(sent, 15u);
  std::vector<std::string> got;
  std::array<char, 64> buf{};
  for (int i = 0; i < 3; ++i) {
    udp::endpoint from;
    const std::size_t n = receiver.receive_from(asio::buffer(buf), from);
    EXPECT_EQ(from, sender.local_endpoint());
    got.emplace_back(buf.data(), n);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"H1aaaa", "H2bbbb", "H3c"}));
}

TEST(TftpSegmentedSend, AnOversizedBatchIsRefusedNotTruncated) {
  asio::io_context io;
  udp::socket receiver(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  udp::socket sender(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::string big(kMaxSegmentedBytes + 1, 'x');
  std::array<iovec, 1> iov{iovec{big.data(), big.size()}};
  boost::system::error_code ec;
  EXPECT_EQ(send_segmented(sender.native_handle(), receiver.local_endpoint(), iov, 1024, ec), 0u);
  EXPECT_TRUE(ec);  // the caller falls back to single datagrams
}

}  // namespace
}  // namespace provd::tftp

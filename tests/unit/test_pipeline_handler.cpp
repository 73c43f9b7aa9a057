// The provisioning handler's answer cache against a real store and real plugins: a repeated
// request is answered at once, any store commit ends that, and only answers that may be
// shared (in memory, not refusals) are kept.
#include <filesystem>
#include <fstream>
#include <future>

#include "ident/pipeline_handler.h"
#include "metrics/registry.h"
#include "support_pipeline.h"

namespace provd::ident {
namespace {

using namespace std::chrono_literals;
using Status = serve::Answer::Status;

constexpr const char* kUa6730iA = "Aastra6730i MAC:00-08-5D-11-22-33 V:3.2.2.1136-SIP";

class PipelineHandlerTest : public test::PipelineFixture {
 protected:
  boost::asio::thread_pool blocking{1};
  std::unique_ptr<PipelineHandler> handler;

  void TearDown() override { blocking.join(); }

  PipelineHandler& with_cache(AnswerCache::Limits limits = {10s, 1 << 20}) {
    handler = std::make_unique<PipelineHandler>(std::make_shared<Pipeline>(plugins, store, settings), blocking, limits);
    return *handler;
  }

  static serve::Request request(const std::string& path, const std::string& ua = kUa6730iA) {
    serve::Request r;
    r.protocol = serve::Protocol::kHttp;
    r.source_ip = "192.0.2.10";
    r.path = path;
    if (!ua.empty()) r.headers = {{"user-agent", ua}};
    return r;
  }

  // The answer through the pipeline (the blocking pool).
  serve::Answer run(const serve::Request& r) {
    std::promise<serve::Answer> promise;
    auto future = promise.get_future();
    handler->async_handle(r, [&](serve::Answer a) { promise.set_value(std::move(a)); });
    EXPECT_EQ(future.wait_for(60s), std::future_status::ready);
    return future.get();
  }
};

TEST_F(PipelineHandlerTest, ARepeatedRequestIsAnsweredAtOnceUntilTheStoreChanges) {
  add_device({{"mac", "00:08:5d:11:22:33"}, {"plugin", "aastra-3.2.0.1011"}, {"ip", "192.0.2.10"}});
  auto& h = with_cache();
  const auto r = request("/00085D112233.cfg");
  EXPECT_FALSE(h.answer_now(r)) << "nothing answered yet";
  run(r);  // settles the device (a commit: its own answer is stamped stale)
  const serve::Answer through_pipeline = run(r);
  ASSERT_EQ(through_pipeline.status, Status::kOk);
  auto& answers = metrics::counter("provd_provisioning_answers_total", "",
                                   {{"protocol", "http"}, {"plugin", "aastra-3.2.0.1011"}, {"result", "ok"}});
  auto& hits = metrics::counter("provd_provisioning_cache_total", "", {{"result", "hit"}});
  const auto answers_before = answers.value();
  const auto hits_before = hits.value();
  auto at_once = h.answer_now(r);
  ASSERT_TRUE(at_once);
  EXPECT_EQ(answers.value(), answers_before + 1) << "a hit is counted like any answer";
  EXPECT_EQ(hits.value(), hits_before + 1);
  EXPECT_EQ(at_once->status, Status::kOk);
  EXPECT_EQ(body(*at_once), body(through_pipeline));
  EXPECT_EQ(at_once->etag, through_pipeline.etag);
  EXPECT_FALSE(h.answer_now(request("/00085D112233.cfg", ""))) << "another User-Agent is another request";

  // Any commit (here: the device's description) and the next request runs the pipeline again.
  auto device = *device_by_mac("00:08:5d:11:22:33");
  device["description"] = "front desk";
  put_device(device);
  EXPECT_FALSE(h.answer_now(r));
  run(r);
  EXPECT_TRUE(h.answer_now(r));
  // So does a lease event (the IP<->MAC table is in the store too).
  add_lease("00:08:5d:11:22:33", "192.0.2.10");
  EXPECT_FALSE(h.answer_now(r));
}

TEST_F(PipelineHandlerTest, APluginReloadEndsTheHit) {
  add_device({{"mac", "00:08:5d:11:22:33"}, {"plugin", "aastra-3.2.0.1011"}, {"ip", "192.0.2.10"}});
  auto registry =
      std::make_shared<plugins::PluginRegistry>(std::vector<std::filesystem::path>{PROVD_SOURCE_DIR "/plugins"});
  handler = std::make_unique<PipelineHandler>(std::make_shared<Pipeline>(registry, store, settings), blocking,
                                              AnswerCache::Limits{10s, 1 << 20});
  const auto r = request("/00085D112233.cfg");
  run(r);
  run(r);
  ASSERT_TRUE(handler->answer_now(r));
  registry->reload();  // as an install or an upgrade publishes a new plugin set
  EXPECT_FALSE(handler->answer_now(r));
}

TEST_F(PipelineHandlerTest, NotFoundIsKeptRefusalsAreNot) {
  add_device({{"mac", "00:08:5d:11:22:33"}, {"plugin", "aastra-3.2.0.1011"}, {"ip", "192.0.2.10"}});
  add_device({{"mac", "00:08:5d:44:55:66"}, {"plugin", "aastra-3.2.0.1011"}});
  auto& h = with_cache();
  run(request("/settle.cfg"));
  const auto missing = request("/nothing.here");
  ASSERT_EQ(run(missing).status, Status::kNotFound);
  auto kept = h.answer_now(missing);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->status, Status::kNotFound);
  // A guessed MAC is refused, and logged, every time: never from memory.
  const auto guessed = request("/00085D445566.cfg");
  ASSERT_EQ(run(guessed).status, Status::kForbidden);
  EXPECT_FALSE(h.answer_now(guessed));
}

TEST_F(PipelineHandlerTest, SmallFilesAreKeptInMemoryLargeOnesAreStreamedEachTime) {
  // The provd-static fixture plugin answers every request from its own tree.
  const auto root = dir.path() / "plugins" / "provd-static-1.0";
  std::filesystem::create_directories(root / "var" / "tftpboot");
  std::filesystem::copy_file(PROVD_SOURCE_DIR "/tests/fixtures/plugins/provd-static-1.0/plugin.json",
                             root / "plugin.json");
  std::ofstream(root / "var" / "tftpboot" / "small.bin") << std::string(2048, 's');
  std::ofstream(root / "var" / "tftpboot" / "large.bin") << std::string(100 * 1024, 'l');
  plugins = std::make_shared<const plugins::PluginSet>(plugins::PluginSet::load(dir.path() / "plugins"));
  auto& h = with_cache();
  run(request("/small.bin", ""));  // creates the device: a commit
  const serve::Answer small = run(request("/small.bin", ""));
  ASSERT_EQ(small.status, Status::kOk);
  EXPECT_TRUE(std::holds_alternative<serve::MemoryBody>(small.body)) << "read whole by the pool";
  auto again = h.answer_now(request("/small.bin", ""));
  ASSERT_TRUE(again);
  EXPECT_EQ(body(*again), std::string(2048, 's'));
  const serve::Answer large = run(request("/large.bin", ""));
  ASSERT_EQ(large.status, Status::kOk);
  EXPECT_TRUE(std::holds_alternative<serve::FileBody>(large.body));
  EXPECT_FALSE(h.answer_now(request("/large.bin", "")));
}

TEST_F(PipelineHandlerTest, WithoutACacheNothingIsAnsweredAtOnce) {
  add_device({{"mac", "00:08:5d:11:22:33"}, {"plugin", "aastra-3.2.0.1011"}, {"ip", "192.0.2.10"}});
  auto& h = with_cache({0ms, 1 << 20});
  const auto r = request("/00085D112233.cfg");
  run(r);
  ASSERT_EQ(run(r).status, Status::kOk);
  EXPECT_FALSE(h.answer_now(r));
}

}  // namespace
}  // namespace provd::ident

#include "ident/pipeline_handler.h"

#include <optional>
#include <tuple>
#include <utility>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

#include "ident/log_text.h"
#include "metrics/registry.h"

namespace provd::ident {
namespace {

// The per-request counters (looked up once per answer: a cached answer keeps them).
std::pair<metrics::Counter*, metrics::Counter*> counters(const Inputs& inputs, std::string_view plugin,
                                                         serve::Answer::Status status,
                                                         std::string_view identification) {
  const std::string protocol(to_string(inputs.channel));
  auto& answers = metrics::counter(
      "provd_provisioning_answers_total", "Provisioning answers by protocol, plugin and result",
      {{"protocol", protocol}, {"plugin", std::string(plugin)}, {"result", std::string(serve::to_string(status))}});
  auto& identifications = metrics::counter("provd_identification_total",
                                           "Identification outcomes: known device, created device, unidentified, error",
                                           {{"protocol", protocol}, {"outcome", std::string(identification)}});
  return {&answers, &identifications};
}

// The answer as the cache keeps it, or null when it must not be reused: refusals log a
// warning each time, errors must be retried, and open files cannot be shared (small ones
// have been read into memory before this).
std::shared_ptr<const CachedAnswer> cacheable(const serve::Answer& answer, const Outcome& outcome,
                                              const std::string& identification,
                                              std::pair<metrics::Counter*, metrics::Counter*> counted) {
  if (outcome.created) return nullptr;  // the creation committed: the stamp is stale already
  auto kept = std::make_shared<CachedAnswer>();
  if (answer.status == serve::Answer::Status::kOk) {
    const auto* memory = std::get_if<serve::MemoryBody>(&answer.body);
    if (memory == nullptr || !memory->data) return nullptr;
    kept->body = memory->data;
  } else if (answer.status != serve::Answer::Status::kNotFound) {
    return nullptr;
  }
  kept->status = answer.status;
  kept->content_type = answer.content_type;
  kept->modified = answer.modified;
  kept->etag = answer.etag;
  kept->reason = answer.reason;
  if (outcome.device) kept->device = outcome.device->value("id", "-");
  kept->plugin = outcome.plugin.value_or("-");
  kept->route = outcome.route.value_or("-");
  kept->identification = identification;
  std::tie(kept->answers, kept->identifications) = counted;
  return kept;
}

}  // namespace

PipelineHandler::PipelineHandler(std::shared_ptr<Pipeline> pipeline, boost::asio::thread_pool& blocking,
                                 AnswerCache::Limits cache)
    : pipeline_(std::move(pipeline)), blocking_(blocking), cache_(std::make_shared<AnswerCache>(cache)) {}

std::optional<serve::Answer> PipelineHandler::answer_now(const serve::Request& request) {
  if (!cache_->enabled()) return std::nullopt;
  static auto& hits = metrics::counter("provd_provisioning_cache_total",
                                       "Provisioning requests looked up in the answer cache", {{"result", "hit"}});
  static auto& misses = metrics::counter("provd_provisioning_cache_total",
                                         "Provisioning requests looked up in the answer cache", {{"result", "miss"}});
  const Inputs inputs = Inputs::from_request(request);
  const auto kept = cache_->find(AnswerCache::key(inputs), pipeline_->stamp());
  if (!kept) {
    misses.inc();
    return std::nullopt;
  }
  hits.inc();
  spdlog::info("event=provisioning.request protocol={} ip={} path={} device={} plugin={} route={} status={} cache=hit",
               to_string(inputs.channel), inputs.source_ip, log_text(inputs.path), kept->device, kept->plugin,
               log_text(kept->route), serve::to_string(kept->status));
  kept->answers->inc();
  kept->identifications->inc();
  return kept->to_answer();
}

void PipelineHandler::async_handle(serve::Request request, serve::AnswerCallback done) {
  boost::asio::post(
      blocking_, [pipeline = pipeline_, cache = cache_, request = std::move(request), done = std::move(done)]() {
        const Inputs inputs = Inputs::from_request(request);
        serve::Answer answer;
        std::string plugin = "none";
        std::string identification = "unidentified";  // no device matched or created
        std::optional<std::pair<metrics::Counter*, metrics::Counter*>> counted;
        try {
          // Taken before the run: a commit or a plugin reload during it makes the stamp stale,
          // never the cached answer wrong.
          AnswerStamp stamp = cache->enabled() ? pipeline->stamp() : AnswerStamp{};
          Outcome outcome = pipeline->run(inputs);
          spdlog::info("event=provisioning.request protocol={} ip={} path={} device={} plugin={} route={} status={}",
                       to_string(inputs.channel), inputs.source_ip, log_text(inputs.path),
                       outcome.device ? outcome.device->value("id", "-") : "-", outcome.plugin.value_or("-"),
                       log_text(outcome.route.value_or("-")), serve::to_string(outcome.answer.status));
          if (outcome.plugin) plugin = *outcome.plugin;
          if (outcome.device) identification = outcome.created ? "created" : "known";
          answer = std::move(outcome.answer);
          if (cache->enabled()) {
            serve::inline_small_file(answer);
            counted = counters(inputs, plugin, answer.status, identification);
            if (auto kept = cacheable(answer, outcome, identification, *counted)) {
              cache->store(AnswerCache::key(inputs), std::move(stamp), std::move(kept));
            }
          }
        } catch (const std::exception& e) {  // a store or render failure ends this request only
          spdlog::error("event=provisioning.error protocol={} ip={} path={} error={}", to_string(inputs.channel),
                        inputs.source_ip, log_text(inputs.path), log_text(e.what()));
          answer = serve::Answer::not_found("internal error");
          answer.status = serve::Answer::Status::kUnavailable;
          identification = "error";
          counted.reset();
        }
        if (!counted) counted = counters(inputs, plugin, answer.status, identification);
        counted->first->inc();
        counted->second->inc();
        done(std::move(answer));
      });
}

}  // namespace provd::ident

#include "serve/provisioning_handler.h"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "ident/pipeline.h"
#include "ident/pipeline_handler.h"
#include "plugins/plugin_set.h"
#include "serve/guarded_handler.h"

namespace provd::serve {

std::shared_ptr<ident::Pipeline> make_pipeline(runtime::Runtime& runtime, store::Store& store,
                                               std::shared_ptr<plugins::PluginRegistry> plugins) {
  const auto settings = runtime.settings();
  const auto loaded = plugins->current();
  spdlog::info("event=pipeline.ready plugins={} broken={}", loaded->plugins().size(), loaded->errors().size());
  return std::make_shared<ident::Pipeline>(std::move(plugins), store, settings->pipeline);
}

std::shared_ptr<RequestHandler> make_provisioning_handler(runtime::Runtime& runtime,
                                                          std::shared_ptr<ident::Pipeline> pipeline) {
  const auto settings = runtime.settings();
  const ident::AnswerCache::Limits cache{std::chrono::milliseconds(settings->pipeline.answer_cache_ms),
                                         static_cast<std::size_t>(settings->pipeline.answer_cache_bytes)};
  auto answering = std::make_shared<ident::PipelineHandler>(std::move(pipeline), runtime.blocking(), cache);
  const HandlerLimits limits{std::chrono::milliseconds(settings->pipeline.answer_timeout_ms),
                             static_cast<std::size_t>(settings->pipeline.max_pending)};
  return std::make_shared<GuardedHandler>(std::move(answering), runtime.spread(), limits);
}

}  // namespace provd::serve

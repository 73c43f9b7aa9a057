#include "serve/provisioning_handler.h"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "ident/pipeline.h"
#include "plugins/plugin_set.h"

namespace provd::serve {

std::shared_ptr<ident::Pipeline> make_pipeline(runtime::Runtime& runtime, store::Store& store) {
  const auto settings = runtime.settings();
  auto plugins = std::make_shared<const plugins::PluginSet>(plugins::PluginSet::load(settings->general.plugins_dir));
  spdlog::info("event=pipeline.ready plugins={} broken={}", plugins->plugins().size(), plugins->errors().size());
  return std::make_shared<ident::Pipeline>(std::move(plugins), store, settings->pipeline);
}

std::shared_ptr<RequestHandler> make_provisioning_handler(runtime::Runtime& runtime, store::Store& store) {
  // The listeners share one pipeline: the plugins loaded now, the device store, one cache.
  return make_provisioning_handler(runtime, make_pipeline(runtime, store));
}

std::shared_ptr<RequestHandler> make_provisioning_handler(runtime::Runtime& runtime,
                                                          std::shared_ptr<ident::Pipeline> pipeline) {
  return std::make_shared<ident::PipelineHandler>(std::move(pipeline), runtime.blocking());
}

}  // namespace provd::serve

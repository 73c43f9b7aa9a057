#pragma once

#include <memory>

#include "ident/pipeline.h"
#include "plugins/plugin_registry.h"
#include "runtime/runtime.h"
#include "serve/request.h"
#include "store/store.h"

namespace provd::serve {

/// The identification pipeline of this process over the device store; each request uses the
/// plugins `plugins` holds when it starts, so installs and upgrades apply without a restart.
std::shared_ptr<ident::Pipeline> make_pipeline(runtime::Runtime& runtime, store::Store& store,
                                               std::shared_ptr<plugins::PluginRegistry> plugins);

/// The handler every provisioning listener (TFTP, HTTP, HTTPS) shares, over a pipeline also used
/// by the lease feed's identification; bounded by pipeline.answer_timeout_ms and max_pending.
std::shared_ptr<RequestHandler> make_provisioning_handler(runtime::Runtime& runtime,
                                                          std::shared_ptr<ident::Pipeline> pipeline);

}  // namespace provd::serve

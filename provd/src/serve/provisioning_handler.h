#pragma once

#include <memory>

#include "plugins/plugin_registry.h"
#include "runtime/runtime.h"
#include "serve/request.h"
#include "store/store.h"

namespace provd::serve {

/// The handler every provisioning listener (TFTP, HTTP, HTTPS) of this process shares; it
/// serves whatever `plugins` holds when each request starts.
std::shared_ptr<RequestHandler> make_provisioning_handler(runtime::Runtime& runtime, store::Store& store,
                                                          std::shared_ptr<plugins::PluginRegistry> plugins);

}  // namespace provd::serve

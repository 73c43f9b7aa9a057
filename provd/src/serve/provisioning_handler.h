#pragma once

#include <memory>

#include "ident/pipeline.h"
#include "runtime/runtime.h"
#include "serve/request.h"
#include "store/store.h"

namespace provd::serve {

/// The identification pipeline of this process: the plugins loaded now, the device store, one cache.
std::shared_ptr<ident::Pipeline> make_pipeline(runtime::Runtime& runtime, store::Store& store);

/// The handler every provisioning listener (TFTP, HTTP, HTTPS) of this process shares.
std::shared_ptr<RequestHandler> make_provisioning_handler(runtime::Runtime& runtime, store::Store& store);

/// The same handler over a pipeline shared with other users (the lease feed's identification).
std::shared_ptr<RequestHandler> make_provisioning_handler(runtime::Runtime& runtime,
                                                          std::shared_ptr<ident::Pipeline> pipeline);

}  // namespace provd::serve

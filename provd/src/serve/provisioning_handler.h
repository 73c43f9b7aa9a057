#pragma once

#include <memory>

#include "runtime/runtime.h"
#include "serve/request.h"
#include "store/store.h"

namespace provd::serve {

/// The handler every provisioning listener (TFTP, HTTP, HTTPS) of this process shares.
std::shared_ptr<RequestHandler> make_provisioning_handler(runtime::Runtime& runtime, store::Store& store);

}  // namespace provd::serve

#pragma once

#include <memory>

#include "net/http_listener.h"
#include "runtime/runtime.h"
#include "store/store.h"

namespace provd::rest {

/// Builds the REST/management listener (rest.bind:rest.port). Today it serves GET /status;
/// the /api/v1 resources of the management issue plug into the same router.
std::shared_ptr<net::HttpListener> make_rest_listener(runtime::Runtime& runtime, store::Store& store);

}  // namespace provd::rest

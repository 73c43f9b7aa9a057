#pragma once

#include <nlohmann/json.hpp>

#include "runtime/runtime.h"
#include "store/store.h"

namespace provd::rest {

/// The body of GET /status: version, uptime, each listener's state, store health.
nlohmann::json status_document(runtime::Runtime& runtime, store::Store& store);

}  // namespace provd::rest

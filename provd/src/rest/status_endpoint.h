#pragma once

#include <nlohmann/json.hpp>

#include "plugins/plugin_registry.h"
#include "runtime/runtime.h"
#include "store/store.h"

namespace provd::rest {

/// The body of GET /status: version, uptime, each listener's state, store and plugin health.
/// `plugins` may be null (a listener without plugins): the section is then left out.
nlohmann::json status_document(runtime::Runtime& runtime, store::Store& store, const plugins::PluginRegistry* plugins);

}  // namespace provd::rest

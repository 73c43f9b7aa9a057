#pragma once

#include <memory>

#include "net/http_listener.h"
#include "plugins/plugin_registry.h"
#include "runtime/runtime.h"
#include "store/store.h"

namespace provd::rest {

/// Builds the REST/management listener (rest.bind:rest.port). Today it serves GET /status;
/// the /api/v1 resources of the management issue plug into the same router.
/// `plugins` is the set the provisioning handler serves; /plugins installs replace it.
std::shared_ptr<net::HttpListener> make_rest_listener(runtime::Runtime& runtime, store::Store& store,
                                                      std::shared_ptr<plugins::PluginRegistry> plugin_registry);

}  // namespace provd::rest

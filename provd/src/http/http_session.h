// Internal to the HTTP server: one accepted connection, from TLS handshake (if any) to close.
#pragma once

#include <memory>
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without including it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "http/server_core.h"

namespace provd::http {

/// Serves requests on `socket` until the client leaves, a limit or timeout ends the
/// connection, or the server stops; then removes `state` from `core`'s books.
boost::asio::awaitable<void> run_connection(std::shared_ptr<ProvisioningHttpServer::Core> core,
                                            std::shared_ptr<SessionState> state, boost::asio::ip::tcp::socket socket);

}  // namespace provd::http

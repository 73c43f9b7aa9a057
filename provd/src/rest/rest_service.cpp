#include "rest/rest_service.h"

#include "rest/status_endpoint.h"

namespace provd::rest {
namespace http = boost::beast::http;

std::shared_ptr<net::HttpListener> make_rest_listener(runtime::Runtime& runtime, store::Store& store) {
  auto settings = runtime.settings();
  net::HttpHandler handler = [&runtime, &store](net::HttpRequest request,
                                                net::Peer) -> boost::asio::awaitable<net::HttpResponse> {
    const std::string_view target(request.target().data(), request.target().size());
    const std::string_view path = target.substr(0, target.find('?'));
    if (path == "/status") {
      if (request.method() != http::verb::get && request.method() != http::verb::head) {
        co_return net::json_response(request, http::status::method_not_allowed,
                                     {{"error", "method_not_allowed"}, {"message", "use GET"}});
      }
      co_return net::json_response(request, http::status::ok, status_document(runtime, store));
    }
    co_return net::json_response(request, http::status::not_found,
                                 {{"error", "not_found"}, {"message", "no such resource"}});
  };
  return std::make_shared<net::HttpListener>("rest", runtime.io(), settings->rest.bind,
                                             static_cast<std::uint16_t>(settings->rest.port), net::HttpLimits{},
                                             std::move(handler));
}

}  // namespace provd::rest

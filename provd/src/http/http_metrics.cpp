#include "http/http_metrics.h"

#include <string>

namespace provd::http {
namespace {

constexpr std::string_view kMethods[] = {"GET", "HEAD", "other"};
constexpr std::string_view kRequestsHelp = "Provisioning HTTP requests answered, by method and status";

}  // namespace

HttpMetrics::HttpMetrics(std::string_view protocol) : protocol_(protocol) {
  for (std::size_t m = 0; m < 3; ++m) {
    for (std::size_t s = 0; s < kStatusCount; ++s) {
      const std::string status = s + 1 < kStatusCount ? std::to_string(kStatuses[s]) : "other";
      requests_[m][s] =
          &metrics::counter("provd_http_requests_total", kRequestsHelp,
                            {{"protocol", protocol_}, {"method", std::string(kMethods[m])}, {"status", status}});
    }
  }
  bytes_ = &metrics::counter("provd_http_sent_bytes_total", "Body bytes sent by the provisioning HTTP servers",
                             {{"protocol", protocol_}});
  connections_ =
      &metrics::gauge("provd_http_connections", "Open provisioning HTTP connections", {{"protocol", protocol_}});
}

void HttpMetrics::request(std::string_view method, unsigned status) {
  const std::size_t m = method == "GET" ? 0 : method == "HEAD" ? 1 : 2;
  std::size_t s = 0;
  while (s + 1 < kStatusCount && kStatuses[s] != status) ++s;
  requests_[m][s]->inc();
}

void HttpMetrics::refused(std::string_view reason) {
  // Reasons come from a fixed vocabulary (the normaliser's codes and the limits), so the
  // label set stays small; the registry lookup is fine on this uncommon path.
  metrics::counter("provd_http_refused_total", "Provisioning HTTP requests and connections refused, by reason",
                   {{"protocol", protocol_}, {"reason", std::string(reason)}})
      .inc();
}

}  // namespace provd::http

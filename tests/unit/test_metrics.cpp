#include <gtest/gtest.h>

#include "metrics/registry.h"

namespace provd::metrics {
namespace {

TEST(Metrics, CountersAndGaugesRenderAsPrometheusText) {
  auto& ok = counter("provd_test_requests_total", "Requests in this test.", {{"protocol", "tftp"}, {"result", "ok"}});
  auto& nf =
      counter("provd_test_requests_total", "Requests in this test.", {{"protocol", "tftp"}, {"result", "not_found"}});
  ok.inc();
  ok.inc(2);
  nf.inc();
  gauge("provd_test_in_flight", "In flight.").set(5);
  EXPECT_EQ(&ok, &counter("provd_test_requests_total", "", {{"protocol", "tftp"}, {"result", "ok"}}));
  const std::string text = render_prometheus();
  EXPECT_NE(text.find("# TYPE provd_test_requests_total counter"), std::string::npos) << text;
  EXPECT_NE(text.find("provd_test_requests_total{protocol=\"tftp\",result=\"ok\"} 3"), std::string::npos) << text;
  EXPECT_NE(text.find("provd_test_requests_total{protocol=\"tftp\",result=\"not_found\"} 1"), std::string::npos);
  EXPECT_NE(text.find("# TYPE provd_test_in_flight gauge\nprovd_test_in_flight 5"), std::string::npos) << text;
}

TEST(Metrics, OneNameCannotBeBothKinds) {
  counter("provd_test_kind", "x");
  EXPECT_THROW(gauge("provd_test_kind", "x"), std::logic_error);
}

TEST(Metrics, LabelValuesAreEscaped) {
  counter("provd_test_escape_total", "x", {{"path", "a\"b\\c\nd"}}).inc();
  EXPECT_NE(render_prometheus().find(R"(provd_test_escape_total{path="a\"b\\c\nd"} 1)"), std::string::npos);
}

}  // namespace
}  // namespace provd::metrics

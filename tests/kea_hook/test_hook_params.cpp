// load()'s parameter table: the defaults, and one case per way a parameter can be wrong,
// each refused with a message that names the key.
#include <gtest/gtest.h>

#include <string>

#include "hook_params.h"

namespace provd::kea_hook {
namespace {

HookParams parse(const std::string& json) {
  return parseHookParams(isc::data::Element::fromJSON(json));
}

std::string errorOf(const std::string& json) {
  try {
    parse(json);
  } catch (const ParamError& error) {
    return error.what();
  }
  return "accepted";
}

TEST(HookParams, DefaultsApplyWithOnlyTheSocketPath) {
  HookParams params = parse(R"({"socket-path": "/run/provd/leases.sock"})");
  EXPECT_EQ(params.socket_path, "/run/provd/leases.sock");
  EXPECT_EQ(params.queue_size, 65536u);
  EXPECT_EQ(params.options, (std::vector<std::uint8_t>{12, 55, 60, 61, 77, 82}));
  EXPECT_EQ(params.stash_options, (std::vector<std::uint8_t>{60}));
  EXPECT_EQ(params.reconnect_min.count(), 100);
  EXPECT_EQ(params.reconnect_max.count(), 5000);
  EXPECT_EQ(params.ack_timeout.count(), 10000);
  EXPECT_EQ(params.flush_interval.count(), 20);
  EXPECT_EQ(params.commit_hook_point, CommitHookPoint::lease4_select);
}

TEST(HookParams, EveryParameterIsApplied) {
  HookParams params = parse(R"({"socket-path": "/s", "queue-size": 4, "options": [60, 1, 254],
                               "stash-options": [60, 77], "reconnect-min-ms": 10, "reconnect-max-ms": 10, "ack-timeout-ms": 100,
                               "flush-interval-ms": 0, "commit-hook-point": "leases4_committed"})");
  EXPECT_EQ(params.queue_size, 4u);
  EXPECT_EQ(params.options, (std::vector<std::uint8_t>{60, 1, 254}));
  EXPECT_EQ(params.stash_options, (std::vector<std::uint8_t>{60, 77}));
  EXPECT_EQ(params.reconnect_min.count(), 10);
  EXPECT_EQ(params.reconnect_max.count(), 10);
  EXPECT_EQ(params.ack_timeout.count(), 100);
  EXPECT_EQ(params.flush_interval.count(), 0);
  EXPECT_EQ(params.commit_hook_point, CommitHookPoint::leases4_committed);
  EXPECT_EQ(parse(R"({"socket-path": "/s", "commit-hook-point": "lease4_select"})").commit_hook_point,
            CommitHookPoint::lease4_select);
  EXPECT_TRUE(parse(R"({"socket-path": "/s", "options": []})").options.empty());
}

struct BadCase {
  std::string name;
  std::string json;
  std::string message;  // a part of the expected error
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const BadCase& bad, std::ostream* out) {
  *out << bad.name;
}

class BadParameter : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadParameter, IsRefusedWithAMessageNamingTheKey) {
  std::string error = errorOf(GetParam().json);
  EXPECT_NE(error, "accepted");
  EXPECT_NE(error.find(GetParam().message), std::string::npos) << error;
}

INSTANTIATE_TEST_SUITE_P(
    EachBadParameter, BadParameter,
    ::testing::Values(
        BadCase{"no_parameters", "null", "parameter 'socket-path' is required"},
        BadCase{"not_a_map", "[1]", "parameters must be a map"},
        BadCase{"missing_socket_path", R"({"queue-size": 10})", "parameter 'socket-path' is required"},
        BadCase{"socket_path_not_string", R"({"socket-path": 5})", "parameter 'socket-path' must be an absolute path"},
        BadCase{"socket_path_relative", R"({"socket-path": "run/x.sock"})",
                "parameter 'socket-path' must be an absolute path"},
        BadCase{"socket_path_empty", R"({"socket-path": ""})", "parameter 'socket-path' must be an absolute path"},
        BadCase{"socket_path_too_long", R"({"socket-path": "/)" + std::string(107, 'a') + R"("})",
                "parameter 'socket-path' must be an absolute path of at most 107 bytes"},
        BadCase{"queue_size_too_small", R"({"socket-path": "/s", "queue-size": 3})",
                "parameter 'queue-size' must be an integer from 4 to 1048576, got 3"},
        BadCase{"queue_size_too_big", R"({"socket-path": "/s", "queue-size": 1048577})",
                "parameter 'queue-size' must be an integer from 4 to 1048576, got 1048577"},
        BadCase{"queue_size_not_integer", R"({"socket-path": "/s", "queue-size": "100"})",
                "parameter 'queue-size' must be an integer"},
        BadCase{"options_not_list", R"({"socket-path": "/s", "options": 60})", "parameter 'options' must be a list"},
        BadCase{"option_zero", R"({"socket-path": "/s", "options": [0]})",
                "parameter 'options' must be a list of distinct DHCP option codes from 1 to 254"},
        BadCase{"option_255", R"({"socket-path": "/s", "options": [60, 255]})", "got 255"},
        BadCase{"option_not_integer", R"({"socket-path": "/s", "options": ["60"]})", "parameter 'options'"},
        BadCase{"option_twice", R"({"socket-path": "/s", "options": [60, 12, 60]})", "60 twice"},
        BadCase{"stash_option_255", R"({"socket-path": "/s", "stash-options": [255]})",
                "parameter 'stash-options' must be a list of distinct DHCP option codes from 1 to 254, got 255"},
        BadCase{"stash_options_not_list", R"({"socket-path": "/s", "stash-options": "60"})",
                "parameter 'stash-options'"},
        BadCase{"reconnect_min_too_small", R"({"socket-path": "/s", "reconnect-min-ms": 9})",
                "parameter 'reconnect-min-ms' must be an integer from 10 to 600000, got 9"},
        BadCase{"reconnect_max_too_big", R"({"socket-path": "/s", "reconnect-max-ms": 600001})",
                "parameter 'reconnect-max-ms' must be an integer from 10 to 600000"},
        BadCase{"reconnect_min_above_max",
                R"({"socket-path": "/s", "reconnect-min-ms": 2000, "reconnect-max-ms": 1000})",
                "parameter 'reconnect-min-ms' (2000) must not exceed 'reconnect-max-ms' (1000)"},
        BadCase{"ack_timeout_too_small", R"({"socket-path": "/s", "ack-timeout-ms": 99})",
                "parameter 'ack-timeout-ms' must be an integer from 100 to 600000, got 99"},
        BadCase{"ack_timeout_not_integer", R"({"socket-path": "/s", "ack-timeout-ms": "5s"})",
                "parameter 'ack-timeout-ms' must be an integer"},
        BadCase{"flush_interval_negative", R"({"socket-path": "/s", "flush-interval-ms": -1})",
                "parameter 'flush-interval-ms' must be an integer from 0 to 1000, got -1"},
        BadCase{"flush_interval_too_big", R"({"socket-path": "/s", "flush-interval-ms": 1001})",
                "parameter 'flush-interval-ms' must be an integer from 0 to 1000, got 1001"},
        BadCase{
            "commit_hook_point_unknown", R"({"socket-path": "/s", "commit-hook-point": "lease4_renew"})",
            "parameter 'commit-hook-point' must be \"lease4_select\" or \"leases4_committed\", got \"lease4_renew\""},
        BadCase{"commit_hook_point_not_string", R"({"socket-path": "/s", "commit-hook-point": 1})",
                "parameter 'commit-hook-point' must be"},
        BadCase{"unknown_parameter", R"({"socket-path": "/s", "queue_size": 10})", "unknown parameter 'queue_size'"}),
    [](const ::testing::TestParamInfo<BadCase>& bad) { return bad.param.name; });

}  // namespace
}  // namespace provd::kea_hook

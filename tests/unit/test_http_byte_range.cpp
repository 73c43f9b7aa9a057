#include <gtest/gtest.h>

#include "http/byte_range.h"

namespace provd::http {
namespace {

using Kind = RangeRequest::Kind;

TEST(HttpByteRange, ClosedRange) {
  const auto r = parse_range("bytes=0-99", 1000);
  ASSERT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.last, 99u);
  EXPECT_EQ(r.length(), 100u);
}

TEST(HttpByteRange, LastBeyondSizeIsClamped) {
  const auto r = parse_range("bytes=900-5000", 1000);
  ASSERT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.first, 900u);
  EXPECT_EQ(r.last, 999u);
}

TEST(HttpByteRange, OpenEnded) {
  const auto r = parse_range("bytes=10-", 1000);
  ASSERT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.first, 10u);
  EXPECT_EQ(r.last, 999u);
}

TEST(HttpByteRange, Suffix) {
  auto r = parse_range("bytes=-100", 1000);
  ASSERT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.first, 900u);
  EXPECT_EQ(r.last, 999u);
  r = parse_range("bytes=-5000", 1000);  // longer than the file: all of it
  ASSERT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.last, 999u);
}

TEST(HttpByteRange, Unsatisfiable) {
  EXPECT_EQ(parse_range("bytes=1000-", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=1000-2000", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=-0", 1000).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=0-", 0).kind, Kind::kUnsatisfiable);
  EXPECT_EQ(parse_range("bytes=-10", 0).kind, Kind::kUnsatisfiable);
}

TEST(HttpByteRange, MalformedOrMultipleIsIgnored) {
  EXPECT_EQ(parse_range("", 1000).kind, Kind::kWhole);
  EXPECT_EQ(parse_range("items=0-1", 1000).kind, Kind::kWhole);
  EXPECT_EQ(parse_range("bytes=", 1000).kind, Kind::kWhole);
  EXPECT_EQ(parse_range("bytes=-", 1000).kind, Kind::kWhole);
  EXPECT_EQ(parse_range("bytes=5", 1000).kind, Kind::kWhole);
  EXPECT_EQ(parse_range("bytes=9-3", 1000).kind, Kind::kWhole);
  EXPECT_EQ(parse_range("bytes=a-b", 1000).kind, Kind::kWhole);
  EXPECT_EQ(parse_range("bytes=+1-2", 1000).kind, Kind::kWhole);
  EXPECT_EQ(parse_range("bytes=0-1,5-6", 1000).kind, Kind::kWhole);
  EXPECT_EQ(parse_range("bytes=99999999999999999999999-", 1000).kind, Kind::kWhole);
}

TEST(HttpByteRange, UnitIsCaseInsensitiveAndSpacesAreTolerated) {
  const auto r = parse_range(" Bytes= 1 - 2 ", 10);
  ASSERT_EQ(r.kind, Kind::kPartial);
  EXPECT_EQ(r.first, 1u);
  EXPECT_EQ(r.last, 2u);
}

}  // namespace
}  // namespace provd::http

#include <gtest/gtest.h>

#include <string>

#include "http/path_normalizer.h"

namespace provd::http {
namespace {

std::string refusal(std::string_view raw) {
  auto result = normalize_path(raw);
  return result ? std::string("accepted:") + *result : result.error().code;
}

std::string accepted(std::string_view raw) {
  auto result = normalize_path(raw);
  return result ? *result : "refused:" + result.error().code;
}

TEST(HttpPathNormalizer, PlainPathsPassUnchanged) {
  EXPECT_EQ(accepted("/"), "/");
  EXPECT_EQ(accepted("/aastra.cfg"), "/aastra.cfg");
  EXPECT_EQ(accepted("/Cisco/SEP001122334455.cnf.xml"), "/Cisco/SEP001122334455.cnf.xml");
  EXPECT_EQ(accepted("/dir/"), "/dir/");
  EXPECT_EQ(accepted("/a..b/...cfg"), "/a..b/...cfg");  // dots inside a name are not traversal
}

TEST(HttpPathNormalizer, DecodesPercentEncodingOnce) {
  EXPECT_EQ(accepted("/my%20file.cfg"), "/my file.cfg");
  EXPECT_EQ(accepted("/%41%62c"), "/Abc");
  EXPECT_EQ(accepted("/caf%C3%A9.cfg"), "/caf\xC3\xA9.cfg");
  // Double encoding stays literal: "%252e" is the file "%2e", never "." or "..".
  EXPECT_EQ(accepted("/%252e%252e/secret"), "/%2e%2e/secret");
  EXPECT_EQ(accepted("/%252f"), "/%2f");
}

TEST(HttpPathNormalizer, RefusesTraversalInEveryEncoding) {
  EXPECT_EQ(refusal("/../etc/passwd"), "traversal");
  EXPECT_EQ(refusal("/a/../../b"), "traversal");
  EXPECT_EQ(refusal("/.."), "traversal");
  EXPECT_EQ(refusal("/%2e%2e/etc/passwd"), "traversal");
  EXPECT_EQ(refusal("/%2E%2e/etc/passwd"), "traversal");
  EXPECT_EQ(refusal("/.%2e/x"), "traversal");
  EXPECT_EQ(refusal("/%2e./x"), "traversal");
  EXPECT_EQ(refusal("/a/%2E%2E"), "traversal");
}

TEST(HttpPathNormalizer, RefusesDotSegments) {
  EXPECT_EQ(refusal("/./a"), "dot_segment");
  EXPECT_EQ(refusal("/a/%2e/b"), "dot_segment");
}

TEST(HttpPathNormalizer, RefusesHiddenSeparators) {
  EXPECT_EQ(refusal("/..%2fetc/passwd"), "encoded_slash");
  EXPECT_EQ(refusal("/a%2Fb"), "encoded_slash");
  EXPECT_EQ(refusal("/..%5cwindows"), "backslash");
  EXPECT_EQ(refusal("/a%5Cb"), "backslash");
  EXPECT_EQ(refusal("/a\\b"), "backslash");
  EXPECT_EQ(refusal("/..\\..\\x"), "backslash");
}

TEST(HttpPathNormalizer, RefusesAbsoluteLookingAndEmptySegments) {
  EXPECT_EQ(refusal("//etc/passwd"), "empty_segment");
  EXPECT_EQ(refusal("/a//b"), "empty_segment");
  EXPECT_EQ(refusal("etc/passwd"), "not_absolute");
  EXPECT_EQ(refusal(""), "not_absolute");
  EXPECT_EQ(refusal("%2fetc/passwd"), "not_absolute");
}

TEST(HttpPathNormalizer, RefusesNulAndControlCharacters) {
  EXPECT_EQ(refusal("/file.cfg%00.xml"), "nul");
  EXPECT_EQ(refusal(std::string_view("/a\0b", 4)), "nul");
  EXPECT_EQ(refusal("/a%0ab"), "control_character");
  EXPECT_EQ(refusal("/a%7f"), "control_character");
}

TEST(HttpPathNormalizer, RefusesOverlongAndInvalidUtf8) {
  EXPECT_EQ(refusal("/%c0%ae%c0%ae/etc/passwd"), "invalid_utf8");  // overlong '.'
  EXPECT_EQ(refusal("/%c0%af"), "invalid_utf8");                   // overlong '/'
  EXPECT_EQ(refusal("/%e0%80%ae"), "invalid_utf8");                // three-byte overlong '.'
  EXPECT_EQ(refusal("/%f0%80%80%ae"), "invalid_utf8");             // four-byte overlong '.'
  EXPECT_EQ(refusal("/%c3"), "invalid_utf8");                      // truncated
  EXPECT_EQ(refusal("/%ed%a0%80"), "invalid_utf8");                // surrogate
  EXPECT_EQ(refusal("/%ff"), "invalid_utf8");
  EXPECT_EQ(refusal("/%80"), "invalid_utf8");  // lone continuation byte
}

TEST(HttpPathNormalizer, RefusesBrokenPercentEncoding) {
  EXPECT_EQ(refusal("/a%"), "bad_percent_encoding");
  EXPECT_EQ(refusal("/a%2"), "bad_percent_encoding");
  EXPECT_EQ(refusal("/a%zz"), "bad_percent_encoding");
  EXPECT_EQ(refusal("/a%%32e"), "bad_percent_encoding");
}

TEST(HttpPathNormalizer, RefusesOverlongPaths) {
  EXPECT_EQ(refusal("/" + std::string(kMaxPathBytes, 'a')), "too_long");
  EXPECT_EQ(accepted("/" + std::string(kMaxPathBytes - 1, 'a')).size(), kMaxPathBytes);
}

TEST(HttpPathNormalizer, SplitsOriginAndAbsoluteFormTargets) {
  auto split = split_target("/cfg/a.xml?mac=00:11&x=%2e");
  EXPECT_EQ(split.path, "/cfg/a.xml");
  EXPECT_EQ(split.query, "mac=00:11&x=%2e");
  split = split_target("http://provd.example:8667/a.cfg?q");
  EXPECT_EQ(split.path, "/a.cfg");
  EXPECT_EQ(split.query, "q");
  split = split_target("http://provd.example");
  EXPECT_EQ(split.path, "/");
  split = split_target("*");
  EXPECT_EQ(refusal(split.path), "not_absolute");
}

}  // namespace
}  // namespace provd::http

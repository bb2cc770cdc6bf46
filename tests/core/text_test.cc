#include "core/text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace vigil {
namespace {

std::string U64(uint64_t v) {
  std::string s;
  append_u64(s, v);
  return s;
}

std::string Padded(uint64_t v, int width) {
  std::string s;
  append_u64_padded(s, v, width);
  return s;
}

TEST(AppendU64Test, EdgeValues) {
  EXPECT_EQ(U64(0), "0");
  EXPECT_EQ(U64(1), "1");
  EXPECT_EQ(U64(9), "9");
  EXPECT_EQ(U64(10), "10");
  EXPECT_EQ(U64(11), "11");
  EXPECT_EQ(U64(99), "99");
  EXPECT_EQ(U64(100), "100");
  EXPECT_EQ(U64(101), "101");
  EXPECT_EQ(U64(999), "999");
  EXPECT_EQ(U64(1000), "1000");
  EXPECT_EQ(U64(65535), "65535");
  EXPECT_EQ(U64(4294967295u), "4294967295");
  EXPECT_EQ(U64(4294967296u), "4294967296");
  EXPECT_EQ(U64(10000000000000000000u), "10000000000000000000");
  EXPECT_EQ(U64(UINT64_MAX), "18446744073709551615");
}

TEST(AppendU64Test, MatchesStdToStringAroundPowersOfTen) {
  uint64_t p = 1;
  for (int i = 0; i < 20; ++i) {
    for (uint64_t v : {p - 1, p, p + 1, 2 * p, 9 * p}) {
      EXPECT_EQ(U64(v), std::to_string(v)) << v;
    }
    if (i < 19) p *= 10;
  }
  for (uint64_t v = 0; v < 100000; v += 7) EXPECT_EQ(U64(v), std::to_string(v));
}

TEST(AppendU64Test, AppendsWithoutClearing) {
  std::string s = "as";
  append_u64(s, 65000);
  s.push_back(':');
  append_u32(s, 4294967295u);
  EXPECT_EQ(s, "as65000:4294967295");
}

TEST(AppendU64PaddedTest, PadsToWidth) {
  EXPECT_EQ(Padded(0, 1), "0");
  EXPECT_EQ(Padded(0, 4), "0000");
  EXPECT_EQ(Padded(5, 3), "005");
  EXPECT_EQ(Padded(123, 3), "123");
  EXPECT_EQ(Padded(59, 2), "59");
  EXPECT_EQ(Padded(7, 6), "000007");
  EXPECT_EQ(Padded(7, 20), "00000000000000000007");
  EXPECT_EQ(Padded(UINT64_MAX, 20), "18446744073709551615");
  EXPECT_EQ(Padded(42, 0), "");
}

TEST(AppendU64PaddedTest, AlwaysExactlyWidthDigits) {
  for (int width = 1; width <= 20; ++width) {
    const std::string s = Padded(12345, width);
    EXPECT_EQ(s.size(), static_cast<size_t>(width));
    for (char c : s) EXPECT_TRUE(c >= '0' && c <= '9');
  }
}

TEST(AppendU64PaddedTest, AppendsWithoutClearing) {
  std::string s = "12:";
  append_u64_padded(s, 5, 2);
  s.push_back(':');
  append_u64_padded(s, 9, 2);
  EXPECT_EQ(s, "12:05:09");
}

}  // namespace
}  // namespace vigil

#include "core/asn.h"

namespace vigil {
namespace {

TEST(AsnTest, ParsesPlainPrefixedAndAsdot) {
  EXPECT_EQ(*parse_asn("64500"), 64500u);
  EXPECT_EQ(*parse_asn("AS64500"), 64500u);
  EXPECT_EQ(*parse_asn("as4200000000"), 4200000000u);
  EXPECT_EQ(*parse_asn("1.10"), 65546u);  // RFC 5396 asdot
  EXPECT_EQ(*parse_asn("4294967295"), 4294967295u);
  for (const char* bad : {"", "AS", "x1", "4294967296", "1.65536", "-1", "12 ", "1.2.3"}) {
    EXPECT_FALSE(parse_asn(bad).ok()) << bad;
  }
}

TEST(AsnTest, ReservedRanges) {
  EXPECT_TRUE(is_reserved_asn(0));
  EXPECT_TRUE(is_reserved_asn(23456));
  EXPECT_TRUE(is_reserved_asn(64512));
  EXPECT_TRUE(is_reserved_asn(4200000000u));
  EXPECT_FALSE(is_reserved_asn(3333));
  EXPECT_FALSE(is_reserved_asn(131072));
}

}  // namespace
}  // namespace vigil

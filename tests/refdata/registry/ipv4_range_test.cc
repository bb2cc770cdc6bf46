#include "refdata/registry/ipv4_range.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace vigil::refdata {
namespace {

std::string split(const char* first, uint64_t count) {
  std::vector<Prefix> out;
  split_ipv4_range(IpAddr::parse(first)->v4_host_order(), count, out);
  std::string s;
  for (const Prefix& p : out) s += (s.empty() ? "" : " ") + p.to_string();
  return s;
}

TEST(SplitIpv4Range, AlignedPowerOfTwoIsOnePrefix) {
  EXPECT_EQ(split("193.0.0.0", 4096), "193.0.0.0/20");
  EXPECT_EQ(split("0.0.0.0", uint64_t{1} << 32), "0.0.0.0/0");
  EXPECT_EQ(split("255.255.255.255", 1), "255.255.255.255/32");
}

TEST(SplitIpv4Range, CountsThatAreNotPowersOfTwo) {
  // AFRINIC 2014: 196.1.8.0 + 1792 addresses.
  EXPECT_EQ(split("196.1.8.0", 1792), "196.1.8.0/22 196.1.12.0/23 196.1.14.0/24");
  // AFRINIC: 164.146.0.0 + 393216 (3 x 2^17), start aligned only to /15.
  EXPECT_EQ(split("164.146.0.0", 393216), "164.146.0.0/15 164.148.0.0/14");
  // RIPE NCC: 193.0.32.0 + 6144.
  EXPECT_EQ(split("193.0.32.0", 6144), "193.0.32.0/20 193.0.48.0/21");
  EXPECT_EQ(split("10.0.0.1", 3), "10.0.0.1/32 10.0.0.2/31");
  EXPECT_EQ(split("255.255.255.0", 256), "255.255.255.0/24");
}

TEST(SplitIpv4Range, ValidityBounds) {
  EXPECT_TRUE(ipv4_range_valid(0, uint64_t{1} << 32));
  EXPECT_FALSE(ipv4_range_valid(1, uint64_t{1} << 32));
  EXPECT_FALSE(ipv4_range_valid(5, 0));
  EXPECT_TRUE(ipv4_range_valid(0xffffffffu, 1));
  EXPECT_FALSE(ipv4_range_valid(0xffffffffu, 2));
}

// Random ranges: the pieces tile the range in order, each is aligned, and
// each is maximal (its parent block does not fit in the range), which makes
// the split the unique minimal one.
TEST(SplitIpv4Range, RandomRangesTileExactlyWithMaximalPieces) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    const auto first = static_cast<uint32_t>(rng());
    const uint64_t room = (uint64_t{1} << 32) - first;
    const uint64_t count = 1 + rng() % std::min<uint64_t>(room, i % 2 ? 5000 : room);
    std::vector<Prefix> out;
    split_ipv4_range(first, count, out);
    ASSERT_LE(out.size(), 62u);
    uint64_t at = first;
    for (const Prefix& p : out) {
      const uint64_t start = p.addr.v4_host_order();
      const uint64_t size = uint64_t{1} << (32 - p.len);
      ASSERT_EQ(start, at);
      ASSERT_EQ(start % size, 0u);
      if (p.len > 0) {
        const uint64_t parent = start & ~(2 * size - 1);
        ASSERT_TRUE(parent < first || parent + 2 * size > uint64_t{first} + count)
            << p.to_string() << " could be merged";
      }
      at += size;
    }
    ASSERT_EQ(at, uint64_t{first} + count);
  }
}

}  // namespace
}  // namespace vigil::refdata

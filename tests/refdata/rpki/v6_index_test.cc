// V6Index, VrpSet's IPv6 accelerator: the short-prefix ranges (nested
// prefixes, the whole space, the end of the space) against brute force, and
// bucket predecessor search.
#include "refdata/rpki/v6_index.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace vigil::refdata::rpki::internal {
namespace {

using Short = V6Index::ShortPrefix;

// A prefix of `len` < 32 bits at `top`, as /32 ranges.
Short range(uint32_t top, int len, uint32_t node) {
  const uint32_t span = len == 0 ? 0xffffffffu : (uint32_t{1} << (32 - len)) - 1;
  const uint32_t first = len == 0 ? 0 : top & ~span;
  return Short{first, first + span, node};
}

uint32_t brute(const std::vector<Short>& s, uint32_t top) {
  uint32_t best = V6Index::kNoNode;
  uint64_t best_size = ~uint64_t{0};
  for (const Short& r : s) {
    const uint64_t size = uint64_t{r.last} - r.first;
    if (r.first <= top && top <= r.last && size < best_size) {
      best = r.node;
      best_size = size;
    }
  }
  return best;
}

TEST(V6Index, ShortRangesNested) {
  // In (address, length) order, as the trie gives them.
  const std::vector<Short> s = {
      range(0x00000000, 0, 1),   // ::/0
      range(0x20000000, 3, 2),   // 2000::/3
      range(0x20010000, 16, 3),  // 2001::/16
      range(0x20010db8, 29, 4),  // 2001:db8::/29
      range(0x2001ffff, 31, 5),  // 2001:fffe::/31, ends where the /16 ends
      range(0xfffffffe, 31, 6),  // ends at the end of the space
  };
  V6Index idx;
  idx.build_short(s);
  for (const uint32_t top :
       {0x00000000u, 0x1fffffffu, 0x20000000u, 0x2000ffffu, 0x20010000u, 0x20010db7u, 0x20010db8u,
        0x20010dbfu, 0x20010dc0u, 0x2001fffdu, 0x2001fffeu, 0x2001ffffu, 0x20020000u, 0x3fffffffu,
        0x40000000u, 0xfffffffdu, 0xfffffffeu, 0xffffffffu}) {
    EXPECT_EQ(idx.short_node(top), brute(s, top)) << std::hex << top;
  }
  V6Index empty;
  empty.build_short({});
  EXPECT_EQ(empty.short_node(0x20010db8), V6Index::kNoNode);
}

TEST(V6Index, ShortRangesRandom) {
  std::mt19937 rng(29);
  for (int round = 0; round < 50; ++round) {
    std::vector<Short> s;
    std::vector<std::pair<uint64_t, int>> keys;
    for (int i = 0; i < 40; ++i) {
      const int len = static_cast<int>(rng() % 32);
      const uint32_t top = (rng() % 4 == 0 ? 0xffffffffu : 0x20000000u) ^ (rng() & 0x00ff00ffu);
      const Short r = range(top, len, 0);
      keys.emplace_back(r.first, len);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    uint32_t node = 0;
    s.reserve(keys.size());
    for (const auto& [first, len] : keys)
      s.push_back(range(static_cast<uint32_t>(first), len, node++));
    V6Index idx;
    idx.build_short(s);
    for (int q = 0; q < 500; ++q) {
      const uint32_t top =
          q % 2 ? static_cast<uint32_t>(rng()) : s[rng() % s.size()].last + (rng() % 3) - 1;
      ASSERT_EQ(idx.short_node(top), brute(s, top)) << std::hex << top;
    }
  }
}

TEST(V6Index, BucketPredecessor) {
  auto entry = [](uint64_t hi, uint8_t len, uint32_t node) {
    V6Index::Entry e;
    e.hi = hi;
    e.len = len;
    e.node = node;
    return e;
  };
  std::vector<V6Index::Entry> e = {
      entry(0x20010db800000000, 32, 0), entry(0x20010db800010000, 48, 1),
      entry(0x20010db800010000, 56, 2), entry(0x20010db8ff000000, 40, 3),
      entry(0x20010db900000000, 48, 4)};
  V6Index idx;
  idx.build_short({});
  idx.build(e);
  const V6Index::Bucket* b = idx.find(0x20010db800050000);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->count, 4u);
  EXPECT_EQ(idx.find(0x20010dba00000000), nullptr);
  EXPECT_EQ(idx.predecessor(*b, 0x20010db800000000, 0, 32)->node, 0u);
  EXPECT_EQ(idx.predecessor(*b, 0x20010db800010000, 0, 48)->node, 1u);
  EXPECT_EQ(idx.predecessor(*b, 0x20010db800010000, 0, 64)->node, 2u);
  EXPECT_EQ(idx.predecessor(*b, 0x20010db800020000, 0, 48)->node, 2u);
  EXPECT_EQ(idx.predecessor(*b, 0x20010dbfffffffff, 0, 64)->node, 3u);
  const V6Index::Bucket* b2 = idx.find(0x20010db900000000);
  ASSERT_NE(b2, nullptr);
  EXPECT_EQ(idx.predecessor(*b2, 0x20010db800000000, 0, 48), nullptr);
  EXPECT_EQ(V6Index::common_bits(1, 0, 1, 0), 128);
  EXPECT_EQ(V6Index::common_bits(0x8000000000000000, 0, 0, 0), 0);
}

}  // namespace
}  // namespace vigil::refdata::rpki::internal

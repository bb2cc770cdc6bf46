// CoverFilter never says "no" when a stored prefix contains the query
// (checked against brute force on random prefixes of both families), and
// says "no" for space far from every stored prefix.
#include "rib/cover_filter.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace vigil::rib {
namespace {

Prefix random_prefix(std::mt19937& rng, bool v6) {
  IpAddr a;
  a.family = v6 ? Family::kIPv6 : Family::kIPv4;
  for (int i = 0; i < (v6 ? 16 : 4); ++i) a.bytes[i] = static_cast<uint8_t>(rng());
  const int max = v6 ? 128 : 32;
  return Prefix{a, static_cast<uint8_t>(rng() % (max + 1))}.masked();
}

TEST(CoverFilter, NeverMissesACoveringPrefix) {
  std::mt19937 rng(11);
  for (bool v6 : {false, true}) {
    CoverFilter f;
    std::vector<Prefix> stored;
    for (int i = 0; i < 40; ++i) {
      stored.push_back(random_prefix(rng, v6));
      f.add(stored.back());
    }
    int covered = 0;
    for (int i = 0; i < 200000; ++i) {
      // Queries inside stored prefixes half of the time.
      Prefix q = random_prefix(rng, v6);
      if (i % 2 == 0) {
        const Prefix& s = stored[rng() % stored.size()];
        for (int b = 0; b < s.len / 8; ++b) q.addr.bytes[b] = s.addr.bytes[b];
        if (s.len % 8) {
          const uint8_t mask = static_cast<uint8_t>(0xff00 >> (s.len % 8));
          q.addr.bytes[s.len / 8] = static_cast<uint8_t>((s.addr.bytes[s.len / 8] & mask) |
                                                         (q.addr.bytes[s.len / 8] & ~mask));
        }
        if (q.len < s.len) q.len = s.len;
        q = q.masked();
      }
      bool any = false;
      for (const auto& s : stored) any |= s.contains(q);
      covered += any;
      if (any) {
        ASSERT_TRUE(f.may_cover(q)) << q.to_string();
      }
    }
    EXPECT_GT(covered, 50000);
  }
}

TEST(CoverFilter, RejectsDistantSpace) {
  CoverFilter f;
  f.add(*Prefix::parse("193.0.14.0/23"));
  f.add(*Prefix::parse("10.0.0.0/8"));
  f.add(*Prefix::parse("2001:7fd::/32"));
  EXPECT_TRUE(f.may_cover(*Prefix::parse("193.0.14.128/25")));
  EXPECT_TRUE(f.may_cover(*Prefix::parse("10.200.0.0/16")));  // inside the /8
  EXPECT_TRUE(f.may_cover(*Prefix::parse("2001:7fd::/48")));
  EXPECT_FALSE(f.may_cover(*Prefix::parse("193.1.0.0/24")));
  EXPECT_FALSE(f.may_cover(*Prefix::parse("11.0.0.0/8")));
  EXPECT_FALSE(f.may_cover(*Prefix::parse("2a00:1450::/32")));
  // IPv6 is filtered by /16 too: coarse where the Internet is (2001::/16).
  EXPECT_TRUE(f.may_cover(*Prefix::parse("2001:db8::/32")));
  EXPECT_FALSE(f.may_cover(*Prefix::parse("8.8.8.0/24")));
}

}  // namespace
}  // namespace vigil::rib

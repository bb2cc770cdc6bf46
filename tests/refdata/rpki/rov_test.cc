// Route origin validation, RFC 6811 §2: covered / matched, maxLength edges,
// IPv6, AS0 VRPs, AS_SET origins (NONE), IA vs IL, nested VRPs, the origin
// of an AS path, a randomized cross-check against a literal transcription
// of the RFC's rules, and routes against the real rpki-client excerpt.
#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <vector>

#include "refdata/rpki/load.h"
#include "refdata/rpki/rov_origin.h"
#include "refdata/rpki/vrp_set.h"
#include "rpki_test_util.h"
#include "support/test_data.h"

namespace vigil::refdata::rpki {
namespace {

using test::pfx;
using test::vrp;

constexpr RovResult kValid{RovState::kValid, RovReason::kNone};
constexpr RovResult kNotFound{RovState::kNotFound, RovReason::kNone};
constexpr RovResult kInvalidAs{RovState::kInvalid, RovReason::kAsn};
constexpr RovResult kInvalidLength{RovState::kInvalid, RovReason::kLength};

struct RovCase {
  const char* route;
  std::optional<uint32_t> origin;
  RovResult expected;
};

void check(const VrpSet& set, const std::vector<RovCase>& cases) {
  for (const RovCase& c : cases) {
    const Prefix p = pfx(c.route);
    const RovResult r = set.validate(p, c.origin);
    EXPECT_EQ(r, c.expected) << c.route << " origin "
                             << (c.origin ? std::to_string(*c.origin) : "NONE") << ": got "
                             << rov_code(r) << ", want " << rov_code(c.expected);
    std::vector<CoveringVrp> covering;
    EXPECT_EQ(set.validate(p, c.origin, covering), c.expected) << c.route;
    EXPECT_EQ(covering.empty(), c.expected.state == RovState::kNotFound) << c.route;
  }
}

TEST(Rov, CoveredMatchedNotFound) {
  const VrpSet set = VrpSet::build(std::vector<Vrp>{
      vrp("10.0.0.0/16", 64500, 24),
      vrp("192.0.2.0/24", 64501, 24),
  });
  check(set, {
                 {"10.0.0.0/16", 64500, kValid},
                 {"10.0.255.0/24", 64500, kValid},            // route length == maxLength
                 {"10.0.255.128/25", 64500, kInvalidLength},  // maxLength + 1
                 {"10.0.0.0/32", 64500, kInvalidLength},
                 {"10.0.0.0/16", 64999, kInvalidAs},
                 {"10.0.1.0/24", 64501, kInvalidAs},
                 {"10.0.0.0/15", 64500, kNotFound},  // less specific than the VRP: not covered
                 {"10.0.0.0/8", 64500, kNotFound},
                 {"10.1.0.0/16", 64500, kNotFound},  // sibling
                 {"11.0.0.0/16", 64500, kNotFound},
                 {"192.0.2.0/24", 64501, kValid},
                 {"192.0.2.0/25", 64501, kInvalidLength},
                 {"0.0.0.0/0", 64500, kNotFound},
             });
}

TEST(Rov, InvalidLengthOnlyWhenSomeCoveringVrpNamesTheOrigin) {
  // ARTEMIS IL vs IA: /25 from AS64500, covered by a /24-24 VRP for AS64500
  // and a /24-25 VRP for AS64501.
  const VrpSet set = VrpSet::build(std::vector<Vrp>{
      vrp("198.51.100.0/24", 64500, 24),
      vrp("198.51.100.0/24", 64501, 25),
  });
  check(set, {
                 {"198.51.100.0/25", 64500, kInvalidLength},
                 {"198.51.100.0/25", 64501, kValid},
                 {"198.51.100.0/26", 64501, kInvalidLength},
                 {"198.51.100.0/25", 64502, kInvalidAs},
             });
}

TEST(Rov, NestedVrpsAnyCoveringVrpMayMatch) {
  const VrpSet set = VrpSet::build(std::vector<Vrp>{
      vrp("10.0.0.0/8", 1, 8), vrp("10.1.0.0/16", 2, 24), vrp("10.1.2.0/24", 3, 24),
      vrp("10.1.2.0/24", 1, 32),  // a less specific owner's VRP deeper down
  });
  check(set, {
                 {"10.1.2.0/24", 1, kValid},
                 {"10.1.2.0/24", 2, kValid},  // via 10.1.0.0/16-24
                 {"10.1.2.0/24", 3, kValid},
                 {"10.1.2.0/25", 3, kInvalidLength},
                 {"10.1.2.0/25", 1, kValid},
                 {"10.1.2.0/25", 2, kInvalidLength},
                 {"10.1.3.0/24", 1, kInvalidLength},  // 10/8 names AS1 but maxLength 8
                 {"10.1.3.0/24", 3, kInvalidAs},
                 {"10.2.0.0/16", 2, kInvalidAs},
                 {"10.0.0.0/8", 1, kValid},
             });
  std::vector<CoveringVrp> covering;
  EXPECT_EQ(set.validate(pfx("10.1.2.0/25"), 2, covering), kInvalidLength);
  ASSERT_EQ(covering.size(), 4u);  // shortest prefix first, then by AS
  EXPECT_EQ(covering[0].vrp, vrp("10.0.0.0/8", 1, 8));
  EXPECT_EQ(covering[1].vrp, vrp("10.1.0.0/16", 2, 24));
  EXPECT_EQ(covering[2].vrp, vrp("10.1.2.0/24", 1, 32));
  EXPECT_EQ(covering[3].vrp, vrp("10.1.2.0/24", 3, 24));
  EXPECT_FALSE(covering[1].matched);
  EXPECT_EQ(set.validate(pfx("10.1.2.0/25"), 1, covering), kValid);
  ASSERT_EQ(covering.size(), 4u);
  EXPECT_FALSE(covering[0].matched);
  EXPECT_TRUE(covering[2].matched);
}

TEST(Rov, Ipv6) {
  const VrpSet set = VrpSet::build(std::vector<Vrp>{
      vrp("2001:db8::/32", 64500, 48),
      vrp("2001:db8:ff00::/40", 64501, 40),
      vrp("2001:db8:1::1/128", 64502, 128),
      vrp("10.0.0.0/8", 64500, 32),
  });
  check(set, {
                 {"2001:db8::/32", 64500, kValid},
                 {"2001:db8:1234::/48", 64500, kValid},
                 {"2001:db8:1234::/49", 64500, kInvalidLength},
                 {"2001:db8:ff00::/40", 64501, kValid},
                 {"2001:db8:ff00::/40", 64500, kValid},  // the /32-48 covers it too
                 {"2001:db8:ff00::/41", 64501, kInvalidLength},
                 {"2001:db8:ff00::/41", 64999, kInvalidAs},
                 {"2001:db8:1::1/128", 64502, kValid},
                 {"2001:db8:1::1/128", 64500, kInvalidLength},
                 {"2001:db8::/31", 64500, kNotFound},
                 {"2001:db9::/32", 64500, kNotFound},
                 // IPv4-mapped and IPv4-compatible IPv6 are not IPv4.
                 {"::ffff:10.0.0.0/104", 64500, kNotFound},
                 {"::a00:0/104", 64500, kNotFound},
             });
}

// IPv6 routes of /32 and longer go through the per-/32 index (v6_index.h):
// a /29 covering several /32s, a /32 with a deeper prefix, routes before,
// at and after the deeper prefix in the same /32, and in /32s with nothing
// deeper.
TEST(Rov, Ipv6BucketPaths) {
  const VrpSet set = VrpSet::build(std::vector<Vrp>{
      vrp("2001:db8::/29", 1, 48),
      vrp("2001:db8:8::/48", 2, 48),
      vrp("2001:db8:8::/48", 3, 64),
      vrp("2001:dbc::/32", 4, 32),
      vrp("2001:dbc:1::/48", 4, 56),
      vrp("2001:dbc:1:100::/56", 5, 56),
  });
  check(set, {
                 {"2001:db8::/48", 1, kValid},    // same /32, before the /48: the /29
                 {"2001:db8:8::/48", 2, kValid},  // exact
                 {"2001:db8:8::/48", 1, kValid},  // the /48 does not match, the /29 does
                 {"2001:db8:8::/56", 3, kValid},
                 {"2001:db8:8::/56", 2, kInvalidLength},
                 {"2001:db8:8::/49", 1, kInvalidLength},
                 {"2001:db8:9::/48", 2, kInvalidAs},  // after the /48, not inside it
                 {"2001:db9::/48", 1, kValid},        // no bucket: the /29 via the trie
                 {"2001:dbf:ffff::/48", 1, kValid},
                 {"2001:dc0::/48", 1, kNotFound},  // just past the /29
                 {"2001:db8::/32", 1, kValid},
                 {"2001:db8::/30", 1, kValid},     // shorter than /32: the trie
                 {"2001:db0::/28", 1, kNotFound},  // less specific than the /29
                 {"2001:dbc::/32", 4, kValid},
                 {"2001:dbc::/33", 4, kInvalidLength},
                 {"2001:dbc:1:100::/56", 4, kValid},  // via the /48-56 after the /56 said no
                 {"2001:dbc:1:100::/56", 5, kValid},
                 {"2001:dbc:1:100::/64", 5, kInvalidLength},
                 {"2001:dbc:1:200::/56", 5, kInvalidAs},
                 {"2001:dbc:2::/48", 4, kInvalidLength},  // only the /32-32 covers it
             });
}

TEST(Rov, Host32And128AndDefaultRoutes) {
  const VrpSet set = VrpSet::build(std::vector<Vrp>{
      vrp("0.0.0.0/0", 64500, 32),
      vrp("::/0", 64501, 0),
      vrp("203.0.113.7/32", 64502, 32),
  });
  check(set, {
                 {"0.0.0.0/0", 64500, kValid},
                 {"203.0.113.0/24", 64500, kValid},
                 {"203.0.113.7/32", 64502, kValid},
                 {"203.0.113.7/32", 64500, kValid},
                 {"203.0.113.7/32", 64999, kInvalidAs},
                 {"::/0", 64501, kValid},
                 {"2001:db8::/32", 64501, kInvalidLength},
                 {"2001:db8::/32", 64500, kInvalidAs},
             });
}

TEST(Rov, As0VrpsNeverMatch) {  // RFC 6483 §4, RFC 7607
  const VrpSet set = VrpSet::build(std::vector<Vrp>{
      vrp("192.0.2.0/24", 0, 32),
      vrp("198.51.100.0/24", 0, 24),
      vrp("198.51.100.0/24", 64500, 24),
  });
  check(set, {
                 {"192.0.2.0/24", 64500, kInvalidAs},
                 {"192.0.2.0/25", 64500, kInvalidAs},
                 {"192.0.2.0/24", 0, kInvalidAs},  // not even an origin of AS 0
                 {"192.0.2.0/24", std::nullopt, kInvalidAs},
                 {"198.51.100.0/24", 64500, kValid},  // AS0 does not veto another VRP
                 {"198.51.100.0/24", 0, kInvalidAs},
             });
}

TEST(Rov, AsSetOriginIsNoneAndNeverMatches) {
  const VrpSet set = VrpSet::build(std::vector<Vrp>{vrp("10.0.0.0/8", 64500, 24)});
  check(set, {
                 {"10.0.0.0/8", std::nullopt, kInvalidAs},
                 {"10.1.0.0/16", std::nullopt, kInvalidAs},
                 {"11.0.0.0/8", std::nullopt, kNotFound},
             });
}

TEST(Rov, EmptySetAndDuplicates) {
  const VrpSet empty = VrpSet::build(std::vector<Vrp>{});
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.validate(pfx("10.0.0.0/8"), 1), kNotFound);
  EXPECT_EQ(empty.validate(pfx("2001:db8::/32"), 1), kNotFound);
  const VrpSet dup = VrpSet::build(
      std::vector<Vrp>{vrp("10.0.0.0/8", 1, 8), vrp("10.0.0.0/8", 1, 8), vrp("10.0.0.0/8", 1, 9)});
  EXPECT_EQ(dup.size(), 2u);
  EXPECT_EQ(dup.prefix_count(), 1u);
  EXPECT_EQ(dup.to_vector(), (std::vector<Vrp>{vrp("10.0.0.0/8", 1, 8), vrp("10.0.0.0/8", 1, 9)}));
}

TEST(Rov, BuildDropsBrokenVrpsAndMasksHostBits) {
  Vrp bad_ml = vrp("10.0.0.0/16", 1, 16);
  bad_ml.max_length = 8;
  Vrp too_long = vrp("10.0.0.0/16", 1, 16);
  too_long.max_length = 33;
  Vrp host = vrp("10.0.0.0/16", 2, 16);
  host.prefix.addr.bytes[3] = 1;  // 10.0.0.1/16
  const VrpSet set = VrpSet::build(std::vector<Vrp>{bad_ml, too_long, host});
  EXPECT_EQ(set.dropped(), 2u);
  EXPECT_EQ(set.size(), 1u);
  EXPECT_EQ(set.validate(pfx("10.0.0.0/16"), 2), kValid);
}

TEST(Rov, MoreSpecificQuery) {
  const VrpSet set =
      VrpSet::build(std::vector<Vrp>{vrp("10.0.0.0/8", 1, 8), vrp("10.1.0.0/16", 2, 24),
                                     vrp("10.1.2.0/24", 3, 24), vrp("11.0.0.0/8", 4, 8)});
  std::vector<Vrp> inside;
  set.for_each_more_specific(pfx("10.1.0.0/16"), [&](const Vrp& v) { inside.push_back(v); });
  EXPECT_EQ(inside, (std::vector<Vrp>{vrp("10.1.0.0/16", 2, 24), vrp("10.1.2.0/24", 3, 24)}));
  int n = 0;
  set.for_each_covering(pfx("10.1.2.0/24"), [&](const Vrp&) { return ++n < 2; });
  EXPECT_EQ(n, 2);  // stopped early
}

TEST(Rov, Codes) {
  EXPECT_STREQ(rov_code(kValid), "VD");
  EXPECT_STREQ(rov_code(kInvalidAs), "IA");
  EXPECT_STREQ(rov_code(kInvalidLength), "IL");
  EXPECT_STREQ(rov_code(kNotFound), "NF");
  EXPECT_STREQ(rov_state_name(RovState::kNotFound), "not-found");
}

bgp::AsPath path_of(
    std::initializer_list<std::pair<bgp::SegmentType, std::vector<uint32_t>>> segs) {
  bgp::AsPath p;
  for (const auto& [type, asns] : segs)
    p.append_segment(type, asns.data(), static_cast<uint32_t>(asns.size()));
  return p;
}

TEST(RovOrigin, Rfc6811Section2) {
  using T = bgp::SegmentType;
  EXPECT_EQ(rov_origin(path_of({{T::kSequence, {3333, 1273, 65000}}}), 3333), 65000u);
  EXPECT_EQ(rov_origin(path_of({{T::kSequence, {3333, 1273}}, {T::kSet, {65000, 65001}}}), 3333),
            std::nullopt);
  EXPECT_EQ(rov_origin(path_of({{T::kSet, {65000}}, {T::kSequence, {1273, 65000}}}), 3333), 65000u);
  EXPECT_EQ(rov_origin(path_of({}), 3333), 3333u);  // empty: the speaker's own AS
  EXPECT_EQ(rov_origin(path_of({{T::kSequence, {1273}}, {T::kConfedSequence, {64512}}}), 3333),
            3333u);
  EXPECT_EQ(rov_origin(path_of({{T::kConfedSet, {64512}}}), 3333), 3333u);
}

// A literal transcription of RFC 6811 §2 over a flat list.
RovResult naive(const std::vector<Vrp>& vrps, const Prefix& route, std::optional<uint32_t> origin) {
  bool covered = false, names = false;
  for (const Vrp& v : vrps) {
    if (!v.prefix.contains(route)) continue;
    covered = true;
    if (origin && v.asn != 0 && v.asn == *origin) {
      if (route.len <= v.max_length) return kValid;
      names = true;
    }
  }
  if (!covered) return kNotFound;
  return names ? kInvalidLength : kInvalidAs;
}

Prefix random_prefix(std::mt19937& rng, bool v6, int min_len, int max_len) {
  Prefix p;
  p.addr.family = v6 ? Family::kIPv6 : Family::kIPv4;
  const int bytes = v6 ? 16 : 4;
  // Few distinct top bits so that prefixes nest and collide.
  // (Some IPv6 prefixes at the very end of the space, where range
  // arithmetic can overflow.)
  p.addr.bytes[0] = v6 ? (rng() % 4 == 0 ? 0xff : 0x20) : static_cast<uint8_t>(10 + rng() % 2);
  p.addr.bytes[1] = static_cast<uint8_t>(rng() % 2);
  for (int i = 2; i < bytes; ++i)
    p.addr.bytes[i] = static_cast<uint8_t>(rng() % 4 == 0 ? rng() : 0);
  p.len = static_cast<uint8_t>(min_len + static_cast<int>(rng() % (max_len - min_len + 1)));
  return p.masked();
}

TEST(Rov, RandomizedAgainstRfcTranscription) {
  std::mt19937 rng(6811);
  for (int round = 0; round < 20; ++round) {
    std::vector<Vrp> vrps;
    const int n = 1 + static_cast<int>(rng() % 300);
    for (int i = 0; i < n; ++i) {
      const bool v6 = rng() % 3 == 0;
      Vrp v;
      v.prefix = random_prefix(rng, v6, 0, v6 ? 64 : 28);
      v.asn = rng() % 8;  // includes AS0
      const int max = v6 ? 128 : 32;
      v.max_length = static_cast<uint8_t>(v.prefix.len + rng() % (max - v.prefix.len + 1));
      vrps.push_back(v);
    }
    const VrpSet set = VrpSet::build(vrps);
    std::vector<CoveringVrp> covering;
    for (int q = 0; q < 2000; ++q) {
      const bool v6 = rng() % 3 == 0;
      const Prefix route = random_prefix(rng, v6, 0, v6 ? 128 : 32);
      const std::optional<uint32_t> origin =
          rng() % 10 == 0 ? std::nullopt : std::optional<uint32_t>(rng() % 8);
      const RovResult want = naive(vrps, route, origin);
      ASSERT_EQ(set.validate(route, origin), want) << route.to_string();
      ASSERT_EQ(set.validate(route, origin, covering), want) << route.to_string();
      size_t covers = 0;
      for (const Vrp& v : set.to_vector()) covers += v.prefix.contains(route);
      ASSERT_EQ(covering.size(), covers) << route.to_string();
    }
  }
}

TEST(RovRealData, RpkiClientExcerpt) {
  VIGIL_REQUIRE_DATA();
  const Result<RpkiData> d = parse_rpki(
      test::read_file(vigil::test::data_dir() + "/rpki/stayrtr/test.rpki.json"), "test.rpki.json");
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  const VrpSet set = VrpSet::build(d->vrps);
  check(set, {
                 {"1.0.0.0/24", 13335, kValid},
                 {"1.0.0.0/24", 15169, kInvalidAs},
                 {"1.0.0.0/25", 13335, kInvalidLength},
                 {"1.0.4.0/22", 38803, kValid},
                 {"1.0.4.0/24", 38803, kValid},
                 {"1.0.6.0/24", 38803, kInvalidLength},  // only 1.0.4.0/22-22 covers it
                 {"1.0.0.0/16", 13335, kNotFound},
                 {"2001:610::/32", 1103, kValid},
                 {"2001:610:ffff::/48", 1103, kValid},  // 2001:610::/32-48
                 {"2001:610::/49", 1103, kInvalidLength},
                 {"2001:610:240::/42", 3333, kValid},
                 {"2001:610:240::/48", 3333, kInvalidLength},
                 {"2001:610:240::/48", 1103, kValid},
                 {"2001:600::/29", 1103, kNotFound},
                 {"2800:40::/40", 16814, kValid},  // the maxLength 48 one of the pair
                 {"2800:40::/49", 16814, kInvalidLength},
                 {"2800:38::/128", 27808, kValid},
                 {"192.0.2.0/24", 1, kValid},
                 {"192.0.2.0/24", std::nullopt, kInvalidAs},
                 {"8.8.8.0/24", 15169, kNotFound},
             });
}

TEST(RovRealData, BgpalerterVrps) {
  VIGIL_REQUIRE_DATA();
  const std::string dir = vigil::test::data_dir() + "/detection-vectors/bgpalerter/rpki_tests/";
  const Result<RpkiData> d = parse_rpki(test::read_file(dir + "vrp.correct.json"), "c");
  ASSERT_TRUE(d.ok());
  const VrpSet set = VrpSet::build(d->vrps);
  check(set, {
                 {"8.8.8.0/24", 2914, kValid},
                 {"8.8.8.0/22", 2914, kValid},
                 {"8.8.8.0/25", 2914, kInvalidLength},
                 {"8.8.8.0/24", 15169, kInvalidAs},
                 {"103.21.244.0/24", 13335, kValid},
                 {"82.112.100.0/24", 1234, kValid},
                 {"82.112.100.0/24", 4321, kInvalidAs},
             });
}

}  // namespace
}  // namespace vigil::refdata::rpki

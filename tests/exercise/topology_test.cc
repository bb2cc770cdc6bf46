// The synthetic Internet: determinism, shape (tier-1 clique, tiers,
// providers, no p2c cycle), public non-overlapping address space, public
// ASNs, countries, vantage points, and the DNS root servers as vigil's
// detectors know them.
#include "exercise/topology.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "detect/dns_root.h"
#include "exercise/address_space.h"
#include "exercise/dns_roots.h"
#include "exercise/rng.h"

namespace vigil::exercise {
namespace {

TopologyOptions medium(uint64_t seed) {
  TopologyOptions o;
  o.seed = seed;
  o.as_count = 1500;
  o.prefix_count = 9000;
  o.vantage_points = 12;
  return o;
}

std::string fingerprint(const SyntheticInternet& net) {
  std::string s;
  for (uint32_t i = 0; i < net.ases.size(); ++i) {
    const AsInfo& a = net.ases[i];
    s += std::to_string(a.asn) + ":" + std::string(as_kind_name(a.kind)) + ":" +
         std::to_string(a.level) + ":" + std::to_string(a.country) + ":" + std::to_string(a.rov);
    for (uint32_t p : net.graph.providers(i)) s += " p" + std::to_string(net.graph.asn(p));
    for (uint32_t p : net.graph.peers(i)) s += " q" + std::to_string(net.graph.asn(p));
    s += "\n";
  }
  for (const PrefixInfo& p : net.prefixes)
    s += p.prefix.to_string() + " " + std::to_string(p.origin) + "\n";
  for (const VantagePoint& vp : net.vantage_points)
    s += "vp " + std::to_string(vp.as) + " " + vp.address.to_string() + " " +
         vp.next_hop_v6.to_string() + "\n";
  return s;
}

TEST(Rng, FixedSequencesForASeed) {
  // The engine's output is fixed by the C++ standard; the distributions are
  // ours. Pin a few values so that a change to either shows up here.
  Rng a(1, 0), b(1, 0), c(2, 0);
  const uint64_t x = a.next();
  EXPECT_EQ(x, b.next());
  EXPECT_NE(x, c.next());
  std::mt19937_64 std_engine;  // default seed 5489
  for (int i = 1; i < 10000; ++i) std_engine();
  EXPECT_EQ(std_engine(), 9981545732273789042ull);  // [rand.predef]
  Rng r(7, 3);
  uint64_t counts[5] = {};
  for (int i = 0; i < 50000; ++i) ++counts[r.below(5)];
  for (uint64_t n : counts) EXPECT_NEAR(static_cast<double>(n), 10000.0, 400.0);
  const uint32_t w[3] = {1, 0, 3};
  uint64_t picks[3] = {};
  for (int i = 0; i < 40000; ++i) ++picks[r.weighted(w)];
  EXPECT_EQ(picks[1], 0u);
  EXPECT_NEAR(static_cast<double>(picks[2]) / static_cast<double>(picks[0]), 3.0, 0.2);
}

TEST(Topology, SameSeedSameInternetOtherSeedAnother) {
  auto a = generate(TopologyOptions::tiny(11));
  auto b = generate(TopologyOptions::tiny(11));
  auto c = generate(TopologyOptions::tiny(12));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(fingerprint(*a), fingerprint(*b));
  EXPECT_NE(fingerprint(*a), fingerprint(*c));
}

TEST(Topology, TinySizes) {
  auto net = generate(TopologyOptions::tiny(3));
  ASSERT_TRUE(net.ok()) << net.error().to_string();
  EXPECT_EQ(net->ases.size(), 50u);
  EXPECT_EQ(net->vantage_points.size(), 6u);
  EXPECT_EQ(net->prefixes.size(), 120u + 26u);  // generated + root prefixes
}

class TopologyShape : public ::testing::TestWithParam<uint64_t> {};

TEST_P(TopologyShape, HierarchyAndRelationships) {
  auto r = generate(medium(GetParam()));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const SyntheticInternet& net = *r;
  const AsGraph& g = net.graph;
  ASSERT_EQ(net.ases.size(), 1500u);
  // Tier-1 clique: every pair peers; no providers.
  ASSERT_GE(net.tier1.size(), 3u);
  for (uint32_t a : net.tier1) {
    EXPECT_TRUE(g.providers(a).empty());
    for (uint32_t b : net.tier1) {
      if (a != b) {
        EXPECT_EQ(g.relation(a, b), Rel::kPeer);
      }
    }
  }
  for (uint32_t i = 0; i < g.size(); ++i) {
    const AsInfo& a = net.ases[i];
    // Relations are symmetric.
    for (uint32_t p : g.providers(i)) EXPECT_EQ(g.relation(p, i), Rel::kCustomer);
    for (uint32_t p : g.peers(i)) EXPECT_EQ(g.relation(p, i), Rel::kPeer);
    // Providers sit in a higher tier: no customer-provider cycle.
    for (uint32_t p : g.providers(i)) EXPECT_LT(net.ases[p].level, a.level) << a.asn;
    switch (a.kind) {
      case AsKind::kTier1:
        break;
      case AsKind::kTransit:
        EXPECT_GE(g.providers(i).size(), 1u);
        EXPECT_LE(g.providers(i).size(), 3u);
        break;
      case AsKind::kStub:
        EXPECT_GE(g.providers(i).size(), 1u);
        EXPECT_LE(g.providers(i).size(), 2u);
        EXPECT_TRUE(g.customers(i).empty());
        EXPECT_TRUE(g.peers(i).empty());
        break;
      case AsKind::kDnsRoot:
        EXPECT_GE(g.providers(i).size(), 2u);
        EXPECT_LE(g.providers(i).size(), 3u);
        for (uint32_t p : g.providers(i)) EXPECT_LE(net.ases[p].level, 1);
        break;
    }
    EXPECT_LT(a.country, net.options.country_count);
  }
  // Heavy tail: the biggest provider has far more customers than the median.
  size_t most = 0;
  for (uint32_t i = 0; i < g.size(); ++i) most = std::max(most, g.customers(i).size());
  EXPECT_GT(most, 40u);
  // Some stubs are multihomed, about the configured share.
  size_t stubs = 0, multi = 0;
  for (uint32_t i = 0; i < g.size(); ++i) {
    if (net.ases[i].kind != AsKind::kStub) continue;
    ++stubs;
    multi += g.providers(i).size() == 2;
  }
  EXPECT_NEAR(static_cast<double>(multi) / static_cast<double>(stubs), 0.35, 0.06);
}

TEST_P(TopologyShape, PublicUniqueAsns) {
  auto r = generate(medium(GetParam()));
  ASSERT_TRUE(r.ok());
  std::set<uint32_t> seen;
  const auto reserved = dns_root_reserved_asns();
  for (const AsInfo& a : r->ases) {
    EXPECT_TRUE(is_public_asn(a.asn)) << a.asn;
    EXPECT_TRUE(seen.insert(a.asn).second) << a.asn;
    EXPECT_NE(a.asn, r->options.collector_asn);
    const bool root_asn = std::find(reserved.begin(), reserved.end(), a.asn) != reserved.end();
    EXPECT_EQ(root_asn, a.kind == AsKind::kDnsRoot) << a.asn;
  }
  EXPECT_FALSE(is_public_asn(0));
  EXPECT_FALSE(is_public_asn(23456));
  EXPECT_FALSE(is_public_asn(64512));
  EXPECT_FALSE(is_public_asn(65551));
  EXPECT_FALSE(is_public_asn(100000));
  EXPECT_FALSE(is_public_asn(4200000000u));
  EXPECT_TRUE(is_public_asn(3333));
  EXPECT_TRUE(is_public_asn(131072));
}

TEST_P(TopologyShape, PrefixesArePublicAndDisjoint) {
  auto r = generate(medium(GetParam()));
  ASSERT_TRUE(r.ok());
  const SyntheticInternet& net = *r;
  EXPECT_EQ(net.prefixes.size(), 9000u + 26u);
  std::vector<Prefix> all;
  size_t v6 = 0;
  for (uint32_t i = 0; i < net.ases.size(); ++i) {
    const AsInfo& a = net.ases[i];
    if (a.kind != AsKind::kDnsRoot) {
      EXPECT_GE(a.prefix_count, 1u);
    }
    for (const PrefixInfo& p : net.prefixes_of(i)) {
      EXPECT_EQ(p.origin, i);
      EXPECT_EQ(p.prefix, p.prefix.masked());
      if (a.kind == AsKind::kDnsRoot) {
        EXPECT_TRUE(detect::dns_root_letter(p.prefix).has_value()) << p.prefix.to_string();
      } else {
        EXPECT_FALSE(is_special_purpose(p.prefix)) << p.prefix.to_string();
        if (p.prefix.addr.is_v4()) {
          EXPECT_GE(p.prefix.len, 16);
          EXPECT_LE(p.prefix.len, 24);
        } else {
          EXPECT_GE(p.prefix.len, 32);
          EXPECT_LE(p.prefix.len, 48);
        }
      }
      v6 += !p.prefix.addr.is_v4();
      all.push_back(p.prefix);
    }
    // Bigger ASes announce more.
  }
  EXPECT_NEAR(static_cast<double>(v6) / static_cast<double>(all.size()), 0.2, 0.04);
  std::sort(all.begin(), all.end());
  for (size_t k = 1; k < all.size(); ++k) {
    // Sorted by address then length: an overlap would put a covering prefix
    // right before something inside it (or a later one inside an earlier).
    for (size_t j = k; j-- > 0 && k - j < 64;) {
      ASSERT_FALSE(overlaps(all[j], all[k])) << all[j].to_string() << " " << all[k].to_string();
    }
  }
  // Exhaustive on a sample: no prefix overlaps any other.
  for (size_t k = 0; k < all.size(); k += 97) {
    for (size_t j = 0; j < all.size(); ++j) {
      if (j != k) {
        ASSERT_FALSE(overlaps(all[j], all[k]));
      }
    }
  }
  // Tier-1 and transit ASes announce more than stubs on average.
  double big = 0, big_n = 0, small = 0, small_n = 0;
  for (const AsInfo& a : net.ases) {
    if (a.kind == AsKind::kStub) {
      small += a.prefix_count;
      ++small_n;
    } else if (a.kind != AsKind::kDnsRoot) {
      big += a.prefix_count;
      ++big_n;
    }
  }
  EXPECT_GT(big / big_n, 3 * small / small_n);
}

TEST_P(TopologyShape, VantagePoints) {
  auto r = generate(medium(GetParam()));
  ASSERT_TRUE(r.ok());
  const SyntheticInternet& net = *r;
  ASSERT_EQ(net.vantage_points.size(), 12u);
  std::set<uint32_t> ases;
  int kinds[4] = {};
  for (const VantagePoint& vp : net.vantage_points) {
    EXPECT_TRUE(ases.insert(vp.as).second);
    ++kinds[static_cast<int>(net.ases[vp.as].kind)];
    bool v4_inside = false, v6_inside = false;
    for (const PrefixInfo& p : net.prefixes_of(vp.as)) {
      v4_inside |= p.prefix.contains(Prefix{vp.address, 32});
      v6_inside |= p.prefix.contains(Prefix{vp.next_hop_v6, 128});
    }
    EXPECT_TRUE(v4_inside && v6_inside) << vp.address.to_string();
  }
  EXPECT_EQ(kinds[0], 3);  // 25 % tier-1
  EXPECT_EQ(kinds[1], 6);
  EXPECT_EQ(kinds[2], 3);  // 25 % stubs
  EXPECT_EQ(kinds[3], 0);  // never a root server
}

INSTANTIATE_TEST_SUITE_P(Seeds, TopologyShape, ::testing::Values(1, 2, 77));

TEST(Topology, DnsRootsAreVigilsRootServers) {
  auto r = generate(TopologyOptions::tiny(5));
  ASSERT_TRUE(r.ok());
  const auto& watch = detect::dns_root_watchlist();
  int roots = 0;
  for (const DnsRootServer& s : dns_root_servers()) {
    const uint32_t i = r->graph.index_of(s.asn);
    ASSERT_NE(i, AsGraph::kNone) << s.letter;
    EXPECT_EQ(r->ases[i].kind, AsKind::kDnsRoot);
    EXPECT_EQ(r->ases[i].dns_root, s.letter);
    ASSERT_EQ(r->ases[i].prefix_count, 2u);
    for (const PrefixInfo& p : r->prefixes_of(i)) {
      EXPECT_EQ(detect::dns_root_letter(p.prefix), s.letter) << p.prefix.to_string();
      // The watchlist names this AS as a legitimate origin of the prefix.
      bool listed = false;
      for (const auto& e : watch.entries()) {
        if (e.prefix == p.prefix && e.origins.contains(s.asn)) listed = true;
      }
      EXPECT_TRUE(listed) << s.letter << " " << p.prefix.to_string() << " AS" << s.asn;
    }
    ++roots;
  }
  EXPECT_EQ(roots, 13);
}

TEST(Topology, BadOptions) {
  TopologyOptions o = TopologyOptions::tiny();
  o.as_count = 15;
  EXPECT_FALSE(generate(o).ok());
  o = TopologyOptions::tiny();
  o.prefix_count = 10;
  auto r = generate(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  o = TopologyOptions::tiny();
  o.transit_levels = 0;
  EXPECT_FALSE(generate(o).ok());
  o = TopologyOptions::tiny();
  o.multihomed_share = 1.5;
  EXPECT_FALSE(generate(o).ok());
}

TEST(AddressSpace, SpecialPurpose) {
  for (const char* s :
       {"10.1.0.0/16", "100.64.0.0/16", "192.168.1.0/24", "192.0.2.0/24", "198.51.100.0/24",
        "203.0.113.0/24", "224.0.0.0/8", "0.0.0.0/0", "2001:db8::/32", "2001:db8:1::/48",
        "fc00::/8", "fe80::/10", "2002::/16", "::/0", "4000::/16", "2001::/32"}) {
    EXPECT_TRUE(is_special_purpose(*Prefix::parse(s))) << s;
  }
  for (const char* s : {"193.0.0.0/21", "8.8.8.0/24", "2a00:1450::/32", "2600::/12"}) {
    EXPECT_FALSE(is_special_purpose(*Prefix::parse(s))) << s;
  }
}

}  // namespace
}  // namespace vigil::exercise

// Policy routing: the three-phase propagator against a brute-force BGP
// simulation (reference_routing.h) on small generated Internets, with
// hijack, forged-origin and leak seeds, outages and ROV; valley-free paths
// everywhere on a larger one; the path checker itself.
#include "exercise/routing.h"

#include <gtest/gtest.h>

#include "exercise/baseline.h"
#include "exercise/rng.h"
#include "exercise/topology.h"
#include "reference_routing.h"

namespace vigil::exercise {
namespace {

using test::reference_routes;
using test::RefRoute;

// Every AS's route from the propagator equals the reference's.
void expect_same(const AsGraph& g, const Propagator& prop, const std::vector<RefRoute>& ref,
                 const std::string& what) {
  std::vector<uint32_t> path;
  for (uint32_t x = 0; x < g.size(); ++x) {
    prop.path(x, path);
    ASSERT_EQ(static_cast<int>(prop.route_class(x)), ref[x].cls)
        << what << ": AS" << g.asn(x) << " class";
    ASSERT_EQ(path, ref[x].path) << what << ": AS" << g.asn(x) << " path";
    if (ref[x].cls != 0) {
      ASSERT_EQ(prop.next_hop(x), ref[x].next_hop) << what << ": AS" << g.asn(x);
    }
  }
}

class RoutingVsReference : public ::testing::TestWithParam<uint64_t> {};

TEST_P(RoutingVsReference, EveryOriginEveryAs) {
  TopologyOptions o = TopologyOptions::tiny(GetParam());
  o.as_count = 80;
  o.prefix_count = 150;
  auto net = generate(o);
  ASSERT_TRUE(net.ok());
  const AsGraph& g = net->graph;
  Propagator prop(g);
  for (uint32_t origin = 0; origin < g.size(); ++origin) {
    const std::vector<Seed> seeds = {{origin, {g.asn(origin)}, 0, false}};
    prop.run(seeds);
    expect_same(g, prop, reference_routes(g, seeds), "origin AS" + std::to_string(g.asn(origin)));
    if (HasFatalFailure()) return;
  }
}

TEST_P(RoutingVsReference, HijacksLeaksOutagesAndRov) {
  TopologyOptions o = TopologyOptions::tiny(GetParam());
  o.as_count = 80;
  o.prefix_count = 150;
  o.rov_share = 0.3;
  auto net = generate(o);
  ASSERT_TRUE(net.ok());
  const AsGraph& g = net->graph;
  const std::vector<uint8_t> rov = rov_flags(*net);
  Propagator prop(g, rov);
  Rng rng(GetParam(), 99);
  std::vector<uint32_t> path;
  for (int trial = 0; trial < 150; ++trial) {
    const auto victim = static_cast<uint32_t>(rng.below(g.size()));
    auto attacker = static_cast<uint32_t>(rng.below(g.size()));
    if (attacker == victim) continue;
    std::vector<Seed> seeds = {{victim, {g.asn(victim)}, 0, false}};
    const int kind = trial % 4;
    if (kind == 0) seeds.push_back({attacker, {g.asn(attacker)}, 1, rng.chance(0.5)});
    if (kind == 1) seeds.push_back({attacker, {g.asn(attacker), g.asn(victim)}, 1, false});
    if (kind == 2) {
      // A leak: the attacker re-announces its own best path to everyone.
      prop.run(seeds);
      prop.path(attacker, path);
      if (path.empty() || path.size() < 2) continue;
      seeds.push_back({attacker, path, 1, false});
    }
    DownSet down;
    if (kind == 3 || rng.chance(0.3)) {
      for (int k = 0; k < 3; ++k) {
        const auto x = static_cast<uint32_t>(rng.below(g.size()));
        if (x != victim) down.ases.push_back(x);
      }
      const auto a = static_cast<uint32_t>(rng.below(g.size()));
      if (!g.customers(a).empty()) down.links.emplace_back(a, g.customers(a)[0]);
    }
    prop.run(seeds, down);
    expect_same(g, prop, reference_routes(g, seeds, down, rov),
                "trial " + std::to_string(trial) + " kind " + std::to_string(kind));
    if (HasFatalFailure()) return;
    // Tags say whose announcement each AS follows.
    for (uint32_t x = 0; x < g.size(); ++x) {
      if (!prop.has_route(x)) continue;
      prop.path(x, path);
      if (kind == 0) {
        EXPECT_EQ(prop.seed_tag(x) == 1, path.back() == g.asn(attacker));
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, RoutingVsReference, ::testing::Values(1, 2, 3, 4, 5, 6));

TEST(Routing, EveryVantagePointPathIsValleyFree) {
  TopologyOptions o;
  o.seed = 31;
  o.as_count = 3000;
  o.prefix_count = 12000;
  o.vantage_points = 20;
  auto net = generate(o);
  ASSERT_TRUE(net.ok());
  size_t paths = 0, longest = 0;
  const BaselineRoutes base = compute_baseline(*net);
  for (uint32_t origin = 0; origin < net->ases.size(); ++origin) {
    if (net->ases[origin].prefix_count == 0) continue;
    for (uint32_t v = 0; v < base.vp_count; ++v) {
      const auto p = base.path(origin, v);
      ASSERT_FALSE(p.empty()) << "VP " << v << " has no route to AS" << net->ases[origin].asn;
      ASSERT_EQ(p.front(), net->ases[net->vantage_points[v].as].asn);
      ASSERT_EQ(p.back(), net->ases[origin].asn);
      const PathCheck c = check_path(p, net->graph);
      ASSERT_EQ(c.kind, PathCheck::kValleyFree) << "at " << c.at;
      ++paths;
      longest = std::max(longest, p.size());
    }
  }
  EXPECT_EQ(paths, size_t{20} * 3000);
  EXPECT_LE(longest, 12u);
}

TEST(Routing, PathCheck) {
  // 1 and 2 tier-1 peers; 10 customer of 1, 20 customer of 2, 30 customer
  // of 10 and of 20; 10 and 20 peer.
  AsGraphBuilder b;
  for (uint32_t a : {1, 2, 10, 20, 30}) b.add_as(a);
  b.add_p2p(1, 2);
  b.add_p2c(1, 10);
  b.add_p2c(2, 20);
  b.add_p2c(10, 30);
  b.add_p2c(20, 30);
  b.add_p2p(10, 20);
  const AsGraph g = std::move(b).build();
  auto check = [&](std::vector<uint32_t> p) { return check_path(p, g); };
  EXPECT_EQ(check({30}).kind, PathCheck::kValleyFree);
  EXPECT_EQ(check({1, 10, 30}).kind, PathCheck::kValleyFree);  // down, down
  EXPECT_EQ(check({30, 10, 1, 2, 20}).kind,
            PathCheck::kValleyFree);  // up up flat down... read from origin 20
  EXPECT_EQ(check({20, 20, 10, 30}).kind, PathCheck::kValleyFree);  // prepending
  // 10 learned from its provider 1 and sent it to its peer 20: a leak at 10.
  PathCheck c = check({20, 10, 1});
  EXPECT_EQ(c.kind, PathCheck::kValley);
  EXPECT_EQ(c.at, 1u);
  // 30 learned from provider 10 and sent it up to provider 20.
  c = check({2, 20, 30, 10, 1});
  EXPECT_EQ(c.kind, PathCheck::kValley);
  EXPECT_EQ(c.at, 2u);
  // Two peer links.
  EXPECT_EQ(check({1, 2, 20, 10}).kind, PathCheck::kValley);
  c = check({1, 30});
  EXPECT_EQ(c.kind, PathCheck::kUnknownLink);
  EXPECT_EQ(c.at, 0u);
  EXPECT_EQ(check({1, 99}).kind, PathCheck::kUnknownAs);
}

}  // namespace
}  // namespace vigil::exercise

// Injected events: the collector's view at every quiet moment of an
// exercise equals a brute-force BGP simulation (reference_routing.h) with
// the events active then; who saw each event; paths that break the
// valley-free rule only where a leak or a forged link was injected; bad
// specs.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "exercise/exercise.h"
#include "reference_routing.h"

namespace vigil::exercise {
namespace {

using test::reference_routes;
using test::RefRoute;

uint64_t at_us(const ExerciseData& ex, uint32_t offset) {
  return (uint64_t{ex.spec.start_time} + offset) * 1000000;
}

// What every vantage point should route for `p` with the events active at
// `t` (seconds from the start), computed by the reference simulation.
std::vector<std::vector<uint32_t>> expected_routes(const ExerciseData& ex, const Prefix& p,
                                                   uint32_t t) {
  const SyntheticInternet& net = ex.internet;
  const AsGraph& g = net.graph;
  std::vector<Seed> seeds;
  DownSet down;
  const uint32_t k = net.find_prefix(p);
  if (k != UINT32_MAX) {
    const uint32_t o = net.prefixes[k].origin;
    seeds.push_back({o, {g.asn(o)}, 0, false});
  }
  std::vector<std::pair<uint16_t, uint32_t>> leaks;
  for (size_t e = 0; e < ex.events.size(); ++e) {
    const ResolvedEvent& ev = ex.events[e];
    if (!ev.active_at(t)) continue;
    down.ases.insert(down.ases.end(), ev.down.ases.begin(), ev.down.ases.end());
    down.links.insert(down.links.end(), ev.down.links.begin(), ev.down.links.end());
    for (const Announcement& a : ev.announcements) {
      if (a.prefix != p) continue;
      if (a.path.empty()) {
        leaks.emplace_back(static_cast<uint16_t>(e + 1), a.as);
      } else {
        seeds.push_back({a.as, a.path, static_cast<uint16_t>(e + 1), a.rpki_invalid});
      }
    }
  }
  const std::vector<uint8_t> rov = rov_flags(net);
  if (!leaks.empty()) {
    const auto before = reference_routes(g, seeds, down, rov);
    for (const auto& [tag, leaker] : leaks) {
      if (before[leaker].cls == 1 || before[leaker].cls == 2) {
        seeds.push_back({leaker, before[leaker].path, tag, false});
      }
    }
  }
  const auto ref = reference_routes(g, seeds, down, rov);
  std::vector<std::vector<uint32_t>> out;
  for (const VantagePoint& vp : net.vantage_points) out.push_back(ref[vp.as].path);
  return out;
}

// Moments at least 100 s after a change point and before the next one.
std::vector<uint32_t> quiet_moments(const ExerciseData& ex) {
  std::vector<uint32_t> points = {0};
  for (const ResolvedEvent& e : ex.events) {
    points.push_back(e.start);
    if (e.has_end) points.push_back(e.end);
  }
  points.push_back(ex.spec.duration);
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  std::vector<uint32_t> out;
  for (size_t i = 1; i + 1 < points.size(); ++i) {
    if (points[i + 1] > points[i] + 100) out.push_back(points[i] + 100);
  }
  return out;
}

// Every prefix (announced or injected) at every quiet moment.
void expect_matches_reference(const ExerciseData& ex) {
  std::set<Prefix> prefixes;
  for (const PrefixInfo& p : ex.internet.prefixes) prefixes.insert(p.prefix);
  for (const ResolvedEvent& e : ex.events) {
    for (const Announcement& a : e.announcements) prefixes.insert(a.prefix);
  }
  const auto moments = quiet_moments(ex);
  ASSERT_GE(moments.size(), 3u);
  const VpRouteIndex index(ex);
  for (uint32_t t : moments) {
    for (const Prefix& p : prefixes) {
      const auto want = expected_routes(ex, p, t);
      const auto got = vp_routes_at(ex, p, at_us(ex, t));
      const auto indexed = index.at(p, at_us(ex, t));
      ASSERT_EQ(indexed.size(), want.size());
      for (size_t v = 0; v < want.size(); ++v) {
        ASSERT_EQ(got[v], want[v]) << p.to_string() << " at +" << t << " s, vantage point " << v;
        ASSERT_EQ(std::vector<uint32_t>(indexed[v].begin(), indexed[v].end()), want[v])
            << "VpRouteIndex: " << p.to_string() << " at +" << t << " s, vantage point " << v;
      }
    }
  }
}

ExerciseSpec all_types(uint64_t seed) {
  ExerciseSpec s;
  s.topology = TopologyOptions::tiny(seed);
  s.duration = 7200;
  s.churn.link_flaps_per_hour = 4;
  s.events = {
      {.type = EventType::kExactPrefixHijack, .start = 300, .end = 1500},
      {.type = EventType::kSubPrefixHijack, .start = 600, .end = 2400},
      {.type = EventType::kForgedOriginHijack, .start = 900, .end = 3000},
      {.type = EventType::kRouteLeak, .start = 1200, .end = 2000, .leak_prefixes = 20},
      {.type = EventType::kCountryShutdown, .start = 2500, .end = 4000, .share = 0.5},
      {.type = EventType::kAsOutage, .start = 3500, .end = 5000},
      {.type = EventType::kDnsRootHijack, .start = 4200, .end = 6000},
      {.type = EventType::kRpkiInvalid, .start = 5000},
      {.type = EventType::kForgedOriginHijack, .start = 5500, .end = 6500, .more_specific = true},
  };
  return s;
}

class EventsVsReference : public ::testing::TestWithParam<uint64_t> {};

TEST_P(EventsVsReference, EveryEventType) {
  auto ex = build_exercise(all_types(GetParam()));
  ASSERT_TRUE(ex.ok()) << ex.error().to_string();
  EXPECT_GT(ex->timeline.changes.size(), 20u);
  expect_matches_reference(*ex);
}

TEST_P(EventsVsReference, OverlappingOutagesRovAndHeavyChurn) {
  ExerciseSpec s;
  s.topology = TopologyOptions::tiny(GetParam());
  s.topology.as_count = 90;
  s.topology.prefix_count = 200;
  s.topology.rov_share = 0.3;
  s.duration = 3600;
  s.churn.link_flaps_per_hour = 30;
  s.churn.min_down_seconds = 200;
  s.churn.max_down_seconds = 900;
  auto net = generate(s.topology);
  ASSERT_TRUE(net.ok());
  // Two transit ASes that carry transit go down with overlapping windows,
  // and a country goes dark in between: states where one outage reroutes
  // through the other's AS.
  std::vector<uint32_t> transit;
  std::set<uint32_t> vps;
  for (const VantagePoint& vp : net->vantage_points) vps.insert(vp.as);
  for (uint32_t i = 0; i < net->ases.size(); ++i) {
    if (net->ases[i].kind == AsKind::kTransit && !vps.count(i)) transit.push_back(net->ases[i].asn);
  }
  ASSERT_GE(transit.size(), 2u);
  s.events = {
      {.type = EventType::kAsOutage, .start = 400, .end = 2000, .victim = transit[0]},
      {.type = EventType::kAsOutage, .start = 900, .end = 2800, .victim = transit[1]},
      {.type = EventType::kCountryShutdown, .start = 1300, .end = 1900, .share = 0.6},
      {.type = EventType::kExactPrefixHijack, .start = 700, .end = 2500},
      {.type = EventType::kRpkiInvalid, .start = 1000, .more_specific = true},
      {.type = EventType::kRouteLeak, .start = 1100, .end = 2600, .leak_prefixes = 40},
  };
  auto ex = build_exercise(s);
  ASSERT_TRUE(ex.ok()) << ex.error().to_string();
  expect_matches_reference(*ex);
}

INSTANTIATE_TEST_SUITE_P(Seeds, EventsVsReference, ::testing::Values(1, 2, 3, 4, 5, 6, 7, 8));

TEST(Events, HijackSeenOnlyByVantagePointsWhoseRouteMoves) {
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    ExerciseSpec s;
    s.topology = TopologyOptions::tiny(seed);
    s.churn.link_flaps_per_hour = 0;
    s.events = {{.type = EventType::kExactPrefixHijack, .start = 600, .end = 1800}};
    auto ex = build_exercise(s);
    ASSERT_TRUE(ex.ok());
    const ResolvedEvent& e = ex->events[0];
    const Prefix p = e.announcements[0].prefix;
    const uint32_t attacker_asn = ex->internet.ases[e.attacker].asn;
    const auto before = expected_routes(*ex, p, 0);
    const auto during = expected_routes(*ex, p, 1000);
    std::set<uint16_t> should_see, should_move;
    for (uint16_t v = 0; v < before.size(); ++v) {
      if (during[v] != before[v]) should_move.insert(v);
      if (!during[v].empty() && during[v].back() == attacker_asn) should_see.insert(v);
    }
    std::set<uint16_t> saw, moved;
    for (const TruthSighting& t : ex->truth[0].seen_by) {
      saw.insert(t.peer_index);
      EXPECT_GE(t.first_us, at_us(*ex, 600));
      EXPECT_LT(t.first_us, at_us(*ex, 660));
      EXPECT_GE(t.last_us, at_us(*ex, 1800));
      EXPECT_LT(t.last_us, at_us(*ex, 1860));
    }
    for (const RouteChange& c : ex->timeline.changes) {
      EXPECT_EQ(ex->timeline.prefixes[c.first_prefix], p);
      if (c.time_us < at_us(*ex, 1800)) moved.insert(c.vp);
    }
    EXPECT_EQ(saw, should_see) << "seed " << seed;
    EXPECT_EQ(moved, should_move) << "seed " << seed;
    // Exactly two updates per moved vantage point: the hijack and the return.
    EXPECT_EQ(ex->timeline.changes.size(), 2 * should_move.size());
    EXPECT_EQ(vp_routes_at(*ex, p, at_us(*ex, 3599)), before);
  }
}

TEST(Events, OutageSeenByVantagePointsThatLoseOrMoveRoutes) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    ExerciseSpec s;
    s.topology = TopologyOptions::tiny(seed);
    s.churn.link_flaps_per_hour = 0;
    s.events = {{.type = EventType::kCountryShutdown, .start = 600, .end = 1200},
                {.type = EventType::kAsOutage, .start = 2000}};
    auto ex = build_exercise(s);
    ASSERT_TRUE(ex.ok());
    for (size_t e = 0; e < 2; ++e) {
      const ResolvedEvent& ev = ex->events[e];
      std::set<uint16_t> moved, saw;
      for (const RouteChange& c : ex->timeline.changes) {
        if (c.time_us >= at_us(*ex, ev.start) && c.time_us < at_us(*ex, ev.start + 60)) {
          moved.insert(c.vp);
        }
      }
      for (const TruthSighting& t : ex->truth[e].seen_by) {
        saw.insert(t.peer_index);
        if (ev.has_end) {
          EXPECT_GE(t.last_us, at_us(*ex, ev.end));
        } else {
          EXPECT_EQ(t.last_us, 0u);
        }
      }
      EXPECT_EQ(saw, moved) << "seed " << seed << " event " << e;
      // Every prefix of a dark AS is gone from every vantage point.
      for (uint32_t x : ev.down.ases) {
        for (const PrefixInfo& p : ex->internet.prefixes_of(x)) {
          for (const auto& r : vp_routes_at(*ex, p.prefix, at_us(*ex, ev.start + 100))) {
            EXPECT_TRUE(r.empty()) << p.prefix.to_string();
          }
        }
      }
    }
    const TruthRecord& shutdown = ex->truth[0];
    EXPECT_FALSE(shutdown.country.empty());
    for (uint32_t asn : shutdown.down_asns) {
      EXPECT_EQ(ex->internet.country_of(ex->internet.graph.index_of(asn)).code, shutdown.country);
    }
  }
}

// Paths in the updates are valley-free except where a leak or a forged
// link was injected, and those show exactly that.
TEST(Events, OnlyInjectedPathsBreakTheRules) {
  ExerciseSpec s = all_types(21);
  s.topology = TopologyOptions::large(21);
  s.topology.as_count = 2500;
  s.topology.prefix_count = 15000;
  s.events[3].leak_prefixes = 300;
  auto ex = build_exercise(s);
  ASSERT_TRUE(ex.ok()) << ex.error().to_string();
  const AsGraph& g = ex->internet.graph;
  size_t leaked = 0, forged = 0, plain = 0;
  for (const RouteChange& c : ex->timeline.changes) {
    if (c.path == 0) continue;
    const auto path = ex->timeline.paths.get(c.path);
    const PathCheck check = check_path(path, g);
    if (check.kind == PathCheck::kValleyFree) {
      ++plain;
      continue;
    }
    bool explained = false;
    for (const ResolvedEvent& e : ex->events) {
      if (c.time_us < at_us(*ex, e.start) || c.time_us > at_us(*ex, e.end + 60)) continue;
      if (e.type == EventType::kRouteLeak && check.kind == PathCheck::kValley &&
          path[check.at] == g.asn(e.leaker)) {
        explained = true;
        ++leaked;
      }
      if (e.type == EventType::kForgedOriginHijack && check.kind == PathCheck::kUnknownLink &&
          path[check.at] == g.asn(e.attacker) && path[check.at + 1] == g.asn(e.victim) &&
          check.at + 2 == path.size()) {
        explained = true;
        ++forged;
      }
    }
    EXPECT_TRUE(explained) << "unexplained path at " << c.time_us << ": kind " << check.kind;
  }
  EXPECT_GT(leaked, 0u);
  EXPECT_GT(forged, 0u);
  EXPECT_GT(plain, leaked);
  // The leak's sightings are the vantage points whose paths show it.
  EXPECT_GT(ex->truth[3].seen_by.size(), 0u);
  EXPECT_EQ(ex->truth[3].leaker_asn, g.asn(ex->events[3].leaker));
  EXPECT_EQ(ex->truth[3].prefixes.size(), 300u);
}

TEST(Events, TruthFields) {
  auto ex = build_exercise(all_types(3));
  ASSERT_TRUE(ex.ok());
  const auto& t = ex->truth;
  ASSERT_GE(t.size(), 9u);
  EXPECT_EQ(t[0].type, EventType::kExactPrefixHijack);
  EXPECT_EQ(t[0].announced_path, std::vector<uint32_t>{t[0].attacker_asn});
  EXPECT_EQ(t[1].type, EventType::kSubPrefixHijack);
  ASSERT_TRUE(t[1].covering.has_value());
  EXPECT_TRUE(t[1].covering->contains(t[1].prefixes[0]));
  EXPECT_GT(t[1].prefixes[0].len, t[1].covering->len);
  EXPECT_EQ(t[2].announced_path, (std::vector<uint32_t>{t[2].attacker_asn, t[2].victim_asn}));
  EXPECT_NE(t[6].dns_root, 0);
  EXPECT_EQ(t[7].rpki, "invalid");
  EXPECT_FALSE(t[7].end.has_value());
  for (const TruthSighting& s : t[7].seen_by) EXPECT_EQ(s.last_us, 0u);
  EXPECT_TRUE(t[8].covering.has_value());
  for (size_t i = 9; i < t.size(); ++i) {
    EXPECT_TRUE(t[i].background);
    EXPECT_EQ(t[i].type, EventType::kLinkFlap);
  }
  // The sub-prefix hijack reaches every vantage point (nobody filters it).
  EXPECT_EQ(t[1].seen_by.size(), ex->internet.vantage_points.size());
}

TEST(Events, NamedParticipants) {
  auto net = generate(TopologyOptions::tiny(4));
  ASSERT_TRUE(net.ok());
  const PrefixInfo& victim = net->prefixes[5];
  uint32_t attacker = 0;
  for (const AsInfo& a : net->ases) {
    if (a.kind == AsKind::kStub && &a - net->ases.data() != victim.origin) attacker = a.asn;
  }
  ExerciseSpec s;
  s.topology = TopologyOptions::tiny(4);
  s.events = {{.type = EventType::kForgedOriginHijack,
               .start = 10,
               .attacker = attacker,
               .prefix = victim.prefix},
              {.type = EventType::kDnsRootHijack, .start = 20, .dns_root = 'K'},
              {.type = EventType::kDnsRootHijack, .start = 30, .ipv6 = true, .dns_root = 'F'},
              {.type = EventType::kCountryShutdown,
               .start = 40,
               .country = std::string(net->country_of(net->vantage_points[0].as).code)}};
  auto ex = build_exercise(s);
  ASSERT_TRUE(ex.ok()) << ex.error().to_string();
  EXPECT_EQ(ex->truth[0].attacker_asn, attacker);
  EXPECT_EQ(ex->truth[0].victim_asn, net->ases[victim.origin].asn);
  EXPECT_EQ(ex->truth[0].prefixes, std::vector<Prefix>{victim.prefix});
  EXPECT_EQ(ex->truth[1].prefixes, std::vector<Prefix>{*Prefix::parse("193.0.14.0/23")});
  EXPECT_EQ(ex->truth[1].victim_asn, 25152u);
  EXPECT_EQ(ex->truth[2].prefixes, std::vector<Prefix>{*Prefix::parse("2001:500:2f::/48")});
  for (uint32_t asn : ex->truth[3].down_asns) {
    for (const VantagePoint& vp : net->vantage_points) EXPECT_NE(net->ases[vp.as].asn, asn);
  }
}

TEST(Events, BadSpecs) {
  auto net = generate(TopologyOptions::tiny(4));
  ASSERT_TRUE(net.ok());
  auto fails = [](EventSpec e, const char* needle) {
    ExerciseSpec s;
    s.topology = TopologyOptions::tiny(4);
    s.events = {e};
    auto r = build_exercise(s);
    ASSERT_FALSE(r.ok()) << needle;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
  };
  fails({.type = EventType::kExactPrefixHijack, .start = 3600}, "start");
  fails({.type = EventType::kExactPrefixHijack, .start = 100, .end = 50}, "end");
  fails({.type = EventType::kExactPrefixHijack, .start = 1, .attacker = 64512},
        "not in the topology");
  fails({.type = EventType::kExactPrefixHijack, .start = 1, .prefix = *Prefix::parse("8.8.8.0/24")},
        "not announced");
  fails({.type = EventType::kAsOutage,
         .start = 1,
         .victim = net->ases[net->vantage_points[0].as].asn},
        "vantage point");
  fails({.type = EventType::kCountryShutdown, .start = 1, .country = "XX"}, "country");
  fails({.type = EventType::kDnsRootHijack, .start = 1, .dns_root = 'Z'}, "root");
  fails({.type = EventType::kLinkFlap, .start = 1}, "background");
  fails({.type = EventType::kRouteLeak, .start = 1, .prefix = net->prefixes[0].prefix},
        "do not apply");
  fails({.type = EventType::kAsOutage, .start = 1, .country = "US"}, "country-shutdown only");
  uint32_t stub = 0;
  while (net->ases[stub].kind != AsKind::kStub) ++stub;
  fails({.type = EventType::kDnsRootHijack, .start = 1, .prefix = net->prefixes_of(stub)[0].prefix},
        "not a DNS root");
}

TEST(Events, TypeNames) {
  for (int i = 0; i <= static_cast<int>(EventType::kLinkFlap); ++i) {
    const auto t = static_cast<EventType>(i);
    EXPECT_EQ(parse_event_type(event_type_name(t)), t);
  }
  EXPECT_FALSE(parse_event_type("hijack").has_value());
}

}  // namespace
}  // namespace vigil::exercise

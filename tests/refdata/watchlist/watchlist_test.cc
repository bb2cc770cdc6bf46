#include "refdata/watchlist/watchlist.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/test_data.h"

namespace vigil::refdata {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Prefix P(const char* s) { return *Prefix::parse(s); }

TEST(Watchlist, VigilFormat) {
  const char* yaml = R"(
prefixes:
  - prefix: 193.0.0.0/21
    origins: [3333]
    neighbors: [1273, "AS2914"]
    description: RIPE NCC
    group: noc
  - prefix: 10.0.0.0/8
    squat: true
  - prefix: 2001:db8::/32
    origins: ["64500-64510"]
    ignore_more_specifics: true
    path:
      - match: ".*666.*"
        max_length: 5
asns:
  - asn: 3333
    upstreams: [1273]
)";
  WatchlistFormat f;
  auto w = parse_watchlist(yaml, "watch.yml", &f);
  ASSERT_TRUE(w.ok()) << w.error().to_string();
  EXPECT_EQ(f, WatchlistFormat::kVigil);
  ASSERT_EQ(w->entries().size(), 3u);
  const auto& e = w->entries()[0];
  EXPECT_TRUE(e.origins.contains(3333));
  EXPECT_FALSE(e.origins.contains(3334));
  EXPECT_TRUE(e.neighbors.contains(2914));
  EXPECT_EQ(e.group, "noc");
  EXPECT_TRUE(w->entries()[1].origins.empty());  // squat
  EXPECT_TRUE(w->entries()[2].origins.contains(64505));
  ASSERT_EQ(w->entries()[2].path_rules.size(), 1u);
  EXPECT_EQ(w->entries()[2].path_rules[0].max_length, 5);
  ASSERT_NE(w->monitored_as(3333), nullptr);
  EXPECT_TRUE(w->monitored_as(3333)->upstreams.contains(1273));
  // Covering lookups, most specific first.
  auto cov = w->covering(P("193.0.4.0/24"));
  ASSERT_EQ(cov.size(), 1u);
  EXPECT_EQ(cov[0]->prefix, P("193.0.0.0/21"));
  EXPECT_TRUE(w->covering(P("193.0.8.0/24")).empty());
}

TEST(Watchlist, ErrorsNameFileLineAndProblem) {
  struct Case {
    const char* yaml;
    const char* want;
  } cases[] = {
      {"prefixes:\n  - prefix: 300.0.0.0/8\n    origins: [1]\n",
       "watch.yml:2:13: '300.0.0.0/8' is not a prefix"},
      {"prefixes:\n  - prefix: 10.0.0.0/8\n    origins: [x1]\n",
       "watch.yml:3:15: 'x1' is not an ASN"},
      {"prefixes:\n  - prefix: 10.0.0.0/8\n", "no origins; write 'squat: true'"},
      {"prefixes:\n  - prefix: 10.0.0.0/8\n    origins: [9-2]\n", "reversed"},
      {"prefixes: [\n", "watch.yml:"},
      {"- a\n- b\n", "a watchlist is a YAML map"},
      {"rules:\n- prefixes:\n  - 10.0.0.0/8^33\n", "bad range operator"},
  };
  for (const auto& c : cases) {
    auto w = parse_watchlist(c.yaml, "watch.yml");
    ASSERT_FALSE(w.ok()) << c.yaml;
    EXPECT_NE(w.error().message.find(c.want), std::string::npos)
        << "got: " << w.error().message << "\nwant: " << c.want;
  }
}

TEST(Watchlist, BgpalerterPrefixesYmlAsIs) {
  VIGIL_REQUIRE_DATA();
  const std::string path = test::data_dir() + "/detection-vectors/bgpalerter/prefixes.test.yml";
  WatchlistFormat f;
  auto w = parse_watchlist(slurp(path), path, &f);
  ASSERT_TRUE(w.ok()) << w.error().to_string();
  EXPECT_EQ(f, WatchlistFormat::kBgpalerter);
  EXPECT_EQ(w->entries().size(), 15u);
  EXPECT_EQ(w->asns().size(), 4u);
  // Host bits are cleared with a warning: 94.5.4.3/22 -> 94.5.4.0/22.
  bool found = false;
  for (const auto& e : w->entries()) {
    if (e.prefix == P("94.5.4.0/22")) {
      found = true;
      EXPECT_TRUE(e.host_bits_cleared);
      EXPECT_TRUE(e.origins.contains(2914));
      ASSERT_EQ(e.path_rules.size(), 1u);
      EXPECT_EQ(e.path_rules[0].match, ".*2914$");
      EXPECT_EQ(e.path_rules[0].not_match, ".*5060.*");
    }
    if (e.prefix == P("2a00:5884::/32")) {
      EXPECT_TRUE(e.origins.contains(204092));
      EXPECT_TRUE(e.origins.contains(45));
    }
    if (e.prefix == P("175.254.205.0/24")) {
      EXPECT_EQ(e.exclude_monitors.size(), 3u);
    }
  }
  EXPECT_TRUE(found);
  EXPECT_FALSE(w->warnings().empty());
  // The ignored entry is left out of lookups.
  EXPECT_TRUE(w->covering(P("2a0e:240::/48")).empty() ||
              w->covering(P("2a0e:240::/48"))[0]->prefix != P("2a0e:240::/32"));
  const std::string nb =
      test::data_dir() + "/detection-vectors/bgpalerter/neighbor_tests/prefixes.test.yml";
  auto n = parse_watchlist(slurp(nb), nb);
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  ASSERT_NE(n->monitored_as(101), nullptr);
  EXPECT_TRUE(n->monitored_as(101)->upstreams.contains(100));
  EXPECT_TRUE(n->monitored_as(101)->downstreams.contains(104));
}

TEST(Watchlist, EveryArtemisConfigLoads) {
  VIGIL_REQUIRE_DATA();
  namespace fs = std::filesystem;
  int loaded = 0;
  for (const auto& e :
       fs::recursive_directory_iterator(test::data_dir() + "/detection-vectors/artemis")) {
    if (e.path().extension() != ".yaml") continue;
    WatchlistFormat f;
    auto w = parse_watchlist(slurp(e.path()), e.path().string(), &f);
    ASSERT_TRUE(w.ok()) << w.error().to_string();
    EXPECT_EQ(f, WatchlistFormat::kArtemis);
    // autoconf's config starts with `rules: []` (rules are learned).
    if (e.path().string().find("autoconf") == std::string::npos) {
      EXPECT_FALSE(w->entries().empty()) << e.path();
    }
    ++loaded;
  }
  EXPECT_EQ(loaded, 6);
}

TEST(Watchlist, ArtemisOperatorsRangesWildcardsAndAnnotations) {
  VIGIL_REQUIRE_DATA();
  const std::string path =
      test::data_dir() + "/detection-vectors/artemis/detection/configs/config.yaml";
  auto w = parse_watchlist(slurp(path), path);
  ASSERT_TRUE(w.ok()) << w.error().to_string();
  auto find = [&](const char* p, uint8_t min_len) -> const WatchEntry* {
    for (const auto& e : w->entries()) {
      if (e.prefix == P(p) && e.min_len == min_len) return &e;
    }
    return nullptr;
  };
  const WatchEntry* exc = find("10.10.0.0/23", 24);  // ^-
  ASSERT_NE(exc, nullptr);
  EXPECT_EQ(exc->max_len, 32);
  const WatchEntry* inc = find("10.11.0.0/23", 23);  // ^+
  ASSERT_NE(inc, nullptr);
  EXPECT_EQ(inc->max_len, 32);
  const WatchEntry* n = find("10.12.0.0/16", 24);  // ^24
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->max_len, 24);
  const WatchEntry* nm = find("10.13.0.0/16", 20);  // ^20-24
  ASSERT_NE(nm, nullptr);
  EXPECT_EQ(nm->max_len, 24);
  EXPECT_TRUE(nm->neighbors.any);
  const WatchEntry* range = find("10.0.6.0/24", 24);  // origins "300- 310", neighbors "320 -330"
  ASSERT_NE(range, nullptr);
  EXPECT_TRUE(range->origins.contains(305));
  EXPECT_FALSE(range->origins.contains(311));
  EXPECT_TRUE(range->neighbors.contains(320));
  const WatchEntry* any = find("10.0.1.0/24", 24);  // origin_asns: '*'
  ASSERT_NE(any, nullptr);
  EXPECT_TRUE(any->origins.any);
  const WatchEntry* squat = find("10.0.0.0/16", 16);  // no origin_asns
  ASSERT_NE(squat, nullptr);
  EXPECT_TRUE(squat->origins.empty());
  const WatchEntry* ne = find("10.0.5.0/24", 24);
  ASSERT_NE(ne, nullptr);
  EXPECT_TRUE(ne->no_export);
  const WatchEntry* comm = find("10.0.20.0/24", 24);
  ASSERT_NE(comm, nullptr);
  ASSERT_EQ(comm->annotations.size(), 4u);
  EXPECT_EQ(comm->annotations[0].severity, "critical");
  EXPECT_EQ(comm->annotations[0].in, (std::vector<uint32_t>{(555u << 16) | 1, (555u << 16) | 2}));
  // The same prefix in two rules: two entries, both found by covering()
  // (with the /16 and /8 entries that cover it).
  auto multi = w->covering(P("10.0.40.0/24"));
  ASSERT_EQ(multi.size(), 4u);
  EXPECT_EQ(multi[0]->prefix, P("10.0.40.0/24"));
  EXPECT_EQ(multi[1]->prefix, P("10.0.40.0/24"));
  EXPECT_NE(multi[0]->neighbors.contains(1001), multi[1]->neighbors.contains(1001));
  // 10.0.1.0/24 is covered by itself, 10.0.0.0/16 and 10.0.0.0/8, in that order.
  auto cov = w->covering(P("10.0.1.0/24"));
  ASSERT_GE(cov.size(), 3u);
  EXPECT_EQ(cov[0]->prefix, P("10.0.1.0/24"));
  EXPECT_EQ(cov.back()->prefix, P("10.0.0.0/8"));
}

TEST(Watchlist, AcknowledgeAndIgnoreRules) {
  auto w = parse_watchlist(R"(acknowledge:
  - id: moas-193.0.0.0/21-AS64500-1600000000
    reason: planned migration
  - prefix: 193.0.0.0/16
    asn: AS64500
ignore:
  - type: new-adjacency
    colour: blue
)",
                           "rules.yml");
  ASSERT_TRUE(w.ok()) << w.error().message;
  const auto& rules = w->incident_rules();
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_FALSE(rules[0].ignore);
  EXPECT_EQ(rules[0].id, "moas-193.0.0.0/21-AS64500-1600000000");
  EXPECT_EQ(rules[0].reason, "planned migration");
  EXPECT_EQ(rules[1].prefix, P("193.0.0.0/16"));
  EXPECT_EQ(rules[1].asn, 64500u);
  EXPECT_TRUE(rules[2].ignore);
  EXPECT_EQ(rules[2].type, "new-adjacency");
  EXPECT_EQ(rules[2].where, "rules.yml:7:5");
  ASSERT_EQ(w->warnings().size(), 1u);  // colour
  EXPECT_NE(w->warnings()[0].find("rules.yml:8:5: unknown rule key 'colour'"), std::string::npos)
      << w->warnings()[0];
  // Errors name the place.
  auto empty = parse_watchlist("ignore:\n  - reason: nothing to match\n", "r.yml");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("r.yml:2:5: a rule needs at least one of"),
            std::string::npos)
      << empty.error().message;
  auto bad = parse_watchlist("acknowledge:\n  - prefix: 300.0.0.0/8\n", "r.yml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("'300.0.0.0/8' is not a prefix"), std::string::npos);
}

}  // namespace
}  // namespace vigil::refdata

// The IODA-style visibility signal (union of visible space per AS and
// country, the > 50 % rule, the fallback peers, incremental = rescan) and
// the "outage" detector end to end through detect::Engine on MRT data
// written by vigil's writer: an AS that withdraws everything (outage, then
// cleared), small flaps and tiny ASes (nothing), a change of vantage points
// (nothing), and a country whose ASes withdraw together (shutdown).
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <string>

#include "detect/engine.h"
#include "detect/replay_support.h"
#include "detect/signal/visibility_signal.h"
#include "dump/mrt_stream.h"
#include "dump/rib_loader.h"
#include "io/memory_source.h"
#include "refdata/registry/registry.h"
#include "wire/bgp/encode.h"
#include "wire/mrt/writer.h"

namespace vigil::detect {
namespace {

using signal::as_key;
using signal::country_key;
using signal::PeerRule;
using signal::SignalOptions;
using signal::VisibilitySignal;

const IpAddr kOgLocal = IpAddr::v4(0xC00002FE);
constexpr uint32_t kOgT0 = 1609459200;  // 2021-01-01 00:00 UTC, a bin boundary

IpAddr og_peer_addr(int i) { return IpAddr::v4(0xC0000210 + static_cast<uint32_t>(i)); }
uint32_t og_peer_asn(int i) { return 65000 + static_cast<uint32_t>(i); }

Prefix og_prefix(const std::string& s) { return *Prefix::parse(s); }

// n consecutive /24s from `first` (e.g. "41.32.0.0").
std::vector<Prefix> og_slash24s(const std::string& first, int n) {
  const uint32_t base = IpAddr::parse(first)->v4_host_order();
  std::vector<Prefix> out;
  for (int i = 0; i < n; ++i) out.push_back(Prefix{IpAddr::v4(base + 256u * i), 24});
  return out;
}

// REQUIRES (callers here): one family per announcement.
std::pair<std::vector<Prefix>, std::vector<Prefix>> og_split(const std::vector<Prefix>& all) {
  std::pair<std::vector<Prefix>, std::vector<Prefix>> out;
  for (const Prefix& p : all) (p.addr.is_v4() ? out.first : out.second).push_back(p);
  return out;
}

// MRT update records in time order (events are sorted before writing).
class OgStream {
 public:
  // IPv4 prefixes go in the NLRI / withdrawn fields, IPv6 ones in
  // MP_REACH / MP_UNREACH.
  void announce(uint32_t t, int peer, uint32_t origin, std::vector<Prefix> prefixes) {
    add(t, [=](mrt::Writer& w) {
      const std::vector<uint32_t> path = {og_peer_asn(peer), 3356, origin};
      const auto [v4, v6] = og_split(prefixes);
      bgp::AttrEncoder enc;
      enc.origin(bgp::Origin::kIgp).as_path(path);
      if (v4.empty()) {
        const IpAddr nh = *IpAddr::parse("2001:db8:ffff::1");
        enc.mp_reach(2, 1, std::span<const IpAddr>(&nh, 1), v6);
      } else {
        enc.next_hop(og_peer_addr(peer));
      }
      const auto msg = bgp::encode_update({}, enc.bytes(), v4);
      w.bgp4mp_message(t, 0, false, og_peer_asn(peer), 3130, og_peer_addr(peer), kOgLocal, msg);
    });
  }
  void withdraw(uint32_t t, int peer, std::vector<Prefix> prefixes) {
    add(t, [=](mrt::Writer& w) {
      const auto [v4, v6] = og_split(prefixes);
      bgp::AttrEncoder enc;
      if (!v6.empty()) enc.mp_unreach(2, 1, v6);
      const auto msg = bgp::encode_update(v4, enc.bytes(), {});
      w.bgp4mp_message(t, 0, false, og_peer_asn(peer), 3130, og_peer_addr(peer), kOgLocal, msg);
    });
  }
  void announce_all(uint32_t t, int peers, uint32_t origin, const std::vector<Prefix>& p) {
    for (int i = 0; i < peers; ++i) announce(t, i, origin, p);
  }
  void withdraw_all(uint32_t t, int peers, const std::vector<Prefix>& p) {
    for (int i = 0; i < peers; ++i) withdraw(t, i, p);
  }
  // A record that changes nothing (Idle -> Connect), to move time on.
  void ticks(uint32_t from, uint32_t to, uint32_t step) {
    for (uint32_t t = from; t <= to; t += step) {
      add(t, [=](mrt::Writer& w) {
        w.bgp4mp_state(t, 0, false, og_peer_asn(0), 3130, og_peer_addr(0), kOgLocal, 1, 2);
      });
    }
  }
  std::vector<uint8_t> bytes() {
    std::stable_sort(events_.begin(), events_.end(),
                     [](const Event& a, const Event& b) { return a.t < b.t; });
    mrt::Writer w;
    for (const auto& e : events_) e.write(w);
    return w.bytes();
  }

 private:
  struct Event {
    uint32_t t;
    std::function<void(mrt::Writer&)> write;
  };
  void add(uint32_t t, std::function<void(mrt::Writer&)> f) {
    events_.push_back({t, std::move(f)});
  }
  std::vector<Event> events_;
};

// Applies MRT bytes to a Rib; `before` runs before each record.
void og_load(rib::Rib& rib, const std::vector<uint8_t>& bytes,
             const std::function<void(const dump::RecordView&)>& before) {
  test_support::load_mrt(rib, bytes, "outage.mrt", before);
}

// A Rib with a VisibilitySignal on its change log.
struct OgSignalRun {
  explicit OgSignalRun(SignalOptions o = {}, const refdata::Registry* reg = nullptr)
      : sig(rib, reg, o) {
    rib.set_change_sink([this](const rib::Change& c) { sig.on_change(c); });
  }
  void load(OgStream& s) {
    ASSERT_NO_FATAL_FAILURE(og_load(rib, s.bytes(), [](const dump::RecordView&) {}));
  }
  // The totals after the changes so far (the signal applies them lazily).
  uint64_t v4(uint64_t key) {
    sig.flush();
    return sig.totals(key).v4_slash24s;
  }
  rib::Rib rib;
  VisibilitySignal sig;
};

const char* const kOgRegistry =
    "2|ripencc|1609459200|6|19830705|20210101|+0000\n"
    "ripencc|*|asn|*|2|summary\n"
    "ripencc|*|ipv4|*|4|summary\n"
    "ripencc|EG|asn|64500|3|20100101|allocated\n"
    "ripencc|NL|asn|64510|3|20100101|allocated\n"
    "ripencc|EG|ipv4|41.32.0.0|131072|20100101|allocated\n"
    "ripencc|EG|ipv4|41.34.0.0|65536|20100101|allocated\n"
    "ripencc|NL|ipv4|193.0.0.0|65536|20100101|allocated\n"
    "ripencc|NL|ipv4|193.1.0.0|65536|20100101|allocated\n";

refdata::Registry og_registry() {
  auto f = refdata::parse_rir_stats(kOgRegistry, "delegated-test");
  EXPECT_TRUE(f.ok());
  refdata::RegistryBuilder b;
  b.add(std::move(*f));
  return std::move(b).build();
}

// ---------------------------------------------------------------- signal

TEST(OutageSignal, UnionOfVisibleSpace) {
  OgSignalRun run;
  OgStream s;
  // AS64500: a /16 and three /24s, two of them inside it: 256 + 1 /24s.
  s.announce_all(kOgT0, 3, 64500,
                 {og_prefix("20.0.0.0/16"), og_prefix("20.0.1.0/24"), og_prefix("20.0.5.0/24"),
                  og_prefix("20.1.0.0/24")});
  // A /25 (not counted) and a /26.
  s.announce_all(kOgT0, 3, 64501, {og_prefix("30.0.0.0/25"), og_prefix("30.0.1.0/24")});
  ASSERT_NO_FATAL_FAILURE(run.load(s));
  EXPECT_EQ(run.v4(as_key(64500)), 0u);  // no signal peers before refresh()
  const auto r = run.sig.refresh();
  EXPECT_TRUE(r.rescanned);
  EXPECT_EQ(run.sig.signal_peers(false), 3u);
  EXPECT_EQ(run.sig.peer_rule(false), PeerRule::kFallback);
  EXPECT_EQ(run.v4(as_key(64500)), 257u);
  EXPECT_EQ(run.v4(as_key(64501)), 1u);

  // The /16 goes: its /24s still count (incrementally).
  OgStream w;
  w.withdraw_all(kOgT0 + 10, 3, {og_prefix("20.0.0.0/16")});
  ASSERT_NO_FATAL_FAILURE(run.load(w));
  EXPECT_EQ(run.v4(as_key(64500)), 3u);
  // Back again, and a /24 inside it goes: still 257.
  OgStream back;
  back.announce_all(kOgT0 + 20, 3, 64500, {og_prefix("20.0.0.0/16")});
  back.withdraw_all(kOgT0 + 21, 3, {og_prefix("20.0.1.0/24")});
  ASSERT_NO_FATAL_FAILURE(run.load(back));
  EXPECT_EQ(run.v4(as_key(64500)), 257u);
  // A MOAS /24 inside the /16 counts for the other origin too.
  OgStream moas;
  moas.announce_all(kOgT0 + 30, 3, 64501, {og_prefix("20.0.9.0/24")});
  ASSERT_NO_FATAL_FAILURE(run.load(moas));
  EXPECT_EQ(run.v4(as_key(64501)), 2u);
  EXPECT_EQ(run.v4(as_key(64500)), 257u);
  auto dirty = run.sig.take_dirty();
  EXPECT_NE(std::find(dirty.begin(), dirty.end(), as_key(64501)), dirty.end());
  EXPECT_TRUE(run.sig.take_dirty().empty());
}

TEST(OutageSignal, VisibleAboveHalfOfSignalPeers) {
  OgSignalRun run;
  OgStream s;
  const auto base = og_slash24s("50.0.0.0", 4);
  s.announce_all(kOgT0, 3, 64500, base);                    // every peer has 4+ routes
  s.announce(kOgT0, 0, 64501, {og_prefix("60.0.0.0/24")});  // 1 of 3
  s.announce(kOgT0, 0, 64502, {og_prefix("61.0.0.0/24")});  // 2 of 3
  s.announce(kOgT0, 1, 64502, {og_prefix("61.0.0.0/24")});
  ASSERT_NO_FATAL_FAILURE(run.load(s));
  run.sig.refresh();
  EXPECT_EQ(run.v4(as_key(64500)), 4u);
  EXPECT_EQ(run.v4(as_key(64501)), 0u);
  EXPECT_EQ(run.v4(as_key(64502)), 1u);
  // A second peer for 60.0.0.0/24 makes it visible; losing one for
  // 61.0.0.0/24 hides it.
  OgStream more;
  more.announce(kOgT0 + 1, 2, 64501, {og_prefix("60.0.0.0/24")});
  more.withdraw(kOgT0 + 1, 0, {og_prefix("61.0.0.0/24")});
  ASSERT_NO_FATAL_FAILURE(run.load(more));
  EXPECT_EQ(run.v4(as_key(64501)), 1u);
  EXPECT_EQ(run.v4(as_key(64502)), 0u);
  EXPECT_EQ(run.sig.visible_prefixes(), 5u);
}

TEST(OutageSignal, FallbackAndFullFeedPeers) {
  OgStream s;
  s.announce_all(kOgT0, 2, 64500, og_slash24s("50.0.0.0", 10));
  s.announce(kOgT0, 2, 64500, og_slash24s("50.0.0.0", 1));  // 1 route: 10 % of the largest
  {
    OgSignalRun run;
    ASSERT_NO_FATAL_FAILURE(run.load(s));
    run.sig.refresh();
    EXPECT_EQ(run.sig.peer_rule(false), PeerRule::kFallback);
    EXPECT_EQ(run.sig.signal_peers(false), 2u);  // the small peer is left out
    EXPECT_FALSE(run.sig.is_signal_peer(2, false));
    EXPECT_EQ(run.v4(as_key(64500)), 10u);  // 2 of 2 peers
    EXPECT_EQ(run.sig.peer_rule(true), PeerRule::kNone);
    EXPECT_EQ(run.sig.signal_peers(true), 0u);
  }
  {
    SignalOptions o;
    o.fallback_join = 0.05;  // configurable: now the small peer joins
    OgSignalRun run(o);
    ASSERT_NO_FATAL_FAILURE(run.load(s));
    run.sig.refresh();
    EXPECT_EQ(run.sig.signal_peers(false), 3u);
    EXPECT_EQ(run.v4(as_key(64500)), 10u);  // 2 of 3
  }
  {
    SignalOptions o;
    o.full_feed_v4 = 5;  // "full feed" = more than 5 IPv4 routes
    OgSignalRun run(o);
    ASSERT_NO_FATAL_FAILURE(run.load(s));
    run.sig.refresh();
    EXPECT_EQ(run.sig.peer_rule(false), PeerRule::kFullFeed);
    EXPECT_EQ(run.sig.signal_peers(false), 2u);
  }
}

TEST(OutageSignal, IncrementalMatchesRescan) {
  // Random announcements and withdrawals of nested prefixes by 3 peers and
  // 3 origins (MOAS included), IPv4 and IPv6; then a fresh signal rescans
  // the same table and must agree on every entity.
  const std::vector<Prefix> pool = {
      og_prefix("20.0.0.0/8"),       og_prefix("20.0.0.0/16"),   og_prefix("20.0.0.0/24"),
      og_prefix("20.0.7.0/24"),      og_prefix("20.0.128.0/17"), og_prefix("20.0.200.0/22"),
      og_prefix("20.0.201.0/24"),    og_prefix("20.1.0.0/16"),   og_prefix("20.1.3.0/24"),
      og_prefix("20.9.0.0/20"),      og_prefix("41.32.0.0/16"),  og_prefix("41.32.4.0/22"),
      og_prefix("41.33.0.0/24"),     og_prefix("2001:db8::/32"), og_prefix("2001:db8:1::/48"),
      og_prefix("2001:db8:100::/40")};
  SignalOptions o;
  o.fallback_join = 0.0;  // every peer with a route: the set stays the same
  o.fallback_keep = 0.0;
  const refdata::Registry reg = og_registry();
  OgSignalRun run(o, &reg);
  OgStream keep;  // one fixed route per peer and family
  keep.announce_all(kOgT0, 3, 64999, {og_prefix("99.0.0.0/24")});
  keep.announce_all(kOgT0, 3, 64999, {og_prefix("2001:db9::/32")});
  ASSERT_NO_FATAL_FAILURE(run.load(keep));
  run.sig.refresh();
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    OgStream s;
    for (int i = 0; i < 40; ++i) {
      const Prefix& p = pool[rng() % pool.size()];
      const int peer = static_cast<int>(rng() % 3);
      if (rng() % 3 == 0) {
        s.withdraw(kOgT0 + 1 + round, peer, {p});
      } else {
        s.announce(kOgT0 + 1 + round, peer, 64500 + rng() % 3, {p});
      }
    }
    ASSERT_NO_FATAL_FAILURE(run.load(s));
    run.sig.flush();  // the round's changes, each noted prefix once, in any order
    VisibilitySignal fresh(run.rib, &reg, o);
    fresh.refresh();
    ASSERT_EQ(run.sig.signal_peers(true), 3u);
    EXPECT_EQ(fresh.visible_prefixes(), run.sig.visible_prefixes()) << "round " << round;
    for (uint64_t key : {as_key(64500), as_key(64501), as_key(64502), as_key(64999),
                         country_key(refdata::CountryCode("EG"))}) {
      EXPECT_EQ(fresh.totals(key).v4_slash24s, run.sig.totals(key).v4_slash24s)
          << "round " << round << " key " << key;
      EXPECT_EQ(fresh.totals(key).v6_slash48s, run.sig.totals(key).v6_slash48s)
          << "round " << round << " key " << key;
    }
  }
}

TEST(OutageSignal, CountryOfTheSpace) {
  const refdata::Registry reg = og_registry();
  OgSignalRun run({}, &reg);
  OgStream s;
  s.announce_all(kOgT0, 3, 64500, og_slash24s("41.32.0.0", 5));
  s.announce_all(kOgT0, 3, 64501, {og_prefix("41.34.0.0/16")});
  s.announce_all(kOgT0, 3, 64510, og_slash24s("193.0.0.0", 3));
  s.announce_all(kOgT0, 3, 64999, {og_prefix("99.0.0.0/24")});  // no delegation
  ASSERT_NO_FATAL_FAILURE(run.load(s));
  run.sig.refresh();
  EXPECT_EQ(run.v4(country_key(refdata::CountryCode("EG"))), 5u + 256u);
  EXPECT_EQ(run.v4(country_key(refdata::CountryCode("NL"))), 3u);
  EXPECT_EQ(run.v4(as_key(64999)), 1u);
}

// ---------------------------------------------------------------- detector

using OgReplay = test_support::Replayed;

void og_replay(OgReplay& run, const std::vector<uint8_t>& bytes,
               const refdata::Registry* reg = nullptr) {
  ReferenceData refs;
  refs.registry = reg;
  test_support::replay(run, bytes, refs, {"outage"}, {}, {}, "outage.mrt");
}

constexpr uint32_t kOgHour = 3600;

// Three peers; AS64500 (20 /24s) withdraws everything at 02:01 and comes
// back at 03:01; AS64511 loses 1 of its 10 /24s for half an hour; AS64512
// (one /24) is gone for an hour.
OgStream og_outage_scenario() {
  OgStream s;
  const auto big = og_slash24s("20.0.0.0", 20), flap = og_slash24s("30.0.0.0", 10);
  const auto tiny = og_slash24s("40.0.0.0", 1);
  s.announce_all(kOgT0, 3, 64500, big);
  s.announce_all(kOgT0, 3, 64510, og_slash24s("193.0.0.0", 16));
  s.announce_all(kOgT0, 3, 64511, flap);
  s.announce_all(kOgT0, 3, 64512, tiny);
  s.withdraw_all(kOgT0 + 90 * 60, 3, {flap[3]});
  s.announce_all(kOgT0 + 120 * 60, 3, 64511, {flap[3]});
  s.withdraw_all(kOgT0 + 2 * kOgHour + 60, 3, big);
  s.withdraw_all(kOgT0 + 150 * 60, 3, tiny);
  s.announce_all(kOgT0 + 3 * kOgHour + 60, 3, 64500, big);
  s.announce_all(kOgT0 + 210 * 60, 3, 64512, tiny);
  s.ticks(kOgT0 + 60, kOgT0 + 4 * kOgHour, 60);
  return s;
}

TEST(OutageDetector, RaisedAndCleared) {
  OgReplay run;
  ASSERT_NO_FATAL_FAILURE(og_replay(run, og_outage_scenario().bytes()));
  const auto out = run.of(AlertType::kOutage);
  ASSERT_EQ(out.size(), 1u);
  const Incident& in = *out[0];
  EXPECT_EQ(in.asn, 64500u);
  EXPECT_FALSE(in.has_prefix);
  EXPECT_EQ(in.aggregate_peers, 3u);
  EXPECT_EQ(in.peer_count(), 3u);
  // Withdrawn at 02:01; below the threshold at the ends of the bins 02:00,
  // 02:05 and 02:10: raised at 02:15.
  EXPECT_EQ(in.first_seen, kOgT0 + 2 * kOgHour + 15 * 60);
  EXPECT_EQ(in.severity, Severity::kMedium);  // all 20 of 20 lost
  EXPECT_NE(in.explanation.find("AS64500 lost 20 of its 20 visible /24s (100 %) between "
                                "2021-01-01 02:00 and 02:05 UTC"),
            std::string::npos)
      << in.explanation;
  EXPECT_NE(in.explanation.find("median over the previous 2 h was 20"), std::string::npos);
  // Back at 03:01: cleared at the end of that bin (resolved an hour later,
  // after the replay's end).
  EXPECT_EQ(in.status, IncidentStatus::kWithdrawn);
  EXPECT_EQ(in.withdrawn_at, kOgT0 + 3 * kOgHour + 5 * 60);
  EXPECT_TRUE(run.of(AlertType::kShutdown).empty());  // no registry
}

TEST(OutageDetector, NothingWhileLearningOrWithoutHistory) {
  // The same withdrawal 40 minutes in: less than the hour of history the
  // rule needs, so nothing.
  OgStream s;
  const auto big = og_slash24s("20.0.0.0", 20);
  s.announce_all(kOgT0, 3, 64500, big);
  s.withdraw_all(kOgT0 + 40 * 60, 3, big);
  s.ticks(kOgT0 + 60, kOgT0 + 2 * kOgHour, 60);
  OgReplay run;
  ASSERT_NO_FATAL_FAILURE(og_replay(run, s.bytes()));
  EXPECT_TRUE(run.of(AlertType::kOutage).empty());
}

TEST(OutageDetector, ChangeOfVantagePointsIsNoOutage) {
  // AS64520's /24s are carried by 2 of the 3 peers (visible: 2 > 1.5). A
  // fourth peer with a large table joins at 02:00: 2 of 4 is not > 2, so
  // the space is no longer visible, but because the signal peers changed,
  // not because AS64520 lost anything.
  OgStream s;
  const auto base = og_slash24s("20.0.0.0", 20), two = og_slash24s("21.0.0.0", 10);
  s.announce_all(kOgT0, 3, 64500, base);
  s.announce_all(kOgT0, 2, 64520, two);
  s.announce(kOgT0 + 2 * kOgHour, 3, 64500, base);
  s.ticks(kOgT0 + 60, kOgT0 + 4 * kOgHour, 60);
  OgReplay run;
  ASSERT_NO_FATAL_FAILURE(og_replay(run, s.bytes()));
  EXPECT_TRUE(run.of(AlertType::kOutage).empty());
}

TEST(OutageDetector, CountryShutdown) {
  // Egypt-like: the three EG ASes withdraw everything within a minute; the
  // NL ASes stay.
  const refdata::Registry reg = og_registry();
  OgStream s;
  const auto eg1 = og_slash24s("41.32.0.0", 40), eg2 = og_slash24s("41.33.0.0", 20),
             eg3 = og_slash24s("41.34.0.0", 12);
  s.announce_all(kOgT0, 3, 64500, eg1);
  s.announce_all(kOgT0, 3, 64501, eg2);
  s.announce_all(kOgT0, 3, 64502, eg3);
  s.announce_all(kOgT0, 3, 64510, og_slash24s("193.0.0.0", 30));
  s.announce_all(kOgT0, 3, 64511, og_slash24s("193.1.0.0", 30));
  s.withdraw_all(kOgT0 + 2 * kOgHour + 30, 3, eg1);
  s.withdraw_all(kOgT0 + 2 * kOgHour + 60, 3, eg2);
  s.withdraw_all(kOgT0 + 2 * kOgHour + 90, 3, eg3);
  for (const auto* p : {&eg1, &eg2, &eg3}) {
    s.announce_all(kOgT0 + 3 * kOgHour + 60, 3, p == &eg1 ? 64500 : p == &eg2 ? 64501 : 64502, *p);
  }
  s.ticks(kOgT0 + 60, kOgT0 + 4 * kOgHour, 60);
  OgReplay run;
  ASSERT_NO_FATAL_FAILURE(og_replay(run, s.bytes(), &reg));
  const auto outages = run.of(AlertType::kOutage);
  ASSERT_EQ(outages.size(), 3u);
  for (const auto* in : outages) EXPECT_EQ(in->country, "EG") << in->asn;
  const auto shut = run.of(AlertType::kShutdown);
  ASSERT_EQ(shut.size(), 1u);
  const Incident& in = *shut[0];
  EXPECT_EQ(in.country, "EG");
  EXPECT_EQ(in.asn, 0u);
  EXPECT_FALSE(in.has_prefix);
  EXPECT_EQ(in.severity, Severity::kCritical);
  EXPECT_EQ(in.first_seen, kOgT0 + 2 * kOgHour + 15 * 60);
  EXPECT_NE(in.explanation.find("EG lost 72 of its 72 visible /24s (100 %)"), std::string::npos)
      << in.explanation;
  EXPECT_NE(in.explanation.find("3 of its 3 ASes"), std::string::npos) << in.explanation;
  EXPECT_EQ(in.status, IncidentStatus::kWithdrawn);
  EXPECT_EQ(in.withdrawn_at, kOgT0 + 3 * kOgHour + 5 * 60);
  EXPECT_EQ(norms_for(AlertType::kShutdown)[0], "Reliable Access");
}

TEST(OutageDetector, ManyAsesOfACountryDropTogether) {
  // The country signal stays above half (a large AS64500 stays up), but 3
  // of the 4 judged EG ASes are in outage: a shutdown (high, not critical).
  OgStream s;
  const auto big = og_slash24s("41.32.0.0", 200), a = og_slash24s("41.34.0.0", 20),
             b = og_slash24s("41.34.100.0", 20), c = og_slash24s("41.34.200.0", 20);
  s.announce_all(kOgT0, 3, 64500, big);
  s.announce_all(kOgT0, 3, 64501, a);
  s.announce_all(kOgT0, 3, 64502, b);
  s.announce_all(kOgT0, 3, 64503, c);
  for (const auto* p : {&a, &b, &c}) s.withdraw_all(kOgT0 + 2 * kOgHour + 60, 3, *p);
  s.ticks(kOgT0 + 60, kOgT0 + 3 * kOgHour, 60);
  const std::string text = std::string(kOgRegistry) + "ripencc|EG|asn|64503|1|20100101|allocated\n";
  auto f = refdata::parse_rir_stats(text, "delegated-test");
  ASSERT_TRUE(f.ok());
  refdata::RegistryBuilder builder;
  builder.add(std::move(*f));
  const refdata::Registry reg4 = std::move(builder).build();
  OgReplay run;
  ASSERT_NO_FATAL_FAILURE(og_replay(run, s.bytes(), &reg4));
  EXPECT_EQ(run.of(AlertType::kOutage).size(), 3u);
  const auto shut = run.of(AlertType::kShutdown);
  ASSERT_EQ(shut.size(), 1u);
  EXPECT_EQ(shut[0]->severity, Severity::kHigh);
  EXPECT_NE(shut[0]->explanation.find("3 of its 4 ASes"), std::string::npos)
      << shut[0]->explanation;
  EXPECT_EQ(shut[0]->status, IncidentStatus::kOngoing);
}

}  // namespace
}  // namespace vigil::detect

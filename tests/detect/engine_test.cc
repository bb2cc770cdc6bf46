// The detection engine end to end on MRT data written by vigil's own
// writer: a RIB dump as the baseline, then updates with an exact-prefix
// hijack, a sub-prefix hijack, a new AS link and a bogon; the incidents, their
// evidence and their lifecycle (withdrawn when every peer drops the route).
#include "detect/engine.h"

#include <gtest/gtest.h>

#include "detect/replay_support.h"
#include "wire/bgp/encode.h"
#include "wire/mrt/writer.h"

namespace vigil::detect {
namespace {

const IpAddr kPeerA = IpAddr::v4(0xC0000201);  // 192.0.2.1 AS1299
const IpAddr kPeerB = IpAddr::v4(0xC0000202);  // 192.0.2.2 AS2914
const IpAddr kLocal = IpAddr::v4(0xC00002FE);
const Prefix kVictim = *Prefix::parse("185.0.14.0/24");
const Prefix kVictimSub = *Prefix::parse("185.0.14.128/25");
const Prefix kOther = *Prefix::parse("193.0.22.0/24");

std::vector<uint8_t> attrs(std::vector<uint32_t> path, const IpAddr& nh) {
  bgp::AttrEncoder enc;
  enc.origin(bgp::Origin::kIgp).as_path(path).next_hop(nh);
  return enc.bytes();
}

std::vector<uint8_t> announce(std::vector<uint32_t> path, const Prefix& p, const IpAddr& nh) {
  const auto a = attrs(std::move(path), nh);
  return bgp::encode_update({}, a, std::span<const Prefix>(&p, 1));
}

std::vector<uint8_t> withdraw(const Prefix& p) {
  return bgp::encode_update(std::span<const Prefix>(&p, 1), {}, {});
}

using Replay = test_support::Replayed;

void replay(Replay& run, const std::vector<uint8_t>& bytes, const refdata::Watchlist* w,
            EngineOptions opts = {}) {
  ReferenceData refs;
  refs.watchlist = w;
  test_support::replay(run, bytes, refs, {}, opts);
}

std::vector<uint8_t> scenario() {
  mrt::Writer w;
  const mrt::Peer peers[] = {{0, kPeerA, kPeerA, 1299}, {0, kPeerB, kPeerB, 2914}};
  w.peer_index_table(1000, kLocal, "t", peers);
  const auto v1 = attrs({1299, 3356, 25152}, kPeerA), v2 = attrs({2914, 174, 25152}, kPeerB);
  const auto o1 = attrs({1299, 3356, 3333}, kPeerA), o2 = attrs({2914, 174, 3333}, kPeerB);
  const mrt::RibEntryOut victim[] = {{0, 900, v1}, {1, 900, v2}};
  const mrt::RibEntryOut other[] = {{0, 900, o1}, {1, 900, o2}};
  w.rib(1000, 0, kVictim, victim);
  w.rib(1000, 1, kOther, other);
  // t=2000: AS12389 originates the victim prefix at both peers (seen by 2).
  w.bgp4mp_message(2000, 0, false, 1299, 3130, kPeerA, kLocal,
                   announce({1299, 3356, 12389}, kVictim, kPeerA));
  w.bgp4mp_message(2001, 0, false, 2914, 3130, kPeerB, kLocal,
                   announce({2914, 174, 12389}, kVictim, kPeerB));
  // t=2100: a sub-prefix of it, from AS12389, at peer A only.
  w.bgp4mp_message(2100, 0, false, 1299, 3130, kPeerA, kLocal,
                   announce({1299, 3356, 12389}, kVictimSub, kPeerA));
  // t=2200: the right origin reached through a link never seen before.
  w.bgp4mp_message(2200, 0, false, 1299, 3130, kPeerA, kLocal,
                   announce({1299, 9999, 3333}, kOther, kPeerA));
  // t=2300: a bogon.
  w.bgp4mp_message(2300, 0, false, 1299, 3130, kPeerA, kLocal,
                   announce({1299, 3356, 8888}, *Prefix::parse("10.1.0.0/16"), kPeerA));
  // t=3000: the hijack ends: A returns to the right origin, B withdraws.
  w.bgp4mp_message(3000, 0, false, 1299, 3130, kPeerA, kLocal,
                   announce({1299, 3356, 25152}, kVictim, kPeerA));
  w.bgp4mp_message(3001, 0, false, 2914, 3130, kPeerB, kLocal, withdraw(kVictim));
  return w.bytes();
}

// The evidence keeper is asked once per record that raised an alert about
// a route, with that record's exact bytes; every such alert's evidence
// carries the leaf index it returned. A failing keeper loses no alert.
TEST(Engine, EvidenceKeeperGetsEachAlertingRecordOnce) {
  const auto bytes = scenario();
  std::vector<std::pair<uint64_t, std::vector<uint8_t>>> kept;  // offset, raw
  Replay run;
  ASSERT_NO_FATAL_FAILURE(test_support::replay(run, bytes, ReferenceData{}, {}, {}, [&](Engine& e) {
    e.set_evidence_keeper([&](const Evidence& ev, Bytes raw) -> Result<uint64_t> {
      kept.emplace_back(ev.offset, std::vector<uint8_t>(raw.begin(), raw.end()));
      return 100 + kept.size() - 1;
    });
  }));
  ASSERT_FALSE(kept.empty());
  for (size_t i = 0; i < kept.size(); ++i) {
    // The bytes are the record at that offset in the file, whole.
    const auto& [offset, raw] = kept[i];
    ASSERT_LE(offset + raw.size(), bytes.size());
    EXPECT_TRUE(std::equal(raw.begin(), raw.end(), bytes.begin() + static_cast<ptrdiff_t>(offset)));
    if (i > 0) {
      EXPECT_NE(offset, kept[i - 1].first) << "asked twice for one record";
    }
  }
  size_t with_leaf = 0;
  for (const auto* in : run.engine->incidents().reported(true)) {
    for (const Evidence& ev : in->evidence) {
      if (!in->has_prefix) continue;
      ASSERT_NE(ev.leaf, Evidence::kNoLeaf) << in->id;
      const auto& [offset, raw] = kept.at(ev.leaf - 100);
      EXPECT_EQ(offset, ev.offset) << in->id;
      ++with_leaf;
    }
  }
  EXPECT_GT(with_leaf, kept.size() - 1);

  Replay failing;
  ASSERT_NO_FATAL_FAILURE(
      test_support::replay(failing, bytes, ReferenceData{}, {}, {}, [&](Engine& e) {
        e.set_evidence_keeper([](const Evidence&, Bytes) -> Result<uint64_t> {
          return make_error(ErrorCode::kIo, "disk full");
        });
      }));
  EXPECT_EQ(failing.engine->incidents().reported(true).size(),
            run.engine->incidents().reported(true).size());
  EXPECT_EQ(failing.engine->keeper_errors(), kept.size());
  for (const auto* in : failing.engine->incidents().reported(true)) {
    for (const Evidence& ev : in->evidence) EXPECT_EQ(ev.leaf, Evidence::kNoLeaf);
  }
}

TEST(Engine, BaselineDetectorsWithoutWatchlist) {
  Replay run;
  ASSERT_NO_FATAL_FAILURE(replay(run, scenario(), nullptr));
  // MOAS: AS12389 for 185.0.14.0/24 (baseline: AS25152), both peers,
  // withdrawn at t=3001 when the last peer dropped it.
  auto moas = run.of(AlertType::kMoas);
  ASSERT_EQ(moas.size(), 1u);
  EXPECT_EQ(moas[0]->asn, 12389u);
  EXPECT_EQ(moas[0]->expected_asns, std::vector<uint32_t>{25152});
  EXPECT_EQ(moas[0]->peers_ever.size(), 2u);
  EXPECT_EQ(moas[0]->first_seen, 2000u);
  EXPECT_EQ(moas[0]->status, IncidentStatus::kWithdrawn);
  EXPECT_EQ(moas[0]->withdrawn_at, 3001u);
  ASSERT_EQ(moas[0]->evidence.size(), 2u);
  EXPECT_EQ(moas[0]->evidence[0].file, "test.mrt");
  EXPECT_GT(moas[0]->evidence[0].offset, 0u);
  EXPECT_NE(moas[0]->explanation.find("AS12389 now originates 185.0.14.0/24"), std::string::npos);
  // Sub-MOAS: the /25 from AS12389, still ongoing.
  auto sub = run.of(AlertType::kSubMoas);
  ASSERT_EQ(sub.size(), 1u);
  EXPECT_EQ(sub[0]->prefix, kVictimSub);
  EXPECT_EQ(sub[0]->status, IncidentStatus::kOngoing);
  // New links: 1299-9999 and 9999-3333 (and 3356-12389, 174-12389 and
  // 3356-8888 from the hijack and the bogon).
  auto adj = run.of(AlertType::kNewAdjacency);
  bool found = false;
  for (const auto* in : adj)
    found |= in->asn == 9999 && in->expected_asns == std::vector<uint32_t>{3333};
  EXPECT_TRUE(found);
  // Bogon: 10.1.0.0/16 (the peers' addresses are documentation space, but
  // only announced prefixes and path ASNs count).
  auto bogon = run.of(AlertType::kBogon);
  ASSERT_EQ(bogon.size(), 1u);
  EXPECT_EQ(bogon[0]->prefix, *Prefix::parse("10.1.0.0/16"));
  EXPECT_EQ(detect::norms_for(AlertType::kBogon)[0], "Cybersecurity Due Diligence");
}

TEST(Engine, WatchlistHijacks) {
  auto w = refdata::parse_watchlist(R"(
prefixes:
  - prefix: 185.0.14.0/24
    origins: [25152]
    neighbors: [3356, 174]
)",
                                    "w.yml");
  ASSERT_TRUE(w.ok());
  Replay run;
  ASSERT_NO_FATAL_FAILURE(replay(run, scenario(), &*w));
  auto exact = run.of(AlertType::kOriginHijack);
  ASSERT_EQ(exact.size(), 1u);
  EXPECT_EQ(exact[0]->code, "E|0|-|-");
  EXPECT_EQ(exact[0]->asn, 12389u);
  EXPECT_EQ(exact[0]->severity, Severity::kHigh);
  EXPECT_EQ(exact[0]->status, IncidentStatus::kWithdrawn);
  auto sub = run.of(AlertType::kSubprefixHijack);
  ASSERT_EQ(sub.size(), 1u);
  EXPECT_EQ(sub[0]->code, "S|0|-|-");
  EXPECT_EQ(sub[0]->prefix, kVictimSub);
}

TEST(Engine, MinPeersHidesSinglePeerIncidents) {
  Replay run;
  EngineOptions opts;
  opts.incidents.min_peers = 2;
  ASSERT_NO_FATAL_FAILURE(replay(run, scenario(), nullptr, opts));
  EXPECT_EQ(run.of(AlertType::kMoas).size(), 1u);    // seen by both peers
  EXPECT_TRUE(run.of(AlertType::kSubMoas).empty());  // seen by one
  EXPECT_TRUE(run.of(AlertType::kBogon).empty());
  rib::Rib other;
  EXPECT_FALSE(Engine::create(other, nullptr, {"no-such-detector"}).ok());
}

TEST(Engine, FadeOffResolvesWithdrawnIncidents) {
  Replay run;
  EngineOptions opts;
  opts.incidents.fade_off_seconds = 60;
  // The same scenario, then one more record an hour later.
  auto bytes = scenario();
  mrt::Writer w;
  w.bgp4mp_state(7000, 0, false, 2914, 3130, kPeerB, kLocal, 1, 2);
  bytes.insert(bytes.end(), w.bytes().begin(), w.bytes().end());
  ASSERT_NO_FATAL_FAILURE(replay(run, bytes, nullptr, opts));
  auto moas = run.of(AlertType::kMoas);
  ASSERT_EQ(moas.size(), 1u);
  EXPECT_EQ(moas[0]->status, IncidentStatus::kResolved);
  EXPECT_EQ(run.of(AlertType::kSubMoas)[0]->status, IncidentStatus::kOngoing);
}

// Regression: fade-off runs on every record's own time. With no fade-off,
// the withdrawn hijack resolves at the next record even when that record
// carries the same second (an earlier version ran it only when the data
// time moved forward, and left the incident withdrawn).
TEST(Engine, FadeOffRunsOnEveryRecord) {
  Replay run;
  EngineOptions opts;
  opts.incidents.fade_off_seconds = 0;
  auto bytes = scenario();  // ends with the withdrawal at t=3001
  mrt::Writer w;
  w.bgp4mp_state(3001, 0, false, 2914, 3130, kPeerB, kLocal, 1, 2);
  bytes.insert(bytes.end(), w.bytes().begin(), w.bytes().end());
  ASSERT_NO_FATAL_FAILURE(replay(run, bytes, nullptr, opts));
  auto moas = run.of(AlertType::kMoas);
  ASSERT_EQ(moas.size(), 1u);
  EXPECT_EQ(moas[0]->status, IncidentStatus::kResolved);
}

}  // namespace
}  // namespace vigil::detect

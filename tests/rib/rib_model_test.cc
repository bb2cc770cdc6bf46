// The Rib against a straightforward std::map model: random announce /
// withdraw / peer-down sequences (and a real RIS update stream) must leave
// both agreeing on every query.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "dump/rib_loader.h"
#include "rib/rib.h"
#include "support/test_data.h"

namespace vigil::rib {
namespace {

// The model: (prefix, peer, path id) -> (AS path, next hop, time).
struct ModelRoute {
  bgp::AsPath path;
  uint32_t med = 0;
  // RFC 6811 origin: last ASN of a final AS_SEQUENCE.
  std::optional<uint32_t> origin() const {
    if (path.segments.empty() || path.segments.back().type != bgp::SegmentType::kSequence) {
      return std::nullopt;
    }
    return path.asns[path.segments.back().first + path.segments.back().count - 1];
  }
  // Adjacent distinct ASNs inside each AS_SEQUENCE.
  std::vector<uint64_t> edges() const {
    std::vector<uint64_t> out;
    for (const auto& seg : path.segments) {
      if (seg.type != bgp::SegmentType::kSequence) continue;
      for (uint32_t i = 1; i < seg.count; ++i) {
        const uint32_t a = path.asns[seg.first + i - 1], b = path.asns[seg.first + i];
        if (a != b) out.push_back(Rib::edge_key(a, b));
      }
    }
    return out;
  }
};
using ModelKey = std::tuple<Prefix, PeerIndex, uint32_t>;
using Model = std::map<ModelKey, ModelRoute>;

std::map<uint32_t, uint32_t> model_origins(const Model& m, const Prefix& p) {
  std::map<uint32_t, uint32_t> out;
  for (auto it = m.lower_bound({p, 0, 0}); it != m.end() && std::get<0>(it->first) == p; ++it) {
    if (auto o = it->second.origin()) ++out[*o];
  }
  return out;
}

// Compares every query of the Rib with the model.
void expect_agree(const Rib& rib, const Model& m) {
  // Routes per prefix.
  std::map<Prefix, std::vector<ModelKey>> by_prefix;
  for (const auto& [k, r] : m) by_prefix[std::get<0>(k)].push_back(k);
  size_t prefixes = 0;
  rib.trie().for_each([&](const Prefix& p, const PrefixEntry& e) {
    ++prefixes;
    auto it = by_prefix.find(p);
    ASSERT_NE(it, by_prefix.end()) << p.to_string();
    ASSERT_EQ(e.routes.size(), it->second.size()) << p.to_string();
    for (size_t i = 0; i < e.routes.size(); ++i) {
      const auto& key = it->second[i];
      ASSERT_EQ(e.routes[i].peer, std::get<1>(key));
      ASSERT_EQ(e.routes[i].path_id, std::get<2>(key));
      const ModelRoute& mr = m.at(key);
      const RouteAttrs& a = rib.store().attrs(e.routes[i].attrs);
      ASSERT_EQ(a.med, mr.med);
      if (mr.path.empty()) {
        ASSERT_TRUE(a.path == 0 || rib.store().path(a.path).empty());
      } else {
        ASSERT_EQ(rib.store().path(a.path).to_as_path(), mr.path);
      }
    }
    std::map<uint32_t, uint32_t> got;
    for (const auto& o : e.origins) got[o.asn] = o.routes;
    ASSERT_EQ(got, model_origins(m, p)) << p.to_string();
    // Distinct peers per origin.
    std::map<uint32_t, std::set<PeerIndex>> want_peers;
    for (const auto& key : it->second) {
      if (auto o = m.at(key).origin()) want_peers[*o].insert(std::get<1>(key));
    }
    std::map<uint32_t, uint32_t> got_peers, want_counts;
    for (const auto& o : rib.origin_peers(p)) got_peers[o.asn] = o.routes;
    for (const auto& [asn, set] : want_peers) want_counts[asn] = static_cast<uint32_t>(set.size());
    ASSERT_EQ(got_peers, want_counts) << p.to_string();
  });
  ASSERT_EQ(prefixes, by_prefix.size());
  ASSERT_EQ(rib.route_count(), m.size());
  // Per-AS view.
  std::map<uint32_t, std::set<Prefix>> per_as;
  for (const auto& [k, r] : m) {
    if (auto o = r.origin()) per_as[*o].insert(std::get<0>(k));
  }
  for (const auto& [asn, set] : per_as) {
    const auto got = rib.originated_by(asn);
    ASSERT_EQ(std::vector<Prefix>(set.begin(), set.end()), got) << "AS" << asn;
  }
  // AS graph: routes per edge.
  std::map<uint64_t, uint32_t> edges;
  std::map<uint64_t, std::set<PeerIndex>> edge_peers;
  for (const auto& [k, r] : m) {
    for (uint64_t e : r.edges()) {
      ++edges[e];
      edge_peers[e].insert(std::get<1>(k));
    }
  }
  for (const auto& [key, s] : rib.edges()) {
    const auto it = edges.find(key);
    const uint32_t want = it == edges.end() ? 0 : it->second;
    ASSERT_EQ(s.routes, want);
    ASSERT_EQ(s.peers.size(), edge_peers[key].size());
  }
  for (const auto& [key, n] : edges) ASSERT_TRUE(rib.edges().count(key));
  // Visibility.
  for (const auto& [p, keys] : by_prefix) {
    std::set<PeerIndex> peers;
    for (const auto& k : keys) peers.insert(std::get<1>(k));
    uint32_t seen, full;
    rib.visibility(p, seen, full);
    ASSERT_EQ(seen, peers.size());
  }
  // Per-peer counts.
  std::map<PeerIndex, uint32_t> per_peer;
  for (const auto& [k, r] : m) ++per_peer[std::get<1>(k)];
  for (size_t i = 0; i < rib.peers().size(); ++i) {
    const auto& pi = rib.peers()[i];
    ASSERT_EQ(pi.routes_v4 + pi.routes_v6, per_peer[static_cast<PeerIndex>(i)]);
  }
}

AttrsId intern(Rib& rib, const std::vector<uint32_t>& path, uint32_t med) {
  bgp::PathAttributes a;
  a.present = bgp::kHasAsPath | bgp::kHasMed | bgp::kHasOrigin;
  if (!path.empty()) {
    a.as_path.append_segment(bgp::SegmentType::kSequence, path.data(),
                             static_cast<uint32_t>(path.size()));
  }
  a.med = med;
  return rib.store().intern(a, true, nullptr);
}

TEST(RibModel, RandomSequencesAgree) {
  for (uint32_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(seed);
    std::mt19937 rng(seed);
    Rib rib;
    Model m;
    std::vector<PeerIndex> peers;
    for (int i = 0; i < 6; ++i) {
      peers.push_back(rib.peer(IpAddr::v4(0xC6336400u + static_cast<uint32_t>(i)), 64500u + i));
    }
    std::vector<Prefix> prefixes;
    for (int i = 0; i < 60; ++i) {
      Prefix p;
      if (i % 4 == 3) {
        p = *Prefix::parse("2001:db8:" + std::to_string(i) + "::/48");
      } else {
        p.addr = IpAddr::v4(0x0A000000u | (static_cast<uint32_t>(i % 20) << 16));
        p.len = static_cast<uint8_t>(16 + (i / 20) * 4);
      }
      prefixes.push_back(p.masked());
    }
    for (int step = 0; step < 20000; ++step) {
      const PeerIndex peer = peers[rng() % peers.size()];
      const Prefix& p = prefixes[rng() % prefixes.size()];
      const uint32_t path_id = rng() % 3 == 0 ? rng() % 3 : 0;
      const unsigned op = rng() % 100;
      const uint32_t t = static_cast<uint32_t>(step);
      if (op < 60) {
        std::vector<uint32_t> path{64500u + peer};
        const int hops = static_cast<int>(rng() % 4);
        for (int h = 0; h < hops; ++h) path.push_back(100 + rng() % 6);
        if (rng() % 5) path.push_back(65000 + rng() % 4);  // origin
        const uint32_t med = rng() % 3;
        rib.announce(peer, p, path_id, intern(rib, path, med), t);
        ModelRoute r;
        r.path.append_segment(bgp::SegmentType::kSequence, path.data(),
                              static_cast<uint32_t>(path.size()));
        r.med = med;
        m[{p, peer, path_id}] = r;
      } else if (op < 95) {
        rib.withdraw(peer, p, path_id, t);
        m.erase({p, peer, path_id});
      } else {
        rib.peer_down(peer, t);
        for (auto it = m.begin(); it != m.end();) {
          it = std::get<1>(it->first) == peer ? m.erase(it) : std::next(it);
        }
      }
      if (step % 1000 == 0) {
        ASSERT_NO_FATAL_FAILURE(expect_agree(rib, m));
      }
    }
    ASSERT_NO_FATAL_FAILURE(expect_agree(rib, m));
    // Everything withdrawn: all interned state is freed.
    for (PeerIndex p : peers) rib.peer_down(p, 999999);
    const auto s = rib.stats();
    EXPECT_EQ(s.routes, 0u);
    EXPECT_EQ(s.attrs.attr_sets + s.attrs.paths + s.attrs.community_sets, 0u);
    EXPECT_EQ(rib.trie().size(), 0u);
  }
}

TEST(RibModel, ChangeLogReportsEveryChange) {
  Rib rib;
  std::vector<Change> log;
  rib.set_change_sink([&](const Change& c) { log.push_back(c); });
  const PeerIndex a = rib.peer(IpAddr::v4(1), 1);
  const Prefix p = *Prefix::parse("192.0.2.0/24");
  rib.announce(a, p, 0, intern(rib, {1, 10}, 0), 100);
  rib.announce(a, p, 0, intern(rib, {1, 10}, 0), 101);  // same: no change
  rib.announce(a, p, 0, intern(rib, {1, 11}, 0), 102);  // origin changes
  rib.withdraw(a, p, 0, 103);
  ASSERT_EQ(log.size(), 6u);
  EXPECT_EQ(log[0].kind, ChangeKind::kAdded);
  EXPECT_EQ(log[1].kind, ChangeKind::kOriginsChanged);
  EXPECT_EQ(log[2].kind, ChangeKind::kChanged);
  EXPECT_EQ(log[3].kind, ChangeKind::kOriginsChanged);
  EXPECT_EQ(log[4].kind, ChangeKind::kRemoved);
  EXPECT_EQ(log[5].kind, ChangeKind::kOriginsChanged);
  EXPECT_EQ(log[4].time, 103u);
}

// Replays the real 4 h RIS rrc06 stream into the Rib and, element by
// element, into the model; they must agree at the end (and at every file
// boundary).
TEST(RibModel, RisRrc06ReplayAgreesWithModel) {
  VIGIL_REQUIRE_DATA();
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(test::data_dir()) / "mrt/ris-rrc06-2021-01-02";
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 50u);
  Rib rib;
  dump::RibLoader loader(rib);
  Model m;
  size_t checked = 0;
  for (size_t f = 0; f < files.size(); ++f) {
    auto src = io::open_input(files[f]);
    ASSERT_TRUE(src.ok());
    dump::MrtStream stream(std::make_unique<io::BufferedReader>(std::move(*src)), files[f]);
    bgp::AsPath scratch;
    Status s = stream.run(
        [&](const dump::RecordView&, std::span<const dump::Element> elems) {
          loader.apply(elems);
          for (const auto& e : elems) {
            const PeerIndex peer = rib.peer(e.peer_address, e.peer_asn);
            if (e.type == dump::ElemType::kState) {
              if (e.old_state == 6 && e.new_state != 6) {
                for (auto it = m.begin(); it != m.end();) {
                  it = std::get<1>(it->first) == peer ? m.erase(it) : std::next(it);
                }
              }
            } else if (e.type == dump::ElemType::kWithdraw ||
                       e.attrs->action >= bgp::ErrorAction::kTreatAsWithdraw) {
              m.erase({e.prefix, peer, e.path_id});
            } else {
              ModelRoute r;
              if (e.attrs->has(bgp::kHasAsPath)) {
                r.path = e.attrs->effective_as_path(e.as4_session, scratch);
              }
              r.med = e.attrs->has(bgp::kHasMed) ? e.attrs->med : 0;
              m[{e.prefix, peer, e.path_id}] = r;
            }
          }
        },
        [](const dump::Diagnostic&) {});
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    if (f % 10 == 9) {
      ++checked;
      ASSERT_NO_FATAL_FAILURE(expect_agree(rib, m));
    }
  }
  EXPECT_EQ(checked, 5u);
  EXPECT_GT(rib.route_count(), 10000u);
  EXPECT_EQ(loader.stats().announcements + loader.stats().withdrawals +
                loader.stats().treated_as_withdraw,
            589690u - 221u);
}

}  // namespace
}  // namespace vigil::rib

// The files of an exercise: the same bytes for the same spec, other bytes
// for another seed, and every file read back by vigil's own loaders (MRT by
// dump::MrtStream, vrps.json by the RPKI loader, as-rel.txt by the CAIDA
// reader, registry/ by the RIR statistics parser and Registry) with the
// content the exercise holds.
#include "exercise/writer.h"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "dump/mrt_stream.h"
#include "exercise/exercise.h"
#include "exercise/mrt_out.h"
#include "exercise/refdata_out.h"
#include "exercise/text_out.h"
#include "io/memory_source.h"
#include "refdata/asrel/caida_as_rel.h"
#include "refdata/registry/registry.h"
#include "refdata/rpki/load.h"
#include "refdata/rpki/vrp_set.h"

namespace vigil::exercise {
namespace {

ExerciseSpec spec(uint64_t seed) {
  ExerciseSpec s;
  s.topology = TopologyOptions::tiny(seed);
  s.topology.as_count = 300;
  s.topology.prefix_count = 1500;
  s.topology.vantage_points = 10;
  s.duration = 3600;
  s.events = {
      {.type = EventType::kSubPrefixHijack, .start = 300, .end = 900},
      {.type = EventType::kRouteLeak, .start = 600, .end = 1200, .leak_prefixes = 30},
      {.type = EventType::kCountryShutdown, .start = 1000, .end = 2000},
      {.type = EventType::kRpkiInvalid, .start = 1500},
      {.type = EventType::kDnsRootHijack, .start = 2000, .end = 2600, .ipv6 = true},
  };
  return s;
}

const ExerciseData& shared(uint64_t seed) {
  static std::map<uint64_t, ExerciseData> cache;
  auto it = cache.find(seed);
  if (it == cache.end()) {
    auto ex = build_exercise(spec(seed));
    if (!ex.ok()) ADD_FAILURE() << ex.error().to_string();
    it = cache.emplace(seed, std::move(*ex)).first;
  }
  return it->second;
}

std::string text(const std::vector<uint8_t>& b) { return {b.begin(), b.end()}; }

const ExerciseFile& file(const std::vector<ExerciseFile>& files, const std::string& name) {
  for (const ExerciseFile& f : files) {
    if (f.path == name) return f;
  }
  static const ExerciseFile none;
  ADD_FAILURE() << "no file " << name;
  return none;
}

// Every element of an MRT file; any diagnostic fails the test.
struct Elem {
  dump::ElemType type;
  uint64_t time_us;
  uint32_t peer_asn;
  IpAddr peer;
  Prefix prefix;
  std::vector<uint32_t> path;
  IpAddr next_hop;
};
std::vector<Elem> read_mrt(const std::vector<uint8_t>& bytes, const std::string& name) {
  std::vector<Elem> out;
  dump::MrtStream s(
      std::make_unique<io::BufferedReader>(std::make_unique<io::MemorySource>(std::span(bytes))),
      name);
  const Status st = s.run(
      [&](const dump::RecordView&, std::span<const dump::Element> elems) {
        for (const dump::Element& e : elems) {
          Elem x{e.type,     uint64_t{e.timestamp} * 1000000 + e.microseconds,
                 e.peer_asn, e.peer_address,
                 e.prefix,   {},
                 {}};
          if (e.attrs) {
            x.path = e.attrs->as_path.asns;
            if (const IpAddr* nh = dump::route_next_hop(e)) x.next_hop = *nh;
          }
          out.push_back(std::move(x));
        }
      },
      [](const dump::Diagnostic& d) { ADD_FAILURE() << d.to_string(); });
  EXPECT_TRUE(st.ok()) << st.error().to_string();
  return out;
}

TEST(ExerciseFiles, SameSpecSameBytesOtherSeedOtherBytes) {
  auto a = build_exercise(spec(5));
  auto b = build_exercise(spec(5));
  auto c = build_exercise(spec(6));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  const auto fa = render_exercise(*a);
  const auto fb = render_exercise(*b);
  const auto fc = render_exercise(*c);
  ASSERT_EQ(fa.size(), 10u);  // 2 MRT, vrps, as-rel, 5 registry files, truth
  ASSERT_EQ(fa.size(), fb.size());
  for (size_t i = 0; i < fa.size(); ++i) {
    EXPECT_EQ(fa[i].path, fb[i].path);
    EXPECT_TRUE(fa[i].bytes == fb[i].bytes) << fa[i].path;
    EXPECT_FALSE(fa[i].bytes.empty()) << fa[i].path;
  }
  for (const char* name : {"rib.mrt", "updates.mrt", "vrps.json", "as-rel.txt", "truth.json"}) {
    EXPECT_FALSE(file(fa, name).bytes == file(fc, name).bytes) << name;
  }
}

TEST(ExerciseFiles, RibReadsBackAsTheBaseline) {
  const ExerciseData& ex = shared(7);
  const auto elems = read_mrt(encode_rib(ex), "rib.mrt");
  std::map<std::pair<uint32_t, Prefix>, std::vector<uint32_t>> got;
  for (const Elem& e : elems) {
    ASSERT_EQ(e.type, dump::ElemType::kRibEntry);
    EXPECT_EQ(e.time_us, uint64_t{ex.spec.start_time} * 1000000);
    got[{e.peer_asn, e.prefix}] = e.path;
  }
  const auto& net = ex.internet;
  EXPECT_EQ(got.size(), net.prefixes.size() * net.vantage_points.size());
  for (const PrefixInfo& p : net.prefixes) {
    for (uint32_t v = 0; v < net.vantage_points.size(); ++v) {
      const auto want = ex.baseline.path(p.origin, v);
      const uint32_t peer = net.ases[net.vantage_points[v].as].asn;
      const std::vector<uint32_t> expected(want.begin(), want.end());
      ASSERT_EQ(got[std::make_pair(peer, p.prefix)], expected)
          << p.prefix.to_string() << " peer " << peer;
    }
  }
}

TEST(ExerciseFiles, UpdatesReplayToTheTimeline) {
  const ExerciseData& ex = shared(7);
  const auto& net = ex.internet;
  const auto files = render_exercise(ex);
  const auto elems = read_mrt(file(files, "updates.mrt").bytes, "updates.mrt");
  ASSERT_FALSE(elems.empty());
  // Replay on top of the RIB; compare with the exercise's own view at the end.
  std::map<std::pair<uint32_t, Prefix>, std::vector<uint32_t>> state;
  for (const Elem& e : read_mrt(file(files, "rib.mrt").bytes, "rib.mrt")) {
    state[{e.peer_asn, e.prefix}] = e.path;
  }
  uint64_t last = 0;
  std::map<uint32_t, const VantagePoint*> by_asn;
  for (const VantagePoint& vp : net.vantage_points) by_asn[net.ases[vp.as].asn] = &vp;
  for (const Elem& e : elems) {
    EXPECT_GE(e.time_us, last);
    last = e.time_us;
    ASSERT_TRUE(by_asn.count(e.peer_asn));
    EXPECT_EQ(e.peer, by_asn[e.peer_asn]->address);
    if (e.type == dump::ElemType::kWithdraw) {
      state.erase({e.peer_asn, e.prefix});
    } else {
      ASSERT_EQ(e.type, dump::ElemType::kAnnounce);
      EXPECT_EQ(e.next_hop, e.prefix.addr.is_v4() ? by_asn[e.peer_asn]->address
                                                  : by_asn[e.peer_asn]->next_hop_v6);
      state[{e.peer_asn, e.prefix}] = e.path;
    }
  }
  std::set<Prefix> prefixes;
  for (const PrefixInfo& p : net.prefixes) prefixes.insert(p.prefix);
  for (const ResolvedEvent& e : ex.events) {
    for (const Announcement& a : e.announcements) prefixes.insert(a.prefix);
  }
  const uint64_t end = uint64_t{ex.spec.start_time + ex.spec.duration} * 1000000 + 60000000;
  for (const Prefix& p : prefixes) {
    const auto want = vp_routes_at(ex, p, end);
    for (size_t v = 0; v < want.size(); ++v) {
      const uint32_t peer = net.ases[net.vantage_points[v].as].asn;
      auto it = state.find({peer, p});
      const std::vector<uint32_t> have = it == state.end() ? std::vector<uint32_t>{} : it->second;
      ASSERT_EQ(have, want[v]) << p.to_string() << " peer " << peer;
    }
  }
}

TEST(ExerciseFiles, VrpsReadBack) {
  const ExerciseData& ex = shared(7);
  const std::string json = format_vrps_json(ex);
  auto data = refdata::rpki::parse_rpki(json, "vrps.json");
  ASSERT_TRUE(data.ok()) << data.error().to_string();
  EXPECT_EQ(data->format, refdata::rpki::RpkiFormat::kRpkiClientJson);
  EXPECT_TRUE(data->warnings.empty());
  ASSERT_EQ(data->vrps.size(), ex.roas.size());
  for (size_t i = 0; i < ex.roas.size(); ++i) {
    EXPECT_EQ(data->vrps[i].vrp.prefix, ex.roas[i].prefix);
    EXPECT_EQ(data->vrps[i].vrp.asn, ex.roas[i].asn);
    EXPECT_EQ(data->vrps[i].vrp.max_length, ex.roas[i].max_length);
    EXPECT_EQ(data->vrps[i].expires, int64_t{ex.spec.start_time} + 2 * 86400);
  }
  // About 60 % of the origins sign; every DNS root does.
  const double share = static_cast<double>(ex.roas.size()) / ex.internet.prefixes.size();
  EXPECT_GT(share, 0.4);
  EXPECT_LT(share, 0.8);
  // vigil's validator agrees with the ground truth of the RPKI event.
  const auto set = refdata::rpki::VrpSet::build(data->vrps);
  const TruthRecord& t = ex.truth[3];
  ASSERT_EQ(t.type, EventType::kRpkiInvalid);
  EXPECT_EQ(set.validate(t.prefixes[0], t.attacker_asn).state, refdata::rpki::RovState::kInvalid);
  for (const PrefixInfo& p : ex.internet.prefixes) {
    const auto r = set.validate(p.prefix, ex.internet.ases[p.origin].asn).state;
    EXPECT_NE(r, refdata::rpki::RovState::kInvalid) << p.prefix.to_string();
  }
}

TEST(ExerciseFiles, AsRelReadsBack) {
  const ExerciseData& ex = shared(7);
  auto f = refdata::parse_as_rel(format_as_rel(ex), "as-rel.txt");
  ASSERT_TRUE(f.ok()) << f.error().to_string();
  EXPECT_EQ(f->info.format, refdata::AsRelFormat::kSerial2);
  EXPECT_EQ(f->info.warnings.total(), 0u);
  const AsGraph& g = ex.internet.graph;
  EXPECT_EQ(f->relationships.link_count(), g.p2c_links() + g.p2p_links());
  EXPECT_EQ(f->relationships.link_count(refdata::LinkType::kPeer), g.p2p_links());
  for (uint32_t i = 0; i < g.size(); ++i) {
    for (uint32_t c : g.customers(i)) {
      EXPECT_EQ(f->relationships.relationship(g.asn(i), g.asn(c)), refdata::AsRel::kProviderOf);
    }
    for (uint32_t p : g.peers(i)) {
      EXPECT_EQ(f->relationships.relationship(g.asn(i), g.asn(p)), refdata::AsRel::kPeer);
    }
  }
}

TEST(ExerciseFiles, RegistryReadsBack) {
  const ExerciseData& ex = shared(7);
  const auto& net = ex.internet;
  refdata::RegistryBuilder b;
  const auto files = format_registry(ex);
  ASSERT_EQ(files.size(), 5u);
  for (const auto& [name, body] : files) {
    EXPECT_EQ(name.rfind("delegated-", 0), 0u);
    EXPECT_NE(name.find("-extended-" + yyyymmdd(ex.spec.start_time)), std::string::npos) << name;
    auto f = refdata::parse_rir_stats(body, name);
    ASSERT_TRUE(f.ok()) << f.error().to_string();
    EXPECT_EQ(f->warnings.total(), 0u) << name;
    EXPECT_EQ(f->extended, !f->records.empty()) << name;  // opaque ids on every record
    b.add(std::move(*f));
  }
  const refdata::Registry reg = std::move(b).build();
  EXPECT_EQ(reg.warnings().total(), 0u);
  for (uint32_t i = 0; i < net.ases.size(); ++i) {
    const std::string cc(net.country_of(i).code);
    const refdata::Delegation* d = reg.lookup_asn(net.ases[i].asn);
    ASSERT_NE(d, nullptr) << net.ases[i].asn;
    EXPECT_EQ(d->cc.to_string(), cc);
    for (const PrefixInfo& p : net.prefixes_of(i)) {
      const refdata::PrefixAnswer a = reg.lookup_prefix(p.prefix);
      EXPECT_EQ(a.coverage, refdata::Coverage::kSingle) << p.prefix.to_string();
      ASSERT_TRUE(a.country.has_value());
      EXPECT_EQ(a.country->to_string(), cc);
    }
  }
  // The shutdown's country is the country the registry gives its ASes.
  const TruthRecord& shutdown = ex.truth[2];
  for (uint32_t asn : shutdown.down_asns) {
    EXPECT_EQ(reg.lookup_asn(asn)->cc.to_string(), shutdown.country);
  }
}

TEST(ExerciseFiles, TruthJsonParsesAndMatches) {
  const ExerciseData& ex = shared(7);
  const auto files = render_exercise(ex);
  const std::string json = text(file(files, "truth.json").bytes);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS) << json.substr(0, 400);
  EXPECT_EQ(std::string_view(doc["format"]), "vigil-exercise-truth");
  EXPECT_EQ(uint64_t(doc["start"]), ex.spec.start_time);
  simdjson::dom::array events = doc["events"];
  ASSERT_EQ(events.size(), 5u);
  size_t i = 0;
  for (simdjson::dom::element e : events) {
    const TruthRecord& t = ex.truth[i++];
    EXPECT_EQ(std::string_view(e["type"]), event_type_name(t.type));
    EXPECT_EQ(uint64_t(e["peers_seen"]), t.seen_by.size());
    EXPECT_EQ(simdjson::dom::array(e["seen_by"]).size(), t.seen_by.size());
    EXPECT_EQ(simdjson::dom::array(e["prefixes"]).size(), t.prefixes.size());
  }
  EXPECT_TRUE(doc["events"].at(3)["end"].is_null());
  EXPECT_EQ(std::string_view(doc["events"].at(1)["type"]), "route-leak");
  simdjson::dom::array vps = doc["vantage_points"];
  EXPECT_EQ(vps.size(), ex.internet.vantage_points.size());
  simdjson::dom::array background = doc["background"];
  EXPECT_EQ(background.size(), ex.truth.size() - 5);
}

TEST(ExerciseFiles, WriteDirectory) {
  const ExerciseData& ex = shared(7);
  const auto dir = std::filesystem::temp_directory_path() /
                   ("vigil-exercise-test-" + std::to_string(::getpid()));
  ASSERT_TRUE(write_exercise(ex, dir.string()).ok());
  for (const ExerciseFile& f : render_exercise(ex)) {
    std::ifstream in(dir / f.path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(ss.str(), text(f.bytes)) << f.path;
  }
  std::filesystem::remove_all(dir);
  const Status bad = write_exercise(ex, "/proc/no-such-dir/x");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace vigil::exercise

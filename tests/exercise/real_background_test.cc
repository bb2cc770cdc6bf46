// inject_real (exercise/real_background.h): events injected into a small
// RIB and update file written here, read back with dump::MrtStream (every
// original record kept byte for byte and in time order, the injected paths,
// the routes restored at the end), and into the real 2014 route-views jinx
// RIB (read back by MrtStream and by bgpdump when installed).
#include "exercise/real_background.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "dump/mrt_stream.h"
#include "io/input.h"
#include "support/test_data.h"
#include "wire/bgp/encode.h"
#include "wire/mrt/writer.h"

namespace vigil::exercise {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kT = 1700000000;

struct Rec {
  std::vector<uint8_t> raw;
  uint64_t us = 0;
};

struct Route {
  std::vector<uint32_t> path;
  IpAddr next_hop;
  bool operator==(const Route&) const = default;
};
using State = std::map<std::pair<IpAddr, Prefix>, Route>;

// Reads a file with MrtStream; fails the test on any error diagnostic.
void read_mrt(const std::string& path, std::vector<Rec>* recs,
              const std::function<void(const dump::Element&)>& on_elem) {
  auto src = io::open_input(path);
  ASSERT_TRUE(src) << src.error().to_string();
  dump::MrtStream s(std::make_unique<io::BufferedReader>(std::move(*src)), path);
  size_t errors = 0;
  Status st = s.run(
      [&](const dump::RecordView& r, std::span<const dump::Element> elems) {
        if (recs)
          recs->push_back({std::vector<uint8_t>(r.raw.begin(), r.raw.end()),
                           uint64_t{r.header.timestamp} * 1000000 + r.header.microseconds});
        for (const dump::Element& e : elems) on_elem(e);
      },
      [&](const dump::Diagnostic& d) {
        if (d.level == dump::Diagnostic::Level::kError) ++errors;
        ADD_FAILURE() << d.to_string();
      });
  ASSERT_TRUE(st.ok()) << st.error().to_string();
  EXPECT_EQ(errors, 0u);
}

std::vector<uint32_t> path_of(const dump::Element& e) {
  bgp::AsPath scratch;
  return e.attrs->effective_as_path(e.as4_session, scratch).asns;
}

void apply(State& st, const dump::Element& e, uint64_t until_us) {
  if (uint64_t{e.timestamp} * 1000000 + e.microseconds > until_us) return;
  const auto key = std::make_pair(e.peer_address, e.prefix);
  if (e.type == dump::ElemType::kWithdraw) {
    st.erase(key);
  } else if (e.type == dump::ElemType::kAnnounce || e.type == dump::ElemType::kRibEntry) {
    const IpAddr* nh = dump::route_next_hop(e);
    st[key] = Route{path_of(e), nh ? *nh : IpAddr{}};
  }
}

State replay(const std::string& rib, const std::string& updates, uint64_t until_us = UINT64_MAX) {
  State st;
  read_mrt(rib, nullptr, [&](const dump::Element& e) { apply(st, e, until_us); });
  if (!updates.empty())
    read_mrt(updates, nullptr, [&](const dump::Element& e) { apply(st, e, until_us); });
  return st;
}

Prefix P(const char* s) { return *Prefix::parse(s); }

void write_file(const std::string& path, const std::vector<uint8_t>& b) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

class RealBackgroundTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() / ("vigil_real_bg_" + std::to_string(getpid()))).string();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (uint32_t i = 0; i < 3; ++i) {
      mrt::Peer p;
      p.asn = 65001 + i;
      p.address = IpAddr::v4(0x0A000001u + i);  // 10.0.0.1..3
      p.bgp_id = p.address;
      peers_.push_back(p);
    }
    // Prefix, origin, peers carrying it.
    struct Row {
      const char* prefix;
      uint32_t origin;
      std::vector<uint16_t> peers;
    };
    const std::vector<Row> rows = {
        {"192.0.2.0/24", 64502, {0, 1, 2}},    {"198.51.100.0/24", 64501, {0, 1}},
        {"198.51.101.0/24", 64501, {0, 1, 2}}, {"203.0.113.0/24", 64500, {0, 1, 2}},
        {"100.64.0.0/20", 64504, {0, 1, 2}},
    };
    mrt::Writer w;
    w.peer_index_table(kT, IpAddr::v4(0xC0000264u), "test", peers_);
    uint32_t seq = 0;
    for (const Row& r : rows) {
      std::vector<bgp::ByteVec> attrs;
      for (uint16_t pi : r.peers) {
        const uint32_t path[] = {peers_[pi].asn, 3356, r.origin};
        const uint32_t comm[] = {(peers_[pi].asn << 16) | 100};
        bgp::AttrEncoder enc;
        enc.origin(bgp::Origin::kIgp).as_path(path).next_hop(peers_[pi].address).communities(comm);
        attrs.push_back(enc.bytes());
      }
      std::vector<mrt::RibEntryOut> entries;
      for (size_t k = 0; k < r.peers.size(); ++k)
        entries.push_back({r.peers[k], kT - 1000, attrs[k]});
      w.rib(kT, seq++, P(r.prefix), entries);
    }
    write_file(dir_ + "/in-rib.mrt", w.bytes());

    // Background updates: a new prefix, a path change, a withdrawal.
    mrt::Writer u;
    auto ann = [&](uint32_t t, uint32_t us, int pi, const char* pf, std::vector<uint32_t> path) {
      bgp::AttrEncoder enc;
      enc.origin(bgp::Origin::kIgp).as_path(path).next_hop(peers_[pi].address);
      const Prefix p = P(pf);
      u.bgp4mp_message(t, us, true, peers_[pi].asn, 6447, peers_[pi].address,
                       IpAddr::v4(0xC0000264u), bgp::encode_update({}, enc.bytes(), {&p, 1}));
    };
    ann(kT + 50, 1, 0, "10.1.0.0/16", {65001, 64503});
    ann(kT + 103, 500000, 1, "192.0.2.0/24", {65002, 174, 64502});
    ann(kT + 300, 0, 2, "10.1.0.0/16", {65003, 64503});
    ann(kT + 450, 0, 1, "10.1.0.0/16", {65002, 2914, 64503});
    const Prefix w2 = P("192.0.2.0/24");
    u.bgp4mp_message(kT + 600, 0, true, peers_[2].asn, 6447, peers_[2].address,
                     IpAddr::v4(0xC0000264u), bgp::encode_update({&w2, 1}, {}, {}));
    write_file(dir_ + "/in-updates.mrt", u.bytes());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string dir_;
  std::vector<mrt::Peer> peers_;
};

TEST_F(RealBackgroundTest, HijackAndOutageAreInjectedAndUndone) {
  const RealBackground bg{dir_ + "/in-rib.mrt", {dir_ + "/in-updates.mrt"}};
  std::vector<EventSpec> ev(2);
  ev[0].type = EventType::kExactPrefixHijack;
  ev[0].prefix = P("203.0.113.0/24");
  ev[0].attacker = 64666;
  ev[0].start = 100;
  ev[0].end = 400;
  ev[1].type = EventType::kAsOutage;
  ev[1].victim = 64501;
  ev[1].start = 150;
  ev[1].end = 500;
  const std::string out = dir_ + "/out";
  auto ex = inject_real(bg, ev, 7, out);
  ASSERT_TRUE(ex) << ex.error().to_string();
  EXPECT_EQ(ex->start_time, kT);
  EXPECT_EQ(ex->end_time, kT + 600);
  // Hijack: 3 announcements + 3 restorations; outage: 3 withdrawals (one
  // message each) + 5 re-announcements (P0, P1: two prefixes; P2: one).
  EXPECT_EQ(ex->injected_messages, 6u + 3u + 5u);

  ASSERT_EQ(ex->truth.size(), 2u);
  const TruthRecord& h = ex->truth[0];
  EXPECT_EQ(h.type, EventType::kExactPrefixHijack);
  EXPECT_EQ(h.start, kT + 100);
  EXPECT_EQ(h.end, kT + 400);
  EXPECT_EQ(h.attacker_asn, 64666u);
  EXPECT_EQ(h.victim_asn, 64500u);
  EXPECT_EQ(h.announced_path, std::vector<uint32_t>{64666});
  EXPECT_EQ(h.prefixes, std::vector<Prefix>{P("203.0.113.0/24")});
  ASSERT_EQ(h.seen_by.size(), 3u);
  for (const TruthSighting& s : h.seen_by) {
    EXPECT_GE(s.first_us, uint64_t{kT + 101} * 1000000);
    EXPECT_LE(s.first_us, uint64_t{kT + 110} * 1000000);
    EXPECT_GE(s.last_us, uint64_t{kT + 401} * 1000000);
    EXPECT_LE(s.last_us, uint64_t{kT + 410} * 1000000);
  }
  const TruthRecord& o = ex->truth[1];
  EXPECT_EQ(o.victim_asn, 64501u);
  EXPECT_EQ(o.prefixes, (std::vector<Prefix>{P("198.51.100.0/24"), P("198.51.101.0/24")}));
  EXPECT_EQ(o.seen_by.size(), 3u);

  // rib.mrt is the input RIB verbatim.
  std::vector<Rec> in_rib, out_rib;
  read_mrt(dir_ + "/in-rib.mrt", &in_rib, [](const dump::Element&) {});
  read_mrt(out + "/rib.mrt", &out_rib, [](const dump::Element&) {});
  ASSERT_EQ(in_rib.size(), out_rib.size());
  for (size_t i = 0; i < in_rib.size(); ++i) EXPECT_EQ(in_rib[i].raw, out_rib[i].raw);

  // updates.mrt: the originals in order, byte for byte, among the injected ones.
  std::vector<Rec> orig, merged;
  read_mrt(dir_ + "/in-updates.mrt", &orig, [](const dump::Element&) {});
  std::map<uint32_t, int> hijack_paths;  // peer ASN -> announcements [peer, attacker]
  read_mrt(out + "/updates.mrt", &merged, [&](const dump::Element& e) {
    if (e.type == dump::ElemType::kAnnounce && e.prefix == P("203.0.113.0/24") &&
        path_of(e) == std::vector<uint32_t>{e.peer_asn, 64666}) {
      ++hijack_paths[e.peer_asn];
      EXPECT_EQ(e.source, dump::Source::kBgp4mpEt);
    }
  });
  EXPECT_EQ(merged.size(), orig.size() + ex->injected_messages);
  size_t k = 0;
  for (size_t i = 0; i < merged.size(); ++i) {
    if (i) EXPECT_LE(merged[i - 1].us, merged[i].us) << "record " << i;
    if (k < orig.size() && merged[i].raw == orig[k].raw) ++k;
  }
  EXPECT_EQ(k, orig.size()) << "original records missing or out of order";
  EXPECT_EQ(hijack_paths, (std::map<uint32_t, int>{{65001, 1}, {65002, 1}, {65003, 1}}));

  // Mid-event: every peer routes the hijacked prefix to the attacker and no
  // peer has a route to the dark AS.
  const State mid = replay(out + "/rib.mrt", out + "/updates.mrt", uint64_t{kT + 200} * 1000000);
  for (const mrt::Peer& p : peers_) {
    auto it = mid.find({p.address, P("203.0.113.0/24")});
    ASSERT_NE(it, mid.end());
    EXPECT_EQ(it->second.path, (std::vector<uint32_t>{p.asn, 64666}));
    EXPECT_FALSE(mid.count({p.address, P("198.51.100.0/24")}));
    EXPECT_FALSE(mid.count({p.address, P("198.51.101.0/24")}));
  }
  // After both ends: the same state as without the events.
  const State want = replay(out + "/rib.mrt", dir_ + "/in-updates.mrt");
  const State got = replay(out + "/rib.mrt", out + "/updates.mrt");
  EXPECT_EQ(got.size(), want.size());
  EXPECT_TRUE(got == want);

  // truth.json names the event.
  std::ifstream tj(out + "/truth.json");
  std::stringstream ss;
  ss << tj.rdbuf();
  EXPECT_NE(ss.str().find("\"type\": \"exact-prefix-hijack\""), std::string::npos);
  EXPECT_NE(ss.str().find("\"attacker\": 64666"), std::string::npos);
}

TEST_F(RealBackgroundTest, SameSeedSameBytesAndDrawnParticipants) {
  const RealBackground bg{dir_ + "/in-rib.mrt", {dir_ + "/in-updates.mrt"}};
  std::vector<EventSpec> ev(1);
  ev[0].type = EventType::kSubPrefixHijack;
  ev[0].start = 60;
  ev[0].end = 120;
  auto a = inject_real(bg, ev, 11, dir_ + "/a");
  auto b = inject_real(bg, ev, 11, dir_ + "/b");
  ASSERT_TRUE(a) << a.error().to_string();
  ASSERT_TRUE(b) << b.error().to_string();
  auto slurp = [](const std::string& p) {
    std::ifstream f(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  };
  EXPECT_EQ(slurp(dir_ + "/a/updates.mrt"), slurp(dir_ + "/b/updates.mrt"));
  const TruthRecord& t = a->truth[0];
  ASSERT_TRUE(t.covering);
  ASSERT_EQ(t.prefixes.size(), 1u);
  EXPECT_TRUE(t.covering->contains(t.prefixes[0]));
  EXPECT_GT(t.prefixes[0].len, t.covering->len);
  EXPECT_LE(t.prefixes[0].len, 24);
  EXPECT_NE(t.attacker_asn, 0u);
  EXPECT_NE(t.attacker_asn, t.victim_asn);
  // Withdrawn at the end: no route to the more-specific remains.
  const State end = replay(dir_ + "/a/rib.mrt", dir_ + "/a/updates.mrt");
  for (const auto& [key, r] : end) EXPECT_NE(key.second, t.prefixes[0]);
}

TEST_F(RealBackgroundTest, UnsupportedTypesAreRejected) {
  const RealBackground bg{dir_ + "/in-rib.mrt", {}};
  for (EventType t :
       {EventType::kRouteLeak, EventType::kCountryShutdown, EventType::kRpkiInvalid}) {
    std::vector<EventSpec> ev(2);
    ev[0].type = EventType::kAsOutage;
    ev[1].type = t;
    auto r = inject_real(bg, ev, 1, dir_ + "/x");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message,
              "event 2 (" + std::string(event_type_name(t)) + "): needs a synthetic Internet");
  }
}

TEST(RealBackgroundJinx, SubPrefixHijackParsesWithVigilAndBgpdump) {
  VIGIL_REQUIRE_DATA();
  const std::string rib =
      test::data_dir() + "/mrt/libbgpstream/routeviews.route-views.jinx.ribs.1401487200.bz2";
  if (!fs::exists(rib)) GTEST_SKIP() << rib << " not found";
  const std::string out =
      (fs::temp_directory_path() / ("vigil_real_jinx_" + std::to_string(getpid()))).string();
  std::vector<EventSpec> ev(1);
  ev[0].type = EventType::kSubPrefixHijack;
  ev[0].start = 300;
  ev[0].end = 900;
  auto ex = inject_real(RealBackground{rib, {}}, ev, 42, out);
  ASSERT_TRUE(ex) << ex.error().to_string();
  EXPECT_EQ(ex->start_time, 1401487200u);
  const TruthRecord& t = ex->truth[0];
  ASSERT_EQ(t.prefixes.size(), 1u);
  ASSERT_FALSE(t.seen_by.empty());
  EXPECT_EQ(ex->injected_messages, 2 * t.seen_by.size());

  size_t announced = 0, withdrawn = 0;
  std::vector<Rec> recs;
  read_mrt(out + "/updates.mrt", &recs, [&](const dump::Element& e) {
    EXPECT_EQ(e.prefix, t.prefixes[0]);
    if (e.type == dump::ElemType::kAnnounce) {
      ++announced;
      EXPECT_EQ(path_of(e).back(), t.attacker_asn);
    } else if (e.type == dump::ElemType::kWithdraw) {
      ++withdrawn;
    }
  });
  EXPECT_EQ(announced, t.seen_by.size());
  EXPECT_EQ(withdrawn, t.seen_by.size());

  if (std::system("command -v bgpdump >/dev/null 2>&1") == 0) {
    const std::string cmd =
        "bgpdump -m " + out + "/updates.mrt > " + out + "/bgpdump.txt 2> " + out + "/bgpdump.err";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    std::ifstream f(out + "/bgpdump.txt");
    std::string line;
    size_t a = 0, w = 0;
    const std::string pf = "|" + t.prefixes[0].to_string();
    while (std::getline(f, line)) {
      EXPECT_NE(line.find(pf), std::string::npos) << line;
      if (line.rfind("BGP4MP_ET|", 0) == 0 && line.find("|A|") != std::string::npos) ++a;
      if (line.find("|W|") != std::string::npos) ++w;
    }
    EXPECT_EQ(a, t.seen_by.size());
    EXPECT_EQ(w, t.seen_by.size());
    std::ifstream err(out + "/bgpdump.err");
    std::string e((std::istreambuf_iterator<char>(err)), {});
    EXPECT_EQ(e.find("rror"), std::string::npos) << e;
  } else {
    std::cout << "bgpdump not installed: checked with vigil's MrtStream only\n";
  }
  fs::remove_all(out);
}

}  // namespace
}  // namespace vigil::exercise

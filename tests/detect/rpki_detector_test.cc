// Detectors that use reference data, end to end through the engine on MRT
// bytes written by vigil's own writer: RPKI origin validation (with the
// ARTEMIS and BGPalerter RPKI vectors), ASPA, visibility loss, the DNS
// root-server watchlist, acknowledge/ignore rules and the country of the
// offending AS.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <sstream>

#include "detect/dns_root.h"
#include "detect/engine.h"
#include "detect/replay_support.h"
#include "refdata/registry/registry.h"
#include "refdata/rpki/aspa.h"
#include "refdata/rpki/load.h"
#include "refdata/rpki/vrp_set.h"
#include "support/test_data.h"
#include "wire/bgp/encode.h"
#include "wire/mrt/writer.h"

namespace vigil::detect {
namespace {

const IpAddr kLocal = IpAddr::v4(0xC00002FE);
IpAddr peer_ip(int i) { return IpAddr::v4(0xC0000201 + i); }  // 192.0.2.1 + i
Prefix P(const char* s) { return *Prefix::parse(s); }

// An MRT stream: a RIB dump (the baseline) at t=1000, then updates.
class Mrt {
 public:
  explicit Mrt(int peers) : peers_(peers) {
    std::vector<mrt::Peer> list;
    for (int i = 0; i < peers; ++i) list.push_back({0, peer_ip(i), peer_ip(i), 65000u + i});
    w_.peer_index_table(1000, kLocal, "t", list);
  }
  // Every peer carries `p` with path {peer AS, ...path}.
  Mrt& rib(const Prefix& p, std::vector<uint32_t> path) {
    std::vector<std::vector<uint8_t>> attrs;
    std::vector<mrt::RibEntryOut> entries;
    for (int i = 0; i < peers_; ++i) attrs.push_back(encode(i, path));
    for (int i = 0; i < peers_; ++i) entries.push_back({static_cast<uint16_t>(i), 900, attrs[i]});
    w_.rib(1000, seq_++, p, entries);
    return *this;
  }
  Mrt& announce(uint32_t t, int peer, const Prefix& p, std::vector<uint32_t> path) {
    const auto a = encode(peer, path);
    w_.bgp4mp_message(t, 0, false, 65000u + peer, 3130, peer_ip(peer), kLocal,
                      bgp::encode_update({}, a, std::span<const Prefix>(&p, 1)));
    return *this;
  }
  Mrt& withdraw(uint32_t t, int peer, const Prefix& p) {
    w_.bgp4mp_message(t, 0, false, 65000u + peer, 3130, peer_ip(peer), kLocal,
                      bgp::encode_update(std::span<const Prefix>(&p, 1), {}, {}));
    return *this;
  }
  Mrt& session_down(uint32_t t, int peer) {
    w_.bgp4mp_state(t, 0, false, 65000u + peer, 3130, peer_ip(peer), kLocal, 6, 1);
    return *this;
  }
  const std::vector<uint8_t>& bytes() const { return w_.bytes(); }

 private:
  std::vector<uint8_t> encode(int peer, std::vector<uint32_t> path) {
    path.insert(path.begin(), 65000u + peer);
    bgp::AttrEncoder enc;
    enc.origin(bgp::Origin::kIgp).as_path(path).next_hop(peer_ip(peer));
    return enc.bytes();
  }
  mrt::Writer w_;
  int peers_;
  uint32_t seq_ = 0;
};

using test_support::Replayed;

void replay(Replayed& run, const Mrt& mrt, const ReferenceData& refs,
            const std::vector<std::string>& detectors, EngineOptions opts = {},
            const std::vector<IncidentRule>& rules = {}) {
  test_support::replay(run, mrt.bytes(), refs, detectors, opts, [&](Engine& e) {
    for (const auto& r : rules) e.incidents().add_rule(r);
  });
}

refdata::rpki::VrpSet vrps(std::vector<refdata::rpki::Vrp> list) {
  return refdata::rpki::VrpSet::build(list);
}

// ---- RPKI origin validation ----

TEST(RpkiDetector, InvalidOriginAndLengthAlertAndClear) {
  const auto set = vrps({{P("139.91.0.0/16"), 8522, 16}, {P("139.91.250.0/24"), 8522, 24}});
  ReferenceData refs;
  refs.vrps = &set;
  Mrt mrt(2);
  mrt.rib(P("139.91.0.0/16"), {5408, 8522})
      .announce(2000, 0, P("139.91.0.0/16"), {3, 8523})       // IA at peer 0
      .announce(2001, 1, P("139.91.0.0/16"), {3, 8523})       // ... and peer 1
      .announce(2002, 0, P("139.91.1.0/24"), {5408, 8522})    // IL
      .announce(2003, 0, P("139.91.250.0/24"), {5408, 8522})  // valid
      .announce(2004, 0, P("193.0.0.0/21"), {3333})           // not found
      .announce(3000, 0, P("139.91.0.0/16"), {5408, 8522})    // peer 0 back to valid
      .withdraw(3001, 1, P("139.91.0.0/16"));                 // peer 1 withdraws
  Replayed run;
  ASSERT_NO_FATAL_FAILURE(replay(run, mrt, refs, {"rpki"}));
  const auto inv = run.of(AlertType::kRpkiInvalid);
  ASSERT_EQ(inv.size(), 2u);
  const Incident* ia = inv[0]->prefix == P("139.91.0.0/16") ? inv[0] : inv[1];
  const Incident* il = ia == inv[0] ? inv[1] : inv[0];
  EXPECT_EQ(ia->code, "IA");
  EXPECT_EQ(ia->asn, 8523u);
  EXPECT_EQ(ia->expected_asns, std::vector<uint32_t>{8522});
  EXPECT_EQ(ia->severity, Severity::kHigh);
  EXPECT_EQ(ia->peer_count(), 2u);
  EXPECT_EQ(ia->status, IncidentStatus::kWithdrawn);  // valid again / withdrawn at both peers
  EXPECT_NE(ia->explanation.find("139.91.0.0/16-16 AS8522"), std::string::npos) << ia->explanation;
  EXPECT_EQ(il->code, "IL");
  EXPECT_EQ(il->asn, 8522u);
  EXPECT_EQ(il->severity, Severity::kMedium);
  EXPECT_EQ(il->status, IncidentStatus::kOngoing);
  EXPECT_EQ(norms_for(AlertType::kRpkiInvalid)[0], "Cybersecurity Due Diligence");
}

TEST(RpkiDetector, NothingWithoutVrps) {
  Mrt mrt(1);
  mrt.rib(P("139.91.0.0/16"), {8522}).announce(2000, 0, P("139.91.0.0/16"), {8523});
  Replayed run;
  ASSERT_NO_FATAL_FAILURE(replay(run, mrt, ReferenceData{}, {"rpki", "aspa"}));
  EXPECT_TRUE(run.engine->incidents().reported().empty());
}

// ARTEMIS' RPKI test files give, per announcement, the ROV state ARTEMIS
// reports (VD, IA, IL, NF). The VRPs are not in the files: ARTEMIS' test
// setup had the one ROA these states imply, 139.91.0.0/16 maxLength 16 for
// AS8522 (so 139.91.1.0/24 from AS8522 is IL, AS8523 is IA, 10.1.0.0/24 and
// the documentation IPv6 prefix are NF). Addresses without a length are
// host routes.
TEST(RpkiConformance, ArtemisRpkiVectors) {
  VIGIL_REQUIRE_DATA();
  const auto set = vrps({{P("139.91.0.0/16"), 8522, 16}});
  const std::string dir = test::data_dir() + "/detection-vectors/artemis/rpki/testfiles/";
  int checked = 0;
  for (const char* name : {"test_VD", "test_IA", "test_IL", "test_NF"}) {
    simdjson::ondemand::parser parser;
    auto json = simdjson::padded_string::load(dir + name + ".json");
    ASSERT_EQ(json.error(), simdjson::SUCCESS) << name;
    simdjson::ondemand::document doc = parser.iterate(json.value());
    for (auto step : doc.get_array()) {
      std::string_view prefix_text = step["send"]["prefix"].get_string().value();
      std::vector<uint32_t> path;
      for (auto a : step["send"]["path"].get_array())
        path.push_back(uint32_t(a.get_uint64().value()));
      std::string_view want = step["detection_hijack_response"]["rpki_status"].get_string().value();
      std::string text(prefix_text);
      if (text.find('/') == std::string::npos)
        text += text.find(':') == std::string::npos ? "/32" : "/128";
      const auto r = set.validate(P(text.c_str()), path.back());
      EXPECT_EQ(refdata::rpki::rov_code(r), want) << name << " " << text << " AS" << path.back();
      ++checked;
    }
  }
  EXPECT_EQ(checked, 6);
}

// BGPalerter's VRP files (three ASN spellings) through the loader, then the
// four states.
TEST(RpkiConformance, BgpalerterVrpFiles) {
  VIGIL_REQUIRE_DATA();
  const std::string dir = test::data_dir() + "/detection-vectors/bgpalerter/rpki_tests/";
  auto load = [&](const char* name) {
    std::ifstream in(dir + name);
    std::stringstream ss;
    ss << in.rdbuf();
    auto d = refdata::rpki::parse_rpki(ss.str(), name);
    EXPECT_TRUE(d.ok()) << name;
    return refdata::rpki::VrpSet::build(d->vrps);
  };
  using refdata::rpki::rov_code;
  const auto correct = load("vrp.correct.json");
  EXPECT_STREQ(rov_code(correct.validate(P("103.21.244.0/24"), 13335)), "VD");
  EXPECT_STREQ(rov_code(correct.validate(P("103.21.244.0/24"), 666)), "IA");
  EXPECT_STREQ(rov_code(correct.validate(P("8.8.8.0/24"), 2914)), "VD");  // /22 maxLength 24
  EXPECT_STREQ(rov_code(correct.validate(P("8.8.8.0/25"), 2914)), "IL");
  EXPECT_STREQ(rov_code(correct.validate(P("82.112.100.0/24"), 1234)), "VD");
  EXPECT_STREQ(rov_code(correct.validate(P("1.1.1.0/24"), 13335)), "NF");
  const auto missing = load("vrp.missing.json");
  EXPECT_STREQ(rov_code(missing.validate(P("82.112.100.0/24"), 1234)), "NF");
}

// ---- ASPA ----

TEST(AspaDetector, ValleyIsInvalidAndNamesTheLeaker) {
  // ASPAs: 64496 -> {64497}, 64497 -> {64510}, 64498 -> {64499}.
  // Path 64499 64498 64500 64497 64496, read from the origin: up to 64497
  // (attested), then to 64500, which 64497's ASPA says is not its provider
  // (down or sideways), then to 64498, whose ASPA says 64500 is not its
  // provider (so 64500 sent it up or sideways): a valley with AS64500 at
  // the bottom.
  refdata::rpki::AspaSet aspas;
  const uint32_t p1[] = {64497}, p2[] = {64499}, p3[] = {64510};
  aspas.add(64496, p1);
  aspas.add(64498, p2);
  aspas.add(64497, p3);
  ReferenceData refs;
  refs.aspas = &aspas;
  Mrt mrt(1);
  mrt.rib(P("203.0.113.0/24"), {64499, 64497, 64496})
      .announce(2000, 0, P("198.51.100.0/24"), {64499, 64498, 64500, 64497, 64496})
      .announce(2001, 0, P("192.0.2.0/24"), {64499, 64497, 64496});  // valid shape
  Replayed run;
  ASSERT_NO_FATAL_FAILURE(replay(run, mrt, refs, {"aspa"}));
  const auto inv = run.of(AlertType::kAspaInvalid);
  ASSERT_EQ(inv.size(), 1u);
  EXPECT_EQ(inv[0]->prefix, P("198.51.100.0/24"));
  EXPECT_EQ(inv[0]->asn, 64500u);  // passed it up to AS64498
  EXPECT_EQ(inv[0]->expected_asns, (std::vector<uint32_t>{64497, 64498}));
  EXPECT_NE(inv[0]->explanation.find("AS64497's ASPA"), std::string::npos) << inv[0]->explanation;
}

// ---- visibility loss ----

TEST(VisibilityDetector, WithdrawnAtEnoughPeers) {
  auto w = refdata::parse_watchlist("prefixes:\n  - {prefix: 185.0.0.0/24, origins: [64500]}\n",
                                    "w.yml");
  ASSERT_TRUE(w.ok());
  ReferenceData refs;
  refs.watchlist = &*w;
  Mrt mrt(4);
  mrt.rib(P("185.0.0.0/24"), {64500})
      .withdraw(2000, 0, P("185.0.0.0/24"))
      .withdraw(2001, 1, P("185.0.0.0/24"))  // 2 of 4: below the default 3
      .withdraw(2002, 2, P("185.0.0.0/24"))  // 3: alert, at the three peers
      .announce(2100, 0, P("185.0.0.0/24"), {64500})
      .announce(2101, 1, P("185.0.0.0/24"), {64500})
      .announce(2102, 2, P("185.0.0.0/24"), {64500});
  Replayed run;
  ASSERT_NO_FATAL_FAILURE(replay(run, mrt, refs, {"visibility"}));
  const auto loss = run.of(AlertType::kVisibilityLoss);
  ASSERT_EQ(loss.size(), 1u);
  EXPECT_EQ(loss[0]->first_seen, 2002u);
  EXPECT_EQ(loss[0]->peer_count(), 3u);
  EXPECT_EQ(loss[0]->status, IncidentStatus::kWithdrawn);  // back at every peer
  EXPECT_NE(loss[0]->explanation.find("withdrawn at 3 of the 4 peers"), std::string::npos)
      << loss[0]->explanation;
}

TEST(VisibilityDetector, SmallCollectorAndSessionLoss) {
  auto w = refdata::parse_watchlist("prefixes:\n  - {prefix: 185.0.0.0/24, origins: [64500]}\n",
                                    "w.yml");
  ASSERT_TRUE(w.ok());
  ReferenceData refs;
  refs.watchlist = &*w;
  {
    // One peer, which withdraws it: every peer lost it, so it alerts.
    Mrt mrt(1);
    mrt.rib(P("185.0.0.0/24"), {64500}).withdraw(2000, 0, P("185.0.0.0/24"));
    Replayed run;
    ASSERT_NO_FATAL_FAILURE(replay(run, mrt, refs, {"visibility"}));
    EXPECT_EQ(run.of(AlertType::kVisibilityLoss).size(), 1u);
  }
  {
    // The peer's session goes down: the collector lost the peer, not the
    // prefix its peers route.
    Mrt mrt(1);
    mrt.rib(P("185.0.0.0/24"), {64500}).session_down(2000, 0);
    Replayed run;
    ASSERT_NO_FATAL_FAILURE(replay(run, mrt, refs, {"visibility"}));
    EXPECT_TRUE(run.of(AlertType::kVisibilityLoss).empty());
  }
}

// ---- DNS root servers ----

TEST(DnsRoot, BuiltInListCoversEveryRootServer) {
  // The IPv4 and IPv6 service addresses of a.root-servers.net ..
  // m.root-servers.net (root hints, 2024) all fall in the list.
  const char* addresses[] = {
      "198.41.0.4",     "2001:503:ba3e::2:30", "170.247.170.2", "2801:1b8:10::b",
      "192.33.4.12",    "2001:500:2::c",       "199.7.91.13",   "2001:500:2d::d",
      "192.203.230.10", "2001:500:a8::e",      "192.5.5.241",   "2001:500:2f::f",
      "192.112.36.4",   "2001:500:12::d0d",    "198.97.190.53", "2001:500:1::53",
      "192.36.148.17",  "2001:7fe::53",        "192.58.128.30", "2001:503:c27::2:30",
      "193.0.14.129",   "2001:7fd::1",         "199.7.83.42",   "2001:500:9f::42",
      "202.12.27.33",   "2001:dc3::35"};
  int i = 0;
  for (const char* a : addresses) {
    const IpAddr ip = *IpAddr::parse(a);
    const auto letter = dns_root_letter(Prefix{ip, static_cast<uint8_t>(ip.is_v4() ? 32 : 128)});
    ASSERT_TRUE(letter.has_value()) << a;
    EXPECT_EQ(*letter, 'A' + i / 2) << a;
    ++i;
  }
  EXPECT_FALSE(dns_root_letter(P("193.0.22.0/24")).has_value());
  EXPECT_GE(dns_root_watchlist().entries().size(), 26u);
}

TEST(DnsRoot, HijackOfKRootIsCritical) {
  Mrt mrt(2);
  mrt.rib(P("193.0.14.0/24"), {3356, 25152})
      .announce(2000, 0, P("193.0.14.0/24"), {3356, 12389})    // origin hijack
      .announce(2001, 1, P("193.0.14.128/25"), {174, 12389});  // more-specific
  Replayed run;
  ASSERT_NO_FATAL_FAILURE(replay(run, mrt, ReferenceData{}, {"dns-root", "moas"}));
  const auto hijack = run.of(AlertType::kOriginHijack);
  ASSERT_EQ(hijack.size(), 2u);  // the /25 is inside the /23^+ range: exact too
  for (const auto* in : hijack) {
    EXPECT_EQ(in->severity, Severity::kCritical);
    EXPECT_EQ(in->asn, 12389u);
    EXPECT_EQ(in->explanation.rfind("K root server prefix: ", 0), 0u) << in->explanation;
  }
  const auto moas = run.of(AlertType::kMoas);
  ASSERT_EQ(moas.size(), 1u);
  EXPECT_EQ(moas[0]->severity, Severity::kCritical);
  // Switched off: the moas incident keeps its own severity.
  Replayed plain;
  EngineOptions opts;
  opts.dns_root = false;
  ASSERT_NO_FATAL_FAILURE(replay(plain, mrt, ReferenceData{}, {"moas"}, opts));
  ASSERT_EQ(plain.of(AlertType::kMoas).size(), 1u);
  EXPECT_EQ(plain.of(AlertType::kMoas)[0]->severity, Severity::kMedium);
}

// ---- new-adjacency lifecycle (regression) ----

// The incident of a new link is keyed on the prefix and peer where it was
// first seen; it used to be cleared with the prefix of whichever route last
// used the link, so it never ended when that was another prefix.
TEST(AdjacencyDetector, IncidentEndsWhenNoRouteUsesTheLink) {
  Mrt mrt(2);
  mrt.rib(P("185.0.0.0/24"), {3356, 64500})
      .announce(2000, 0, P("185.0.1.0/24"), {174, 64501})  // new link 174-64501
      .announce(2001, 1, P("185.0.2.0/24"), {174, 64501})  // the same link, another prefix
      .withdraw(2100, 0, P("185.0.1.0/24"));               // still used at peer 1
  Replayed run;
  ASSERT_NO_FATAL_FAILURE(replay(run, mrt, ReferenceData{}, {"new-adjacency"}));
  auto adj = run.of(AlertType::kNewAdjacency);
  std::erase_if(adj, [](const Incident* in) { return in->asn != 174; });
  ASSERT_EQ(adj.size(), 1u);
  EXPECT_EQ(adj[0]->prefix, P("185.0.1.0/24"));
  EXPECT_EQ(adj[0]->status, IncidentStatus::kOngoing);

  mrt.withdraw(2200, 1, P("185.0.2.0/24"));  // the last route over the link
  Replayed again;
  ASSERT_NO_FATAL_FAILURE(replay(again, mrt, ReferenceData{}, {"new-adjacency"}));
  adj = again.of(AlertType::kNewAdjacency);
  std::erase_if(adj, [](const Incident* in) { return in->asn != 174; });
  ASSERT_EQ(adj.size(), 1u);
  EXPECT_EQ(adj[0]->status, IncidentStatus::kWithdrawn);
  EXPECT_EQ(adj[0]->withdrawn_at, 2200u);
}

// ---- acknowledge / ignore, country ----

TEST(IncidentRules, AcknowledgeAndIgnore) {
  Mrt mrt(1);
  mrt.rib(P("185.0.0.0/24"), {3356, 64500})
      .rib(P("185.0.1.0/24"), {3356, 64501})
      .announce(2000, 0, P("185.0.0.0/24"), {3356, 64666})
      .announce(2001, 0, P("185.0.1.0/24"), {3356, 64777});
  IncidentRule ack;
  ack.action = Disposition::kAcknowledged;
  ack.prefix = P("185.0.0.0/16");
  ack.asn = 64666;
  ack.reason = "customer moving to a new provider";
  IncidentRule ignore;
  ignore.action = Disposition::kIgnored;
  ignore.type = AlertType::kMoas;
  ignore.asn = 64777;
  Replayed run;
  ASSERT_NO_FATAL_FAILURE(replay(run, mrt, ReferenceData{}, {"moas"}, {}, {ack, ignore}));
  const auto shown = run.engine->incidents().reported();
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0]->asn, 64666u);
  EXPECT_EQ(shown[0]->disposition, Disposition::kAcknowledged);
  EXPECT_EQ(shown[0]->disposition_reason, "customer moving to a new provider");
  EXPECT_EQ(run.engine->incidents().ignored_count(), 1u);
  const auto all = run.engine->incidents().reported(true);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(parse_alert_type("route-leak"), AlertType::kRouteLeak);
  EXPECT_FALSE(parse_alert_type("nonsense").has_value());
}

TEST(IncidentCountry, FromTheRegistry) {
  auto stats = refdata::parse_rir_stats(
      "2|ripencc|1404165599|2|19830705|20140630|+0200\n"
      "ripencc|*|asn|*|2|summary\n"
      "ripencc|NL|asn|64666|1|19940519|allocated\n"
      "ripencc|DE|asn|64500|1|19940519|allocated\n",
      "delegated-ripencc-latest");
  ASSERT_TRUE(stats.ok()) << stats.error().message;
  refdata::RegistryBuilder b;
  b.add(std::move(*stats));
  const refdata::Registry reg = std::move(b).build();
  ReferenceData refs;
  refs.registry = &reg;
  Mrt mrt(1);
  mrt.rib(P("185.0.0.0/24"), {3356, 64500})
      .announce(2000, 0, P("185.0.0.0/24"), {3356, 64666})
      .announce(2001, 0, P("185.0.0.0/24"), {3356, 64999});
  Replayed run;
  ASSERT_NO_FATAL_FAILURE(replay(run, mrt, refs, {"moas"}));
  const auto moas = run.of(AlertType::kMoas);
  ASSERT_EQ(moas.size(), 2u);
  EXPECT_EQ(moas[0]->country, "NL");  // AS64666
  EXPECT_EQ(moas[1]->country, "");    // AS64999: not in the registry
}

}  // namespace
}  // namespace vigil::detect

// RibLoader: MRT records written with vigil's own writer, applied to a Rib:
// implicit withdraw, explicit withdraw, RFC 7606 treat-as-withdraw, ADD-PATH,
// a session leaving Established, and --at.
#include "dump/rib_loader.h"

#include <gtest/gtest.h>

#include <cstring>

#include "io/memory_source.h"
#include "wire/bgp/encode.h"
#include "wire/mrt/writer.h"

namespace vigil::dump {
namespace {

const IpAddr kPeer = IpAddr::v4(0xC0000201);   // 192.0.2.1
const IpAddr kLocal = IpAddr::v4(0xC00002FE);  // 192.0.2.254
const Prefix kP1 = *Prefix::parse("198.51.100.0/24");
const Prefix kP2 = *Prefix::parse("203.0.113.0/24");

std::vector<uint8_t> announce(uint32_t origin) {
  bgp::AttrEncoder enc;
  const uint32_t path[] = {64500, origin};
  enc.origin(bgp::Origin::kIgp).as_path(path).next_hop(kPeer);
  const Prefix nlri[] = {kP1, kP2};
  return bgp::encode_update({}, enc.bytes(), nlri);
}

void run(rib::Rib& rib, const mrt::Writer& w, std::optional<uint64_t> at = {}) {
  RibLoader loader(rib);
  loader.set_at(at);
  MrtStream s(std::make_unique<io::BufferedReader>(std::make_unique<io::MemorySource>(w.bytes())),
              "mem");
  ASSERT_TRUE(s.run([&](const RecordView&, std::span<const Element> e) { loader.apply(e); },
                    [](const Diagnostic&) {})
                  .ok());
}

uint32_t origin_of(const rib::Rib& rib, const Prefix& p) {
  const rib::PrefixEntry* e = rib.find(p);
  if (e == nullptr || e->routes.empty()) return 0;
  const auto& a = rib.store().attrs(e->routes[0].attrs);
  return rib.store().path(a.path).origin;
}

TEST(RibLoader, ImplicitAndExplicitWithdraw) {
  mrt::Writer w;
  w.bgp4mp_message(100, 0, false, 64500, 65000, kPeer, kLocal, announce(64501));
  w.bgp4mp_message(101, 0, false, 64500, 65000, kPeer, kLocal, announce(64502));
  const Prefix wd[] = {kP2};
  w.bgp4mp_message(102, 0, false, 64500, 65000, kPeer, kLocal, bgp::encode_update(wd, {}, {}));
  rib::Rib rib;
  run(rib, w);
  EXPECT_EQ(rib.route_count(), 1u);
  EXPECT_EQ(origin_of(rib, kP1), 64502u);  // replaced, not added
  EXPECT_EQ(rib.find(kP2), nullptr);
  EXPECT_EQ(rib.originated_by(64501).size(), 0u);
  EXPECT_EQ(rib.originated_by(64502), std::vector<Prefix>{kP1});
}

// RFC 7606 §7.1: a malformed ORIGIN makes the update treat-as-withdraw; the
// loader withdraws the prefixes instead of installing the bad route.
TEST(RibLoader, TreatAsWithdrawWithdraws) {
  mrt::Writer w;
  w.bgp4mp_message(100, 0, false, 64500, 65000, kPeer, kLocal, announce(64501));
  bgp::AttrEncoder bad;
  const uint8_t origin_value[] = {7};
  const uint32_t path[] = {64500, 64666};
  bad.raw(bgp::kFlagTransitive, bgp::kAttrOrigin, origin_value).as_path(path).next_hop(kPeer);
  const Prefix nlri[] = {kP1};
  w.bgp4mp_message(101, 0, false, 64500, 65000, kPeer, kLocal,
                   bgp::encode_update({}, bad.bytes(), nlri));
  rib::Rib rib;
  run(rib, w);
  EXPECT_EQ(rib.find(kP1), nullptr);
  EXPECT_EQ(origin_of(rib, kP2), 64501u);
  EXPECT_TRUE(rib.originated_by(64666).empty());
}

TEST(RibLoader, SessionDownDropsThePeersRoutesOnly) {
  mrt::Writer w;
  const IpAddr other = IpAddr::v4(0xC0000202);
  w.bgp4mp_message(100, 0, false, 64500, 65000, kPeer, kLocal, announce(64501));
  w.bgp4mp_message(100, 0, false, 64510, 65000, other, kLocal, announce(64501));
  w.bgp4mp_state(105, 0, false, 64500, 65000, kPeer, kLocal, 6, 1);
  rib::Rib rib;
  run(rib, w);
  EXPECT_EQ(rib.route_count(), 2u);
  uint32_t peers, full;
  rib.visibility(kP1, peers, full);
  EXPECT_EQ(peers, 1u);
  EXPECT_FALSE(rib.peers()[rib.peer(kPeer, 64500)].up);
}

TEST(RibLoader, AtStopsTime) {
  mrt::Writer w;
  w.bgp4mp_message(100, 0, true, 64500, 65000, kPeer, kLocal, announce(64501));
  w.bgp4mp_message(200, 500000, true, 64500, 65000, kPeer, kLocal, announce(64502));
  rib::Rib before;
  run(before, w, uint64_t{200} * 1000000 + 499999);
  EXPECT_EQ(origin_of(before, kP1), 64501u);
  rib::Rib after;
  run(after, w, uint64_t{200} * 1000000 + 500000);
  EXPECT_EQ(origin_of(after, kP1), 64502u);
}

TEST(RibLoader, AddPathKeepsEveryPath) {
  // Two paths for one prefix from one peer (RFC 7911), in a TABLE_DUMP_V2
  // ADD-PATH RIB record, then one of them withdrawn by path id.
  mrt::Writer w;
  mrt::Peer peer;
  peer.bgp_id = kPeer;
  peer.address = kPeer;
  peer.asn = 64500;
  w.peer_index_table(100, kLocal, "t", std::span<const mrt::Peer>(&peer, 1));
  bgp::AttrEncoder a1, a2;
  const uint32_t p1[] = {64500, 64501}, p2[] = {64500, 64502};
  a1.origin(bgp::Origin::kIgp).as_path(p1).next_hop(kPeer);
  a2.origin(bgp::Origin::kIgp).as_path(p2).next_hop(kPeer);
  const mrt::RibEntryOut entries[] = {{0, 90, a1.bytes(), 1}, {0, 91, a2.bytes(), 2}};
  w.rib(100, 0, kP1, entries, true);
  rib::Rib rib;
  run(rib, w);
  ASSERT_NE(rib.find(kP1), nullptr);
  EXPECT_EQ(rib.find(kP1)->routes.size(), 2u);
  EXPECT_EQ(rib.find(kP1)->origins.size(), 2u);
  EXPECT_EQ(rib.find(kP1)->routes[1].path_id, 2u);
  EXPECT_EQ(rib.find(kP1)->routes[1].time, 91u);  // originated time
  rib.withdraw(rib.peer(kPeer, 64500), kP1, 1, 200);
  EXPECT_EQ(rib.find(kP1)->routes.size(), 1u);
  EXPECT_EQ(rib.originated_by(64501).size(), 0u);
}

}  // namespace
}  // namespace vigil::dump

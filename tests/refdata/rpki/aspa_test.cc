// ASPA hop check and path verification on hand-made topologies: AS_SET,
// prepends, neighbour check, confederation segments, empty paths, AS0,
// long paths (heap buffer), and upstream/downstream on route-leak shapes.
#include <gtest/gtest.h>

#include <vector>

#include "refdata/rpki/aspa_verify.h"

namespace vigil::refdata::rpki {
namespace {

using T = bgp::SegmentType;

AspaSet make_set(std::initializer_list<std::pair<uint32_t, std::vector<uint32_t>>> list) {
  AspaSet s;
  for (const auto& [c, p] : list) s.add(c, p);
  return s;
}

bgp::AsPath seq(const std::vector<uint32_t>& asns) {
  bgp::AsPath p;
  p.append_segment(T::kSequence, asns.data(), static_cast<uint32_t>(asns.size()));
  return p;
}

TEST(AspaHop, Definition) {
  const AspaSet s = make_set({{1, {10, 11}}, {2, {0}}, {3, {}}});
  EXPECT_EQ(s.hop(1, 10), AspaHop::kProviderPlus);
  EXPECT_EQ(s.hop(1, 12), AspaHop::kNotProviderPlus);
  EXPECT_EQ(s.hop(2, 10), AspaHop::kNotProviderPlus);  // AS0: no providers
  EXPECT_EQ(s.hop(3, 10), AspaHop::kNotProviderPlus);  // empty list attests too
  EXPECT_EQ(s.hop(1, 0), AspaHop::kNotProviderPlus);
  EXPECT_EQ(s.hop(9, 10), AspaHop::kNoAttestation);
  EXPECT_STREQ(aspa_hop_name(AspaHop::kProviderPlus), "provider+");
}

TEST(AspaSet, MergesPerCustomer) {
  std::vector<Aspa> list(2);
  list[0].customer = 1;
  list[0].providers = {12, 10};
  list[0].afi = AspaAfi::kIPv4;
  list[1].customer = 1;
  list[1].providers = {11, 10};
  list[1].afi = AspaAfi::kIPv6;
  const AspaSet s = AspaSet::build(list);
  EXPECT_EQ(s.size(), 1u);
  EXPECT_EQ(*s.providers(1), (std::vector<uint32_t>{10, 11, 12}));
  EXPECT_EQ(s.providers(2), nullptr);
}

// Topology: 1 and 2 are customers of 10; 10 and 20 are customers of 100;
// 10 and 20 peer. Everyone but 20 and 100 has an ASPA.
AspaSet topology() { return make_set({{1, {10}}, {2, {10}}, {10, {100}}, {100, {0}}}); }

TEST(AspaVerify, UpstreamValidUnknownInvalid) {
  const AspaSet s = topology();
  // Customer route climbing: 1 -> 10 -> 100 (received by 100's peer from 100
  // as a customer route: upstream).
  auto up = [&](const std::vector<uint32_t>& p) {
    return verify_aspa(s, seq(p), AspaDirection::kUpstream);
  };
  EXPECT_EQ(up({10, 1}).state, AspaState::kValid);
  EXPECT_EQ(up({100, 10, 1}).state, AspaState::kValid);
  EXPECT_EQ(up({20, 10, 1}).state, AspaState::kInvalid);  // 10 -> 20 is not up
  EXPECT_EQ(up({20, 10, 1}).reason, AspaReason::kNotProviderPlus);
  EXPECT_EQ(up({999, 20}).state, AspaState::kUnknown);  // 20 has no ASPA
  // Route leak: 2 learns 1's route from provider 10 and sends it up to 10's
  // peer... seen upstream: 2 -> 10 is fine, 10 -> 2 is not.
  const AspaVerdict leak = up({2, 10, 1});
  EXPECT_EQ(leak.state, AspaState::kInvalid);
  EXPECT_EQ(leak.ramps, (AspaRamps{3, 2, 2, 2, 2}));
  EXPECT_EQ(up({1}).state, AspaState::kValid);  // N = 1
}

TEST(AspaVerify, DownstreamValleyFree) {
  const AspaSet s = topology();
  auto down = [&](const std::vector<uint32_t>& p) {
    return verify_aspa(s, seq(p), AspaDirection::kDownstream);
  };
  // 2 receives 1's route from provider 10: up 1->10, apex 10.
  EXPECT_EQ(down({10, 1}).state, AspaState::kValid);
  // Up 1 -> 10 -> 100, down 100 -> 10 -> 2 is a loop-free shape? 10 appears
  // twice: up then down through 100 is legal ASPA-wise.
  EXPECT_EQ(down({10, 100, 10, 1}).state, AspaState::kValid);
  // Valley: up 1 -> 10, down 10 -> 2, up 2 -> 10... use 2 -> 10 -> 100:
  // path (neighbour first) 100 10 2 10 1 has an up after a down.
  const AspaVerdict valley = down({100, 10, 2, 10, 1});
  EXPECT_EQ(valley.state, AspaState::kInvalid);
  EXPECT_EQ(valley.reason, AspaReason::kValley);
  // One lateral hop between the apexes (1 -> 10 -> peer 20 -> us): the up
  // ramp (1, 10) and the down ramp (20, 10: 20 has no ASPA) meet.
  EXPECT_EQ(down({20, 10, 1}).state, AspaState::kValid);
  // Two unattested hops in the middle: the minimal ramps do not meet.
  const AspaVerdict unknown = down({20, 999, 1});
  EXPECT_EQ(unknown.state, AspaState::kUnknown);
  EXPECT_EQ(unknown.ramps, (AspaRamps{3, 1, 1, 3, 1}));
  EXPECT_EQ(down({1}).state, AspaState::kValid);
  EXPECT_EQ(down({2, 1}).state, AspaState::kValid);  // N = 2 is always Valid downstream
}

TEST(AspaVerify, Preparation) {
  const AspaSet s = topology();
  // Empty path.
  EXPECT_EQ(verify_aspa(s, bgp::AsPath{}, AspaDirection::kUpstream).reason, AspaReason::kEmptyPath);
  EXPECT_EQ(verify_aspa(s, std::vector<uint32_t>{}, AspaDirection::kDownstream).state,
            AspaState::kInvalid);
  // AS_SET anywhere.
  bgp::AsPath with_set = seq({100, 10});
  const uint32_t set_members[] = {1, 2};
  with_set.append_segment(T::kSet, set_members, 2);
  const AspaVerdict v = verify_aspa(s, with_set, AspaDirection::kDownstream);
  EXPECT_EQ(v.state, AspaState::kInvalid);
  EXPECT_EQ(v.reason, AspaReason::kAsSet);
  // Prepends collapse.
  const AspaVerdict prepended =
      verify_aspa(s, seq({100, 100, 100, 10, 10, 1, 1, 1}), AspaDirection::kUpstream);
  EXPECT_EQ(prepended.state, AspaState::kValid);
  EXPECT_EQ(prepended.ramps.n, 3u);
  // Neighbour check.
  EXPECT_EQ(verify_aspa(s, seq({100, 10, 1}), AspaDirection::kUpstream, 100u).state,
            AspaState::kValid);
  EXPECT_EQ(verify_aspa(s, seq({100, 10, 1}), AspaDirection::kUpstream, 10u).reason,
            AspaReason::kNeighborMismatch);
  // Confederation segments are dropped.
  bgp::AsPath confed;
  const uint32_t members[] = {64512, 64513};
  confed.append_segment(T::kConfedSequence, members, 2);
  const uint32_t rest[] = {100, 10, 1};
  confed.append_segment(T::kSequence, rest, 3);
  EXPECT_EQ(verify_aspa(s, confed, AspaDirection::kUpstream).state, AspaState::kValid);
  EXPECT_EQ(verify_aspa(s, confed, AspaDirection::kUpstream).ramps.n, 3u);
  // Multiple sequences are one path.
  bgp::AsPath two;
  const uint32_t a[] = {100};
  const uint32_t b[] = {100, 10, 1};
  two.append_segment(T::kSequence, a, 1);
  two.append_segment(T::kSequence, b, 3);
  EXPECT_EQ(verify_aspa(s, two, AspaDirection::kUpstream).ramps.n, 3u);
}

TEST(AspaVerify, LongPathsUseTheHeapBuffer) {
  AspaSet s;
  std::vector<uint32_t> chain;  // AS i's provider is i + 1: one long up ramp
  for (uint32_t as = 1; as <= 300; ++as) {
    const uint32_t provider = as + 1;
    s.add(as, std::span<const uint32_t>(&provider, 1));
  }
  for (uint32_t as = 300; as >= 1; --as) chain.push_back(as);  // neighbour first
  const AspaVerdict v = verify_aspa(s, chain, AspaDirection::kUpstream);
  EXPECT_EQ(v.state, AspaState::kValid);
  EXPECT_EQ(v.ramps.n, 300u);
  chain[150] = 7;  // a hop that is not provider+
  EXPECT_EQ(verify_aspa(s, chain, AspaDirection::kUpstream).state, AspaState::kInvalid);
}

TEST(AspaVerify, Names) {
  EXPECT_STREQ(aspa_state_name(AspaState::kUnknown), "unknown");
  EXPECT_STREQ(aspa_reason_name(AspaReason::kValley), "valley");
  EXPECT_STREQ(aspa_reason_name(AspaReason::kAsSet), "as-set");
}

}  // namespace
}  // namespace vigil::refdata::rpki

// BGP path attributes (RFC 4271 §4.3, §5.1 and the RFCs named per test) and
// their RFC 7606 error handling. Every attribute is written out as wire bytes:
// flags | type | length | value.
#include "wire/bgp/attributes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "wire_test_util.h"

namespace vigil::bgp {
namespace {

using test::AsBytes;
using test::Cat;
using test::Hex;

// An optional transitive attribute of unknown type 99, placed after a
// malformed attribute to show that decoding carried on.
const char kTrailer[] = "C0 63 01 AA";

PathAttributes Decode(const std::vector<uint8_t>& list, const AttrDecodeOptions& opts = {}) {
  PathAttributes a;
  decode_attributes(AsBytes(list), opts, a);
  return a;
}

AttrDecodeOptions TwoOctet() {
  AttrDecodeOptions o;
  o.as4 = false;
  return o;
}

std::string Text(const AsPath& p) {
  std::string s;
  append_as_path(s, p);
  return s;
}

std::string Warnings(const PathAttributes& a) {
  std::string s;
  for (const auto& w : a.warnings) {
    s += "[" + attr_type_name(w.type) + " " + error_action_name(w.action) + " @" +
         std::to_string(w.offset) + ": " + w.message + "] ";
  }
  return s;
}

void ExpectClean(const PathAttributes& a) {
  EXPECT_TRUE(a.warnings.empty()) << Warnings(a);
  EXPECT_EQ(a.action, ErrorAction::kNone);
}

// Exactly one warning, for `type`, with `action`; the trailer was decoded.
void ExpectOneWarning(const PathAttributes& a, uint8_t type, ErrorAction action) {
  ASSERT_EQ(a.warnings.size(), 1u) << Warnings(a);
  EXPECT_EQ(a.warnings[0].type, type) << Warnings(a);
  EXPECT_EQ(a.warnings[0].action, action) << Warnings(a);
  EXPECT_EQ(a.warnings[0].offset, 0u);
  EXPECT_FALSE(a.warnings[0].message.empty());
  EXPECT_EQ(a.action, action);
  ASSERT_EQ(a.unknown.size(), 1u) << "decoding stopped after the malformed attribute";
  EXPECT_EQ(a.unknown[0].type, 99);
}

IpAddr Ip(const char* s) { return *IpAddr::parse(s); }

// ------------------------------------------------------------------ ORIGIN

// RFC 4271 §4.3 type code 1, §5.1.1: IGP 0, EGP 1, INCOMPLETE 2.
TEST(AttrOriginTest, Values) {
  const struct {
    const char* hex;
    Origin want;
  } cases[] = {{"40 01 01 00", Origin::kIgp},
               {"40 01 01 01", Origin::kEgp},
               {"40 01 01 02", Origin::kIncomplete}};
  for (const auto& c : cases) {
    auto a = Decode(Hex(c.hex));
    ExpectClean(a);
    EXPECT_TRUE(a.has(kHasOrigin));
    EXPECT_EQ(a.present, kHasOrigin);
    EXPECT_EQ(a.origin, c.want) << c.hex;
  }
}

// RFC 7606 §7.1: undefined value or length != 1 -> treat-as-withdraw.
TEST(AttrOriginTest, Malformed) {
  for (const char* hex : {"40 01 01 03", "40 01 01 FF", "40 01 02 0000", "40 01 00"}) {
    auto a = Decode(Cat({Hex(hex), Hex(kTrailer)}));
    ExpectOneWarning(a, kAttrOrigin, ErrorAction::kTreatAsWithdraw);
    EXPECT_FALSE(a.has(kHasOrigin)) << hex;
  }
}

// ----------------------------------------------------------------- AS_PATH

// RFC 4271 §4.3 type code 2, 2-octet ASNs on an OLD session (RFC 6793 §4.2).
TEST(AttrAsPathTest, TwoOctet) {
  auto a = Decode(Hex("40 02 06 | 02 02 0001 FDE8"), TwoOctet());
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasAsPath));
  EXPECT_EQ(a.as_path.asns, (std::vector<uint32_t>{1, 65000}));
  EXPECT_EQ(Text(a.as_path), "1 65000");
}

// RFC 6793 §3: 4-octet ASNs on a NEW session.
TEST(AttrAsPathTest, FourOctet) {
  auto a = Decode(Hex("40 02 0A | 02 02 00000001 00030D40"));
  ExpectClean(a);
  EXPECT_EQ(Text(a.as_path), "1 200000");
}

// RFC 4271 §4.3 AS_SET/AS_SEQUENCE, RFC 5065 §3 AS_CONFED_SEQUENCE/SET.
TEST(AttrAsPathTest, SetAndConfedSegments4Octet) {
  auto a =
      Decode(Hex("40 02 24"
                 "| 03 02 0000FDE9 0000FDEA"     // (65001 65002)
                 "| 04 02 0000FDEB 0000FDEC"     // [65003,65004]
                 "| 02 01 00000001"              // 1
                 "| 01 02 00000002 00000003"));  // {2,3}
  ExpectClean(a);
  EXPECT_EQ(Text(a.as_path), "(65001 65002) [65003,65004] 1 {2,3}");
  EXPECT_EQ(a.as_path.path_length(), 2u);
}

TEST(AttrAsPathTest, SetAndConfedSegments2Octet) {
  auto a = Decode(Hex("40 02 14 | 01 02 0001 0002 | 02 01 0003 | 03 01 FDE9 | 04 02 FDEA FDEB"),
                  TwoOctet());
  ExpectClean(a);
  EXPECT_EQ(Text(a.as_path), "{1,2} 3 (65001) [65002,65003]");
}

// RFC 4271 §5.1.2: an empty AS_PATH is valid (locally originated, iBGP).
TEST(AttrAsPathTest, Empty) {
  auto a = Decode(Hex("40 02 00"));
  ExpectClean(a);
  EXPECT_TRUE(a.has(kHasAsPath));
  EXPECT_TRUE(a.as_path.empty());
}

// RFC 7606 §7.2: malformed AS_PATH -> treat-as-withdraw; the path is cleared.
TEST(AttrAsPathTest, Malformed) {
  for (const char* hex : {"40 02 06 | 02 02 00000001",                      // segment overruns
                          "40 02 06 | 07 01 00000001",                      // segment type 7
                          "40 02 02 | 02 00",                               // zero-length segment
                          "40 02 01 | 02",                                  // header cut
                          "40 02 0C | 02 01 00000001 | 02 02 00000002"}) {  // 2nd overruns
    auto a = Decode(Cat({Hex(hex), Hex(kTrailer)}));
    ExpectOneWarning(a, kAttrAsPath, ErrorAction::kTreatAsWithdraw);
    EXPECT_FALSE(a.has(kHasAsPath));
    EXPECT_TRUE(a.as_path.empty()) << hex;
  }
}

// --------------------------------------------------------------- AS4_PATH

// ORIGIN, 2-octet AS_PATH "701 23456 23456 3", NEXT_HOP, AS4_PATH
// "200000 300000 3" as an OLD speaker would relay them.
std::vector<uint8_t> OldSpeakerList() {
  return Hex(
      "40 01 01 00"
      "| 40 02 0A | 02 04 02BD 5BA0 5BA0 0003"
      "| 40 03 04 C0000201"
      "| C0 11 0E | 02 03 00030D40 000493E0 00000003");
}

// RFC 6793 §4.2.3: AS_PATH merged with AS4_PATH on a 2-octet session.
TEST(AttrAs4PathTest, MergedOnTwoOctetSession) {
  auto a = Decode(OldSpeakerList(), TwoOctet());
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasAs4Path));
  EXPECT_EQ(Text(a.as4_path), "200000 300000 3");
  EXPECT_EQ(Text(a.as_path), "701 23456 23456 3");
  AsPath scratch;
  EXPECT_EQ(Text(a.effective_as_path(/*as4_session=*/false, scratch)), "701 200000 300000 3");
  // On a 4-octet session AS_PATH is authoritative and AS4_PATH is not used.
  EXPECT_EQ(Text(a.effective_as_path(/*as4_session=*/true, scratch)), "701 23456 23456 3");
}

// RFC 6793 §4.2.3: AGGREGATOR with an AS other than AS_TRANS while
// AS4_AGGREGATOR is present: AS4_AGGREGATOR and AS4_PATH are ignored.
TEST(AttrAs4PathTest, AggregatorNotAsTransIgnoresAs4Path) {
  auto a = Decode(Cat({OldSpeakerList(), Hex("C0 07 06 | FDE8 C0000202"
                                             "| C0 12 08 | 00030D40 C0000203")}),
                  TwoOctet());
  ExpectClean(a);
  AsPath scratch;
  EXPECT_EQ(Text(a.effective_as_path(false, scratch)), "701 23456 23456 3");
  EXPECT_EQ(a.effective_aggregator(false).asn, 65000u);
  EXPECT_EQ(a.effective_aggregator(false).address, Ip("192.0.2.2"));
}

// RFC 6793 §4.2.3: AGGREGATOR carrying AS_TRANS: AS4_AGGREGATOR is the
// aggregator and AS4_PATH is merged.
TEST(AttrAs4PathTest, AggregatorAsTransUsesAs4Aggregator) {
  auto a = Decode(Cat({OldSpeakerList(), Hex("C0 07 06 | 5BA0 C0000202"
                                             "| C0 12 08 | 00030D40 C0000203")}),
                  TwoOctet());
  ExpectClean(a);
  EXPECT_EQ(a.aggregator.asn, kAsTrans);
  AsPath scratch;
  EXPECT_EQ(Text(a.effective_as_path(false, scratch)), "701 200000 300000 3");
  EXPECT_EQ(a.effective_aggregator(false).asn, 200000u);
  EXPECT_EQ(a.effective_aggregator(false).address, Ip("192.0.2.3"));
  // A NEW session reports AGGREGATOR as is.
  EXPECT_EQ(a.effective_aggregator(true).asn, kAsTrans);
}

// Without AS4_AGGREGATOR the AGGREGATOR rule does not apply.
TEST(AttrAs4PathTest, AggregatorWithoutAs4AggregatorStillMerges) {
  auto a = Decode(Cat({OldSpeakerList(), Hex("C0 07 06 | FDE8 C0000202")}), TwoOctet());
  ExpectClean(a);
  AsPath scratch;
  EXPECT_EQ(Text(a.effective_as_path(false, scratch)), "701 200000 300000 3");
  EXPECT_EQ(a.effective_aggregator(false).asn, 65000u);
}

TEST(AttrAs4PathTest, NoAs4PathMeansAsPath) {
  auto a = Decode(Hex("40 02 06 | 02 02 0001 0002"), TwoOctet());
  AsPath scratch;
  const AsPath& p = a.effective_as_path(false, scratch);
  EXPECT_EQ(&p, &a.as_path);
}

// RFC 6793 §6: AS4_PATH with confederation segments is malformed and
// discarded; AS_PATH is then used as is.
TEST(AttrAs4PathTest, ConfedSegmentDiscarded) {
  for (const char* as4 : {"C0 11 06 | 03 01 0000FDE9", "C0 11 0A | 04 02 0000FDE9 0000FDEA",
                          "C0 11 0C | 02 01 00030D40 | 03 01 0000FDE9"}) {
    auto a = Decode(Cat({Hex(as4), Hex(kTrailer)}), TwoOctet());
    ExpectOneWarning(a, kAttrAs4Path, ErrorAction::kAttributeDiscard);
    EXPECT_FALSE(a.has(kHasAs4Path));
    EXPECT_TRUE(a.as4_path.empty()) << as4;
  }
  auto a = Decode(Cat({Hex("40 02 06 | 02 02 0001 5BA0 | C0 11 06 | 03 01 0000FDE9")}), TwoOctet());
  AsPath scratch;
  EXPECT_EQ(Text(a.effective_as_path(false, scratch)), "1 23456");
  EXPECT_EQ(a.action, ErrorAction::kAttributeDiscard);
}

// RFC 6793 §6: other AS4_PATH / AS4_AGGREGATOR errors -> attribute discard.
TEST(AttrAs4PathTest, MalformedAs4PathAndAggregator) {
  auto p = Decode(Cat({Hex("C0 11 02 | 02 00"), Hex(kTrailer)}));
  ExpectOneWarning(p, kAttrAs4Path, ErrorAction::kAttributeDiscard);
  auto g = Decode(Cat({Hex("C0 12 06 | FDE8 C0000201"), Hex(kTrailer)}));
  ExpectOneWarning(g, kAttrAs4Aggregator, ErrorAction::kAttributeDiscard);
  EXPECT_FALSE(g.has(kHasAs4Aggregator));
}

// ---------------------------------------------------------------- NEXT_HOP

// RFC 4271 §5.1.3, type code 3.
TEST(AttrNextHopTest, Ipv4) {
  auto a = Decode(Hex("40 03 04 C0000201"));
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasNextHop));
  EXPECT_EQ(a.next_hop, Ip("192.0.2.1"));
}

// RFC 7606 §7.3: length != 4 -> treat-as-withdraw.
TEST(AttrNextHopTest, BadLength) {
  for (const char* hex : {"40 03 03 C00002", "40 03 05 C000020101", "40 03 00",
                          "40 03 10 20010DB8000000000000000000000001"}) {
    auto a = Decode(Cat({Hex(hex), Hex(kTrailer)}));
    ExpectOneWarning(a, kAttrNextHop, ErrorAction::kTreatAsWithdraw);
    EXPECT_FALSE(a.has(kHasNextHop));
  }
}

// ---------------------------------------------------------------------- MED

// RFC 4271 §5.1.4, type code 4, optional non-transitive.
TEST(AttrMedTest, Value) {
  auto a = Decode(Hex("80 04 04 00000064"));
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasMed));
  EXPECT_EQ(a.med, 100u);
  EXPECT_EQ(Decode(Hex("80 04 04 FFFFFFFF")).med, 0xffffffffu);
}

// RFC 7606 §7.4: length != 4 -> treat-as-withdraw.
TEST(AttrMedTest, BadLength) {
  for (const char* hex : {"80 04 02 0064", "80 04 08 0000000000000064", "80 04 00"}) {
    auto a = Decode(Cat({Hex(hex), Hex(kTrailer)}));
    ExpectOneWarning(a, kAttrMed, ErrorAction::kTreatAsWithdraw);
  }
}

// --------------------------------------------------------------- LOCAL_PREF

// RFC 4271 §5.1.5, type code 5.
TEST(AttrLocalPrefTest, Value) {
  auto a = Decode(Hex("40 05 04 000000C8"));
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasLocalPref));
  EXPECT_EQ(a.local_pref, 200u);
}

// RFC 7606 §7.5: length != 4 -> treat-as-withdraw.
TEST(AttrLocalPrefTest, BadLength) {
  for (const char* hex : {"40 05 03 0000C8", "40 05 05 00000000C8"}) {
    auto a = Decode(Cat({Hex(hex), Hex(kTrailer)}));
    ExpectOneWarning(a, kAttrLocalPref, ErrorAction::kTreatAsWithdraw);
  }
}

// --------------------------------------------------------- ATOMIC_AGGREGATE

// RFC 4271 §5.1.6, type code 6, length 0.
TEST(AttrAtomicAggregateTest, Present) {
  auto a = Decode(Hex("40 06 00"));
  ExpectClean(a);
  EXPECT_TRUE(a.has(kHasAtomicAggregate));
}

// RFC 7606 §7.6: length != 0 -> attribute discard.
TEST(AttrAtomicAggregateTest, WithLengthIsDiscarded) {
  auto a = Decode(Cat({Hex("40 06 01 00"), Hex(kTrailer)}));
  ExpectOneWarning(a, kAttrAtomicAggregate, ErrorAction::kAttributeDiscard);
  EXPECT_FALSE(a.has(kHasAtomicAggregate));
}

// --------------------------------------------------------------- AGGREGATOR

// RFC 4271 §5.1.7: 2-octet AS + IPv4 (6 octets) on an OLD session.
TEST(AttrAggregatorTest, SixOctets) {
  auto a = Decode(Hex("C0 07 06 | FDE8 C0000201"), TwoOctet());
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasAggregator));
  EXPECT_EQ(a.aggregator.asn, 65000u);
  EXPECT_EQ(a.aggregator.address, Ip("192.0.2.1"));
}

// RFC 6793 §3: 4-octet AS + IPv4 (8 octets) on a NEW session.
TEST(AttrAggregatorTest, EightOctets) {
  auto a = Decode(Hex("C0 07 08 | 00030D40 C0000201"));
  ExpectClean(a);
  EXPECT_EQ(a.aggregator.asn, 200000u);
  EXPECT_EQ(a.aggregator.address, Ip("192.0.2.1"));
  EXPECT_EQ(a.effective_aggregator(true).asn, 200000u);
}

// The other width is tolerated (MRT writers are inconsistent).
TEST(AttrAggregatorTest, OtherWidthTolerated) {
  auto six = Decode(Hex("C0 07 06 | FDE8 C0000201"));
  ExpectClean(six);
  EXPECT_EQ(six.aggregator.asn, 65000u);
  auto eight = Decode(Hex("C0 07 08 | 00030D40 C0000201"), TwoOctet());
  ExpectClean(eight);
  EXPECT_EQ(eight.aggregator.asn, 200000u);
}

// RFC 7606 §7.7: bad length -> attribute discard.
TEST(AttrAggregatorTest, BadLengthIsDiscarded) {
  for (const char* hex : {"C0 07 07 | 00030D40 C00002", "C0 07 00", "C0 07 04 C0000201",
                          "C0 07 0A | 00030D40 C0000201 0000"}) {
    auto a = Decode(Cat({Hex(hex), Hex(kTrailer)}));
    ExpectOneWarning(a, kAttrAggregator, ErrorAction::kAttributeDiscard);
    EXPECT_FALSE(a.has(kHasAggregator)) << hex;
  }
}

// -------------------------------------------------------------- COMMUNITIES

// RFC 1997: 4-octet values, high 16 bits the ASN; well-known NO_EXPORT
// 0xFFFFFF01 and NO_ADVERTISE 0xFFFFFF02.
TEST(AttrCommunitiesTest, Values) {
  auto a = Decode(Hex("C0 08 0C | FDE80064 FFFFFF01 FFFFFF02"));
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasCommunities));
  EXPECT_EQ(a.communities, (std::vector<uint32_t>{0xFDE80064u, 0xFFFFFF01u, 0xFFFFFF02u}));
  EXPECT_EQ(a.communities[0] >> 16, 65000u);
  EXPECT_EQ(a.communities[0] & 0xffff, 100u);
}

// RFC 7606 §7.8: length not a non-zero multiple of 4 -> treat-as-withdraw.
TEST(AttrCommunitiesTest, BadLength) {
  for (const char* hex : {"C0 08 05 | FDE80064 01", "C0 08 00", "C0 08 02 FDE8"}) {
    auto a = Decode(Cat({Hex(hex), Hex(kTrailer)}));
    ExpectOneWarning(a, kAttrCommunities, ErrorAction::kTreatAsWithdraw);
    EXPECT_TRUE(a.communities.empty()) << hex;
    EXPECT_FALSE(a.has(kHasCommunities));
  }
}

// Extended Length flag (RFC 4271 §4.3): a 60,000-octet COMMUNITIES value.
TEST(AttrCommunitiesTest, ExtendedLength60000) {
  std::vector<uint8_t> list = Hex("D0 08 EA60");  // 0xEA60 = 60000
  for (uint32_t i = 0; i < 15000; ++i) test::PutU32(list, (65000u << 16) | i);
  ASSERT_EQ(list.size(), 60004u);
  list = Cat({list, Hex("40 01 01 02")});  // followed by ORIGIN
  auto a = Decode(list);
  ExpectClean(a);
  ASSERT_EQ(a.communities.size(), 15000u);
  for (uint32_t i = 0; i < 15000; ++i) ASSERT_EQ(a.communities[i], (65000u << 16) | i);
  EXPECT_EQ(a.origin, Origin::kIncomplete);
}

TEST(AttrExtendedLengthTest, SmallValueWithExtendedLength) {
  auto a = Decode(Hex("50 01 0001 02 | D0 08 0004 FDE80064"));
  ExpectClean(a);
  EXPECT_EQ(a.origin, Origin::kIncomplete);
  EXPECT_EQ(a.communities, (std::vector<uint32_t>{0xFDE80064u}));
}

// ------------------------------------------------ ORIGINATOR_ID / CLUSTER_LIST

// RFC 4456 §8: ORIGINATOR_ID (type 9, 4 octets) and CLUSTER_LIST (type 10,
// a list of 4-octet cluster ids), both optional non-transitive.
TEST(AttrRouteReflectionTest, Values) {
  auto a = Decode(Hex("80 09 04 0A000001 | 80 0A 08 0A000001 0A000002"));
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasOriginatorId));
  ASSERT_TRUE(a.has(kHasClusterList));
  EXPECT_EQ(a.originator_id, Ip("10.0.0.1"));
  EXPECT_EQ(a.cluster_list, (std::vector<uint32_t>{0x0A000001u, 0x0A000002u}));
}

// RFC 7606 §7.9, §7.10: bad lengths -> treat-as-withdraw.
TEST(AttrRouteReflectionTest, BadLength) {
  auto o = Decode(Cat({Hex("80 09 03 0A0000"), Hex(kTrailer)}));
  ExpectOneWarning(o, kAttrOriginatorId, ErrorAction::kTreatAsWithdraw);
  auto o8 = Decode(Cat({Hex("80 09 08 0A000001 0A000002"), Hex(kTrailer)}));
  ExpectOneWarning(o8, kAttrOriginatorId, ErrorAction::kTreatAsWithdraw);
  auto c = Decode(Cat({Hex("80 0A 06 0A000001 0A00"), Hex(kTrailer)}));
  ExpectOneWarning(c, kAttrClusterList, ErrorAction::kTreatAsWithdraw);
  EXPECT_TRUE(c.cluster_list.empty());
}

// ------------------------------------------------------------ MP_REACH_NLRI

// RFC 4760 §3: IPv4 unicast with a 4-octet next hop.
TEST(AttrMpReachTest, Ipv4Unicast) {
  const auto list = Hex("80 0E 0D | 0001 01 04 C0000201 00 | 18 C63364");
  auto a = Decode(list);
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasMpReach));
  EXPECT_EQ(a.mp_reach.afi, kAfiIPv4);
  EXPECT_EQ(a.mp_reach.safi, kSafiUnicast);
  ASSERT_EQ(a.mp_reach.next_hops.size(), 1u);
  EXPECT_EQ(a.mp_reach.next_hops[0], Ip("192.0.2.1"));
  EXPECT_EQ(a.mp_reach.raw_next_hop.size(), 4u);
  EXPECT_EQ(a.mp_reach.raw_next_hop.data(), list.data() + 7);  // a span into the input
  ASSERT_EQ(a.mp_reach.nlri.size(), 1u);
  EXPECT_EQ(a.mp_reach.nlri[0].prefix.to_string(), "198.51.100.0/24");
  EXPECT_TRUE(a.mp_reach.opaque_nlri.empty());
}

// RFC 4760 §3, RFC 2545 §3: IPv6 with a 16-octet global next hop.
TEST(AttrMpReachTest, Ipv6NextHop16) {
  auto a =
      Decode(Hex("80 0E 1A | 0002 01 10 20010DB8 00000000 00000000 00000001 00"
                 "| 20 20010DB8"));
  ExpectClean(a);
  EXPECT_EQ(a.mp_reach.afi, kAfiIPv6);
  ASSERT_EQ(a.mp_reach.next_hops.size(), 1u);
  EXPECT_EQ(a.mp_reach.next_hops[0], Ip("2001:db8::1"));
  ASSERT_EQ(a.mp_reach.nlri.size(), 1u);
  EXPECT_EQ(a.mp_reach.nlri[0].prefix.to_string(), "2001:db8::/32");
}

// RFC 2545 §3: 32-octet next hop = global followed by link-local.
TEST(AttrMpReachTest, Ipv6NextHop32) {
  auto a =
      Decode(Hex("80 0E 33 | 0002 01 20"
                 "| 20010DB8 00000000 00000000 00000001"
                 "| FE800000 00000000 00000000 00000001"
                 "| 00"
                 "| 20 20010DB8 | 40 20010DB8 00010002"));
  ExpectClean(a);
  ASSERT_EQ(a.mp_reach.next_hops.size(), 2u);
  EXPECT_EQ(a.mp_reach.next_hops[0], Ip("2001:db8::1"));
  EXPECT_EQ(a.mp_reach.next_hops[1], Ip("fe80::1"));
  EXPECT_EQ(a.mp_reach.raw_next_hop.size(), 32u);
  ASSERT_EQ(a.mp_reach.nlri.size(), 2u);
  EXPECT_EQ(a.mp_reach.nlri[0].prefix.to_string(), "2001:db8::/32");
  EXPECT_EQ(a.mp_reach.nlri[1].prefix.to_string(), "2001:db8:1:2::/64");
}

TEST(AttrMpReachTest, Ipv6Multicast) {
  auto a =
      Decode(Hex("80 0E 1A | 0002 02 10 20010DB8 00000000 00000000 00000001 00"
                 "| 20 20010DB8"));
  ExpectClean(a);
  EXPECT_EQ(a.mp_reach.safi, kSafiMulticast);
  ASSERT_EQ(a.mp_reach.nlri.size(), 1u);
}

// Other AFI/SAFI (here VPNv4, AFI 1 SAFI 128, RFC 4364 §4.3.4): next hop and
// NLRI kept raw.
TEST(AttrMpReachTest, OtherAfiSafiKeptOpaque) {
  const auto list =
      Hex("80 0E 20 | 0001 80 0C 0000000000000000 C0000201 00"
          "| 70 000641 0000FDE800000064 C63364");
  auto a = Decode(list);
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasMpReach));
  EXPECT_EQ(a.mp_reach.afi, 1);
  EXPECT_EQ(a.mp_reach.safi, 128);
  EXPECT_TRUE(a.mp_reach.next_hops.empty());
  EXPECT_TRUE(a.mp_reach.nlri.empty());
  EXPECT_EQ(a.mp_reach.raw_next_hop.size(), 12u);
  const auto want = Hex("70 000641 0000FDE800000064 C63364");
  ASSERT_EQ(a.mp_reach.opaque_nlri.size(), want.size());
  EXPECT_TRUE(std::equal(want.begin(), want.end(), a.mp_reach.opaque_nlri.begin()));

  // L2VPN EVPN (AFI 25, SAFI 70).
  auto e = Decode(Hex("80 0E 15 | 0019 46 04 C0000201 00 | 02 0A 0102030405060708090A"));
  ExpectClean(e);
  EXPECT_EQ(e.mp_reach.afi, 25);
  EXPECT_EQ(e.mp_reach.opaque_nlri.size(), 12u);
}

// RFC 7911 §3 inside MP_REACH_NLRI.
TEST(AttrMpReachTest, AddPath) {
  AttrDecodeOptions o;
  o.add_path = true;
  auto a = Decode(Hex("80 0E 11 | 0001 01 04 C0000201 00 | 00000007 18 C63364"), o);
  ExpectClean(a);
  ASSERT_EQ(a.mp_reach.nlri.size(), 1u);
  EXPECT_EQ(a.mp_reach.nlri[0].path_id, 7u);
  EXPECT_EQ(a.mp_reach.nlri[0].prefix.to_string(), "198.51.100.0/24");
}

// RFC 7606 §7.11: malformed MP_REACH_NLRI -> session reset.
TEST(AttrMpReachTest, MalformedResetsSession) {
  for (const char* hex : {
           "80 0E 0A | 0001 01 05 C000020101 00",        // next hop length 5
           "80 0E 03 | 0001 01",                         // header cut
           "80 0E 05 | 0001 01 10 C0",                   // next hop overruns
           "80 0E 08 | 0001 01 04 C0000201",             // no reserved octet
           "80 0E 0B | 0001 01 04 C0000201 00 | 18 C6",  // NLRI overruns
           "80 0E 0A | 0001 01 04 C0000201 00 | 21",     // /33
           "80 0E 00",
       }) {
    auto a = Decode(Cat({Hex(hex), Hex(kTrailer)}));
    ExpectOneWarning(a, kAttrMpReach, ErrorAction::kSessionReset);
    EXPECT_FALSE(a.has(kHasMpReach)) << hex;
  }
}

// ---------------------------------------------------------- MP_UNREACH_NLRI

// RFC 4760 §4.
TEST(AttrMpUnreachTest, Ipv6AndIpv4) {
  auto a = Decode(Hex("80 0F 0A | 0002 01 | 30 20010DB80001"));
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasMpUnreach));
  EXPECT_EQ(a.mp_unreach.afi, kAfiIPv6);
  EXPECT_EQ(a.mp_unreach.safi, kSafiUnicast);
  ASSERT_EQ(a.mp_unreach.nlri.size(), 1u);
  EXPECT_EQ(a.mp_unreach.nlri[0].prefix.to_string(), "2001:db8:1::/48");

  auto b = Decode(Hex("80 0F 0A | 0001 01 | 18 C63364 | 10 AC10"));
  ExpectClean(b);
  ASSERT_EQ(b.mp_unreach.nlri.size(), 2u);
  EXPECT_EQ(b.mp_unreach.nlri[1].prefix.to_string(), "172.16.0.0/16");
}

TEST(AttrMpUnreachTest, EmptyAndOpaque) {
  auto e = Decode(Hex("80 0F 03 | 0002 01"));
  ExpectClean(e);
  EXPECT_TRUE(e.has(kHasMpUnreach));
  EXPECT_TRUE(e.mp_unreach.nlri.empty());

  auto o = Decode(Hex("80 0F 12 | 0001 80 | 70 000641 0000FDE800000064 C63364"));
  ExpectClean(o);
  EXPECT_EQ(o.mp_unreach.safi, 128);
  EXPECT_EQ(o.mp_unreach.opaque_nlri.size(), 15u);
  EXPECT_TRUE(o.mp_unreach.nlri.empty());
}

// RFC 7606 §7.12 (and §5.3): malformed MP_UNREACH_NLRI -> session reset.
TEST(AttrMpUnreachTest, MalformedResetsSession) {
  for (const char* hex : {"80 0F 02 | 0002", "80 0F 05 | 0002 01 | 30 20", "80 0F 00"}) {
    auto a = Decode(Cat({Hex(hex), Hex(kTrailer)}));
    ExpectOneWarning(a, kAttrMpUnreach, ErrorAction::kSessionReset);
  }
}

// ------------------------------------------------- MRT abbreviated MP_REACH

// RFC 6396 §4.3.4: in TABLE_DUMP_V2 RIB entries MP_REACH_NLRI holds only the
// next hop length and next hop; AFI/SAFI come from the RIB subtype.
TEST(AttrMrtMpReachTest, AbbreviatedIpv6) {
  AttrDecodeOptions o;
  o.mrt_abbreviated_mp_reach = true;
  o.rib_family = Family::kIPv6;
  auto a = Decode(Hex("80 0E 11 | 10 20010DB8 00000000 00000000 00000001"), o);
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasMpReach));
  EXPECT_EQ(a.mp_reach.afi, kAfiIPv6);
  EXPECT_EQ(a.mp_reach.safi, kSafiUnicast);
  ASSERT_EQ(a.mp_reach.next_hops.size(), 1u);
  EXPECT_EQ(a.mp_reach.next_hops[0], Ip("2001:db8::1"));
  EXPECT_TRUE(a.mp_reach.nlri.empty());

  auto b = Decode(Hex("80 0E 21 | 20 20010DB8 00000000 00000000 00000001"
                      "FE800000 00000000 00000000 00000001"),
                  o);
  ExpectClean(b);
  ASSERT_EQ(b.mp_reach.next_hops.size(), 2u);
  EXPECT_EQ(b.mp_reach.next_hops[1], Ip("fe80::1"));
}

TEST(AttrMrtMpReachTest, AbbreviatedIpv4) {
  AttrDecodeOptions o;
  o.mrt_abbreviated_mp_reach = true;
  o.rib_family = Family::kIPv4;
  auto a = Decode(Hex("80 0E 05 | 04 C0000201"), o);
  ExpectClean(a);
  EXPECT_EQ(a.mp_reach.afi, kAfiIPv4);
  ASSERT_EQ(a.mp_reach.next_hops.size(), 1u);
  EXPECT_EQ(a.mp_reach.next_hops[0], Ip("192.0.2.1"));
}

// Some writers put the full form in RIB entries; it is still recognised.
TEST(AttrMrtMpReachTest, FullFormInRibEntry) {
  AttrDecodeOptions o;
  o.mrt_abbreviated_mp_reach = true;
  o.rib_family = Family::kIPv6;
  auto a = Decode(Hex("80 0E 1A | 0002 01 10 20010DB8 00000000 00000000 00000001 00"
                      "| 20 20010DB8"),
                  o);
  ExpectClean(a);
  ASSERT_EQ(a.mp_reach.nlri.size(), 1u);
  EXPECT_EQ(a.mp_reach.next_hops[0], Ip("2001:db8::1"));
}

// Outside MRT RIB entries the abbreviated form is just malformed.
TEST(AttrMrtMpReachTest, AbbreviatedWithoutOptionIsMalformed) {
  auto a = Decode(Cat({Hex("80 0E 11 | 10 20010DB8 00000000 00000000 00000001"), Hex(kTrailer)}));
  ExpectOneWarning(a, kAttrMpReach, ErrorAction::kSessionReset);
}

TEST(AttrMrtMpReachTest, AbbreviatedBadNextHopLength) {
  AttrDecodeOptions o;
  o.mrt_abbreviated_mp_reach = true;
  o.rib_family = Family::kIPv6;
  auto a = Decode(Cat({Hex("80 0E 06 | 05 0102030405"), Hex(kTrailer)}), o);
  ExpectOneWarning(a, kAttrMpReach, ErrorAction::kSessionReset);
}

// ---------------------------------------------------- EXTENDED COMMUNITIES

// RFC 4360 §2-§5: 8-octet values; here a 2-octet-AS route target 65000:100
// (type 0x00 subtype 0x02) and an IPv4 route origin 192.0.2.1:1 (0x01 0x03).
TEST(AttrExtCommunitiesTest, Values) {
  auto a = Decode(Hex("C0 10 10 | 0002 FDE8 00000064 | 0103 C0000201 0001"));
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasExtCommunities));
  ASSERT_EQ(a.ext_communities.size(), 2u);
  EXPECT_EQ(a.ext_communities[0],
            (std::array<uint8_t, 8>{0x00, 0x02, 0xFD, 0xE8, 0x00, 0x00, 0x00, 0x64}));
  EXPECT_EQ(a.ext_communities[1],
            (std::array<uint8_t, 8>{0x01, 0x03, 0xC0, 0x00, 0x02, 0x01, 0x00, 0x01}));
}

// RFC 7606 §7.14: length not a multiple of 8 -> treat-as-withdraw.
TEST(AttrExtCommunitiesTest, BadLength) {
  for (const char* hex : {"C0 10 07 | 0002 FDE8 000000", "C0 10 09 | 0002 FDE8 00000064 00"}) {
    auto a = Decode(Cat({Hex(hex), Hex(kTrailer)}));
    ExpectOneWarning(a, kAttrExtCommunities, ErrorAction::kTreatAsWithdraw);
    EXPECT_TRUE(a.ext_communities.empty());
  }
}

// ------------------------------------------------ IPv6 EXTENDED COMMUNITIES

// RFC 5701 §2: 20-octet values; route target 2001:db8::1:100.
TEST(AttrIpv6ExtCommunitiesTest, Values) {
  auto a = Decode(Hex("C0 19 14 | 0002 20010DB8 00000000 00000000 00000001 0064"));
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasIpv6ExtCommunities));
  ASSERT_EQ(a.ipv6_ext_communities.size(), 1u);
  const auto& c = a.ipv6_ext_communities[0];
  EXPECT_EQ(c[0], 0x00);
  EXPECT_EQ(c[1], 0x02);
  EXPECT_EQ(IpAddr::v6_bytes(c.data() + 2), Ip("2001:db8::1"));
  EXPECT_EQ(c[18], 0x00);
  EXPECT_EQ(c[19], 0x64);
}

// RFC 7606 §7.15: length not a multiple of 20 -> treat-as-withdraw.
TEST(AttrIpv6ExtCommunitiesTest, BadLength) {
  auto a = Decode(Cat({Hex("C0 19 08 | 0002 FDE8 00000064"), Hex(kTrailer)}));
  ExpectOneWarning(a, kAttrIpv6ExtCommunities, ErrorAction::kTreatAsWithdraw);
}

// ---------------------------------------------------------- LARGE_COMMUNITY

// RFC 8092 §3: 12-octet Global Administrator:Local Data 1:Local Data 2.
TEST(AttrLargeCommunitiesTest, Values) {
  auto a = Decode(Hex("C0 20 18 | 00030D40 00000001 00000002 | FFFFFFFF 00000000 FFFFFFFF"));
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasLargeCommunities));
  ASSERT_EQ(a.large_communities.size(), 2u);
  EXPECT_EQ(a.large_communities[0], (LargeCommunity{200000, 1, 2}));
  EXPECT_EQ(a.large_communities[1], (LargeCommunity{0xffffffffu, 0, 0xffffffffu}));
}

// RFC 8092 §5: length not a non-zero multiple of 12 -> treat-as-withdraw.
TEST(AttrLargeCommunitiesTest, BadLength) {
  for (const char* hex :
       {"C0 20 0D | 00030D40 00000001 00000002 00", "C0 20 00", "C0 20 08 | 00030D40 00000001"}) {
    auto a = Decode(Cat({Hex(hex), Hex(kTrailer)}));
    ExpectOneWarning(a, kAttrLargeCommunities, ErrorAction::kTreatAsWithdraw);
    EXPECT_TRUE(a.large_communities.empty());
  }
}

// ---------------------------------------------------------- ONLY_TO_CUSTOMER

// RFC 9234 §5: OTC, optional transitive, type 35, a 4-octet ASN.
TEST(AttrOnlyToCustomerTest, Value) {
  auto a = Decode(Hex("C0 23 04 | 0000FDE8"));
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasOnlyToCustomer));
  EXPECT_EQ(a.only_to_customer, 65000u);
}

// RFC 9234 §5: length != 4 -> treat-as-withdraw.
TEST(AttrOnlyToCustomerTest, BadLength) {
  for (const char* hex : {"C0 23 02 FDE8", "C0 23 05 0000FDE800"}) {
    auto a = Decode(Cat({Hex(hex), Hex(kTrailer)}));
    ExpectOneWarning(a, kAttrOnlyToCustomer, ErrorAction::kTreatAsWithdraw);
    EXPECT_FALSE(a.has(kHasOnlyToCustomer));
  }
}

// --------------------------------------------------------------------- AIGP

// RFC 7311 §3: TLVs; type 1 is the AIGP metric with TLV length 11.
TEST(AttrAigpTest, Metric) {
  auto a = Decode(Hex("80 1A 0B | 01 000B 0000000000000064"));
  ExpectClean(a);
  ASSERT_TRUE(a.has(kHasAigp));
  EXPECT_EQ(a.aigp, 100u);
  auto big = Decode(Hex("80 1A 0B | 01 000B FFFFFFFFFFFFFFFF"));
  EXPECT_EQ(big.aigp, UINT64_MAX);
}

TEST(AttrAigpTest, UnknownTlvSkipped) {
  auto a = Decode(Hex("80 1A 0F | 02 0004 AA | 01 000B 0000000000000064"));
  ExpectClean(a);
  EXPECT_EQ(a.aigp, 100u);
}

// RFC 7311 §3.1: malformed AIGP -> attribute discard.
TEST(AttrAigpTest, MalformedIsDiscarded) {
  for (const char* hex : {
           "80 1A 0A | 01 000A 00000000000064",  // metric TLV length 10
           "80 1A 04 | 02 0004 AA",              // no metric TLV
           "80 1A 03 | 01 0002",                 // TLV length below 3
           "80 1A 05 | 01 000B 0000",            // TLV overruns
           "80 1A 02 | 01 00",                   // TLV header cut
           "80 1A 16 | 01 000B 0000000000000064 | 01 000B 0000000000000065",  // twice
           "80 1A 00",
       }) {
    auto a = Decode(Cat({Hex(hex), Hex(kTrailer)}));
    ExpectOneWarning(a, kAttrAigp, ErrorAction::kAttributeDiscard);
    EXPECT_FALSE(a.has(kHasAigp)) << hex;
  }
}

// ------------------------------------------------------------------ unknown

// RFC 4271 §5: unrecognised optional attributes are kept (and passed on with
// the Partial bit when transitive); here kept raw with their flags.
TEST(AttrUnknownTest, KeptRawWithFlags) {
  const auto list = Hex("E0 63 03 010203 | 40 C8 00 | 90 FE 0002 BEEF");
  auto a = Decode(list);
  ExpectClean(a);
  EXPECT_EQ(a.present, 0u);
  ASSERT_EQ(a.unknown.size(), 3u);
  EXPECT_EQ(a.unknown[0].flags, 0xE0);  // optional transitive partial
  EXPECT_EQ(a.unknown[0].type, 99);
  ASSERT_EQ(a.unknown[0].value.size(), 3u);
  EXPECT_EQ(a.unknown[0].value[2], 0x03);
  EXPECT_EQ(a.unknown[0].value.data(), list.data() + 3);
  EXPECT_EQ(a.unknown[1].flags, 0x40);
  EXPECT_EQ(a.unknown[1].type, 200);
  EXPECT_TRUE(a.unknown[1].value.empty());
  EXPECT_EQ(a.unknown[2].flags, 0x90);  // extended length kept too
  EXPECT_EQ(a.unknown[2].type, 254);
  EXPECT_EQ(a.unknown[2].value.size(), 2u);
  EXPECT_EQ(attr_type_name(99), "type 99");
}

// ============================================================== RFC 7606

struct MalformedCase {
  const char* what;
  const char* hex;
  uint8_t type;
  ErrorAction action;
};

// One malformed attribute followed by a valid one: the documented action, one
// warning, and decoding continues.
TEST(Rfc7606Test, MalformedAttributeActions) {
  const ErrorAction kTaw = ErrorAction::kTreatAsWithdraw;
  const ErrorAction kDiscard = ErrorAction::kAttributeDiscard;
  const ErrorAction kReset = ErrorAction::kSessionReset;
  const MalformedCase cases[] = {
      {"ORIGIN value 3 (§7.1)", "40 01 01 03", kAttrOrigin, kTaw},
      {"ORIGIN length 2 (§7.1)", "40 01 02 0000", kAttrOrigin, kTaw},
      {"AS_PATH overrun segment (§7.2)", "40 02 04 | 02 02 0001", kAttrAsPath, kTaw},
      {"AS_PATH zero segment (§7.2)", "40 02 02 | 02 00", kAttrAsPath, kTaw},
      {"NEXT_HOP length 3 (§7.3)", "40 03 03 C00002", kAttrNextHop, kTaw},
      {"MED length 3 (§7.4)", "80 04 03 000064", kAttrMed, kTaw},
      {"LOCAL_PREF length 5 (§7.5)", "40 05 05 00000000C8", kAttrLocalPref, kTaw},
      {"ATOMIC_AGGREGATE length 1 (§7.6)", "40 06 01 00", kAttrAtomicAggregate, kDiscard},
      {"AGGREGATOR length 5 (§7.7)", "C0 07 05 FDE8C00002", kAttrAggregator, kDiscard},
      {"COMMUNITIES length 6 (§7.8)", "C0 08 06 FDE80064 0001", kAttrCommunities, kTaw},
      {"COMMUNITIES length 0 (§7.8)", "C0 08 00", kAttrCommunities, kTaw},
      {"ORIGINATOR_ID length 8 (§7.9)", "80 09 08 0A000001 0A000001", kAttrOriginatorId, kTaw},
      {"CLUSTER_LIST length 5 (§7.10)", "80 0A 05 0A000001 00", kAttrClusterList, kTaw},
      {"MP_REACH bad next hop (§7.11)", "80 0E 0A | 0001 01 05 C000020101 00", kAttrMpReach,
       kReset},
      {"MP_UNREACH cut (§7.12)", "80 0F 02 | 0001", kAttrMpUnreach, kReset},
      {"EXT_COMMUNITIES length 9 (§7.14)", "C0 10 09 0002FDE800000064 00", kAttrExtCommunities,
       kTaw},
      {"IPv6 EXT_COMMUNITIES length 8 (§7.15)", "C0 19 08 0002FDE800000064",
       kAttrIpv6ExtCommunities, kTaw},
      {"AS4_PATH confed (RFC 6793 §6)", "C0 11 06 | 03 01 0000FDE9", kAttrAs4Path, kDiscard},
      {"AS4_AGGREGATOR length 6 (RFC 6793 §6)", "C0 12 06 FDE8C0000201", kAttrAs4Aggregator,
       kDiscard},
      {"AIGP no metric (RFC 7311 §3.1)", "80 1A 04 | 02 0004 AA", kAttrAigp, kDiscard},
      {"LARGE_COMMUNITY length 8 (RFC 8092 §5)", "C0 20 08 00030D40 00000001",
       kAttrLargeCommunities, kTaw},
      {"OTC length 2 (RFC 9234 §5)", "C0 23 02 FDE8", kAttrOnlyToCustomer, kTaw},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto a = Decode(Cat({Hex(c.hex), Hex(kTrailer)}));
    ExpectOneWarning(a, c.type, c.action);
  }
}

// The update's action is the most severe one seen; warnings keep their order
// and offsets.
TEST(Rfc7606Test, MostSevereActionWins) {
  const auto discard = Hex("40 06 01 00");  // offset 0, attribute discard
  const auto taw = Hex("40 01 01 09");      // offset 4, treat-as-withdraw
  const auto reset = Hex("80 0F 02 0001");  // offset 8, session reset
  auto a = Decode(Cat({discard, taw}));
  EXPECT_EQ(a.action, ErrorAction::kTreatAsWithdraw);
  auto b = Decode(Cat({reset, discard, taw}));
  EXPECT_EQ(b.action, ErrorAction::kSessionReset);
  auto c = Decode(Cat({discard, taw, reset}));
  EXPECT_EQ(c.action, ErrorAction::kSessionReset);
  ASSERT_EQ(c.warnings.size(), 3u);
  EXPECT_EQ(c.warnings[0].offset, 0u);
  EXPECT_EQ(c.warnings[0].action, ErrorAction::kAttributeDiscard);
  EXPECT_EQ(c.warnings[1].offset, 4u);
  EXPECT_EQ(c.warnings[1].type, kAttrOrigin);
  EXPECT_EQ(c.warnings[2].offset, 8u);
  EXPECT_EQ(c.warnings[2].type, kAttrMpUnreach);
}

// RFC 7606 §4: an attribute whose length overruns the list -> treat-as-withdraw;
// attributes before it are kept.
TEST(Rfc7606Test, AttributeListOverrun) {
  auto a = Decode(Hex("40 01 01 00 | 40 02 10 | 02 01 00000001"));
  ASSERT_EQ(a.warnings.size(), 1u) << Warnings(a);
  EXPECT_EQ(a.warnings[0].type, kAttrAsPath);
  EXPECT_EQ(a.warnings[0].offset, 4u);
  EXPECT_EQ(a.action, ErrorAction::kTreatAsWithdraw);
  EXPECT_TRUE(a.has(kHasOrigin));
  EXPECT_FALSE(a.has(kHasAsPath));

  auto ext = Decode(Hex("40 01 01 00 | 50 08 0100 | FDE80064"));
  EXPECT_EQ(ext.action, ErrorAction::kTreatAsWithdraw);
  EXPECT_FALSE(ext.has(kHasCommunities));
}

TEST(Rfc7606Test, AttributeHeaderCut) {
  auto one = Decode(Hex("40 01 01 00 | 40"));
  ASSERT_EQ(one.warnings.size(), 1u);
  EXPECT_EQ(one.warnings[0].type, 0);
  EXPECT_EQ(one.warnings[0].offset, 4u);
  EXPECT_EQ(one.action, ErrorAction::kTreatAsWithdraw);
  EXPECT_TRUE(one.has(kHasOrigin));

  auto no_len = Decode(Hex("40 01 01 00 | 40 02"));
  EXPECT_EQ(no_len.action, ErrorAction::kTreatAsWithdraw);
  auto half_ext_len = Decode(Hex("40 01 01 00 | 50 08 00"));
  ASSERT_EQ(half_ext_len.warnings.size(), 1u);
  EXPECT_EQ(half_ext_len.warnings[0].type, kAttrCommunities);
  EXPECT_EQ(half_ext_len.action, ErrorAction::kTreatAsWithdraw);
}

// RFC 7606 §3g: a repeated attribute is discarded (the first one is used)...
TEST(Rfc7606Test, DuplicateAttributeDiscarded) {
  auto a = Decode(Hex("40 01 01 00 | 40 01 01 02 | C0 08 04 FDE80064 | C0 08 04 FDE800C8"));
  EXPECT_EQ(a.origin, Origin::kIgp);
  EXPECT_EQ(a.communities, (std::vector<uint32_t>{0xFDE80064u}));
  ASSERT_EQ(a.warnings.size(), 2u) << Warnings(a);
  EXPECT_EQ(a.warnings[0].type, kAttrOrigin);
  EXPECT_EQ(a.warnings[0].action, ErrorAction::kAttributeDiscard);
  EXPECT_EQ(a.warnings[0].offset, 4u);
  EXPECT_EQ(a.warnings[1].type, kAttrCommunities);
  EXPECT_EQ(a.action, ErrorAction::kAttributeDiscard);
}

// ...except MP_REACH_NLRI / MP_UNREACH_NLRI, whose repetition resets the session.
TEST(Rfc7606Test, DuplicateMpAttributeResetsSession) {
  auto r =
      Decode(Hex("80 0E 0D | 0001 01 04 C0000201 00 | 18 C63364"
                 "| 80 0E 0D | 0001 01 04 C0000202 00 | 18 CB0071"));
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].type, kAttrMpReach);
  EXPECT_EQ(r.action, ErrorAction::kSessionReset);
  ASSERT_EQ(r.mp_reach.nlri.size(), 1u);  // the first one's
  EXPECT_EQ(r.mp_reach.next_hops[0], Ip("192.0.2.1"));

  auto u = Decode(Hex("80 0F 03 0002 01 | 80 0F 03 0002 01"));
  ASSERT_EQ(u.warnings.size(), 1u);
  EXPECT_EQ(u.warnings[0].type, kAttrMpUnreach);
  EXPECT_EQ(u.action, ErrorAction::kSessionReset);
}

// Regression (fixed; was a bug in src/wire/bgp/attributes.cc, decode_attributes): repetition is
// detected through `present`, which is only set after a successful decode. When the first
// occurrence is malformed the second is decoded and used instead of being discarded (RFC 7606 §3g:
// "all the occurrences of the attribute other than the first one SHALL be discarded"). Input: 40 01
// 01 07 | 40 01 01 01. Actual: origin = EGP, kHasOrigin set, no "repeated" warning. Same for
// AGGREGATOR (C0 07 05 ... then a valid one: the route keeps the second
// AGGREGATOR although the attribute should have been discarded) and for
// MP_REACH, where the second one is not reported as a repetition at all.
TEST(Rfc7606Test, DuplicateAfterMalformedFirstIsDiscarded) {
  auto a = Decode(Hex("40 01 01 07 | 40 01 01 01"));
  EXPECT_FALSE(a.has(kHasOrigin));
  ASSERT_EQ(a.warnings.size(), 2u) << Warnings(a);
  EXPECT_EQ(a.warnings[1].offset, 4u);

  auto r =
      Decode(Hex("80 0E 0A | 0001 01 05 C000020101 00"
                 "| 80 0E 0D | 0001 01 04 C0000202 00 | 18 CB0071"));
  ASSERT_EQ(r.warnings.size(), 2u) << Warnings(r);
  EXPECT_EQ(r.warnings[1].action, ErrorAction::kSessionReset);
}

// Regression (fixed; was a bug in src/wire/bgp/attributes.cc, dec_cluster_list /
// dec_ext_communities / dec_ipv6_ext_communities): RFC 7606 §7.10, §7.14 and §7.15 call these
// attributes malformed when the length is not a *non-zero* multiple of
// 4 / 8 / 20; a zero-length value is accepted with no warning.
TEST(Rfc7606Test, ZeroLengthListsAreMalformed) {
  for (const char* hex : {"80 0A 00", "C0 10 00", "C0 19 00"}) {
    auto a = Decode(Hex(hex));
    EXPECT_EQ(a.action, ErrorAction::kTreatAsWithdraw) << hex;
  }
}

// RFC 7606 §3c: Optional/Transitive flags in conflict with the type ->
// the attribute's malformed-value action. The value is still decoded (many
// MRT sources carry odd flags on valid values).
TEST(Rfc7606Test, WrongFlags) {
  const MalformedCase cases[] = {
      {"ORIGIN marked optional", "C0 01 01 00", kAttrOrigin, ErrorAction::kTreatAsWithdraw},
      {"ORIGIN not transitive", "00 01 01 00", kAttrOrigin, ErrorAction::kTreatAsWithdraw},
      {"AS_PATH marked optional", "80 02 00", kAttrAsPath, ErrorAction::kTreatAsWithdraw},
      {"NEXT_HOP marked optional", "80 03 04 C0000201", kAttrNextHop,
       ErrorAction::kTreatAsWithdraw},
      {"MED marked well-known", "40 04 04 00000064", kAttrMed, ErrorAction::kTreatAsWithdraw},
      {"LOCAL_PREF marked optional", "C0 05 04 00000064", kAttrLocalPref,
       ErrorAction::kTreatAsWithdraw},
      {"COMMUNITIES marked well-known", "40 08 04 FDE80064", kAttrCommunities,
       ErrorAction::kTreatAsWithdraw},
      {"ATOMIC_AGGREGATE marked optional", "C0 06 00", kAttrAtomicAggregate,
       ErrorAction::kAttributeDiscard},
      {"AGGREGATOR marked well-known", "40 07 08 00030D40 C0000201", kAttrAggregator,
       ErrorAction::kAttributeDiscard},
      {"MP_UNREACH marked well-known", "40 0F 03 0002 01", kAttrMpUnreach,
       ErrorAction::kSessionReset},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto a = Decode(Cat({Hex(c.hex), Hex(kTrailer)}));
    ExpectOneWarning(a, c.type, c.action);
  }
  auto origin = Decode(Hex("C0 01 01 02"));
  EXPECT_EQ(origin.origin, Origin::kIncomplete);
}

// The Partial and Extended Length bits never make flags "wrong".
TEST(Rfc7606Test, PartialAndExtendedLengthBitsAreFine) {
  auto a = Decode(Hex("70 01 0001 00 | E0 08 04 FDE80064 | F0 20 000C 00030D40 00000001 00000002"));
  ExpectClean(a);
  EXPECT_TRUE(a.has(kHasOrigin));
  EXPECT_TRUE(a.has(kHasCommunities));
  EXPECT_TRUE(a.has(kHasLargeCommunities));
}

// A list with every known attribute type, all valid.
std::vector<uint8_t> RichList(std::vector<size_t>* starts) {
  const char* attrs[] = {
      "40 01 01 00",
      "40 02 10 | 02 02 0000FDE8 00030D40 | 01 01 00000005",
      "40 03 04 C0000201",
      "80 04 04 00000064",
      "40 05 04 000000C8",
      "40 06 00",
      "C0 07 08 00030D40 C0000201",
      "C0 08 08 FDE80064 FFFFFF01",
      "80 09 04 0A000001",
      "80 0A 08 0A000001 0A000002",
      "80 0E 1A | 0002 01 10 20010DB8 00000000 00000000 00000001 00 | 20 20010DB8",
      "80 0F 0A | 0002 01 | 30 20010DB80001",
      "C0 10 08 0002FDE800000064",
      "C0 11 06 | 02 01 00030D40",
      "C0 12 08 00030D40 C0000201",
      "C0 19 14 0002 20010DB8000000000000000000000001 0064",
      "80 1A 0B 01 000B 0000000000000064",
      "C0 20 0C 00030D40 00000001 00000002",
      "C0 23 04 0000FDE8",
      "E0 63 03 010203",
  };
  std::vector<uint8_t> list;
  for (const char* h : attrs) {
    if (starts) starts->push_back(list.size());
    const auto b = Hex(h);
    list.insert(list.end(), b.begin(), b.end());
  }
  if (starts) starts->push_back(list.size());
  return list;
}

void CheckInvariants(const PathAttributes& a, size_t list_size) {
  ErrorAction max = ErrorAction::kNone;
  for (const auto& w : a.warnings) {
    max = std::max(max, w.action);
    ASSERT_LT(w.offset, std::max<size_t>(list_size, 1));
  }
  ASSERT_EQ(a.action, max);
}

TEST(Rfc7606Test, RichListDecodesClean) {
  const auto list = RichList(nullptr);
  auto a = Decode(list);
  ExpectClean(a);
  EXPECT_EQ(a.present, (1u << 19) - 1) << std::hex << a.present;
  EXPECT_EQ(a.unknown.size(), 1u);
}

// Cutting the list anywhere: never crashes; a cut at an attribute boundary
// decodes cleanly, any other cut is a treat-as-withdraw list overrun.
TEST(Rfc7606Test, EveryTruncationHandled) {
  std::vector<size_t> starts;
  const auto list = RichList(&starts);
  const std::set<size_t> boundaries(starts.begin(), starts.end());
  for (size_t n = 0; n <= list.size(); ++n) {
    test::Exact e(list, n);
    PathAttributes a;
    decode_attributes(e.bytes(), AttrDecodeOptions{}, a);
    CheckInvariants(a, n);
    if (boundaries.count(n)) {
      EXPECT_TRUE(a.warnings.empty()) << n << " " << Warnings(a);
    } else {
      EXPECT_EQ(a.action, ErrorAction::kTreatAsWithdraw) << n << " " << Warnings(a);
    }
  }
}

// Every byte replaced by a handful of values, with both session widths and
// ADD-PATH: never crashes and the action always matches the warnings.
TEST(Rfc7606Test, MutationsNeverCrash) {
  const auto list = RichList(nullptr);
  const uint8_t fixed[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x0F, 0x10, 0x20, 0x7F, 0x80, 0xFF};
  for (size_t i = 0; i < list.size(); ++i) {
    std::vector<uint8_t> values(std::begin(fixed), std::end(fixed));
    values.push_back(static_cast<uint8_t>(list[i] + 1));
    values.push_back(static_cast<uint8_t>(list[i] - 1));
    values.push_back(static_cast<uint8_t>(list[i] ^ 0x10));
    for (uint8_t v : values) {
      auto m = list;
      m[i] = v;
      test::Exact e(m, m.size());
      for (int variant = 0; variant < 4; ++variant) {
        AttrDecodeOptions o;
        o.as4 = (variant & 1) != 0;
        o.add_path = (variant & 2) != 0;
        PathAttributes a;
        decode_attributes(e.bytes(), o, a);
        CheckInvariants(a, m.size());
      }
    }
  }
}

TEST(Rfc7606Test, RandomListsNeverCrash) {
  std::mt19937 rng(7606);
  std::uniform_int_distribution<int> len(0, 96);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> known(0, 20);
  const uint8_t types[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 25, 26, 32, 35};
  for (int iter = 0; iter < 30000; ++iter) {
    std::vector<uint8_t> v(static_cast<size_t>(len(rng)));
    for (auto& b : v) b = static_cast<uint8_t>(byte(rng));
    // Make it look like an attribute list often enough to go deep.
    for (size_t p = 0; p + 3 <= v.size(); p += 3 + (v[p + 2] & 0x0f)) {
      const int k = known(rng);
      if (k < 19) v[p + 1] = types[k];
      v[p] &= 0xe0;
      v[p + 2] &= 0x0f;
    }
    test::Exact e(v, v.size());
    AttrDecodeOptions o;
    o.as4 = (iter & 1) != 0;
    o.add_path = (iter & 2) != 0;
    o.mrt_abbreviated_mp_reach = (iter & 4) != 0;
    o.rib_family = (iter & 8) ? Family::kIPv6 : Family::kIPv4;
    PathAttributes a;
    decode_attributes(e.bytes(), o, a);
    CheckInvariants(a, v.size());
  }
}

// ------------------------------------------------------------- bookkeeping

TEST(PathAttributesTest, ClearResetsEverything) {
  const auto list = RichList(nullptr);
  PathAttributes a;
  decode_attributes(AsBytes(list), AttrDecodeOptions{}, a);
  decode_attributes(AsBytes(Hex("40 01 01 09")), AttrDecodeOptions{}, a);
  ASSERT_NE(a.present, 0u);
  ASSERT_FALSE(a.warnings.empty());
  a.clear();
  EXPECT_EQ(a.present, 0u);
  EXPECT_TRUE(a.as_path.empty());
  EXPECT_TRUE(a.as4_path.empty());
  EXPECT_TRUE(a.communities.empty());
  EXPECT_TRUE(a.ext_communities.empty());
  EXPECT_TRUE(a.ipv6_ext_communities.empty());
  EXPECT_TRUE(a.large_communities.empty());
  EXPECT_TRUE(a.cluster_list.empty());
  EXPECT_TRUE(a.mp_reach.nlri.empty());
  EXPECT_TRUE(a.mp_reach.next_hops.empty());
  EXPECT_TRUE(a.mp_reach.raw_next_hop.empty());
  EXPECT_TRUE(a.mp_unreach.nlri.empty());
  EXPECT_TRUE(a.unknown.empty());
  EXPECT_TRUE(a.warnings.empty());
  EXPECT_EQ(a.action, ErrorAction::kNone);
  EXPECT_EQ(a.med, 0u);
  EXPECT_EQ(a.aigp, 0u);
  EXPECT_EQ(a.origin, Origin::kIgp);
  // Reusable after clear().
  decode_attributes(AsBytes(list), AttrDecodeOptions{}, a);
  ExpectClean(a);
  EXPECT_EQ(a.communities.size(), 2u);
}

TEST(PathAttributesTest, Names) {
  EXPECT_EQ(attr_type_name(kAttrOrigin), "ORIGIN");
  EXPECT_EQ(attr_type_name(kAttrAsPath), "AS_PATH");
  EXPECT_EQ(attr_type_name(kAttrMpReach), "MP_REACH_NLRI");
  EXPECT_EQ(attr_type_name(kAttrLargeCommunities), "LARGE_COMMUNITY");
  EXPECT_EQ(attr_type_name(0), "type 0");
  EXPECT_EQ(attr_type_name(255), "type 255");
  EXPECT_STREQ(error_action_name(ErrorAction::kNone), "none");
  EXPECT_STREQ(error_action_name(ErrorAction::kAttributeDiscard), "attribute-discard");
  EXPECT_STREQ(error_action_name(ErrorAction::kTreatAsWithdraw), "treat-as-withdraw");
  EXPECT_STREQ(error_action_name(ErrorAction::kAfiSafiDisable), "afi-safi-disable");
  EXPECT_STREQ(error_action_name(ErrorAction::kSessionReset), "session-reset");
}

}  // namespace
}  // namespace vigil::bgp

// MRT (RFC 6396) with ADD-PATH extensions (RFC 8050): the common header and
// record bodies, plus the historic and Zebra variants found in old archives.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "wire/bgp/attributes.h"
#include "wire/bgp/message.h"
#include "wire/mrt/header.h"
#include "wire/mrt/records.h"
#include "wire_test_util.h"

namespace vigil::mrt {
namespace {

using test::AsBytes;
using test::Cat;
using test::Hex;

IpAddr Ip(const char* s) { return *IpAddr::parse(s); }
std::string Str(const Status& s) { return s.ok() ? "ok" : s.error().to_string(); }

std::vector<uint8_t> Record(uint16_t type, uint16_t subtype, const std::vector<uint8_t>& body,
                            uint32_t timestamp = 0x5B8D8000, int32_t microseconds = -1) {
  std::vector<uint8_t> r;
  test::PutU32(r, timestamp);
  test::PutU16(r, type);
  test::PutU16(r, subtype);
  const bool et = microseconds >= 0;
  test::PutU32(r, static_cast<uint32_t>(body.size() + (et ? 4 : 0)));
  if (et) test::PutU32(r, static_cast<uint32_t>(microseconds));
  r.insert(r.end(), body.begin(), body.end());
  return r;
}

const char kKeepalive[] = "FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 0013 04";

// --------------------------------------------------------------- header

// RFC 6396 §2.
TEST(MrtHeaderTest, Decode) {
  const auto b = Hex("5B8D8000 | 0010 | 0004 | 00000020");
  auto h = decode_header(AsBytes(b));
  ASSERT_TRUE(h.ok()) << h.error().to_string();
  EXPECT_EQ(h->timestamp, 1536000000u);
  EXPECT_EQ(h->type, kTypeBgp4mp);
  EXPECT_EQ(h->subtype, kMessageAs4);
  EXPECT_EQ(h->length, 32u);
  EXPECT_FALSE(h->extended);
  EXPECT_EQ(h->microseconds, 0u);
  EXPECT_EQ(h->body_length(), 32u);
  EXPECT_EQ(h->record_size(), 44u);
}

// RFC 6396 §3.1: _ET types carry microseconds, counted in Length.
TEST(MrtHeaderTest, ExtendedTimestamp) {
  const auto b = Hex("5B8D8000 | 0011 | 0004 | 00000024 | 0007A120");
  auto h = decode_header(AsBytes(b));
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h->extended);
  EXPECT_EQ(h->type, kTypeBgp4mpEt);
  EXPECT_EQ(h->microseconds, 500000u);
  EXPECT_EQ(h->length, 36u);
  EXPECT_EQ(h->body_length(), 32u);
  EXPECT_EQ(h->record_size(), 48u);

  // Only the 12 header octets given: microseconds are left at 0.
  auto short_h = decode_header(AsBytes(Hex("5B8D8000 0011 0004 00000024")));
  ASSERT_TRUE(short_h.ok());
  EXPECT_TRUE(short_h->extended);
  EXPECT_EQ(short_h->microseconds, 0u);
}

TEST(MrtHeaderTest, Errors) {
  const auto b = Hex("5B8D8000 0010 0004 00000020");
  for (size_t n = 0; n < kHeaderSize; ++n) {
    test::Exact e(b, n);
    auto h = decode_header(e.bytes());
    ASSERT_FALSE(h.ok()) << n;
    EXPECT_EQ(h.error().code, ErrorCode::kTruncated);
  }
  auto et = decode_header(AsBytes(Hex("5B8D8000 0011 0004 00000003 00000000")));
  ASSERT_FALSE(et.ok());
  EXPECT_EQ(et.error().code, ErrorCode::kMalformed);
  // Large lengths are the reader's business, not an error here.
  auto big = decode_header(AsBytes(Hex("5B8D8000 000D 0002 FFFFFFFF")));
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->record_size(), 12ull + 0xFFFFFFFFull);
}

TEST(MrtHeaderTest, KnownTypesAndNames) {
  EXPECT_TRUE(is_known_type(kTypeTableDumpV2, kPeerIndexTable));
  EXPECT_TRUE(is_known_type(kTypeTableDumpV2, kRibGenericAddPath));
  EXPECT_FALSE(is_known_type(kTypeTableDumpV2, 0));
  EXPECT_FALSE(is_known_type(kTypeTableDumpV2, 13));
  EXPECT_TRUE(is_known_type(kTypeBgp4mp, kStateChange));
  EXPECT_TRUE(is_known_type(kTypeBgp4mpEt, kMessageAs4LocalAddPath));
  EXPECT_FALSE(is_known_type(kTypeBgp4mp, 12));
  EXPECT_TRUE(is_known_type(kTypeTableDump, 1));
  EXPECT_TRUE(is_known_type(kTypeTableDump, 2));
  EXPECT_TRUE(is_known_type(kTypeTableDump, 3));  // bgpdump's 4-octet AS variants
  EXPECT_TRUE(is_known_type(kTypeTableDump, 4));
  EXPECT_FALSE(is_known_type(kTypeTableDump, 0));
  EXPECT_FALSE(is_known_type(kTypeTableDump, 5));
  EXPECT_TRUE(is_known_type(kTypeBgp, kBgpKeepalive));
  EXPECT_FALSE(is_known_type(kTypeBgp, 8));
  EXPECT_FALSE(is_known_type(11, 0));  // OSPFv2
  EXPECT_STREQ(type_name(kTypeTableDumpV2), "TABLE_DUMP_V2");
  EXPECT_STREQ(type_name(kTypeBgp4mpEt), "BGP4MP_ET");
  EXPECT_STREQ(type_name(kTypeTableDump), "TABLE_DUMP");
  EXPECT_STREQ(type_name(kTypeBgp4mp), "BGP4MP");
  EXPECT_STREQ(type_name(kTypeBgp), "BGP");
  EXPECT_STREQ(type_name(99), "UNKNOWN");
}

// ------------------------------------------------------ PEER_INDEX_TABLE

// RFC 6396 §4.3.1: peer type bit 0 = IPv6 address, bit 1 = 4-octet AS.
const char kPeerIndexTableBody[] =
    "0A000001 | 0002 7276 | 0004"
    "| 00 C0000201 C0000201 FDE8"
    "| 01 C0000202 20010DB8 00000000 00000000 00000002 FDE9"
    "| 03 C0000203 20010DB8 00000000 00000000 00000003 00030D40"
    "| 02 C0000204 C0000204 00030D41";

TEST(PeerIndexTableTest, Decode) {
  const auto b = Hex(kPeerIndexTableBody);
  PeerIndexTable t;
  Status s = decode_peer_index_table(AsBytes(b), t);
  ASSERT_TRUE(s.ok()) << Str(s);
  EXPECT_EQ(t.collector_id, Ip("10.0.0.1"));
  EXPECT_EQ(t.view_name, "rv");
  ASSERT_EQ(t.peers.size(), 4u);
  EXPECT_EQ(t.peers[0].type, 0);
  EXPECT_EQ(t.peers[0].bgp_id, Ip("192.0.2.1"));
  EXPECT_EQ(t.peers[0].address, Ip("192.0.2.1"));
  EXPECT_EQ(t.peers[0].asn, 65000u);
  EXPECT_EQ(t.peers[1].address, Ip("2001:db8::2"));
  EXPECT_EQ(t.peers[1].asn, 65001u);
  EXPECT_EQ(t.peers[2].address, Ip("2001:db8::3"));
  EXPECT_EQ(t.peers[2].asn, 200000u);
  EXPECT_EQ(t.peers[2].bgp_id, Ip("192.0.2.3"));
  EXPECT_EQ(t.peers[3].address, Ip("192.0.2.4"));
  EXPECT_EQ(t.peers[3].asn, 200001u);
}

TEST(PeerIndexTableTest, EmptyViewAndNoPeers) {
  PeerIndexTable t;
  t.peers.resize(3);
  ASSERT_TRUE(decode_peer_index_table(AsBytes(Hex("0A000001 0000 0000")), t).ok());
  EXPECT_TRUE(t.view_name.empty());
  EXPECT_TRUE(t.peers.empty());
}

TEST(PeerIndexTableTest, EveryTruncationFails) {
  const auto b = Hex(kPeerIndexTableBody);
  for (size_t n = 0; n < b.size(); ++n) {
    test::Exact e(b, n);
    PeerIndexTable t;
    Status s = decode_peer_index_table(e.bytes(), t);
    ASSERT_FALSE(s.ok()) << n;
    EXPECT_EQ(s.error().code, ErrorCode::kTruncated);
  }
}

// -------------------------------------------------------------- RIB_*

// ORIGIN IGP, AS_PATH 65000 (4-octet, as TABLE_DUMP_V2 always is), NEXT_HOP.
const char kRibAttrs[] = "40 01 01 00 | 40 02 06 02 01 0000FDE8 | 40 03 04 C0000201";

// RFC 6396 §4.3.2, §4.3.4.
TEST(RibTest, Ipv4Unicast) {
  const auto b = Cat({Hex("00000001 | 18 C63364 | 0002 | 0000 5B8D8000 0014"), Hex(kRibAttrs),
                      Hex("| 0003 5B8D8001 0000")});
  RibRecord r;
  Status s = decode_rib(kRibIpv4Unicast, AsBytes(b), r);
  ASSERT_TRUE(s.ok()) << Str(s);
  EXPECT_EQ(r.sequence, 1u);
  EXPECT_EQ(r.afi, bgp::kAfiIPv4);
  EXPECT_EQ(r.safi, bgp::kSafiUnicast);
  EXPECT_FALSE(r.add_path);
  EXPECT_TRUE(r.decoded_prefix);
  EXPECT_FALSE(r.host_bits);
  EXPECT_EQ(r.prefix.to_string(), "198.51.100.0/24");
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.entries[0].peer_index, 0);
  EXPECT_EQ(r.entries[0].originated_time, 0x5B8D8000u);
  EXPECT_EQ(r.entries[0].path_id, 0u);
  EXPECT_EQ(r.entries[0].attributes.size(), 20u);
  EXPECT_EQ(r.entries[1].peer_index, 3);
  EXPECT_TRUE(r.entries[1].attributes.empty());

  bgp::PathAttributes a;
  bgp::AttrDecodeOptions o;
  o.mrt_abbreviated_mp_reach = true;
  bgp::decode_attributes(r.entries[0].attributes, o, a);
  EXPECT_TRUE(a.warnings.empty());
  std::string path;
  bgp::append_as_path(path, a.as_path);
  EXPECT_EQ(path, "65000");
  EXPECT_EQ(a.next_hop, Ip("192.0.2.1"));
}

// RFC 6396 §4.3.4: IPv6 entries carry the abbreviated MP_REACH_NLRI.
TEST(RibTest, Ipv6UnicastWithAbbreviatedMpReach) {
  const auto b =
      Hex("00000002 | 30 20010DB80001 | 0001"
          "| 0001 5B8D8000 001B"
          "|   40 01 01 00 | 40 02 00"
          "|   80 0E 11 10 20010DB8 00000000 00000000 00000001");
  RibRecord r;
  ASSERT_TRUE(decode_rib(kRibIpv6Unicast, AsBytes(b), r).ok());
  EXPECT_EQ(r.afi, bgp::kAfiIPv6);
  EXPECT_EQ(r.prefix.to_string(), "2001:db8:1::/48");
  ASSERT_EQ(r.entries.size(), 1u);
  bgp::PathAttributes a;
  bgp::AttrDecodeOptions o;
  o.mrt_abbreviated_mp_reach = true;
  o.rib_family = Family::kIPv6;
  bgp::decode_attributes(r.entries[0].attributes, o, a);
  EXPECT_TRUE(a.warnings.empty());
  ASSERT_EQ(a.mp_reach.next_hops.size(), 1u);
  EXPECT_EQ(a.mp_reach.next_hops[0], Ip("2001:db8::1"));
}

TEST(RibTest, MulticastSubtypes) {
  RibRecord r;
  ASSERT_TRUE(decode_rib(kRibIpv4Multicast, AsBytes(Hex("00000001 | 08 E0 | 0000")), r).ok());
  EXPECT_EQ(r.afi, bgp::kAfiIPv4);
  EXPECT_EQ(r.safi, bgp::kSafiMulticast);
  EXPECT_EQ(r.prefix.to_string(), "224.0.0.0/8");
  ASSERT_TRUE(decode_rib(kRibIpv6Multicast, AsBytes(Hex("00000001 | 08 FF | 0000")), r).ok());
  EXPECT_EQ(r.afi, bgp::kAfiIPv6);
  EXPECT_EQ(r.safi, bgp::kSafiMulticast);
  EXPECT_EQ(r.prefix.to_string(), "ff00::/8");
  ASSERT_TRUE(
      decode_rib(kRibIpv6MulticastAddPath, AsBytes(Hex("00000001 | 08 FF | 0000")), r).ok());
  EXPECT_TRUE(r.add_path);
  EXPECT_EQ(r.safi, bgp::kSafiMulticast);
  ASSERT_TRUE(
      decode_rib(kRibIpv4MulticastAddPath, AsBytes(Hex("00000001 | 08 E0 | 0000")), r).ok());
  EXPECT_EQ(r.afi, bgp::kAfiIPv4);
  EXPECT_EQ(r.safi, bgp::kSafiMulticast);
}

// RFC 8050 §4: a Path Identifier in each RIB entry.
TEST(RibTest, Ipv4UnicastAddPath) {
  const auto b =
      Hex("00000003 | 18 C63364 | 0002"
          "| 0000 5B8D8000 00000001 0004 40010100"
          "| 0000 5B8D8000 00000002 0004 40010102");
  RibRecord r;
  Status s = decode_rib(kRibIpv4UnicastAddPath, AsBytes(b), r);
  ASSERT_TRUE(s.ok()) << Str(s);
  EXPECT_TRUE(r.add_path);
  EXPECT_EQ(r.afi, bgp::kAfiIPv4);
  EXPECT_EQ(r.safi, bgp::kSafiUnicast);
  ASSERT_EQ(r.entries.size(), 2u);
  EXPECT_EQ(r.entries[0].path_id, 1u);
  EXPECT_EQ(r.entries[1].path_id, 2u);
  EXPECT_EQ(r.entries[1].attributes.size(), 4u);
  EXPECT_EQ(r.entries[1].attributes[3], 0x02);

  // The same bytes under the non-ADD-PATH subtype do not line up.
  RibRecord plain;
  EXPECT_FALSE(decode_rib(kRibIpv4Unicast, AsBytes(b), plain).ok());
}

TEST(RibTest, Ipv6UnicastAddPath) {
  const auto b = Hex("00000001 | 20 20010DB8 | 0001 | 0002 5B8D8000 0000002A 0000");
  RibRecord r;
  ASSERT_TRUE(decode_rib(kRibIpv6UnicastAddPath, AsBytes(b), r).ok());
  EXPECT_EQ(r.afi, bgp::kAfiIPv6);
  EXPECT_EQ(r.prefix.to_string(), "2001:db8::/32");
  ASSERT_EQ(r.entries.size(), 1u);
  EXPECT_EQ(r.entries[0].peer_index, 2);
  EXPECT_EQ(r.entries[0].path_id, 42u);
}

// RFC 6396 §4.3.3: RIB_GENERIC with AFI/SAFI and an NLRI.
TEST(RibTest, GenericIpv4) {
  const auto b = Hex("00000004 | 0001 01 | 18 C63364 | 0001 | 0000 5B8D8000 0004 40010100");
  RibRecord r;
  ASSERT_TRUE(decode_rib(kRibGeneric, AsBytes(b), r).ok());
  EXPECT_TRUE(r.decoded_prefix);
  EXPECT_EQ(r.afi, 1);
  EXPECT_EQ(r.safi, 1);
  EXPECT_EQ(r.prefix.to_string(), "198.51.100.0/24");
  EXPECT_EQ(r.entries.size(), 1u);
}

TEST(RibTest, GenericOtherFamilyKeptRaw) {
  // VPNv4 (SAFI 128): label, RD and prefix, 112 bits.
  const auto b =
      Hex("00000005 | 0001 80 | 70 000641 0000FDE800000064 C63364"
          "| 0001 | 0000 5B8D8000 0000");
  RibRecord r;
  ASSERT_TRUE(decode_rib(kRibGeneric, AsBytes(b), r).ok());
  EXPECT_FALSE(r.decoded_prefix);
  EXPECT_EQ(r.afi, 1);
  EXPECT_EQ(r.safi, 128);
  ASSERT_EQ(r.generic_nlri.size(), 14u);
  EXPECT_EQ(r.generic_nlri[0], 0x00);
  EXPECT_EQ(r.generic_nlri[13], 0x64);
  EXPECT_EQ(r.entries.size(), 1u);
}

// RFC 8050 §4: RIB_GENERIC_ADDPATH.
TEST(RibTest, GenericAddPath) {
  const auto b = Hex("00000006 | 0002 01 | 20 20010DB8 | 0001 | 0000 5B8D8000 00000009 0000");
  RibRecord r;
  ASSERT_TRUE(decode_rib(kRibGenericAddPath, AsBytes(b), r).ok());
  EXPECT_TRUE(r.add_path);
  EXPECT_EQ(r.afi, bgp::kAfiIPv6);
  EXPECT_EQ(r.prefix.to_string(), "2001:db8::/32");
  ASSERT_EQ(r.entries.size(), 1u);
  EXPECT_EQ(r.entries[0].path_id, 9u);
}

TEST(RibTest, HostBitsFlagged) {
  RibRecord r;
  ASSERT_TRUE(decode_rib(kRibIpv4Unicast, AsBytes(Hex("00000001 | 0D 0B0D | 0000")), r).ok());
  EXPECT_EQ(r.prefix.to_string(), "11.8.0.0/13");
  EXPECT_TRUE(r.host_bits);
  EXPECT_TRUE(r.entries.empty());
}

TEST(RibTest, Errors) {
  RibRecord r;
  Status len = decode_rib(kRibIpv4Unicast, AsBytes(Hex("00000001 | 21 C0000201 00 | 0000")), r);
  ASSERT_FALSE(len.ok());
  EXPECT_EQ(len.error().code, ErrorCode::kMalformed);
  Status count = decode_rib(kRibIpv4Unicast,
                            AsBytes(Hex("00000001 | 18 C63364 | 0002 | 0000 5B8D8000 0000")), r);
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.error().code, ErrorCode::kTruncated);
  Status alen = decode_rib(
      kRibIpv4Unicast, AsBytes(Hex("00000001 | 18 C63364 | 0001 | 0000 5B8D8000 0005 400101")), r);
  ASSERT_FALSE(alen.ok());
}

TEST(RibTest, SubtypePredicates) {
  for (uint16_t s : {2, 3, 4, 5, 6, 8, 9, 10, 11, 12}) EXPECT_TRUE(is_rib_subtype(s)) << s;
  for (uint16_t s : {0, 1, 7, 13}) EXPECT_FALSE(is_rib_subtype(s)) << s;
}

// ------------------------------------------------------------ TABLE_DUMP

// RFC 6396 §4.2, IPv4 (subtype = AFI 1).
const char kTableDumpV4Entry[] = "C6336400 18 01 5B8D8000 C0000201 FDE8 0004 40010100";

TEST(TableDumpTest, Ipv4) {
  const auto b = Cat({Hex("0000 0001"), Hex(kTableDumpV4Entry)});
  TableDumpRecord t;
  Status s = decode_table_dump(1, AsBytes(b), t);
  ASSERT_TRUE(s.ok()) << Str(s);
  EXPECT_EQ(t.view, 0);
  EXPECT_EQ(t.sequence, 1);
  ASSERT_EQ(t.entries.size(), 1u);
  const auto& e = t.entries[0];
  EXPECT_EQ(e.prefix.to_string(), "198.51.100.0/24");
  EXPECT_EQ(e.status, 1);
  EXPECT_EQ(e.originated_time, 0x5B8D8000u);
  EXPECT_EQ(e.peer_address, Ip("192.0.2.1"));
  EXPECT_EQ(e.peer_asn, 65000u);
  EXPECT_EQ(e.attributes.size(), 4u);
  EXPECT_TRUE(t.trailing_error.empty());
}

TEST(TableDumpTest, Ipv6) {
  const auto b =
      Hex("0000 0002 | 20010DB8 00010000 00000000 00000000 30 01 5B8D8000"
          "| 20010DB8 00000000 00000000 00000001 FDE9 0000");
  TableDumpRecord t;
  ASSERT_TRUE(decode_table_dump(2, AsBytes(b), t).ok());
  ASSERT_EQ(t.entries.size(), 1u);
  EXPECT_EQ(t.entries[0].prefix.to_string(), "2001:db8:1::/48");
  EXPECT_EQ(t.entries[0].peer_address, Ip("2001:db8::1"));
  EXPECT_EQ(t.entries[0].peer_asn, 65001u);
}

// Early RIS dumps batch further entries (from Prefix on) into one record.
// Subtypes 3 (IPv4) and 4 (IPv6): the same layout with a 4-octet Peer AS, as
// bgpdump reads and writes them.
TEST(TableDumpTest, FourOctetAsSubtypes) {
  const auto v4 = Hex("0000 0001 | C6336400 18 01 5B8D8000 C0000201 00030D40 0004 40010100");
  TableDumpRecord t;
  Status s = decode_table_dump(3, AsBytes(v4), t);
  ASSERT_TRUE(s.ok()) << Str(s);
  EXPECT_TRUE(t.as4);
  ASSERT_EQ(t.entries.size(), 1u);
  EXPECT_EQ(t.entries[0].peer_asn, 200000u);
  EXPECT_EQ(t.entries[0].prefix.to_string(), "198.51.100.0/24");
  EXPECT_EQ(t.entries[0].attributes.size(), 4u);
  EXPECT_TRUE(t.trailing_error.empty());

  const auto v6 =
      Hex("0000 0002 | 20010DB8 00010000 00000000 00000000 30 01 5B8D8000"
          "| 20010DB8 00000000 00000000 00000001 FFFFFFFF 0000");
  ASSERT_TRUE(decode_table_dump(4, AsBytes(v6), t).ok());
  EXPECT_TRUE(t.as4);
  EXPECT_EQ(t.entries[0].peer_asn, 0xFFFFFFFFu);
  EXPECT_EQ(t.entries[0].peer_address, Ip("2001:db8::1"));

  // The 2-octet subtypes reset the flag.
  ASSERT_TRUE(
      decode_table_dump(1, AsBytes(Hex(std::string("0000 0001 ") + kTableDumpV4Entry)), t).ok());
  EXPECT_FALSE(t.as4);
  EXPECT_EQ(t.entries[0].peer_asn, 65000u);
}

TEST(TableDumpTest, BatchedSecondEntry) {
  const auto b = Cat({Hex("0000 0001"), Hex(kTableDumpV4Entry),
                      Hex("CB007100 18 01 5B8D8001 C0000202 FDE9 0000")});
  TableDumpRecord t;
  ASSERT_TRUE(decode_table_dump(1, AsBytes(b), t).ok());
  ASSERT_EQ(t.entries.size(), 2u);
  EXPECT_EQ(t.entries[1].prefix.to_string(), "203.0.113.0/24");
  EXPECT_EQ(t.entries[1].peer_address, Ip("192.0.2.2"));
  EXPECT_EQ(t.entries[1].peer_asn, 65001u);
  EXPECT_EQ(t.entries[1].originated_time, 0x5B8D8001u);
  EXPECT_TRUE(t.entries[1].attributes.empty());
  EXPECT_TRUE(t.trailing_error.empty());
}

TEST(TableDumpTest, TrailingOctetsReported) {
  const auto b = Cat({Hex("0000 0001"), Hex(kTableDumpV4Entry), Hex("010203")});
  TableDumpRecord t;
  ASSERT_TRUE(decode_table_dump(1, AsBytes(b), t).ok());
  EXPECT_EQ(t.entries.size(), 1u);
  EXPECT_FALSE(t.trailing_error.empty());
}

TEST(TableDumpTest, PrefixKeptAsOnTheWire) {
  const auto b = Hex("0000 0001 | C6336401 18 01 5B8D8000 C0000201 FDE8 0000");
  TableDumpRecord t;
  ASSERT_TRUE(decode_table_dump(1, AsBytes(b), t).ok());
  EXPECT_EQ(t.entries[0].prefix.to_string(), "198.51.100.1/24");
}

TEST(TableDumpTest, Errors) {
  TableDumpRecord t;
  Status sub = decode_table_dump(5, AsBytes(Hex("0000 0001")), t);
  ASSERT_FALSE(sub.ok());
  EXPECT_EQ(sub.error().code, ErrorCode::kUnsupported);
  sub = decode_table_dump(0, AsBytes(Hex("0000 0001")), t);
  ASSERT_FALSE(sub.ok());
  EXPECT_EQ(sub.error().code, ErrorCode::kUnsupported);
  Status len = decode_table_dump(
      1, AsBytes(Hex("0000 0001 | C6336400 21 01 5B8D8000 C0000201 FDE8 0000")), t);
  ASSERT_FALSE(len.ok());
  EXPECT_EQ(len.error().code, ErrorCode::kMalformed);
  Status v6len =
      decode_table_dump(2,
                        AsBytes(Hex("0000 0002 | 20010DB8 00010000 00000000 00000000 81 01 5B8D8000"
                                    "| 20010DB8 00000000 00000000 00000001 FDE9 0000")),
                        t);
  EXPECT_FALSE(v6len.ok());
}

// ---------------------------------------------------------------- BGP4MP

// RFC 6396 §4.4.2: BGP4MP_MESSAGE, 2-octet ASes, IPv4 peering.
TEST(Bgp4mpTest, Message) {
  const auto b = Hex(std::string("FDE8 FDE9 | 0000 | 0001 | C0000201 | C0000202 | ") + kKeepalive);
  Bgp4mpRecord r;
  Status s = decode_bgp4mp(kMessage, AsBytes(b), r);
  ASSERT_TRUE(s.ok()) << Str(s);
  EXPECT_EQ(r.peer_asn, 65000u);
  EXPECT_EQ(r.local_asn, 65001u);
  EXPECT_EQ(r.if_index, 0);
  EXPECT_EQ(r.afi, bgp::kAfiIPv4);
  EXPECT_EQ(r.peer_address, Ip("192.0.2.1"));
  EXPECT_EQ(r.local_address, Ip("192.0.2.2"));
  EXPECT_FALSE(r.as4);
  EXPECT_FALSE(r.add_path);
  EXPECT_FALSE(r.local);
  EXPECT_FALSE(r.is_state);
  EXPECT_FALSE(r.zebra_short);
  ASSERT_EQ(r.message.size(), 19u);
  auto h = bgp::decode_header(r.message);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->type, 4);
}

// RFC 6396 §4.4.3: BGP4MP_MESSAGE_AS4 over IPv6, carrying an UPDATE.
TEST(Bgp4mpTest, MessageAs4) {
  const auto update =
      Hex("FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 0033 02 | 0000 | 0018"
          "| 40 01 01 00 | 40 02 0A 02 02 00030D40 0000FDE9 | 40 03 04 C0000201"
          "| 18 C63364");
  ASSERT_EQ(update.size(), 0x33u);
  const auto b = Cat({Hex("00030D40 0000FDE9 | 0003 | 0002"
                          "| 20010DB8 00000000 00000000 00000001"
                          "| 20010DB8 00000000 00000000 00000002"),
                      update});
  Bgp4mpRecord r;
  ASSERT_TRUE(decode_bgp4mp(kMessageAs4, AsBytes(b), r).ok());
  EXPECT_TRUE(r.as4);
  EXPECT_EQ(r.peer_asn, 200000u);
  EXPECT_EQ(r.local_asn, 65001u);
  EXPECT_EQ(r.if_index, 3);
  EXPECT_EQ(r.afi, bgp::kAfiIPv6);
  EXPECT_EQ(r.peer_address, Ip("2001:db8::1"));
  EXPECT_EQ(r.local_address, Ip("2001:db8::2"));
  auto h = bgp::decode_header(r.message);
  ASSERT_TRUE(h.ok());
  bgp::UpdateMessage u;
  bgp::SessionOptions o;
  o.as4 = r.as4;
  ASSERT_TRUE(bgp::decode_update(r.message.subspan(bgp::kHeaderSize), o, u).ok());
  ASSERT_EQ(u.announced.size(), 1u);
  std::string path;
  bgp::append_as_path(path, u.attrs.as_path);
  EXPECT_EQ(path, "200000 65001");
}

// RFC 6396 §4.4.1 / §4.4.4: STATE_CHANGE and STATE_CHANGE_AS4.
TEST(Bgp4mpTest, StateChange) {
  Bgp4mpRecord r;
  ASSERT_TRUE(decode_bgp4mp(kStateChange,
                            AsBytes(Hex("FDE8 FDE9 0000 0001 C0000201 C0000202 | 0001 0006")), r)
                  .ok());
  EXPECT_TRUE(r.is_state);
  EXPECT_FALSE(r.as4);
  EXPECT_FALSE(r.zebra_short);
  EXPECT_EQ(r.old_state, 1);  // Idle
  EXPECT_EQ(r.new_state, 6);  // Established
  EXPECT_EQ(r.peer_address, Ip("192.0.2.1"));
  EXPECT_TRUE(r.message.empty());

  Bgp4mpRecord r4;
  ASSERT_TRUE(decode_bgp4mp(kStateChangeAs4,
                            AsBytes(Hex("00030D40 0000FDE9 0000 0002"
                                        "| 20010DB8 00000000 00000000 00000001"
                                        "| 20010DB8 00000000 00000000 00000002 | 0006 0001")),
                            r4)
                  .ok());
  EXPECT_TRUE(r4.is_state);
  EXPECT_TRUE(r4.as4);
  EXPECT_EQ(r4.peer_asn, 200000u);
  EXPECT_EQ(r4.peer_address, Ip("2001:db8::1"));
  EXPECT_EQ(r4.old_state, 6);
  EXPECT_EQ(r4.new_state, 1);
}

// RFC 6396 §4.4 and RFC 8050 §3: flags implied by each MESSAGE subtype.
TEST(Bgp4mpTest, SubtypeFlags) {
  const struct {
    uint16_t subtype;
    bool as4, add_path, local;
  } cases[] = {
      {kMessage, false, false, false},           {kMessageAs4, true, false, false},
      {kMessageLocal, false, false, true},       {kMessageAs4Local, true, false, true},
      {kMessageAddPath, false, true, false},     {kMessageAs4AddPath, true, true, false},
      {kMessageLocalAddPath, false, true, true}, {kMessageAs4LocalAddPath, true, true, true},
  };
  for (const auto& c : cases) {
    EXPECT_TRUE(is_bgp4mp_message(c.subtype)) << c.subtype;
    EXPECT_FALSE(is_bgp4mp_state(c.subtype));
    const std::string ases = c.as4 ? "00030D40 0000FDE9" : "FDE8 FDE9";
    const auto b = Hex(ases + " 0000 0001 C0000201 C0000202 " + kKeepalive);
    Bgp4mpRecord r;
    ASSERT_TRUE(decode_bgp4mp(c.subtype, AsBytes(b), r).ok()) << c.subtype;
    EXPECT_EQ(r.as4, c.as4) << c.subtype;
    EXPECT_EQ(r.add_path, c.add_path) << c.subtype;
    EXPECT_EQ(r.local, c.local) << c.subtype;
    EXPECT_EQ(r.peer_asn, c.as4 ? 200000u : 65000u);
    EXPECT_EQ(r.message.size(), 19u);
  }
  EXPECT_TRUE(is_bgp4mp_state(kStateChange));
  EXPECT_TRUE(is_bgp4mp_state(kStateChangeAs4));
  EXPECT_FALSE(is_bgp4mp_message(kStateChange));
  EXPECT_FALSE(is_bgp4mp_message(kEntry));
  EXPECT_FALSE(is_bgp4mp_message(kSnapshot));
}

// RFC 8050 §3: MESSAGE_AS4_ADDPATH; the UPDATE's NLRI carry path ids.
TEST(Bgp4mpTest, AddPathMessage) {
  const auto upd =
      Hex("FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 002D 02 | 0000 | 000E"
          "| 40 01 01 00 | 40 02 00 | 40 03 04 C0000201"
          "| 00000007 18 C63364");
  ASSERT_EQ(upd.size(), 0x2Du);
  const auto b = Cat({Hex("00030D40 0000FDE9 0000 0001 C0000201 C0000202"), upd});
  Bgp4mpRecord r;
  ASSERT_TRUE(decode_bgp4mp(kMessageAs4AddPath, AsBytes(b), r).ok());
  ASSERT_TRUE(r.add_path);
  bgp::UpdateMessage u;
  bgp::SessionOptions o{r.as4, r.add_path};
  ASSERT_TRUE(bgp::decode_update(r.message.subspan(bgp::kHeaderSize), o, u).ok());
  ASSERT_EQ(u.announced.size(), 1u);
  EXPECT_EQ(u.announced[0].path_id, 7u);
  EXPECT_FALSE(u.add_path_inferred);
}

// Zebra wrote 8-octet state changes: AS, AS, old state, new state.
TEST(Bgp4mpTest, ZebraShortStateChange) {
  Bgp4mpRecord r;
  ASSERT_TRUE(decode_bgp4mp(kStateChange, AsBytes(Hex("FDE8 FDE9 0001 0006")), r).ok());
  EXPECT_TRUE(r.zebra_short);
  EXPECT_TRUE(r.is_state);
  EXPECT_EQ(r.peer_asn, 65000u);
  EXPECT_EQ(r.local_asn, 65001u);
  EXPECT_EQ(r.old_state, 1);
  EXPECT_EQ(r.new_state, 6);
  EXPECT_EQ(r.afi, bgp::kAfiIPv4);
  EXPECT_EQ(r.peer_address, IpAddr{});
}

// Zebra quirk: interface index and AFI both 0xFFFF, no addresses follow.
TEST(Bgp4mpTest, ZebraNoAddresses) {
  Bgp4mpRecord m;
  ASSERT_TRUE(
      decode_bgp4mp(kMessage, AsBytes(Hex(std::string("FDE8 FDE9 FFFF FFFF ") + kKeepalive)), m)
          .ok());
  EXPECT_TRUE(m.zebra_short);
  EXPECT_EQ(m.message.size(), 19u);
  EXPECT_EQ(m.peer_address, IpAddr{});

  Bgp4mpRecord s;
  ASSERT_TRUE(decode_bgp4mp(kStateChange, AsBytes(Hex("FDE8 FDE9 FFFF FFFF 0003 0004")), s).ok());
  EXPECT_TRUE(s.zebra_short);
  EXPECT_EQ(s.old_state, 3);
  EXPECT_EQ(s.new_state, 4);
  Bgp4mpRecord cut;
  EXPECT_FALSE(decode_bgp4mp(kStateChange, AsBytes(Hex("FDE8 FDE9 FFFF FFFF 0003")), cut).ok());
}

// Regression (fixed; was a bug in src/wire/mrt/records.cc, decode_bgp4mp): `zebra_short` is only
// ever set to true, never back to false, and the 8-octet Zebra state path leaves `message` and
// `if_index` as they were. A Bgp4mpRecord reused for a second record therefore reports zebra_short
// from an earlier one (and a state change keeps the previous record's message span). Current
// callers (src/dump/mrt_stream.cc) build a fresh record per call, so this is latent.
TEST(Bgp4mpTest, ReusedRecordIsReset) {
  const auto zebra = Hex("FDE8 FDE9 0001 0006");
  const auto normal = Hex(std::string("FDE8 FDE9 0007 0001 C0000201 C0000202 ") + kKeepalive);
  Bgp4mpRecord r;
  ASSERT_TRUE(decode_bgp4mp(kStateChange, AsBytes(zebra), r).ok());
  ASSERT_TRUE(decode_bgp4mp(kMessage, AsBytes(normal), r).ok());
  EXPECT_FALSE(r.zebra_short);
  ASSERT_TRUE(decode_bgp4mp(kStateChange, AsBytes(zebra), r).ok());
  EXPECT_TRUE(r.message.empty());
  EXPECT_EQ(r.if_index, 0);
}

TEST(Bgp4mpTest, Errors) {
  Bgp4mpRecord r;
  Status afi = decode_bgp4mp(kMessage, AsBytes(Hex("FDE8 FDE9 0000 0003 C0000201 C0000202")), r);
  ASSERT_FALSE(afi.ok());
  EXPECT_EQ(afi.error().code, ErrorCode::kMalformed);
  Status addr = decode_bgp4mp(kMessage, AsBytes(Hex("FDE8 FDE9 0000 0002 C0000201 C0000202")), r);
  ASSERT_FALSE(addr.ok());
  EXPECT_EQ(addr.error().code, ErrorCode::kTruncated);
}

// ----------------------------------------------------------- BGP4MP_ENTRY

// Deprecated BGP4MP_ENTRY (subtype 2; draft-ietf-grow-mrt, OpenBGPD dumps).
const char kBgp4mpEntryBody[] =
    "FDE8 FDE9 | 0000 | 0001 | C0000201 | C0000202"  // peer/local AS, ifindex, AFI, IPs
    "| 0000 | 0001 | 5B8D8000"                       // view, status, time last change
    "| 0001 01 | 04 C0000203"                        // route AFI/SAFI, next hop
    "| 18 C63364"                                    // prefix
    "| 0004 40010100";                               // attributes

TEST(Bgp4mpEntryTest, Ipv4) {
  const auto b = Hex(kBgp4mpEntryBody);
  Bgp4mpEntryRecord e;
  Status s = decode_bgp4mp_entry(AsBytes(b), e);
  ASSERT_TRUE(s.ok()) << Str(s);
  EXPECT_EQ(e.peer_asn, 65000u);
  EXPECT_EQ(e.peer_address, Ip("192.0.2.1"));
  EXPECT_EQ(e.originated_time, 0x5B8D8000u);
  EXPECT_EQ(e.afi, bgp::kAfiIPv4);
  EXPECT_EQ(e.safi, bgp::kSafiUnicast);
  EXPECT_TRUE(e.has_next_hop);
  EXPECT_EQ(e.next_hop, Ip("192.0.2.3"));
  EXPECT_EQ(e.prefix.to_string(), "198.51.100.0/24");
  EXPECT_FALSE(e.host_bits);
  EXPECT_EQ(e.attributes.size(), 4u);
}

TEST(Bgp4mpEntryTest, Ipv6RouteOverIpv4Peering) {
  const auto b =
      Hex("FDE8 FDE9 0000 0001 C0000201 C0000202 | 0000 0001 5B8D8000"
          "| 0002 01 | 20 20010DB8 00000000 00000000 00000001"
          "FE800000 00000000 00000000 00000001"
          "| 30 20010DB80001 | 0000");
  Bgp4mpEntryRecord e;
  ASSERT_TRUE(decode_bgp4mp_entry(AsBytes(b), e).ok());
  EXPECT_EQ(e.afi, bgp::kAfiIPv6);
  EXPECT_TRUE(e.has_next_hop);
  EXPECT_EQ(e.next_hop, Ip("2001:db8::1"));  // the global address
  EXPECT_EQ(e.prefix.to_string(), "2001:db8:1::/48");
  EXPECT_TRUE(e.attributes.empty());
}

TEST(Bgp4mpEntryTest, Errors) {
  Bgp4mpEntryRecord e;
  Status afi = decode_bgp4mp_entry(AsBytes(Hex("FDE8 FDE9 0000 0003 C0000201 C0000202")), e);
  ASSERT_FALSE(afi.ok());
  EXPECT_EQ(afi.error().code, ErrorCode::kMalformed);
  Status route_afi = decode_bgp4mp_entry(
      AsBytes(Hex("FDE8 FDE9 0000 0001 C0000201 C0000202 0000 0001 5B8D8000 0019 46 00 00 0000")),
      e);
  ASSERT_FALSE(route_afi.ok());
  EXPECT_EQ(route_afi.error().code, ErrorCode::kUnsupported);
  Status len = decode_bgp4mp_entry(
      AsBytes(Hex("FDE8 FDE9 0000 0001 C0000201 C0000202 0000 0001 5B8D8000 0001 01 00 21 C6336400"
                  "00 0000")),
      e);
  ASSERT_FALSE(len.ok());
  EXPECT_EQ(len.error().code, ErrorCode::kMalformed);
  const auto b = Hex(kBgp4mpEntryBody);
  for (size_t n = 0; n < b.size(); ++n) {
    test::Exact x(b, n);
    EXPECT_FALSE(decode_bgp4mp_entry(x.bytes(), e).ok()) << n;
  }
}

// ------------------------------------------------------ deprecated type 5

// RFC 6396 Appendix B (historic BGP type): UPDATE body without BGP header.
TEST(LegacyBgpTest, Update) {
  const auto b = Hex("FDE8 C0000201 FDE9 C0000202 | 0000 0000");
  LegacyBgpRecord r;
  ASSERT_TRUE(decode_legacy_bgp(kBgpUpdate, AsBytes(b), r).ok());
  EXPECT_EQ(r.peer_asn, 65000u);
  EXPECT_EQ(r.peer_address, Ip("192.0.2.1"));
  EXPECT_EQ(r.local_asn, 65001u);
  EXPECT_EQ(r.local_address, Ip("192.0.2.2"));
  ASSERT_EQ(r.body.size(), 4u);
  bgp::UpdateMessage u;
  bgp::SessionOptions o;
  o.as4 = false;
  ASSERT_TRUE(bgp::decode_update(r.body, o, u).ok());
  EXPECT_TRUE(u.is_end_of_rib());
}

TEST(LegacyBgpTest, StateChange) {
  LegacyBgpRecord r;
  ASSERT_TRUE(decode_legacy_bgp(kBgpStateChange, AsBytes(Hex("FDE8 C0000201 0003 0001")), r).ok());
  EXPECT_EQ(r.peer_asn, 65000u);
  EXPECT_EQ(r.old_state, 3);
  EXPECT_EQ(r.new_state, 1);
  EXPECT_TRUE(r.body.empty());
}

TEST(LegacyBgpTest, OpenAndKeepalive) {
  const auto b = Hex("FDE8 C0000201 FDE9 C0000202 | 04 FDE8 00B4 C0000201 00");
  LegacyBgpRecord r;
  ASSERT_TRUE(decode_legacy_bgp(kBgpOpen, AsBytes(b), r).ok());
  bgp::OpenMessage o;
  ASSERT_TRUE(bgp::decode_open(r.body, o).ok());
  EXPECT_EQ(o.asn(), 65000u);

  LegacyBgpRecord k;
  ASSERT_TRUE(
      decode_legacy_bgp(kBgpKeepalive, AsBytes(Hex("FDE8 C0000201 FDE9 C0000202")), k).ok());
  EXPECT_TRUE(k.body.empty());
}

TEST(LegacyBgpTest, Truncated) {
  const auto full = Hex("FDE8 C0000201 FDE9 C0000202");
  for (size_t n = 0; n < full.size(); ++n) {
    test::Exact e(full, n);
    LegacyBgpRecord r;
    Status s = decode_legacy_bgp(kBgpUpdate, e.bytes(), r);
    ASSERT_FALSE(s.ok()) << n;
    EXPECT_EQ(s.error().code, ErrorCode::kTruncated);
  }
  const auto state = Hex("FDE8 C0000201 0003 0001");
  for (size_t n = 0; n < state.size(); ++n) {
    test::Exact e(state, n);
    LegacyBgpRecord r;
    EXPECT_FALSE(decode_legacy_bgp(kBgpStateChange, e.bytes(), r).ok()) << n;
  }
}

// -------------------------------------------------- truncation sweeps

// Decodes a record the way a reader would, descending into the BGP message
// and attributes. The body handed to the codecs is whatever is there (not
// padded and not pre-checked against Length), so the codecs themselves must
// notice a cut.
Status DecodeRecord(Bytes data) {
  auto h = decode_header(data);
  if (!h.ok()) return h.error();
  const size_t off = kHeaderSize + (h->extended ? 4 : 0);
  if (data.size() < off) return make_error(ErrorCode::kTruncated, "no microseconds");
  Bytes body = data.subspan(off);
  if (body.size() > h->body_length()) body = body.first(h->body_length());
  switch (h->type) {
    case kTypeTableDumpV2: {
      if (h->subtype == kPeerIndexTable) {
        PeerIndexTable t;
        return decode_peer_index_table(body, t);
      }
      RibRecord r;
      VIGIL_RETURN_IF_ERROR(decode_rib(h->subtype, body, r));
      for (const auto& e : r.entries) {
        bgp::PathAttributes a;
        bgp::AttrDecodeOptions o;
        o.mrt_abbreviated_mp_reach = true;
        o.rib_family = r.afi == bgp::kAfiIPv6 ? Family::kIPv6 : Family::kIPv4;
        bgp::decode_attributes(e.attributes, o, a);
      }
      return Status::Ok();
    }
    case kTypeTableDump: {
      TableDumpRecord t;
      return decode_table_dump(h->subtype, body, t);
    }
    case kTypeBgp4mp:
    case kTypeBgp4mpEt: {
      if (h->subtype == kEntry) {
        Bgp4mpEntryRecord e;
        return decode_bgp4mp_entry(body, e);
      }
      Bgp4mpRecord r;
      VIGIL_RETURN_IF_ERROR(decode_bgp4mp(h->subtype, body, r));
      if (r.is_state) return Status::Ok();
      auto mh = bgp::decode_header(r.message);
      if (!mh.ok()) return mh.error();
      const Bytes mb = r.message.subspan(bgp::kHeaderSize, mh->length - bgp::kHeaderSize);
      if (mh->type == 2) {
        bgp::UpdateMessage u;
        return bgp::decode_update(mb, bgp::SessionOptions{r.as4, r.add_path}, u);
      }
      if (mh->type == 1) {
        bgp::OpenMessage o;
        return bgp::decode_open(mb, o);
      }
      return Status::Ok();
    }
    case kTypeBgp: {
      LegacyBgpRecord r;
      return decode_legacy_bgp(h->subtype, body, r);
    }
    default:
      return make_error(ErrorCode::kUnsupported, "type");
  }
}

struct SweepCase {
  const char* what;
  std::vector<uint8_t> record;
};

std::vector<SweepCase> SweepCases() {
  const auto upd =
      Hex("FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 002D 02 | 0000 | 000E"
          "| 40 01 01 00 | 40 02 00 | 40 03 04 C0000201"
          "| 00000007 18 C63364");
  const auto open =
      Hex("FFFFFFFF FFFFFFFF FFFFFFFF FFFFFFFF 0025 01"
          "| 04 5BA0 00B4 C0000201 08 | 02 06 | 41 04 00030D40");
  std::vector<SweepCase> v;
  v.push_back(
      {"PEER_INDEX_TABLE", Record(kTypeTableDumpV2, kPeerIndexTable, Hex(kPeerIndexTableBody))});
  v.push_back(
      {"RIB_IPV4_UNICAST", Record(kTypeTableDumpV2, kRibIpv4Unicast,
                                  Cat({Hex("00000001 | 18 C63364 | 0002 | 0000 5B8D8000 0014"),
                                       Hex(kRibAttrs), Hex("| 0003 5B8D8001 0000")}))});
  v.push_back(
      {"RIB_IPV6_UNICAST", Record(kTypeTableDumpV2, kRibIpv6Unicast,
                                  Hex("00000002 | 30 20010DB80001 | 0001 | 0001 5B8D8000 001B"
                                      "| 40 01 01 00 | 40 02 00"
                                      "| 80 0E 11 10 20010DB8 00000000 00000000 00000001"))});
  v.push_back({"RIB_IPV4_UNICAST_ADDPATH", Record(kTypeTableDumpV2, kRibIpv4UnicastAddPath,
                                                  Hex("00000003 | 18 C63364 | 0002"
                                                      "| 0000 5B8D8000 00000001 0004 40010100"
                                                      "| 0000 5B8D8000 00000002 0004 40010102"))});
  v.push_back({"RIB_GENERIC", Record(kTypeTableDumpV2, kRibGeneric,
                                     Hex("00000005 | 0001 80 | 70 000641 0000FDE800000064 C63364"
                                         "| 0001 | 0000 5B8D8000 0000"))});
  v.push_back(
      {"RIB_GENERIC_ADDPATH",
       Record(kTypeTableDumpV2, kRibGenericAddPath,
              Hex("00000006 | 0002 01 | 20 20010DB8 | 0001 | 0000 5B8D8000 00000009 0000"))});
  v.push_back({"TABLE_DUMP v4",
               Record(kTypeTableDump, 1, Cat({Hex("0000 0001"), Hex(kTableDumpV4Entry)}))});
  v.push_back(
      {"TABLE_DUMP v6", Record(kTypeTableDump, 2,
                               Hex("0000 0002 | 20010DB8 00010000 00000000 00000000 30 01 5B8D8000"
                                   "| 20010DB8 00000000 00000000 00000001 FDE9 0004 40010100"))});
  v.push_back({"BGP4MP MESSAGE keepalive",
               Record(kTypeBgp4mp, kMessage,
                      Hex(std::string("FDE8 FDE9 0000 0001 C0000201 C0000202 ") + kKeepalive))});
  v.push_back(
      {"BGP4MP MESSAGE open",
       Record(kTypeBgp4mp, kMessage, Cat({Hex("FDE8 FDE9 0000 0001 C0000201 C0000202"), open}))});
  v.push_back({"BGP4MP MESSAGE_AS4_ADDPATH update",
               Record(kTypeBgp4mp, kMessageAs4AddPath,
                      Cat({Hex("00030D40 0000FDE9 0000 0001 C0000201 C0000202"), upd}))});
  v.push_back({"BGP4MP_ET MESSAGE_AS4_ADDPATH update",
               Record(kTypeBgp4mpEt, kMessageAs4AddPath,
                      Cat({Hex("00030D40 0000FDE9 0000 0002"
                               "| 20010DB8 00000000 00000000 00000001"
                               "| 20010DB8 00000000 00000000 00000002"),
                           upd}),
                      0x5B8D8000, 123456)});
  v.push_back({"TABLE_DUMP v4 AS4 (subtype 3)",
               Record(kTypeTableDump, 3,
                      Hex("0000 0001 | C6336400 18 01 5B8D8000 C0000201 00030D40 0004 40010100"))});
  v.push_back({"BGP4MP_ENTRY", Record(kTypeBgp4mp, kEntry, Hex(kBgp4mpEntryBody))});
  v.push_back({"BGP4MP STATE_CHANGE_AS4",
               Record(kTypeBgp4mp, kStateChangeAs4,
                      Hex("00030D40 0000FDE9 0000 0001 C0000201 C0000202 0001 0006"))});
  v.push_back({"BGP state change (type 5)",
               Record(kTypeBgp, kBgpStateChange, Hex("FDE8 C0000201 0003 0001"))});
  return v;
}

// Every prefix of every valid record fails; none crashes (each prefix sits in
// an exactly sized buffer, so ASan sees any over-read).
TEST(MrtTruncationTest, EveryPrefixOfAValidRecordFails) {
  for (const auto& c : SweepCases()) {
    SCOPED_TRACE(c.what);
    ASSERT_TRUE(DecodeRecord(AsBytes(c.record)).ok()) << Str(DecodeRecord(AsBytes(c.record)));
    for (size_t n = 0; n < c.record.size(); ++n) {
      test::Exact e(c.record, n);
      EXPECT_FALSE(DecodeRecord(e.bytes()).ok()) << "prefix of " << n << " octets";
    }
  }
}

// BGP4MP STATE_CHANGE: a cut that leaves exactly 8 body octets reads as the
// Zebra short form (an inherent ambiguity of that quirk); every other cut fails.
TEST(MrtTruncationTest, StateChangeExceptZebraLength) {
  const auto rec =
      Record(kTypeBgp4mp, kStateChange, Hex("FDE8 FDE9 0000 0001 C0000201 C0000202 0001 0006"));
  ASSERT_TRUE(DecodeRecord(AsBytes(rec)).ok());
  for (size_t n = 0; n < rec.size(); ++n) {
    test::Exact e(rec, n);
    const bool zebra_length = n == kHeaderSize + 8;
    EXPECT_EQ(DecodeRecord(e.bytes()).ok(), zebra_length) << n;
  }
}

// Every byte of every record replaced by a few values: never crashes.
TEST(MrtFuzzTest, MutationsNeverCrash) {
  for (const auto& c : SweepCases()) {
    for (size_t i = 0; i < c.record.size(); ++i) {
      const uint8_t values[] = {0x00,
                                0x01,
                                0x7F,
                                0x80,
                                0xFF,
                                static_cast<uint8_t>(c.record[i] + 1),
                                static_cast<uint8_t>(c.record[i] - 1)};
      for (uint8_t v : values) {
        auto m = c.record;
        m[i] = v;
        test::Exact e(m, m.size());
        (void)DecodeRecord(e.bytes());
      }
    }
  }
}

}  // namespace
}  // namespace vigil::mrt

// BGP-4 messages (RFC 4271 §4) and what rides on them: End-of-RIB (RFC 4724),
// capabilities (RFC 5492 and friends), extended optional parameters
// (RFC 9072), ROUTE-REFRESH (RFC 2918, RFC 7313).
#include "wire/bgp/message.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wire_test_util.h"

namespace vigil::bgp {
namespace {

using test::AsBytes;
using test::Cat;
using test::Hex;

// Marker + length + type + body.
std::vector<uint8_t> Message(uint8_t type, const std::vector<uint8_t>& body) {
  std::vector<uint8_t> m(16, 0xff);
  test::PutU16(m, static_cast<uint16_t>(kHeaderSize + body.size()));
  m.push_back(type);
  m.insert(m.end(), body.begin(), body.end());
  return m;
}

// Withdrawn Routes Length | Withdrawn | Total Path Attribute Length | Attrs | NLRI
std::vector<uint8_t> UpdateBody(const std::vector<uint8_t>& withdrawn,
                                const std::vector<uint8_t>& attrs,
                                const std::vector<uint8_t>& nlri) {
  std::vector<uint8_t> b;
  test::PutU16(b, static_cast<uint16_t>(withdrawn.size()));
  b.insert(b.end(), withdrawn.begin(), withdrawn.end());
  test::PutU16(b, static_cast<uint16_t>(attrs.size()));
  b.insert(b.end(), attrs.begin(), attrs.end());
  b.insert(b.end(), nlri.begin(), nlri.end());
  return b;
}

std::string Str(const Status& s) { return s.ok() ? "ok" : s.error().to_string(); }

// ORIGIN IGP, empty AS_PATH, NEXT_HOP 192.0.2.1: the mandatory set.
const char kMandatory[] = "40 01 01 00 | 40 02 00 | 40 03 04 C0000201";

// ------------------------------------------------------------------ header

// RFC 4271 §4.1.
TEST(MessageHeaderTest, Keepalive) {
  const auto m = Message(4, {});
  ASSERT_EQ(m.size(), 19u);
  auto h = decode_header(AsBytes(m));
  ASSERT_TRUE(h.ok()) << h.error().to_string();
  EXPECT_EQ(h->length, 19);
  EXPECT_EQ(h->type, static_cast<uint8_t>(MessageType::kKeepalive));
  EXPECT_TRUE(h->marker_ok);
}

TEST(MessageHeaderTest, AllTypes) {
  for (uint8_t t = 1; t <= 5; ++t) {
    const auto m = Message(t, std::vector<uint8_t>(4, 0));
    auto h = decode_header(AsBytes(m));
    ASSERT_TRUE(h.ok()) << int(t);
    EXPECT_EQ(h->type, t);
    EXPECT_EQ(h->length, 23);
  }
}

// Some MRT writers store a zero marker: reported, not an error.
TEST(MessageHeaderTest, BadMarkerFlagged) {
  auto m = Message(4, {});
  for (int i = 0; i < 16; ++i) m[i] = 0;
  auto h = decode_header(AsBytes(m));
  ASSERT_TRUE(h.ok());
  EXPECT_FALSE(h->marker_ok);
  auto one = Message(4, {});
  one[15] = 0xfe;
  auto h1 = decode_header(AsBytes(one));
  ASSERT_TRUE(h1.ok());
  EXPECT_FALSE(h1->marker_ok);
}

TEST(MessageHeaderTest, ShortInputIsTruncated) {
  const auto m = Message(4, {});
  for (size_t n = 0; n < kHeaderSize; ++n) {
    test::Exact e(m, n);
    auto h = decode_header(e.bytes());
    ASSERT_FALSE(h.ok()) << n;
    EXPECT_EQ(h.error().code, ErrorCode::kTruncated);
  }
}

TEST(MessageHeaderTest, LengthErrors) {
  auto m = Message(4, {});
  m[16] = 0x00;
  m[17] = 18;  // below the header size
  auto h = decode_header(AsBytes(m));
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().code, ErrorCode::kMalformed);
  m[17] = 0;
  EXPECT_EQ(decode_header(AsBytes(m)).error().code, ErrorCode::kMalformed);
  m[17] = 30;  // beyond the 19 octets given
  auto t = decode_header(AsBytes(m));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kTruncated);
}

TEST(MessageHeaderTest, UnknownType) {
  for (uint8_t t : {0, 6, 255}) {
    auto h = decode_header(AsBytes(Message(t, {})));
    ASSERT_FALSE(h.ok()) << int(t);
    EXPECT_EQ(h.error().code, ErrorCode::kMalformed);
  }
}

TEST(MessageHeaderTest, LengthBelowAvailableAndLargeMessages) {
  auto m = Cat({Message(4, {}), Hex("DEADBEEF")});
  auto h = decode_header(AsBytes(m));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->length, 19);
  // RFC 4271 max 4096, RFC 8654 extended messages up to 65535.
  for (size_t body : {4096u - 19u, 65535u - 19u}) {
    const auto big = Message(2, std::vector<uint8_t>(body, 0));
    auto hb = decode_header(AsBytes(big));
    ASSERT_TRUE(hb.ok());
    EXPECT_EQ(hb->length, body + 19);
  }
}

// ------------------------------------------------------------------ UPDATE

// RFC 4271 §4.3: withdrawn routes, path attributes and NLRI together.
TEST(UpdateTest, WithdrawnAttributesAndNlri) {
  const auto msg = Message(2, Hex("0007 | 18 0A0000 | 10 AC10"
                                  "| 0026"
                                  "| 40 01 01 00"
                                  "| 40 02 0A 02 02 0000FDE8 00030D40"
                                  "| 40 03 04 C0000201"
                                  "| 80 04 04 00000064"
                                  "| C0 08 04 FDE80064"
                                  "| 18 C63364 | 20 CB007101"));
  auto h = decode_header(AsBytes(msg));
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->type, static_cast<uint8_t>(MessageType::kUpdate));
  UpdateMessage u;
  Status s = decode_update(AsBytes(msg).subspan(kHeaderSize, h->length - kHeaderSize),
                           SessionOptions{}, u);
  ASSERT_TRUE(s.ok()) << Str(s);
  ASSERT_EQ(u.withdrawn.size(), 2u);
  EXPECT_EQ(u.withdrawn[0].prefix.to_string(), "10.0.0.0/24");
  EXPECT_EQ(u.withdrawn[1].prefix.to_string(), "172.16.0.0/16");
  ASSERT_EQ(u.announced.size(), 2u);
  EXPECT_EQ(u.announced[0].prefix.to_string(), "198.51.100.0/24");
  EXPECT_EQ(u.announced[1].prefix.to_string(), "203.0.113.1/32");
  EXPECT_TRUE(u.attrs.warnings.empty());
  EXPECT_EQ(u.attrs.action, ErrorAction::kNone);
  EXPECT_EQ(u.attrs.origin, Origin::kIgp);
  std::string path;
  append_as_path(path, u.attrs.as_path);
  EXPECT_EQ(path, "65000 200000");
  EXPECT_EQ(u.attrs.next_hop, *IpAddr::parse("192.0.2.1"));
  EXPECT_EQ(u.attrs.med, 100u);
  EXPECT_EQ(u.attrs.communities, (std::vector<uint32_t>{0xFDE80064u}));
  EXPECT_FALSE(u.is_end_of_rib());
  EXPECT_FALSE(u.add_path_inferred);
}

TEST(UpdateTest, TwoOctetSession) {
  const auto body = UpdateBody(
      {}, Hex("40 01 01 00 | 40 02 06 02 02 0001 FDE8 | 40 03 04 C0000201"), Hex("18 C63364"));
  UpdateMessage u;
  SessionOptions o;
  o.as4 = false;
  ASSERT_TRUE(decode_update(AsBytes(body), o, u).ok());
  EXPECT_EQ(u.attrs.as_path.asns, (std::vector<uint32_t>{1, 65000}));
}

TEST(UpdateTest, FramingErrors) {
  for (const char* hex : {
           "",                           // nothing
           "00",                         // withdrawn length cut
           "0010 | 18 0A0000",           // withdrawn overruns
           "0000",                       // attribute length missing
           "0000 | 0010 | 40 01 01 00",  // attributes overrun
           "0000 | 00",                  // attribute length cut
       }) {
    UpdateMessage u;
    Status s = decode_update(AsBytes(Hex(hex)), SessionOptions{}, u);
    ASSERT_FALSE(s.ok()) << '"' << hex << '"';
    EXPECT_EQ(s.error().code, ErrorCode::kMalformed);
    EXPECT_FALSE(u.add_path_inferred);
  }
}

// RFC 7606 §5.3: NLRI field errors are errors of the whole update.
TEST(UpdateTest, NlriErrors) {
  UpdateMessage u;
  Status s =
      decode_update(AsBytes(UpdateBody({}, Hex(kMandatory), Hex("18 C6"))), SessionOptions{}, u);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kMalformed);
  EXPECT_FALSE(u.add_path_inferred);

  Status w = decode_update(AsBytes(UpdateBody(Hex("21 00"), {}, {})), SessionOptions{}, u);
  ASSERT_FALSE(w.ok());
  EXPECT_FALSE(u.add_path_inferred);
}

// Decoding into a used UpdateMessage starts from scratch.
TEST(UpdateTest, ReuseClears) {
  UpdateMessage u;
  ASSERT_TRUE(
      decode_update(AsBytes(UpdateBody(Hex("18 0A0000"), Hex(kMandatory), Hex("18 C63364"))),
                    SessionOptions{}, u)
          .ok());
  ASSERT_TRUE(decode_update(AsBytes(UpdateBody({}, {}, {})), SessionOptions{}, u).ok());
  EXPECT_TRUE(u.withdrawn.empty());
  EXPECT_TRUE(u.announced.empty());
  EXPECT_EQ(u.attrs.present, 0u);
  EXPECT_TRUE(u.is_end_of_rib());
}

// -------------------------------------------------------------- End-of-RIB

// RFC 4724 §2: IPv4 unicast End-of-RIB is the minimum-length UPDATE.
TEST(EndOfRibTest, Ipv4) {
  const auto msg = Message(2, Hex("0000 0000"));
  ASSERT_EQ(msg.size(), 23u);
  UpdateMessage u;
  ASSERT_TRUE(decode_update(AsBytes(msg).subspan(kHeaderSize), SessionOptions{}, u).ok());
  EXPECT_TRUE(u.is_end_of_rib());
}

// RFC 4724 §2: other families: an UPDATE whose only attribute is an empty
// MP_UNREACH_NLRI for the AFI/SAFI.
TEST(EndOfRibTest, Multiprotocol) {
  for (const char* unreach : {"80 0F 03 0002 01", "80 0F 03 0001 02", "80 0F 03 0001 80"}) {
    UpdateMessage u;
    ASSERT_TRUE(decode_update(AsBytes(UpdateBody({}, Hex(unreach), {})), SessionOptions{}, u).ok());
    EXPECT_TRUE(u.is_end_of_rib()) << unreach;
    EXPECT_TRUE(u.attrs.has(kHasMpUnreach));
  }
}

TEST(EndOfRibTest, NotEndOfRib) {
  const struct {
    const char* what;
    std::vector<uint8_t> body;
  } cases[] = {
      {"IPv4 withdrawal", UpdateBody(Hex("18 0A0000"), {}, {})},
      {"IPv4 announcement", UpdateBody({}, Hex(kMandatory), Hex("18 C63364"))},
      {"MP_UNREACH with a prefix", UpdateBody({}, Hex("80 0F 07 0001 01 18 C63364"), {})},
      {"opaque MP_UNREACH with NLRI",
       UpdateBody({}, Hex("80 0F 12 | 0001 80 | 70 000641 0000FDE800000064 C63364"), {})},
      {"MP_UNREACH plus ORIGIN", UpdateBody({}, Hex("40 01 01 00 | 80 0F 03 0002 01"), {})},
      {"only an unknown attribute", UpdateBody({}, Hex("C0 63 01 AA"), {})},
      {"only ORIGIN", UpdateBody({}, Hex("40 01 01 00"), {})},
      {"MP_REACH", UpdateBody({},
                              Hex("80 0E 1A | 0002 01 10 20010DB8000000000000000000000001 00"
                                  "| 20 20010DB8"),
                              {})},
  };
  for (const auto& c : cases) {
    UpdateMessage u;
    Status s = decode_update(AsBytes(c.body), SessionOptions{}, u);
    ASSERT_TRUE(s.ok()) << c.what << ": " << Str(s);
    EXPECT_FALSE(u.is_end_of_rib()) << c.what;
  }
}

// Regression (fixed; was a bug in src/wire/bgp/message.cc, UpdateMessage::is_end_of_rib): it tests
// `attrs.present == 0 && attrs.unknown.empty()`, but `present` only records
// attributes that decoded cleanly. An UPDATE whose attribute list holds only a
// malformed attribute (body 0000 0004 40 01 01 05, ORIGIN value 5) is not the
// minimum-length UPDATE of RFC 4724 §2, yet is reported as End-of-RIB.
TEST(EndOfRibTest, MalformedAttributeIsNotEndOfRib) {
  UpdateMessage u;
  ASSERT_TRUE(decode_update(AsBytes(Hex("0000 0004 | 40 01 01 05")), SessionOptions{}, u).ok());
  EXPECT_FALSE(u.attrs.warnings.empty());
  EXPECT_FALSE(u.is_end_of_rib());
}

// ------------------------------------------------- mandatory attributes

// RFC 7606 §3d: a missing well-known mandatory attribute -> treat-as-withdraw.
TEST(UpdateMandatoryTest, MissingNextHop) {
  UpdateMessage u;
  ASSERT_TRUE(
      decode_update(AsBytes(UpdateBody({}, Hex("40 01 01 00 | 40 02 00"), Hex("18 C63364"))),
                    SessionOptions{}, u)
          .ok());
  ASSERT_EQ(u.attrs.warnings.size(), 1u);
  EXPECT_EQ(u.attrs.warnings[0].type, 0);
  EXPECT_EQ(u.attrs.warnings[0].action, ErrorAction::kTreatAsWithdraw);
  EXPECT_EQ(u.attrs.action, ErrorAction::kTreatAsWithdraw);
  EXPECT_EQ(u.announced.size(), 1u);  // still decoded, for the caller to withdraw
}

TEST(UpdateMandatoryTest, MissingOriginOrAsPath) {
  for (const char* attrs :
       {"40 02 00 | 40 03 04 C0000201", "40 01 01 00 | 40 03 04 C0000201", ""}) {
    UpdateMessage u;
    ASSERT_TRUE(
        decode_update(AsBytes(UpdateBody({}, Hex(attrs), Hex("18 C63364"))), SessionOptions{}, u)
            .ok());
    EXPECT_EQ(u.attrs.action, ErrorAction::kTreatAsWithdraw) << attrs;
  }
}

// A malformed mandatory attribute counts as missing as well.
TEST(UpdateMandatoryTest, MalformedCountsAsMissing) {
  UpdateMessage u;
  ASSERT_TRUE(
      decode_update(AsBytes(UpdateBody({}, Hex("40 01 01 07 | 40 02 00 | 40 03 04 C0000201"),
                                       Hex("18 C63364"))),
                    SessionOptions{}, u)
          .ok());
  EXPECT_EQ(u.attrs.action, ErrorAction::kTreatAsWithdraw);
  EXPECT_EQ(u.attrs.warnings.size(), 2u);
}

TEST(UpdateMandatoryTest, AllPresentOrNothingAnnounced) {
  UpdateMessage u;
  ASSERT_TRUE(
      decode_update(AsBytes(UpdateBody({}, Hex(kMandatory), Hex("18 C63364"))), SessionOptions{}, u)
          .ok());
  EXPECT_TRUE(u.attrs.warnings.empty());
  // A pure withdrawal needs no attributes.
  ASSERT_TRUE(
      decode_update(AsBytes(UpdateBody(Hex("18 C63364"), {}, {})), SessionOptions{}, u).ok());
  EXPECT_TRUE(u.attrs.warnings.empty());
  // RFC 4760 §3: with MP_REACH_NLRI only, NEXT_HOP is not needed.
  ASSERT_TRUE(
      decode_update(AsBytes(UpdateBody({},
                                       Hex("40 01 01 00 | 40 02 00 | 80 0E 1A | 0002 01 10 "
                                           "20010DB8000000000000000000000001 00 | 20 20010DB8"),
                                       {})),
                    SessionOptions{}, u)
          .ok());
  EXPECT_TRUE(u.attrs.warnings.empty());
}

// Regression (fixed; was a bug in src/wire/bgp/message.cc, decode_update_once): the RFC 7606 §3d
// check only runs when the IPv4 NLRI field is non-empty. An UPDATE announcing routes only through
// MP_REACH_NLRI with no ORIGIN and no AS_PATH (attribute list 80 0E 1A 0002 01 10 <2001:db8::1> 00
// 20 20010DB8) gets no warning and action kNone; RFC 7606 §3d requires treat-as-withdraw (RFC 4760
// only relaxes NEXT_HOP).
TEST(UpdateMandatoryTest, MpReachWithoutOriginAndAsPath) {
  UpdateMessage u;
  ASSERT_TRUE(
      decode_update(AsBytes(UpdateBody({},
                                       Hex("80 0E 1A | 0002 01 10 "
                                           "20010DB8000000000000000000000001 00 | 20 20010DB8"),
                                       {})),
                    SessionOptions{}, u)
          .ok());
  EXPECT_EQ(u.attrs.action, ErrorAction::kTreatAsWithdraw);
}

// ------------------------------------------------------ ADD-PATH inference

// RFC 7911 NLRI recorded under a non-ADD-PATH subtype: the plain parse fails,
// the ADD-PATH parse succeeds, so it is kept and flagged.
TEST(AddPathInferenceTest, Ipv4Fields) {
  const auto body = UpdateBody(Hex("00000001 20 0A000003"), Hex(kMandatory),
                               Hex("00000001 20 0A000001 | 00000002 20 0A000002"));
  // The plain parse really fails.
  {
    std::vector<Nlri> tmp;
    ASSERT_FALSE(decode_prefixes(ByteReader(AsBytes(Hex("00000001 20 0A000001 00000002 20 "
                                                        "0A000002"))),
                                 Family::kIPv4, false, tmp)
                     .ok());
  }
  UpdateMessage u;
  Status s = decode_update(AsBytes(body), SessionOptions{/*as4=*/true, /*add_path=*/false}, u);
  ASSERT_TRUE(s.ok()) << Str(s);
  EXPECT_TRUE(u.add_path_inferred);
  ASSERT_EQ(u.withdrawn.size(), 1u);
  EXPECT_EQ(u.withdrawn[0].path_id, 1u);
  EXPECT_EQ(u.withdrawn[0].prefix.to_string(), "10.0.0.3/32");
  ASSERT_EQ(u.announced.size(), 2u);
  EXPECT_EQ(u.announced[0].path_id, 1u);
  EXPECT_EQ(u.announced[0].prefix.to_string(), "10.0.0.1/32");
  EXPECT_EQ(u.announced[1].path_id, 2u);
  EXPECT_EQ(u.announced[1].prefix.to_string(), "10.0.0.2/32");
  EXPECT_TRUE(u.attrs.has(kHasNextHop));
  EXPECT_TRUE(u.attrs.warnings.empty());
}

TEST(AddPathInferenceTest, MpReach) {
  const auto body = UpdateBody({},
                               Hex("40 01 01 00 | 40 02 00"
                                   "| 80 0E 20 | 0002 01 10 20010DB8000000000000000000000001 00"
                                   "| 00000005 30 20010DB80001"),
                               {});
  UpdateMessage u;
  Status s = decode_update(AsBytes(body), SessionOptions{}, u);
  ASSERT_TRUE(s.ok()) << Str(s);
  EXPECT_TRUE(u.add_path_inferred);
  EXPECT_TRUE(u.attrs.warnings.empty());
  ASSERT_EQ(u.attrs.mp_reach.nlri.size(), 1u);
  EXPECT_EQ(u.attrs.mp_reach.nlri[0].path_id, 5u);
  EXPECT_EQ(u.attrs.mp_reach.nlri[0].prefix.to_string(), "2001:db8:1::/48");
}

TEST(AddPathInferenceTest, DeclaredAddPathIsNotInferred) {
  const auto body = UpdateBody({}, Hex(kMandatory), Hex("00000001 20 0A000001"));
  UpdateMessage u;
  ASSERT_TRUE(decode_update(AsBytes(body), SessionOptions{true, true}, u).ok());
  EXPECT_FALSE(u.add_path_inferred);
  ASSERT_EQ(u.announced.size(), 1u);
  EXPECT_EQ(u.announced[0].path_id, 1u);
}

TEST(AddPathInferenceTest, PlainNlriIsNotReinterpreted) {
  UpdateMessage u;
  ASSERT_TRUE(decode_update(AsBytes(UpdateBody({}, Hex(kMandatory), Hex("18 C63364 | 10 AC10"))),
                            SessionOptions{}, u)
                  .ok());
  EXPECT_FALSE(u.add_path_inferred);
  ASSERT_EQ(u.announced.size(), 2u);
  EXPECT_EQ(u.announced[0].path_id, 0u);
}

// A heuristic: ADD-PATH NLRI that also parses as plain NLRI is taken as plain.
TEST(AddPathInferenceTest, AmbiguousStaysPlain) {
  UpdateMessage u;
  ASSERT_TRUE(decode_update(AsBytes(UpdateBody({}, Hex(kMandatory), Hex("00000001 18 0A0000"))),
                            SessionOptions{}, u)
                  .ok());
  EXPECT_FALSE(u.add_path_inferred);
  EXPECT_EQ(u.announced.size(), 5u);
}

// An NLRI that fails both ways keeps the first error and no inference.
TEST(AddPathInferenceTest, BothFail) {
  UpdateMessage u;
  Status s = decode_update(AsBytes(UpdateBody({}, Hex(kMandatory), Hex("00000001 21 0A000001"))),
                           SessionOptions{}, u);
  EXPECT_FALSE(s.ok());
  EXPECT_FALSE(u.add_path_inferred);
}

// -------------------------------------------------------------------- OPEN

// RFC 4271 §4.2 with capabilities (RFC 5492): MP (RFC 4760 §8), route refresh
// (RFC 2918), 4-octet AS (RFC 6793 §3), ADD-PATH (RFC 7911 §4), BGP role
// (RFC 9234 §4.1), graceful restart (RFC 4724 §3), enhanced route refresh
// (RFC 7313) and an unknown capability; plus a non-capability parameter.
const char kOpenBody[] =
    "04 | 5BA0 | 00B4 | C0000201 | 37"
    "| 02 2E"                          // parameter: capabilities, 46 octets
    "|   01 04 0001 00 01"             // MP IPv4 unicast
    "|   01 04 0002 00 01"             // MP IPv6 unicast
    "|   02 00"                        // route refresh
    "|   41 04 00030D40"               // 4-octet AS 200000
    "|   45 08 0001 01 03 0002 01 01"  // ADD-PATH v4 send+receive, v6 receive
    "|   09 01 03"                     // BGP role: customer
    "|   40 06 8078 0001 01 80"        // GR: R bit, 120 s; v4 unicast F bit
    "|   EE 03 AABBCC"                 // unknown capability 238
    "| 02 02 | 46 00"                  // enhanced route refresh
    "| 01 01 | 00";                    // type 1 (deprecated authentication)

TEST(OpenTest, CapabilitiesDecoded) {
  const auto body = Hex(kOpenBody);
  const auto msg = Message(1, body);
  auto h = decode_header(AsBytes(msg));
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->type, static_cast<uint8_t>(MessageType::kOpen));
  OpenMessage o;
  Status s = decode_open(AsBytes(msg).subspan(kHeaderSize), o);
  ASSERT_TRUE(s.ok()) << Str(s);
  EXPECT_EQ(o.version, 4);
  EXPECT_EQ(o.my_as, kAsTrans);
  EXPECT_EQ(o.hold_time, 180);
  EXPECT_EQ(o.bgp_id, *IpAddr::parse("192.0.2.1"));
  EXPECT_EQ(o.asn(), 200000u);
  EXPECT_TRUE(o.warnings.empty());
  EXPECT_EQ(o.other_params, (std::vector<uint8_t>{1}));

  ASSERT_EQ(o.capabilities.size(), 9u);
  const uint8_t codes[] = {1, 1, 2, 65, 69, 9, 64, 0xEE, 70};
  for (size_t i = 0; i < 9; ++i) EXPECT_EQ(o.capabilities[i].code, codes[i]) << i;
  const auto& unknown = o.capabilities[7];
  ASSERT_EQ(unknown.value.size(), 3u);
  EXPECT_EQ(unknown.value[0], 0xAA);
  EXPECT_EQ(unknown.value[2], 0xCC);

  const CapabilitySummary& c = o.summary;
  EXPECT_EQ(c.multiprotocol,
            (std::vector<AfiSafi>{{kAfiIPv4, kSafiUnicast}, {kAfiIPv6, kSafiUnicast}}));
  EXPECT_TRUE(c.route_refresh);
  EXPECT_TRUE(c.enhanced_route_refresh);
  EXPECT_FALSE(c.extended_message);
  EXPECT_TRUE(c.four_octet_as);
  EXPECT_EQ(c.four_octet_asn, 200000u);
  ASSERT_EQ(c.add_path.size(), 2u);
  EXPECT_EQ(c.add_path[0].family, (AfiSafi{1, 1}));
  EXPECT_EQ(c.add_path[0].send_receive, 3);
  EXPECT_EQ(c.add_path[1].family, (AfiSafi{2, 1}));
  EXPECT_EQ(c.add_path[1].send_receive, 1);
  EXPECT_TRUE(c.has_role);
  EXPECT_EQ(c.role, BgpRole::kCustomer);
  EXPECT_TRUE(c.graceful_restart);
  EXPECT_EQ(c.gr_flags, 0x8);  // Restart State bit
  EXPECT_EQ(c.gr_time, 120);
  ASSERT_EQ(c.gr_families.size(), 1u);
  EXPECT_EQ(c.gr_families[0].family, (AfiSafi{1, 1}));
  EXPECT_EQ(c.gr_families[0].flags, 0x80);
}

TEST(OpenTest, NoOptionalParameters) {
  OpenMessage o;
  ASSERT_TRUE(decode_open(AsBytes(Hex("04 FDE8 005A 0A000001 00")), o).ok());
  EXPECT_EQ(o.asn(), 65000u);
  EXPECT_EQ(o.hold_time, 90);
  EXPECT_TRUE(o.capabilities.empty());
  EXPECT_FALSE(o.summary.four_octet_as);
}

TEST(OpenTest, MoreCapabilities) {
  OpenMessage o;
  // Extended message (RFC 8654), Cisco route refresh (128), extended next hop
  // (RFC 8950, kept raw), every BGP role, GR with no families.
  ASSERT_TRUE(decode_open(AsBytes(Hex("04 FDE8 005A 0A000001 12 | 02 10 | 06 00 | 80 00 "
                                      "| 05 06 0001 0001 0002 | 40 02 0000")),
                          o)
                  .ok());
  EXPECT_TRUE(o.summary.extended_message);
  EXPECT_TRUE(o.summary.route_refresh);
  EXPECT_TRUE(o.summary.graceful_restart);
  EXPECT_EQ(o.summary.gr_time, 0);
  EXPECT_TRUE(o.summary.gr_families.empty());
  EXPECT_EQ(o.capabilities.size(), 4u);
  EXPECT_TRUE(o.warnings.empty());
  for (uint8_t role = 0; role <= 4; ++role) {
    CapabilitySummary sum;
    const uint8_t v[] = {role};
    ASSERT_TRUE(decode_capability(kCapBgpRole, Bytes(v, 1), sum).ok());
    EXPECT_EQ(sum.role, static_cast<BgpRole>(role));
  }
}

// A malformed capability is reported and decoding continues.
TEST(OpenTest, MalformedCapabilitiesAreWarnings) {
  OpenMessage o;
  Status s = decode_open(AsBytes(Hex("04 FDE8 005A 0A000001 1B | 02 19"
                                     "| 41 02 0001"    // 4-octet AS of length 2
                                     "| 09 01 07"      // BGP role 7
                                     "| 01 03 000101"  // MP of length 3
                                     "| 40 03 007800"  // GR with a partial family
                                     "| 45 00"         // empty ADD-PATH
                                     "| 09 02 0303"    // BGP role of length 2
                                     "| 02 00")),      // valid route refresh
                         o);
  ASSERT_TRUE(s.ok()) << Str(s);
  EXPECT_EQ(o.warnings.size(), 6u);
  EXPECT_EQ(o.capabilities.size(), 7u);
  EXPECT_TRUE(o.summary.route_refresh);
  EXPECT_FALSE(o.summary.four_octet_as);
  EXPECT_FALSE(o.summary.has_role);
  EXPECT_TRUE(o.summary.multiprotocol.empty());
  EXPECT_EQ(o.asn(), 65000u);
}

TEST(OpenTest, FramingErrors) {
  for (const char* hex : {
           "",
           "04 FDE8 005A 0A0000",                        // fixed fields cut
           "04 FDE8 005A 0A000001",                      // no parameter length
           "04 FDE8 005A 0A000001 0A | 02 02 0200",      // parameters overrun
           "04 FDE8 005A 0A000001 03 | 02 04 41",        // parameter overruns
           "04 FDE8 005A 0A000001 05 | 02 03 41 04 00",  // capability overruns
           "04 FDE8 005A 0A000001 01 | 02",              // parameter header cut
       }) {
    OpenMessage o;
    EXPECT_FALSE(decode_open(AsBytes(Hex(hex)), o).ok()) << '"' << hex << '"';
  }
}

// RFC 9072 §2: Non-Ext OP Len 255, Non-Ext OP Type 255, then a 2-octet
// length, and 2-octet parameter lengths.
TEST(OpenTest, ExtendedOptionalParameters) {
  OpenMessage o;
  Status s = decode_open(AsBytes(Hex("04 5BA0 00B4 C0000201 | FF FF 0014"
                                     "| 02 000E | 01 04 0001 00 01 | 41 04 00030D40 | 02 00"
                                     "| 01 0000")),
                         o);
  ASSERT_TRUE(s.ok()) << Str(s);
  EXPECT_EQ(o.asn(), 200000u);
  EXPECT_EQ(o.capabilities.size(), 3u);
  EXPECT_TRUE(o.summary.route_refresh);
  EXPECT_EQ(o.other_params, (std::vector<uint8_t>{1}));
}

// The point of RFC 9072: capabilities totalling more than 255 octets.
TEST(OpenTest, ExtendedOptionalParametersLarge) {
  std::vector<uint8_t> caps;
  for (int i = 0; i < 50; ++i) {
    const auto c = Hex("01 04 0001 00 01");
    caps.insert(caps.end(), c.begin(), c.end());
  }
  std::vector<uint8_t> body = Hex("04 5BA0 00B4 C0000201 FF FF");
  test::PutU16(body, static_cast<uint16_t>(caps.size() + 3));
  body.push_back(2);
  test::PutU16(body, static_cast<uint16_t>(caps.size()));
  body.insert(body.end(), caps.begin(), caps.end());
  OpenMessage o;
  Status s = decode_open(AsBytes(body), o);
  ASSERT_TRUE(s.ok()) << Str(s);
  EXPECT_EQ(o.summary.multiprotocol.size(), 50u);

  // Extended lengths that overrun are errors.
  body[11] = 0xFF;  // total length 0xFF2F
  OpenMessage bad;
  EXPECT_FALSE(decode_open(AsBytes(body), bad).ok());
}

// A classic OPEN whose parameters happen to total 255 octets is not mistaken
// for the RFC 9072 form (its first parameter type is 2, not 255).
TEST(OpenTest, NonExtended255OctetParameters) {
  std::vector<uint8_t> body = Hex("04 FDE8 005A 0A000001 FF | 02 FD");
  for (int i = 0; i < 41; ++i) {
    const auto c = Hex("01 04 0001 00 01");
    body.insert(body.end(), c.begin(), c.end());
  }
  const auto tail = Hex("EE 05 0102030405");
  body.insert(body.end(), tail.begin(), tail.end());
  ASSERT_EQ(body.size(), 10u + 255u);
  OpenMessage o;
  Status s = decode_open(AsBytes(body), o);
  ASSERT_TRUE(s.ok()) << Str(s);
  EXPECT_EQ(o.summary.multiprotocol.size(), 41u);
  EXPECT_EQ(o.capabilities.size(), 42u);
}

// ------------------------------------------------------------ NOTIFICATION

// RFC 4271 §4.5.
TEST(NotificationTest, Decode) {
  const auto msg = Message(3, Hex("06 02 | ABCD"));
  auto h = decode_header(AsBytes(msg));
  ASSERT_TRUE(h.ok());
  NotificationMessage n;
  ASSERT_TRUE(decode_notification(AsBytes(msg).subspan(kHeaderSize), n).ok());
  EXPECT_EQ(n.code, 6);
  EXPECT_EQ(n.subcode, 2);
  ASSERT_EQ(n.data.size(), 2u);
  EXPECT_EQ(n.data[0], 0xAB);
  EXPECT_STREQ(notification_code_name(n.code), "Cease");

  NotificationMessage empty_data;
  ASSERT_TRUE(decode_notification(AsBytes(Hex("03 0B")), empty_data).ok());
  EXPECT_TRUE(empty_data.data.empty());
  EXPECT_EQ(empty_data.subcode, 11);
}

TEST(NotificationTest, Truncated) {
  NotificationMessage n;
  for (const char* hex : {"", "06"}) {
    Status s = decode_notification(AsBytes(Hex(hex)), n);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kTruncated);
  }
}

TEST(NotificationTest, CodeNames) {
  EXPECT_STREQ(notification_code_name(1), "Message Header Error");
  EXPECT_STREQ(notification_code_name(2), "OPEN Message Error");
  EXPECT_STREQ(notification_code_name(3), "UPDATE Message Error");
  EXPECT_STREQ(notification_code_name(4), "Hold Timer Expired");
  EXPECT_STREQ(notification_code_name(5), "Finite State Machine Error");
  EXPECT_STREQ(notification_code_name(6), "Cease");
  EXPECT_STREQ(notification_code_name(7), "ROUTE-REFRESH Message Error");
  EXPECT_STREQ(notification_code_name(0), "Unknown");
  EXPECT_STREQ(notification_code_name(99), "Unknown");
}

// ----------------------------------------------------------- ROUTE-REFRESH

// RFC 2918 §3; RFC 7313 §3.2 subtypes (BoRR 1, EoRR 2).
TEST(RouteRefreshTest, Decode) {
  const struct {
    const char* hex;
    uint16_t afi;
    uint8_t subtype;
    uint8_t safi;
  } cases[] = {{"0001 00 01", 1, 0, 1}, {"0002 01 01", 2, 1, 1}, {"0002 02 02", 2, 2, 2}};
  for (const auto& c : cases) {
    const auto msg = Message(5, Hex(c.hex));
    ASSERT_TRUE(decode_header(AsBytes(msg)).ok());
    RouteRefreshMessage r;
    ASSERT_TRUE(decode_route_refresh(AsBytes(msg).subspan(kHeaderSize), r).ok()) << c.hex;
    EXPECT_EQ(r.afi, c.afi);
    EXPECT_EQ(r.subtype, c.subtype);
    EXPECT_EQ(r.safi, c.safi);
  }
}

TEST(RouteRefreshTest, BadLength) {
  for (const char* hex : {"", "0001 00", "0001 00 01 00"}) {
    RouteRefreshMessage r;
    Status s = decode_route_refresh(AsBytes(Hex(hex)), r);
    ASSERT_FALSE(s.ok()) << hex;
    EXPECT_EQ(s.error().code, ErrorCode::kMalformed);
  }
}

// Truncating any message body never crashes.
TEST(MessageFuzzTest, TruncatedBodiesNeverCrash) {
  const std::vector<std::vector<uint8_t>> bodies = {
      Hex(kOpenBody),
      UpdateBody(Hex("18 0A0000 | 10 AC10"), Hex(kMandatory), Hex("18 C63364")),
      UpdateBody({},
                 Hex("40 01 01 00 | 40 02 00 | 80 0E 20 | 0002 01 10 "
                     "20010DB8000000000000000000000001 00 | 00000005 30 20010DB80001"),
                 {}),
      Hex("06 02 ABCD"),
      Hex("0001 00 01"),
  };
  for (const auto& b : bodies) {
    for (size_t n = 0; n <= b.size(); ++n) {
      test::Exact e(b, n);
      UpdateMessage u;
      (void)decode_update(e.bytes(), SessionOptions{}, u);
      (void)decode_update(e.bytes(), SessionOptions{false, true}, u);
      OpenMessage o;
      (void)decode_open(e.bytes(), o);
      NotificationMessage no;
      (void)decode_notification(e.bytes(), no);
      RouteRefreshMessage rr;
      (void)decode_route_refresh(e.bytes(), rr);
      (void)decode_header(e.bytes());
    }
  }
}

}  // namespace
}  // namespace vigil::bgp

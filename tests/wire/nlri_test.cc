// NLRI prefixes (RFC 4271 §4.3, RFC 4760 §5, ADD-PATH RFC 7911 §3).
#include "wire/bgp/nlri.h"

#include <gtest/gtest.h>

#include <vector>

#include "wire/bgp/message.h"
#include "wire_test_util.h"

namespace vigil::bgp {
namespace {

using test::AsBytes;
using test::Hex;

struct One {
  Status status;
  Prefix prefix;
  bool host_bits = false;
  size_t consumed = 0;
};

One DecodeOne(const std::vector<uint8_t>& v, Family f) {
  One o;
  ByteReader r(AsBytes(v));
  o.status = decode_prefix(r, f, o.prefix, &o.host_bits);
  o.consumed = r.position();
  return o;
}

std::vector<Nlri> DecodeAll(const std::vector<uint8_t>& v, Family f, bool add_path) {
  std::vector<Nlri> out;
  Status s = decode_prefixes(ByteReader(AsBytes(v)), f, add_path, out);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().to_string());
  return out;
}

TEST(NlriTest, DefaultRouteV4) {
  One o = DecodeOne(Hex("00"), Family::kIPv4);
  ASSERT_TRUE(o.status.ok());
  EXPECT_EQ(o.prefix.to_string(), "0.0.0.0/0");
  EXPECT_TRUE(o.prefix.addr.is_v4());
  EXPECT_FALSE(o.host_bits);
  EXPECT_EQ(o.consumed, 1u);
}

TEST(NlriTest, DefaultRouteV6) {
  One o = DecodeOne(Hex("00"), Family::kIPv6);
  ASSERT_TRUE(o.status.ok());
  EXPECT_EQ(o.prefix.to_string(), "::/0");
  EXPECT_EQ(o.prefix.addr.family, Family::kIPv6);
}

TEST(NlriTest, HostRoute32) {
  One o = DecodeOne(Hex("20 C0000201"), Family::kIPv4);
  ASSERT_TRUE(o.status.ok());
  EXPECT_EQ(o.prefix.to_string(), "192.0.2.1/32");
  EXPECT_FALSE(o.host_bits);
  EXPECT_EQ(o.consumed, 5u);
}

TEST(NlriTest, HostRoute128) {
  One o = DecodeOne(Hex("80 20010DB8 00000000 00000000 00000001"), Family::kIPv6);
  ASSERT_TRUE(o.status.ok());
  EXPECT_EQ(o.prefix.to_string(), "2001:db8::1/128");
  EXPECT_EQ(o.consumed, 17u);
}

TEST(NlriTest, ByteAlignedNoHostBits) {
  One o = DecodeOne(Hex("18 C63364"), Family::kIPv4);
  ASSERT_TRUE(o.status.ok());
  EXPECT_EQ(o.prefix.to_string(), "198.51.100.0/24");
  EXPECT_FALSE(o.host_bits);
}

// RFC 4271 §4.3: "trailing bits ... are irrelevant". They are cleared and
// flagged.
TEST(NlriTest, HostBitsMaskedAndFlagged) {
  One o = DecodeOne(Hex("0D 0B 0D"), Family::kIPv4);  // 11.13/13
  ASSERT_TRUE(o.status.ok());
  EXPECT_EQ(o.prefix.to_string(), "11.8.0.0/13");
  EXPECT_TRUE(o.host_bits);
  EXPECT_EQ(o.prefix, o.prefix.masked());

  One clean = DecodeOne(Hex("0D 0B 08"), Family::kIPv4);
  ASSERT_TRUE(clean.status.ok());
  EXPECT_EQ(clean.prefix.to_string(), "11.8.0.0/13");
  EXPECT_FALSE(clean.host_bits);

  One v6 = DecodeOne(Hex("21 20010DB8 FF"), Family::kIPv6);  // /33
  ASSERT_TRUE(v6.status.ok());
  EXPECT_EQ(v6.prefix.to_string(), "2001:db8:8000::/33");
  EXPECT_TRUE(v6.host_bits);

  One one_bit = DecodeOne(Hex("01 FF"), Family::kIPv4);
  ASSERT_TRUE(one_bit.status.ok());
  EXPECT_EQ(one_bit.prefix.to_string(), "128.0.0.0/1");
  EXPECT_TRUE(one_bit.host_bits);
}

TEST(NlriTest, HostBitsPointerOptional) {
  const auto v = Hex("0D 0B 0D");
  ByteReader r(AsBytes(v));
  Prefix p;
  ASSERT_TRUE(decode_prefix(r, Family::kIPv4, p, nullptr).ok());
  EXPECT_EQ(p.to_string(), "11.8.0.0/13");
}

TEST(NlriTest, LengthBeyondMaximumIsError) {
  for (const char* hex : {"21 0A000000 00", "FF 00"}) {
    One o = DecodeOne(Hex(hex), Family::kIPv4);
    ASSERT_FALSE(o.status.ok()) << hex;
    EXPECT_EQ(o.status.error().code, ErrorCode::kMalformed);
  }
  std::vector<uint8_t> v6 = {0x81};
  v6.resize(18, 0);
  One o = DecodeOne(v6, Family::kIPv6);
  ASSERT_FALSE(o.status.ok());
  EXPECT_EQ(o.status.error().code, ErrorCode::kMalformed);
}

TEST(NlriTest, OverrunIsError) {
  for (const char* hex : {"18 0A00", "20 C00002", "01", "09 0A"}) {
    One o = DecodeOne(Hex(hex), Family::kIPv4);
    ASSERT_FALSE(o.status.ok()) << hex;
    EXPECT_EQ(o.status.error().code, ErrorCode::kMalformed);
  }
  One v6 = DecodeOne(Hex("40 20010DB8 000000"), Family::kIPv6);
  EXPECT_FALSE(v6.status.ok());
  One empty = DecodeOne({}, Family::kIPv4);
  EXPECT_FALSE(empty.status.ok());
}

TEST(NlriTest, RunOfPrefixes) {
  auto out = DecodeAll(Hex("18 C63364 | 10 AC10 | 00 | 20 CB007101"), Family::kIPv4, false);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].prefix.to_string(), "198.51.100.0/24");
  EXPECT_EQ(out[1].prefix.to_string(), "172.16.0.0/16");
  EXPECT_EQ(out[2].prefix.to_string(), "0.0.0.0/0");
  EXPECT_EQ(out[3].prefix.to_string(), "203.0.113.1/32");
  for (const auto& n : out) {
    EXPECT_EQ(n.path_id, 0u);
    EXPECT_FALSE(n.host_bits);
  }
  EXPECT_TRUE(DecodeAll({}, Family::kIPv4, false).empty());
}

// RFC 7911 §3: a 4-octet Path Identifier before each prefix.
TEST(NlriTest, AddPathIds) {
  auto out = DecodeAll(Hex("00000001 18 0A0000 | 00000002 18 0A0000 | FFFFFFFF 10 0A01"),
                       Family::kIPv4, true);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].path_id, 1u);
  EXPECT_EQ(out[1].path_id, 2u);
  EXPECT_EQ(out[2].path_id, 0xffffffffu);
  EXPECT_EQ(out[0].prefix, out[1].prefix);
  EXPECT_EQ(out[2].prefix.to_string(), "10.1.0.0/16");

  auto v6 = DecodeAll(Hex("0000000A 30 20010DB80001"), Family::kIPv6, true);
  ASSERT_EQ(v6.size(), 1u);
  EXPECT_EQ(v6[0].path_id, 10u);
  EXPECT_EQ(v6[0].prefix.to_string(), "2001:db8:1::/48");
}

TEST(NlriTest, AddPathTruncatedIdIsError) {
  std::vector<Nlri> out;
  Status s = decode_prefixes(ByteReader(AsBytes(Hex("00000001 18 0A0000 | 000000"))), Family::kIPv4,
                             true, out);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kMalformed);
  ASSERT_EQ(out.size(), 1u);  // what decoded before the error stays
  EXPECT_EQ(out[0].prefix.to_string(), "10.0.0.0/24");
}

TEST(NlriTest, ErrorKeepsEarlierPrefixes) {
  std::vector<Nlri> out;
  Status s = decode_prefixes(ByteReader(AsBytes(Hex("18 C63364 | 10 AC10 | 21 00000000 00"))),
                             Family::kIPv4, false, out);
  ASSERT_FALSE(s.ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].prefix.to_string(), "172.16.0.0/16");
}

TEST(NlriTest, EveryTruncationOfARunFailsOrStopsAtABoundary) {
  const auto v6 = Hex("00000001 20 20010DB8 | 00000002 80 20010DB8 00000000 00000000 00000001");
  for (size_t n = 0; n < v6.size(); ++n) {
    test::Exact e(v6, n);
    std::vector<Nlri> out;
    Status s = decode_prefixes(ByteReader(e.bytes()), Family::kIPv6, true, out);
    const bool boundary = n == 0 || n == 9;
    EXPECT_EQ(s.ok(), boundary) << n;
  }
}

std::vector<uint8_t> Withdrawals4096() {
  std::vector<uint8_t> w;
  for (uint32_t i = 0; i < 4096; ++i) {
    // 10.(i/256).(i%256).0/24
    w.push_back(24);
    w.push_back(10);
    w.push_back(static_cast<uint8_t>(i >> 8));
    w.push_back(static_cast<uint8_t>(i));
  }
  return w;
}

TEST(NlriTest, LargeWithdrawalDecodesFully) {
  const auto w = Withdrawals4096();
  ASSERT_EQ(w.size(), 16384u);
  auto out = DecodeAll(w, Family::kIPv4, false);
  ASSERT_EQ(out.size(), 4096u);
  for (uint32_t i = 0; i < 4096; ++i) {
    const Prefix want{IpAddr::v4(0x0a000000u | (i << 8)), 24};
    ASSERT_EQ(out[i].prefix, want) << i;
    ASSERT_FALSE(out[i].host_bits);
  }
  EXPECT_EQ(out[4095].prefix.to_string(), "10.15.255.0/24");
}

// The same 4,096 prefixes as the Withdrawn Routes field of an UPDATE.
TEST(NlriTest, LargeWithdrawalUpdateDecodesFully) {
  const auto w = Withdrawals4096();
  std::vector<uint8_t> body;
  test::PutU16(body, static_cast<uint16_t>(w.size()));
  body.insert(body.end(), w.begin(), w.end());
  test::PutU16(body, 0);  // no attributes, no NLRI
  UpdateMessage u;
  Status s = decode_update(AsBytes(body), SessionOptions{}, u);
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  ASSERT_EQ(u.withdrawn.size(), 4096u);
  EXPECT_EQ(u.withdrawn[0].prefix.to_string(), "10.0.0.0/24");
  EXPECT_EQ(u.withdrawn[4095].prefix.to_string(), "10.15.255.0/24");
  EXPECT_TRUE(u.announced.empty());
  EXPECT_FALSE(u.add_path_inferred);
  EXPECT_FALSE(u.is_end_of_rib());
  EXPECT_EQ(u.attrs.action, ErrorAction::kNone);
}

}  // namespace
}  // namespace vigil::bgp

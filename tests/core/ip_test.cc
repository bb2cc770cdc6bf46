#include "core/ip.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace vigil {
namespace {

// The reference: glibc's own text form.
std::string GlibcNtop6(const IpAddr& a) {
  char buf[INET6_ADDRSTRLEN];
  const char* p = inet_ntop(AF_INET6, a.bytes.data(), buf, sizeof(buf));
  EXPECT_NE(p, nullptr);
  return p ? std::string(p) : std::string();
}

IpAddr V6(const std::string& text) {
  IpAddr a;
  a.family = Family::kIPv6;
  EXPECT_EQ(inet_pton(AF_INET6, text.c_str(), a.bytes.data()), 1) << text;
  return a;
}

IpAddr V6Words(std::initializer_list<unsigned> words) {
  IpAddr a;
  a.family = Family::kIPv6;
  int i = 0;
  for (unsigned w : words) {
    a.bytes[2 * i] = static_cast<uint8_t>(w >> 8);
    a.bytes[2 * i + 1] = static_cast<uint8_t>(w);
    ++i;
  }
  return a;
}

Prefix P(const char* text, bool allow_host_bits = false) {
  auto p = Prefix::parse(text, allow_host_bits);
  EXPECT_TRUE(p.has_value()) << text;
  return p.value_or(Prefix{});
}

// ---------------------------------------------------------------- IpAddr

TEST(IpAddrTest, ParsesIpv4) {
  auto a = IpAddr::parse("192.0.2.1");
  ASSERT_TRUE(a.has_value());
  EXPECT_TRUE(a->is_v4());
  EXPECT_EQ(a->family, Family::kIPv4);
  EXPECT_EQ(a->max_len(), 32);
  EXPECT_EQ(a->v4_host_order(), 0xc0000201u);
  for (int i = 4; i < 16; ++i) EXPECT_EQ(a->bytes[i], 0) << i;
  EXPECT_EQ(*a, IpAddr::v4(0xc0000201u));
  const uint8_t raw[] = {192, 0, 2, 1};
  EXPECT_EQ(*a, IpAddr::v4_bytes(raw));
}

TEST(IpAddrTest, Ipv4RoundTrip) {
  for (const char* s : {"0.0.0.0", "255.255.255.255", "10.0.0.1", "192.0.2.1", "1.2.3.4",
                        "100.64.0.0", "203.0.113.255", "9.99.100.199"}) {
    auto a = IpAddr::parse(s);
    ASSERT_TRUE(a.has_value()) << s;
    EXPECT_EQ(a->to_string(), s);
  }
}

TEST(IpAddrTest, ParsesIpv6) {
  auto a = IpAddr::parse("2001:db8::1");
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(a->is_v4());
  EXPECT_EQ(a->max_len(), 128);
  EXPECT_EQ(a->bytes[0], 0x20);
  EXPECT_EQ(a->bytes[1], 0x01);
  EXPECT_EQ(a->bytes[2], 0x0d);
  EXPECT_EQ(a->bytes[3], 0xb8);
  EXPECT_EQ(a->bytes[15], 0x01);
  EXPECT_EQ(*a, IpAddr::v6_bytes(V6("2001:db8::1").bytes.data()));

  auto mapped = IpAddr::parse("::ffff:1.2.3.4");
  ASSERT_TRUE(mapped.has_value());
  EXPECT_EQ(mapped->family, Family::kIPv6);
  EXPECT_EQ(mapped->bytes[10], 0xff);
  EXPECT_EQ(mapped->bytes[12], 1);
}

TEST(IpAddrTest, FamilyIsPartOfIdentity) {
  // 0.0.0.0 and :: have the same 16 bytes but are different addresses.
  EXPECT_NE(*IpAddr::parse("0.0.0.0"), *IpAddr::parse("::"));
  EXPECT_LT(*IpAddr::parse("10.0.0.1"), *IpAddr::parse("10.0.0.2"));
}

TEST(IpAddrTest, ParseRejectsGarbage) {
  for (const char* s : {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.-4", "abc", "1.2.3.4 ",
                        " 1.2.3.4", "1.2.3.4/24", "::g", "1:2:3:4:5:6:7:8:9", ":::",
                        "2001:db8::1::2", "12345::", "::ffff:1.2.3", "1.2.3.4:", "0x1.2.3.4"}) {
    EXPECT_FALSE(IpAddr::parse(s).has_value()) << '"' << s << '"';
  }
  // Longer than any address text can be.
  EXPECT_FALSE(IpAddr::parse(std::string(46, '1')).has_value());
  EXPECT_FALSE(IpAddr::parse(std::string(1000, ':')).has_value());
  // The longest valid form (45 characters) still parses.
  auto longest = IpAddr::parse("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255");
  ASSERT_TRUE(longest.has_value());
  EXPECT_EQ(longest->to_string(), "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
}

// Regression (fixed; was a bug in src/core/ip.cc, IpAddr::parse): the string_view is copied into a
// C buffer and handed to inet_pton, so an embedded NUL ends the text early and everything after it
// is ignored: "1.2.3.4\0junk" parses as 1.2.3.4.
TEST(IpAddrTest, ParseRejectsEmbeddedNul) {
  EXPECT_FALSE(IpAddr::parse(std::string_view("1.2.3.4\0junk", 12)).has_value());
  EXPECT_FALSE(Prefix::parse(std::string_view("10.0.0.0\0/8", 11)).has_value());
}

// ------------------------------------------------- IPv6 text vs. inet_ntop

TEST(IpAddrTextTest, Ipv6KnownForms) {
  struct Case {
    IpAddr addr;
    const char* text;
  };
  const Case cases[] = {
      {V6Words({0, 0, 0, 0, 0, 0, 0, 0}), "::"},
      {V6Words({0, 0, 0, 0, 0, 0, 0, 1}), "::1"},
      {V6Words({0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304}), "::ffff:1.2.3.4"},
      {V6Words({0, 0, 0, 0, 0, 0, 0x0102, 0x0304}), "::1.2.3.4"},
      {V6Words({0x2001, 0xdb8, 0, 0, 0, 0, 0, 1}), "2001:db8::1"},
      // A single zero group is not compressed (RFC 5952 §4.2.2, glibc).
      {V6Words({0x2001, 0xdb8, 0, 1, 1, 1, 1, 1}), "2001:db8:0:1:1:1:1:1"},
      // The longest run wins.
      {V6Words({1, 0, 0, 2, 0, 0, 0, 3}), "1:0:0:2::3"},
      // On a tie the first run wins.
      {V6Words({1, 0, 0, 2, 0, 0, 3, 4}), "1::2:0:0:3:4"},
      {V6Words({1, 0, 0, 0, 0, 0, 0, 0}), "1::"},
      {V6Words({1, 2, 3, 4, 5, 6, 7, 0}), "1:2:3:4:5:6:7:0"},
      {V6Words({0, 1, 2, 3, 4, 5, 6, 7}), "0:1:2:3:4:5:6:7"},
      {V6Words({0, 1, 0, 0, 1, 0, 0, 0}), "0:1:0:0:1::"},
      {V6Words({0, 0, 0, 0, 1, 0, 0, 0}), "::1:0:0:0"},
      {V6Words({0xfe80, 0, 0, 0, 0, 0, 0, 1}), "fe80::1"},
      {V6Words({0x2001, 0xdb8, 0x85a3, 0, 0, 0x8a2e, 0x370, 0x7334}),
       "2001:db8:85a3::8a2e:370:7334"},
      {V6Words({0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff}),
       "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
      {V6Words({0, 0, 0, 0, 0, 0xffff, 0, 0}), "::ffff:0.0.0.0"},
      {V6Words({0, 0, 0, 0, 0, 0xfffe, 0x0102, 0x0304}), "::fffe:102:304"},
      {V6Words({0, 0, 0, 0, 0, 0, 0x0102, 0}), "::1.2.0.0"},
      {V6Words({0x64, 0xff9b, 0, 0, 0, 0, 0x0102, 0x0304}), "64:ff9b::102:304"},
      {V6Words({0x2001, 0xdb8, 0x10, 0x100, 0x1000, 0xabcd, 0xa, 0xb0}),
       "2001:db8:10:100:1000:abcd:a:b0"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.addr.to_string(), c.text);
    EXPECT_EQ(c.addr.to_string(), GlibcNtop6(c.addr)) << c.text;
  }
}

TEST(IpAddrTextTest, Ipv6ParsedTextMatchesInetNtop) {
  for (const char* s : {"::",
                        "::1",
                        "::ffff:1.2.3.4",
                        "::1.2.3.4",
                        "2001:db8::1",
                        "2001:db8:0:1:1:1:1:1",
                        "1:0:0:2:0:0:0:3",
                        "2001:0db8:0000:0000:0000:0000:0000:0001",
                        "::0:1",
                        "1::0",
                        "0:0:0:0:0:ffff:a00:1",
                        "::ffff:255.255.255.255",
                        "::0.0.0.1",
                        "::0.1.0.0",
                        "2001:db8:1:0:0:1::",
                        "2001:db8::1:0:0:1",
                        "ff02::1:ff00:1",
                        "2002:c000:201::",
                        "0:0:1::",
                        "a:b:c:d:e:f:0:0",
                        "::2:3:4:5:6:7:8",
                        "1:2:3:4:5:6:7:8"}) {
    auto a = IpAddr::parse(s);
    ASSERT_TRUE(a.has_value()) << s;
    EXPECT_EQ(a->to_string(), GlibcNtop6(*a)) << s;
    // The text form parses back to the same address.
    auto again = IpAddr::parse(a->to_string());
    ASSERT_TRUE(again.has_value()) << s;
    EXPECT_EQ(*again, *a) << s;
  }
}

// Many generated addresses, biased towards zero runs, ffff and small values so
// that every compression and dotted-quad branch is hit.
TEST(IpAddrTextTest, Ipv6RandomMatchesInetNtop) {
  std::mt19937 rng(20240601);
  std::uniform_int_distribution<int> pick(0, 9);
  std::uniform_int_distribution<unsigned> word(0, 0xffff);
  for (int n = 0; n < 50000; ++n) {
    IpAddr a;
    a.family = Family::kIPv6;
    for (int i = 0; i < 8; ++i) {
      unsigned w;
      const int k = pick(rng);
      if (k < 5) {
        w = 0;
      } else if (k == 5) {
        w = 0xffff;
      } else if (k == 6) {
        w = word(rng) & 0xf;
      } else if (k == 7) {
        w = word(rng) & 0xff;
      } else {
        w = word(rng);
      }
      a.bytes[2 * i] = static_cast<uint8_t>(w >> 8);
      a.bytes[2 * i + 1] = static_cast<uint8_t>(w);
    }
    ASSERT_EQ(a.to_string(), GlibcNtop6(a)) << "iteration " << n;
  }
}

TEST(IpAddrTextTest, AppendIpAppends) {
  std::string s = "peer ";
  append_ip(s, *IpAddr::parse("192.0.2.1"));
  s += " / ";
  append_ip(s, *IpAddr::parse("2001:db8::1"));
  EXPECT_EQ(s, "peer 192.0.2.1 / 2001:db8::1");
}

// ---------------------------------------------------------------- Prefix

TEST(PrefixTest, ParseAndPrint) {
  for (const char* s :
       {"192.0.2.0/24", "0.0.0.0/0", "10.0.0.0/8", "10.0.0.1/32", "11.8.0.0/13", "128.0.0.0/1",
        "2001:db8::/32", "::/0", "2001:db8::1/128", "2001:db8:8000::/33", "::ffff:0.0.0.0/96"}) {
    auto p = Prefix::parse(s);
    ASSERT_TRUE(p.has_value()) << s;
    EXPECT_EQ(p->to_string(), s);
  }
  auto p = P("192.0.2.0/24");
  EXPECT_EQ(p.len, 24);
  EXPECT_EQ(p.addr, IpAddr::v4(0xc0000200u));
}

TEST(PrefixTest, BareAddressIsHostPrefix) {
  auto v4 = Prefix::parse("192.0.2.1");
  ASSERT_TRUE(v4.has_value());
  EXPECT_EQ(v4->len, 32);
  EXPECT_EQ(v4->to_string(), "192.0.2.1/32");
  auto v6 = Prefix::parse("2001:db8::1");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->len, 128);
}

TEST(PrefixTest, ParseErrors) {
  for (const char* s : {"10.0.0.0/33",
                        "::/129",
                        "2001:db8::/200",
                        "10.0.0.1/24",
                        "10.0.0.0/6",
                        "2001:db8::1/64",
                        "10.0.0.0/",
                        "10.0.0.0/2a",
                        "10.0.0.0/-1",
                        "10.0.0.0/+8",
                        "10.0.0.0/0024",
                        "10.0.0.0/24/8",
                        "10.0.0.0/ 8",
                        "/24",
                        "garbage",
                        "garbage/8",
                        "",
                        "/",
                        "10.0.0/24",
                        "10.0.0.0/1000"}) {
    EXPECT_FALSE(Prefix::parse(s).has_value()) << '"' << s << '"';
  }
}

TEST(PrefixTest, HostBitsAllowedOnRequest) {
  EXPECT_FALSE(Prefix::parse("10.0.0.1/24").has_value());
  auto p = Prefix::parse("10.0.0.1/24", /*allow_host_bits=*/true);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->to_string(), "10.0.0.1/24");
  EXPECT_EQ(p->masked().to_string(), "10.0.0.0/24");
  auto v6 = Prefix::parse("2001:db8::1/32", true);
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->masked().to_string(), "2001:db8::/32");
  // Still rejects lengths beyond the family.
  EXPECT_FALSE(Prefix::parse("10.0.0.1/33", true).has_value());
}

TEST(PrefixTest, Masked) {
  EXPECT_EQ(P("255.255.255.255/0", true).masked().to_string(), "0.0.0.0/0");
  EXPECT_EQ(P("255.255.255.255/1", true).masked().to_string(), "128.0.0.0/1");
  EXPECT_EQ(P("255.255.255.255/7", true).masked().to_string(), "254.0.0.0/7");
  EXPECT_EQ(P("255.255.255.255/9", true).masked().to_string(), "255.128.0.0/9");
  EXPECT_EQ(P("11.13.1.1/13", true).masked().to_string(), "11.8.0.0/13");
  EXPECT_EQ(P("255.255.255.255/31", true).masked().to_string(), "255.255.255.254/31");
  EXPECT_EQ(P("255.255.255.255/32", true).masked().to_string(), "255.255.255.255/32");
  EXPECT_EQ(P("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/65", true).masked().to_string(),
            "ffff:ffff:ffff:ffff:8000::/65");
  EXPECT_EQ(P("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/0", true).masked().to_string(), "::/0");
  EXPECT_EQ(P("2001:db8::1/127", true).masked().to_string(), "2001:db8::/127");
  // Masking never touches the unused IPv4 tail bytes or the family.
  auto m = P("10.1.2.3/8", true).masked();
  EXPECT_TRUE(m.addr.is_v4());
  for (int i = 4; i < 16; ++i) EXPECT_EQ(m.addr.bytes[i], 0);
}

TEST(PrefixTest, Contains) {
  const Prefix p8 = P("10.0.0.0/8");
  EXPECT_TRUE(p8.contains(p8));
  EXPECT_TRUE(p8.contains(P("10.1.0.0/16")));
  EXPECT_TRUE(p8.contains(P("10.255.255.255/32")));
  EXPECT_FALSE(p8.contains(P("11.0.0.0/16")));
  EXPECT_FALSE(p8.contains(P("10.0.0.0/7", true).masked()));  // shorter
  EXPECT_FALSE(p8.contains(P("9.255.255.255/32")));

  const Prefix p13 = P("11.8.0.0/13");  // 11.8.0.0 - 11.15.255.255
  EXPECT_TRUE(p13.contains(P("11.8.0.0/24")));
  EXPECT_TRUE(p13.contains(P("11.15.255.0/24")));
  EXPECT_FALSE(p13.contains(P("11.16.0.0/24")));
  EXPECT_FALSE(p13.contains(P("11.7.255.0/24")));

  const Prefix all4 = P("0.0.0.0/0");
  EXPECT_TRUE(all4.contains(P("192.0.2.0/24")));
  EXPECT_TRUE(all4.contains(all4));
  EXPECT_FALSE(all4.contains(P("2001:db8::/32")));  // other family

  const Prefix half = P("128.0.0.0/1");
  EXPECT_TRUE(half.contains(P("200.0.0.0/8")));
  EXPECT_FALSE(half.contains(P("100.0.0.0/8")));

  const Prefix v6 = P("2001:db8::/32");
  EXPECT_TRUE(v6.contains(P("2001:db8:1::/48")));
  EXPECT_TRUE(v6.contains(P("2001:db8::1/128")));
  EXPECT_FALSE(v6.contains(P("2001:db9::/48")));
  EXPECT_FALSE(v6.contains(P("10.0.0.0/8")));
  EXPECT_TRUE(P("::/0").contains(v6));
  EXPECT_FALSE(P("::/0").contains(all4));

  const Prefix v6_33 = P("2001:db8:8000::/33");
  EXPECT_TRUE(v6_33.contains(P("2001:db8:ffff::/48")));
  EXPECT_FALSE(v6_33.contains(P("2001:db8:7fff::/48")));
}

TEST(PrefixTest, AppendPrefixAppends) {
  std::string s = "route ";
  append_prefix(s, P("2001:db8::/32"));
  s += ' ';
  append_prefix(s, P("0.0.0.0/0"));
  EXPECT_EQ(s, "route 2001:db8::/32 0.0.0.0/0");
}

TEST(PrefixTest, Ordering) {
  EXPECT_EQ(P("10.0.0.0/8"), P("10.0.0.0/8"));
  EXPECT_NE(P("10.0.0.0/8"), P("10.0.0.0/9"));
  EXPECT_LT(P("10.0.0.0/8"), P("10.0.0.0/9"));
  EXPECT_LT(P("10.0.0.0/9"), P("11.0.0.0/8"));
}

}  // namespace
}  // namespace vigil

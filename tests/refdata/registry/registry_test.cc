// Registry merging and lookups on small files written here.
#include "refdata/registry/registry.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace vigil::refdata {
namespace {

Registry build(const std::vector<std::pair<std::string, std::string>>& files) {
  RegistryBuilder b;
  for (const auto& [name, text] : files) {
    auto f = parse_rir_stats(text, name);
    EXPECT_TRUE(f.ok()) << f.error().to_string();
    EXPECT_TRUE(f->warnings.empty()) << f->warnings.kept()[0].to_string();
    b.add(std::move(*f));
  }
  return std::move(b).build();
}

Prefix P(const char* s) { return *Prefix::parse(s, /*allow_host_bits=*/true); }
IpAddr A(const char* s) { return *IpAddr::parse(s); }
CountryCode C(const char* s) { return CountryCode(s); }

// Record counts in the version lines match, so parsing gives no warnings.
const char* const kRipe =
    "2|ripencc|1404165599|16|19830705|20140630|+0200\n"
    "ripencc|*|asn|*|5|summary\n"
    "ripencc|EU|asn|3333|1|19940519|allocated\n"
    "ripencc|NL|asn|1000|3|19940519|allocated\n"
    "ripencc|NL|asn|1003|1|19940519|allocated\n"
    "ripencc|DE|asn|1010|5||allocated\n"
    "ripencc|NL|ipv4|193.0.0.0|4096|19930901|allocated\n"
    "ripencc|NL|ipv4|193.0.16.0|2048|19930901|allocated\n"
    "ripencc|NL|ipv4|193.0.24.0|2048|19930901|allocated\n"
    "ripencc|CH|ipv4|193.0.32.0|6144|19980108|assigned\n"
    "ripencc|DK|ipv4|193.0.56.0|1280|19980122|assigned\n"
    "ripencc|DE|ipv4|10.0.0.0|65536||allocated\n"
    "ripencc|FR|ipv4|10.0.5.0|256||assigned\n"
    "ripencc||ipv4|10.1.0.0|256||reserved\n"
    "ripencc|IE|ipv6|2001:67c::|48|20090507|assigned\n"
    "ripencc|NL|ipv6|2001:610::|32|19990101|allocated\n"
    "ripencc|ZZ|asn|64000|10||available\n"
    "ripencc||ipv6|2001:db8::|32||reserved\n";

const char* const kApnic =
    "2|apnic|20140701|3|19850701|20140630|+1000\n"
    "apnic|AU|asn|4608|1|19950530|allocated\n"
    "apnic|AU|ipv4|1.0.0.0|256|20110811|assigned\n"
    "apnic|JP|ipv6|2001:200::|35|19990813|allocated\n";

class RegistryLookups : public ::testing::Test {
 protected:
  Registry reg_ = build({{"ripe", kRipe}, {"apnic", kApnic}});
};

TEST_F(RegistryLookups, Asns) {
  const Delegation* d = reg_.lookup_asn(3333);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->cc, C("EU"));
  EXPECT_EQ(d->rir, Rir::kRipeNcc);
  EXPECT_EQ(reg_.source_of(*d).name, "ripe");
  EXPECT_EQ(d->line, 3u);
  EXPECT_EQ(reg_.lookup_asn(1001)->cc, C("NL"));
  EXPECT_EQ(reg_.lookup_asn(1003)->first_asn, 1003u);
  EXPECT_EQ(reg_.lookup_asn(1014)->cc, C("DE"));
  EXPECT_EQ(reg_.lookup_asn(4608)->rir, Rir::kApnic);
  EXPECT_EQ(reg_.lookup_asn(64005)->status, RecordStatus::kAvailable);
  EXPECT_EQ(reg_.lookup_asn(1004), nullptr);
  EXPECT_EQ(reg_.lookup_asn(1015), nullptr);
  EXPECT_EQ(reg_.lookup_asn(0), nullptr);
  EXPECT_EQ(reg_.lookup_asn(UINT32_MAX), nullptr);
  EXPECT_EQ(reg_.asn_range_count(), 6u);
}

TEST_F(RegistryLookups, Addresses) {
  EXPECT_EQ(reg_.lookup_address(A("193.0.10.1"))->cc, C("NL"));
  EXPECT_EQ(reg_.lookup_address(A("10.0.5.7"))->cc, C("FR"));  // the most specific
  EXPECT_EQ(reg_.lookup_address(A("10.0.6.1"))->cc, C("DE"));
  EXPECT_EQ(reg_.lookup_address(A("193.0.60.200"))->cc, C("DK"));  // second CIDR piece
  EXPECT_EQ(reg_.lookup_address(A("193.0.61.0")), nullptr);
  EXPECT_EQ(reg_.lookup_address(A("9.9.9.9")), nullptr);
  EXPECT_EQ(reg_.lookup_address(A("2001:67c::1"))->cc, C("IE"));
  EXPECT_EQ(reg_.lookup_address(A("2001:200:1::"))->rir, Rir::kApnic);
}

struct Expect {
  const char* prefix;
  Coverage coverage;
  const char* country;     // "" = no single country
  const char* delegation;  // the answer's record, "" = none
};

TEST_F(RegistryLookups, Prefixes) {
  const Expect cases[] = {
      {"193.0.0.0/21", Coverage::kSingle, "NL", "193.0.0.0"},
      {"193.0.0.0/20", Coverage::kSingle, "NL", "193.0.0.0"},
      {"193.0.0.5/21", Coverage::kSingle, "NL", "193.0.0.0"},  // host bits ignored
      // Three adjacent NL delegations: several, but one country.
      {"193.0.0.0/19", Coverage::kSeveral, "NL", "193.0.0.0"},
      {"193.0.0.0/18", Coverage::kSeveral, "", "193.0.0.0"},  // NL, CH, DK
      // CH is 193.0.32.0/20 + 193.0.48.0/21 (6144 addresses).
      {"193.0.32.0/20", Coverage::kSingle, "CH", "193.0.32.0"},
      {"193.0.48.0/21", Coverage::kSingle, "CH", "193.0.32.0"},
      {"193.0.40.0/22", Coverage::kSingle, "CH", "193.0.32.0"},
      {"193.0.32.0/19", Coverage::kSeveral, "", "193.0.32.0"},  // CH and DK
      // DK is 193.0.56.0/22 + 193.0.60.0/24: one delegation, part of the /21.
      {"193.0.56.0/21", Coverage::kPartial, "DK", "193.0.56.0"},
      // DE /16 with a FR /24 inside: the cover, and several.
      {"10.0.0.0/16", Coverage::kSeveral, "", "10.0.0.0"},
      {"10.0.0.0/15", Coverage::kSeveral, "", "10.0.0.0"},
      {"10.0.5.0/24", Coverage::kSingle, "FR", "10.0.5.0"},
      {"10.0.5.128/25", Coverage::kSingle, "FR", "10.0.5.0"},
      {"10.0.4.0/24", Coverage::kSingle, "DE", "10.0.0.0"},
      // Reserved space is answered, with no country.
      {"10.1.0.0/24", Coverage::kSingle, "", "10.1.0.0"},
      {"11.0.0.0/8", Coverage::kNone, "", ""},
      {"0.0.0.0/0", Coverage::kSeveral, "", "1.0.0.0"},
      {"2001:67c::/48", Coverage::kSingle, "IE", "2001:67c::"},
      {"2001:67c:0:1::/64", Coverage::kSingle, "IE", "2001:67c::"},
      {"2001:200::/32", Coverage::kPartial, "JP", "2001:200::"},
      {"2001:db8::/48", Coverage::kSingle, "", "2001:db8::"},
      {"2001::/16", Coverage::kSeveral, "", "2001:200::"},
      {"2002::/16", Coverage::kNone, "", ""},
  };
  for (const Expect& e : cases) {
    SCOPED_TRACE(e.prefix);
    const PrefixAnswer a = reg_.lookup_prefix(P(e.prefix));
    EXPECT_EQ(coverage_name(a.coverage), coverage_name(e.coverage));
    EXPECT_EQ(a.country ? a.country->to_string() : "", e.country);
    if (*e.delegation == '\0') {
      EXPECT_EQ(a.delegation, nullptr);
    } else {
      ASSERT_NE(a.delegation, nullptr);
      EXPECT_EQ(a.delegation->start, A(e.delegation));
    }
  }
  EXPECT_EQ(reg_.lookup_prefix(P("193.0.0.0/19")).rir, Rir::kRipeNcc);
  EXPECT_FALSE(reg_.lookup_prefix(P("0.0.0.0/0")).rir.has_value());  // APNIC and RIPE NCC
  EXPECT_EQ(reg_.lookup_prefix(P("2001:200::/32")).rir, Rir::kApnic);
}

TEST_F(RegistryLookups, DelegationsOverlapping) {
  auto starts = [&](const char* p, size_t limit = SIZE_MAX) {
    std::string s;
    for (const Delegation* d : reg_.delegations_overlapping(P(p), limit)) {
      s += (s.empty() ? "" : " ") + d->to_string();
    }
    return s;
  };
  EXPECT_EQ(starts("10.0.5.0/24"),
            "ripencc|DE|ipv4|10.0.0.0|65536||allocated ripencc|FR|ipv4|10.0.5.0|256||assigned");
  EXPECT_EQ(starts("10.0.0.0/8"),
            "ripencc|DE|ipv4|10.0.0.0|65536||allocated ripencc|FR|ipv4|10.0.5.0|256||assigned "
            "ripencc||ipv4|10.1.0.0|256||reserved");
  EXPECT_EQ(starts("10.0.0.0/8", 1), "ripencc|DE|ipv4|10.0.0.0|65536||allocated");
  // Two CIDR pieces of one record are one delegation.
  EXPECT_EQ(starts("193.0.56.0/21"), "ripencc|DK|ipv4|193.0.56.0|1280|19980122|assigned");
  EXPECT_EQ(starts("11.0.0.0/8"), "");
}

TEST_F(RegistryLookups, Countries) {
  std::string list;
  for (const CountryCode& c : reg_.countries()) list += c.to_string() + " ";
  // No empty, "ZZ", available or reserved entries; EU is kept (regional).
  EXPECT_EQ(list, "AU CH DE DK EU FR IE JP NL ");
  EXPECT_EQ(reg_.country(C("US")), nullptr);
  EXPECT_EQ(reg_.country(CountryCode()), nullptr);

  const CountryResources* nl = reg_.country(C("NL"));
  ASSERT_NE(nl, nullptr);
  ASSERT_EQ(nl->asns.size(), 1u);  // 1000-1002 and 1003 merged
  EXPECT_EQ(nl->asns[0], (AsnRange{1000, 1003}));
  EXPECT_EQ(nl->asn_count, 4u);
  ASSERT_EQ(nl->ipv4.size(), 3u);
  EXPECT_EQ(nl->ipv4[1], P("193.0.16.0/21"));
  EXPECT_EQ(nl->ipv4_addresses, 8192u);
  EXPECT_DOUBLE_EQ(nl->ipv4_slash24s(), 32.0);
  ASSERT_EQ(nl->ipv6.size(), 1u);
  EXPECT_DOUBLE_EQ(nl->ipv6_slash48s, 65536.0);

  // The FR /24 inside the DE /16 counts for FR only.
  EXPECT_EQ(reg_.country(C("DE"))->ipv4_addresses, 65536u - 256u);
  EXPECT_EQ(reg_.country(C("DE"))->ipv4.size(), 1u);
  EXPECT_EQ(reg_.country(C("FR"))->ipv4_addresses, 256u);
  EXPECT_EQ(reg_.country(C("CH"))->ipv4.size(), 2u);
  EXPECT_DOUBLE_EQ(reg_.country(C("CH"))->ipv4_slash24s(), 24.0);
  EXPECT_EQ(reg_.country(C("DK"))->ipv4_addresses, 1280u);
  EXPECT_DOUBLE_EQ(reg_.country(C("IE"))->ipv6_slash48s, 1.0);
  EXPECT_DOUBLE_EQ(reg_.country(C("JP"))->ipv6_slash48s, 8192.0);
  EXPECT_EQ(reg_.country(C("EU"))->asns, (std::vector<AsnRange>{{3333, 3333}}));
  EXPECT_EQ(reg_.all_countries().size(), 9u);
}

TEST_F(RegistryLookups, SourcesAndCounts) {
  ASSERT_EQ(reg_.sources().size(), 2u);
  EXPECT_EQ(reg_.sources()[0].rir, Rir::kRipeNcc);
  EXPECT_EQ(reg_.sources()[0].records, 16u);
  EXPECT_FALSE(reg_.sources()[0].superseded);
  EXPECT_EQ(reg_.delegation_count(), 19u);
  EXPECT_EQ(reg_.prefix_count(), 15u);  // CH and DK are two pieces each
  EXPECT_TRUE(reg_.warnings().empty());
  EXPECT_EQ(reg_.lookup_asn(3333)->to_string(), "ripencc|EU|asn|3333|1|19940519|allocated");
}

TEST(Registry, NewerSnapshotOfTheSameRirReplacesTheOlder) {
  const std::string old_lacnic =
      "2|lacnic|20140629|3|19870101|20140627|-0300\n"
      "lacnic|BR|asn|7738|1|19991116|allocated\n"
      "lacnic|AR|ipv4|24.232.0.0|65536|19970602|allocated\n"
      "lacnic|BR|ipv4|200.160.0.0|4096|20011016|assigned\n";
  const std::string new_lacnic =
      "2.3|lacnic|20230323|3|19870101|20230322|-0300\n"
      "lacnic|BR|asn|7738|1|19991116|allocated|124194\n"
      "lacnic||ipv4|24.232.0.0|65536||available\n"
      "lacnic|UY|ipv4|45.160.0.0|2097152|20140522|allocated|1\n";
  for (const bool new_first : {true, false}) {
    SCOPED_TRACE(new_first ? "new added first" : "old added first");
    const Registry reg = new_first ? build({{"new", new_lacnic}, {"old", old_lacnic}})
                                   : build({{"old", old_lacnic}, {"new", new_lacnic}});
    ASSERT_EQ(reg.sources().size(), 2u);
    for (const RegistrySource& s : reg.sources()) EXPECT_EQ(s.superseded, s.name == "old");
    EXPECT_EQ(reg.delegation_count(), 3u);
    EXPECT_EQ(reg.lookup_prefix(P("200.160.0.0/20")).coverage, Coverage::kNone);
    const PrefixAnswer returned = reg.lookup_prefix(P("24.232.0.0/16"));
    EXPECT_EQ(returned.coverage, Coverage::kSingle);
    EXPECT_EQ(returned.delegation->status, RecordStatus::kAvailable);
    EXPECT_FALSE(returned.country.has_value());
    EXPECT_EQ(reg.opaque_id(*reg.lookup_asn(7738)), "124194");
    EXPECT_EQ(reg.countries(), (std::vector<CountryCode>{C("BR"), C("UY")}));
  }
}

TEST(Registry, SameEndDateTheFileAddedLastWins) {
  const std::string a = "2|apnic|1|1|0|20140630|+1000\napnic|AU|asn|1|1||allocated\n";
  const std::string b = "2.3|apnic|1|1|0|20140630|+1000\napnic|NZ|asn|1|1||allocated|x\n";
  auto header_warnings_ok = [](const std::string& text) {
    auto f = parse_rir_stats(text, "x");
    return f.ok() ? f->warnings.total() : 99;
  };
  ASSERT_EQ(header_warnings_ok(a), 1u);  // start date "0"
  RegistryBuilder builder;
  builder.add(*parse_rir_stats(a, "a"));
  builder.add(*parse_rir_stats(b, "b"));
  const Registry reg = std::move(builder).build();
  EXPECT_EQ(reg.lookup_asn(1)->cc, C("NZ"));
  EXPECT_TRUE(reg.sources()[0].superseded);
  EXPECT_TRUE(reg.sources()[1].extended);
}

TEST(Registry, OverlapsAcrossRirsKeepTheNewerFile) {
  const std::string ripe =
      "2|ripencc|1|4|19830705|20140630|+0200\n"
      "ripencc|NL|ipv4|192.0.2.0|256|19930901|allocated\n"
      "ripencc|NL|asn|100|10|19940519|allocated\n"
      "ripencc|NL|asn|106|2|19940519|allocated\n"  // all inside the newer 105-114
      "ripencc|NL|asn|200|1|19940519|allocated\n";
  const std::string afrinic =
      "2|afrinic|20230323|3|00000000|20230323|00000\n"
      "afrinic|ZA|ipv4|192.0.2.0|256|20100101|allocated|F1\n"
      "afrinic|ZA|asn|105|10|20100101|allocated|F1\n"
      "afrinic|ZA|asn|199|3|20100101|allocated|F2\n";
  const Registry reg = build({{"afrinic", afrinic}, {"ripe", ripe}});
  EXPECT_EQ(reg.lookup_prefix(P("192.0.2.0/24")).country, C("ZA"));
  EXPECT_EQ(reg.lookup_asn(100)->cc, C("NL"));
  EXPECT_EQ(reg.lookup_asn(104)->cc, C("NL"));
  EXPECT_EQ(reg.lookup_asn(105)->cc, C("ZA"));
  EXPECT_EQ(reg.lookup_asn(106)->cc, C("ZA"));
  EXPECT_EQ(reg.lookup_asn(109)->cc, C("ZA"));
  EXPECT_EQ(reg.lookup_asn(114)->cc, C("ZA"));
  EXPECT_EQ(reg.lookup_asn(115), nullptr);
  EXPECT_EQ(reg.lookup_asn(200)->cc, C("ZA"));
  EXPECT_EQ(reg.country(C("NL"))->asns, (std::vector<AsnRange>{{100, 104}}));
  EXPECT_EQ(reg.country(C("ZA"))->asns, (std::vector<AsnRange>{{105, 114}, {199, 201}}));
  EXPECT_EQ(reg.country(C("NL"))->ipv4_addresses, 0u);
  EXPECT_EQ(reg.country(C("NL"))->ipv4.size(), 0u);
  // The /24, the 100-109 range, the 106-107 range, AS200.
  ASSERT_EQ(reg.warnings().total(), 4u);
  EXPECT_EQ(
      reg.warnings().kept()[0].to_string(),
      "ripe:2: 192.0.2.0/24 is also in afrinic:2, which is used (newer file, or earlier line)");
  // Opaque ids are interned.
  EXPECT_EQ(reg.opaque_id(*reg.lookup_asn(105)), "F1");
  EXPECT_EQ(reg.lookup_asn(105)->opaque_id, reg.lookup_address(A("192.0.2.1"))->opaque_id);
  EXPECT_EQ(reg.opaque_id(*reg.lookup_asn(100)), "");
}

TEST(Registry, EmptyRegistryAnswersNothing) {
  const Registry empty;
  EXPECT_EQ(empty.lookup_asn(3333), nullptr);
  EXPECT_EQ(empty.lookup_address(A("193.0.0.1")), nullptr);
  EXPECT_EQ(empty.lookup_prefix(P("0.0.0.0/0")).coverage, Coverage::kNone);
  EXPECT_TRUE(empty.countries().empty());
  const Registry built = RegistryBuilder().build();
  EXPECT_EQ(built.delegation_count(), 0u);
  EXPECT_TRUE(built.sources().empty());
}

TEST(Registry, MovingKeepsPointersValid) {
  Registry reg = build({{"apnic", kApnic}});
  const Delegation* d = reg.lookup_asn(4608);
  const CountryResources* au = reg.country(C("AU"));
  const Registry moved = std::move(reg);
  EXPECT_EQ(moved.lookup_asn(4608), d);
  EXPECT_EQ(moved.country(C("AU")), au);
}

}  // namespace
}  // namespace vigil::refdata

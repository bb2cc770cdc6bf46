#include "refdata/registry/rir_stats.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "support/text_damage.h"

namespace vigil::refdata {
namespace {

RirStatsFile parse_ok(std::string_view text, std::string_view source = "test") {
  auto r = parse_rir_stats(text, source);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  if (!r.ok()) return {};
  return std::move(*r);
}

std::string warnings_of(const RirStatsFile& f) {
  std::string s;
  for (const LineWarning& w : f.warnings.kept()) s += w.to_string() + "\n";
  return s;
}

constexpr std::string_view kRipe =
    "2|ripencc|1404165599|4|19830705|20140630|+0200\n"
    "ripencc|*|ipv4|*|2|summary\n"
    "ripencc|*|asn|*|1|summary\n"
    "ripencc|*|ipv6|*|1|summary\n"
    "ripencc|EU|asn|3333|1|19940519|allocated\n"
    "ripencc|NL|ipv4|193.0.0.0|4096|19930901|allocated\n"
    "ripencc|CH|ipv4|193.0.32.0|6144|19980108|assigned\n"
    "ripencc|IE|ipv6|2001:67c::|48|20090507|assigned\n";

TEST(RirStats, VersionSummaryAndRecords) {
  const RirStatsFile f = parse_ok(kRipe, "delegated-ripencc-latest");
  EXPECT_TRUE(f.warnings.empty()) << warnings_of(f);
  EXPECT_EQ(f.source, "delegated-ripencc-latest");
  EXPECT_EQ(f.header.version, "2");
  EXPECT_EQ(f.header.registry, Rir::kRipeNcc);
  EXPECT_EQ(f.header.serial, "1404165599");
  EXPECT_EQ(f.header.records, 4u);
  EXPECT_EQ(f.header.start_date, 19830705u);
  EXPECT_EQ(f.header.end_date, 20140630u);
  EXPECT_EQ(f.header.utc_offset, "+0200");
  EXPECT_EQ(f.header.line, 1u);
  ASSERT_EQ(f.summaries.size(), 3u);
  EXPECT_EQ(f.summaries[1].type, ResourceType::kAsn);
  EXPECT_EQ(f.summaries[1].count, 1u);
  EXPECT_FALSE(f.extended);
  ASSERT_EQ(f.records.size(), 4u);

  const RirRecord& asn = f.records[0];
  EXPECT_EQ(asn.registry, Rir::kRipeNcc);
  EXPECT_EQ(asn.cc, CountryCode("EU"));
  EXPECT_TRUE(asn.cc.is_regional());
  EXPECT_EQ(asn.type, ResourceType::kAsn);
  EXPECT_EQ(asn.first_asn, 3333u);
  EXPECT_EQ(asn.value, 1u);
  EXPECT_EQ(asn.last_asn(), 3333u);
  EXPECT_EQ(asn.date, 19940519u);
  EXPECT_EQ(asn.status, RecordStatus::kAllocated);
  EXPECT_EQ(asn.line, 5u);

  const RirRecord& ch = f.records[2];
  EXPECT_EQ(ch.type, ResourceType::kIpv4);
  EXPECT_EQ(ch.start, *IpAddr::parse("193.0.32.0"));
  EXPECT_EQ(ch.value, 6144u);  // not a power of two: kept as the file says
  EXPECT_EQ(ch.status, RecordStatus::kAssigned);

  const RirRecord& v6 = f.records[3];
  EXPECT_EQ(v6.type, ResourceType::kIpv6);
  EXPECT_EQ(v6.start, *IpAddr::parse("2001:67c::"));
  EXPECT_EQ(v6.value, 48u);
  EXPECT_EQ(f.count(ResourceType::kIpv4), 2u);
}

TEST(RirStats, ApnicCommentBlockBlankLinesAndCrlf) {
  const std::string text =
      "######################\r\n"
      "#\r\n"
      "# \tCONDITIONS OF USE\r\n"
      "\r\n"
      "2|apnic|20140701|2|19850701|20140630|+1000\r\n"
      "apnic|*|asn|*|1|summary\r\n"
      "# a comment between records\r\n"
      "apnic|AU|asn|4608|1|19950530|allocated\r\n"
      "   \r\n"
      "apnic|AU|ipv4|1.0.0.0|256|20110811|assigned";  // no final newline
  const RirStatsFile f = parse_ok(text);
  EXPECT_TRUE(f.warnings.empty()) << warnings_of(f);
  EXPECT_EQ(f.header.registry, Rir::kApnic);
  EXPECT_EQ(f.header.line, 5u);
  ASSERT_EQ(f.records.size(), 2u);
  EXPECT_EQ(f.records[1].status, RecordStatus::kAssigned);  // no '\r' left in the status
  EXPECT_EQ(f.records[1].line, 10u);
}

TEST(RirStats, ExtendedLacnicAndAfrinicQuirks) {
  // LACNIC 2.3: opaque-id, but "available" lines have no opaque-id field and
  // free space has an empty cc and an empty date; AFRINIC writes ZZ and a
  // trailing empty opaque-id.
  const std::string text =
      "2.3|lacnic|20230323|5|19870101|20230322|-0300\n"
      "lacnic|*|ipv4|*|3|summary\n"
      "lacnic|*|ipv6|*|1|summary\n"
      "lacnic|*|asn|*|1|summary\n"
      "lacnic|BR|ipv4|24.152.0.0|1024|20200310|allocated|310248\n"
      "lacnic||ipv4|177.39.96.0|1024||available\n"
      "lacnic||ipv4|24.152.20.0|1024||reserved|\n"
      "lacnic||ipv6|2001:1201:20::|43||available\n"
      "afrinic|ZZ|asn|5536|1||available|\n";
  const RirStatsFile f = parse_ok(text);
  EXPECT_TRUE(f.warnings.empty()) << warnings_of(f);
  EXPECT_EQ(f.header.version, "2.3");
  EXPECT_TRUE(f.extended);
  ASSERT_EQ(f.records.size(), 5u);
  EXPECT_EQ(f.records[0].opaque_id, "310248");
  EXPECT_EQ(f.records[1].status, RecordStatus::kAvailable);
  EXPECT_TRUE(f.records[1].cc.empty());
  EXPECT_EQ(f.records[1].date, 0u);
  EXPECT_EQ(f.records[1].opaque_id, "");
  EXPECT_EQ(f.records[2].status, RecordStatus::kReserved);
  EXPECT_EQ(f.records[3].value, 43u);
  EXPECT_EQ(f.records[4].registry, Rir::kAfrinic);
  EXPECT_TRUE(f.records[4].cc.is_unknown());
}

TEST(RirStats, ZeroDatesAndHeaderZeros) {
  const RirStatsFile f = parse_ok(
      "2|afrinic|20140630|1|00000000|20140630|00000\n"
      "afrinic|ZA|asn|1228|4|00000000|allocated\n");
  EXPECT_TRUE(f.warnings.empty()) << warnings_of(f);
  EXPECT_EQ(f.header.start_date, 0u);
  ASSERT_EQ(f.records.size(), 1u);
  EXPECT_EQ(f.records[0].date, 0u);
  EXPECT_EQ(f.records[0].last_asn(), 1231u);
}

TEST(RirStats, CaseInsensitiveKeywordsAndFieldsBeyondTheOpaqueId) {
  const RirStatsFile f = parse_ok(
      "2|ARIN|20230323|1|19700101|20230322|-0400\n"
      "ARIN|us|ASN|7|1|19880101|ASSIGNED|abc|future|fields\n");
  EXPECT_TRUE(f.warnings.empty()) << warnings_of(f);
  EXPECT_EQ(f.header.registry, Rir::kArin);
  ASSERT_EQ(f.records.size(), 1u);
  EXPECT_EQ(f.records[0].cc, CountryCode("US"));
  EXPECT_EQ(f.records[0].status, RecordStatus::kAssigned);
  EXPECT_EQ(f.records[0].opaque_id, "abc");
}

TEST(RirStats, ImpossibleDateKeepsTheRecordWithAWarning) {
  const RirStatsFile f = parse_ok(
      "2|ripencc|1|1|0|20140630|+0200\n"
      "ripencc|NL|asn|3333|1|20141399|allocated\n");
  ASSERT_EQ(f.records.size(), 1u);
  EXPECT_EQ(f.records[0].date, 0u);
  // One for the record date, one for the header start date "0".
  ASSERT_EQ(f.warnings.total(), 2u) << warnings_of(f);
  EXPECT_EQ(f.warnings.kept()[0].line, 1u);
  EXPECT_EQ(f.warnings.kept()[1].to_string(),
            "test:2: date '20141399' is not YYYYMMDD; kept as unknown");
}

struct BadLine {
  const char* line;
  const char* message;  // expected part of the warning
};

class RirStatsBadLine : public ::testing::TestWithParam<BadLine> {};

// Each damaged record line is reported with its line number and skipped;
// the good records around it are kept.
TEST_P(RirStatsBadLine, IsReportedAndSkipped) {
  const std::string text = std::string("2|ripencc|1|3|19830705|20140630|+0200\n") +
                           "ripencc|NL|asn|3333|1|19940519|allocated\n" + GetParam().line +
                           "\nripencc|NL|asn|3334|1|19940519|allocated\n";
  const RirStatsFile f = parse_ok(text, "d.txt");
  ASSERT_EQ(f.records.size(), 2u);
  EXPECT_EQ(f.records[1].first_asn, 3334u);
  ASSERT_GE(f.warnings.total(), 1u);
  const LineWarning& w = f.warnings.kept()[0];
  EXPECT_EQ(w.source, "d.txt");
  EXPECT_EQ(w.line, 3u);
  EXPECT_NE(w.message.find(GetParam().message), std::string::npos) << w.to_string();
}

INSTANTIATE_TEST_SUITE_P(
    Lines, RirStatsBadLine,
    ::testing::Values(
        BadLine{"ripencc|NL|asn|3335|1|19940519", "has 6 fields"},
        BadLine{"garbage", "has 1 fields"},
        BadLine{"bogusnic|NL|asn|1|1|19940519|allocated", "unknown registry 'bogusnic'"},
        BadLine{"ripencc|N1|asn|1|1|19940519|allocated", "country code 'N1'"},
        BadLine{"ripencc|NLD|asn|1|1|19940519|allocated", "country code 'NLD'"},
        BadLine{"ripencc|NL|as|1|1|19940519|allocated", "unknown resource type 'as'"},
        BadLine{"ripencc|NL|asn|1|1|19940519|delegated", "unknown status 'delegated'"},
        BadLine{"ripencc|NL|asn|AS1|1|19940519|allocated", "asn start 'AS1'"},
        BadLine{"ripencc|NL|asn|4294967296|1|19940519|allocated", "asn start"},
        BadLine{"ripencc|NL|asn|1|0|19940519|allocated", "asn count '0'"},
        BadLine{"ripencc|NL|asn|4294967295|2|19940519|allocated", "asn count '2'"},
        BadLine{"ripencc|NL|ipv4|193.0.0|256|19940519|allocated", "ipv4 start '193.0.0'"},
        BadLine{"ripencc|NL|ipv4|2001:db8::|256|19940519|allocated", "not an IPv4 address"},
        BadLine{"ripencc|NL|ipv4|193.0.0.0|0|19940519|allocated", "ipv4 value '0'"},
        BadLine{"ripencc|NL|ipv4|255.255.255.0|257|19940519|allocated", "ipv4 value '257'"},
        BadLine{"ripencc|NL|ipv4|193.0.0.0|-1|19940519|allocated", "ipv4 value '-1'"},
        BadLine{"ripencc|NL|ipv6|193.0.0.0|32|19940519|allocated", "not an IPv6 address"},
        BadLine{"ripencc|NL|ipv6|2001:db8::|129|19940519|allocated", "ipv6 value '129'"},
        BadLine{"ripencc|NL|ipv6|2001:db8::1|32|19940519|allocated", "host bits set"},
        BadLine{"ripencc|*|asn|*|x|summary", "summary line: bad type 'asn' or count 'x'"},
        BadLine{"ripencc|*|asn|*|1", "malformed summary line"},
        BadLine{"2|ripencc|1|3|19830705|20140630|+0200", "a second version line"}));

TEST(RirStats, DeclaredCountsAreCheckedAgainstWhatWasRead) {
  const RirStatsFile f = parse_ok(
      "2|ripencc|1|3|19830705|20140630|+0200\n"
      "ripencc|*|asn|*|2|summary\n"
      "ripencc|*|ipv4|*|0|summary\n"
      "ripencc|NL|asn|3333|1|19940519|allocated\n");
  ASSERT_EQ(f.warnings.total(), 2u) << warnings_of(f);
  EXPECT_EQ(f.warnings.kept()[0].to_string(), "test:1: version line declares 3 records, read 1");
  EXPECT_EQ(f.warnings.kept()[1].to_string(), "test:2: summary declares 2 asn records, read 1");
}

TEST(RirStats, UnreadableRecordCountIsOneWarning) {
  const RirStatsFile f =
      parse_ok("2|ripencc|1|many|19830705|20140630|+0200\nripencc|NL|asn|3333|1||allocated\n");
  ASSERT_EQ(f.warnings.total(), 1u) << warnings_of(f);
  EXPECT_EQ(f.warnings.kept()[0].message, "version line: record count 'many' is not a number");
}

TEST(RirStats, ShortVersionLineIsAWarning) {
  const RirStatsFile f = parse_ok("2|lacnic|20140629\nlacnic|AR|asn|7|1|19970602|allocated\n");
  EXPECT_EQ(f.header.registry, Rir::kLacnic);
  EXPECT_EQ(f.records.size(), 1u);
  EXPECT_NE(warnings_of(f).find("version line has 3 fields, expected 7"), std::string::npos);
}

TEST(RirStats, ErrorsNameSourceLineAndWhat) {
  {
    const auto r = parse_rir_stats("# only\n\nripencc|NL|asn|3333|1|19940519|allocated\n", "x");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
    EXPECT_EQ(r.error().offset, 8u);
    EXPECT_EQ(r.error().message.rfind("x:3: expected the version line", 0), 0u)
        << r.error().message;
  }
  {
    const auto r = parse_rir_stats("# nothing but comments\n", "empty");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "empty: no version line (not an RIR statistics file?)");
  }
  EXPECT_FALSE(parse_rir_stats("", "e").ok());
  EXPECT_FALSE(parse_rir_stats("<html><body>404</body></html>\n", "e").ok());
  {
    const auto r = parse_rir_stats("3|ripencc|1|0|0|0|0\n", "v3");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
    EXPECT_EQ(r.error().message, "v3:1: format version '3' (only 2 and 2.x are known)");
  }
  {
    const auto r = parse_rir_stats("2|nonic|1|0|0|0|0\n", "n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "n:1: unknown registry 'nonic'");
  }
}

TEST(RirStats, WarningsAreCappedButCounted) {
  std::string text = "2|ripencc|1|0|19830705|20140630|+0200\n";
  for (int i = 0; i < 5000; ++i) text += "junk\n";
  const RirStatsFile f = parse_ok(text);
  EXPECT_EQ(f.warnings.total(), 5000u);
  EXPECT_EQ(f.warnings.kept().size(), WarningList::kDefaultCap);
}

// Random damage (bytes replaced, inserted, deleted; separators and digits
// favoured) must never crash, and whatever is kept must be valid.
TEST(RirStats, RandomDamageNeverCrashesAndKeepsOnlyValidRecords) {
  const std::string base = std::string(kRipe) +
                           "lacnic|BR|ipv4|24.152.0.0|1024|20200310|allocated|310248\n"
                           "lacnic||ipv6|2001:1201:20::|43||available\n";
  constexpr std::string_view kAlphabet = "|||0123456789.:*#\n\r -aZz";
  std::mt19937 rng(42);
  size_t parsed = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string t = test::damage_text(base, rng, kAlphabet, 8);
    const auto r = parse_rir_stats(t, "fuzz");
    if (!r.ok()) continue;
    ++parsed;
    for (const RirRecord& rec : r->records) {
      switch (rec.type) {
        case ResourceType::kAsn:
          ASSERT_GE(rec.value, 1u);
          ASSERT_LE(uint64_t{rec.first_asn} + rec.value - 1, UINT32_MAX);
          break;
        case ResourceType::kIpv4:
          ASSERT_TRUE(rec.start.is_v4());
          ASSERT_GE(rec.value, 1u);
          ASSERT_LE(rec.start.v4_host_order() + rec.value, uint64_t{1} << 32);
          break;
        case ResourceType::kIpv6:
          ASSERT_FALSE(rec.start.is_v4());
          ASSERT_LE(rec.value, 128u);
          break;
      }
    }
  }
  EXPECT_GT(parsed, 1000u);
}

}  // namespace
}  // namespace vigil::refdata

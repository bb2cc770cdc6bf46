#include "refdata/asrel/caida_as_rel.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "support/text_damage.h"

namespace vigil::refdata {
namespace {

std::string warnings_of(const AsRelFileInfo& info) {
  std::string s;
  for (const LineWarning& w : info.warnings.kept()) s += w.to_string() + "\n";
  return s;
}

// Shaped like CAIDA's 20230301.as-rel.txt (serial-1), with made-up links.
constexpr std::string_view kSerial1 =
    "# source:topology|BGP|20230301|routeviews|route-views2\n"
    "# source:topology|BGP|20230301|ris|rrc00\n"
    "# input clique: 174 209 286 701 1239 1299 2828 2914 3257 3320 3356\n"
    "# IXP ASes: 1200 4635 5507 6695 7606\n"
    "1|11537|0\n"
    "1|9931|-1\n"
    "174|3356|0\n"
    "3356|64500|-1\r\n"
    "174|64500|-1\n";

TEST(CaidaAsRel, Serial1) {
  auto f = parse_as_rel(kSerial1, "20230301.as-rel.txt");
  ASSERT_TRUE(f.ok()) << f.error().to_string();
  EXPECT_TRUE(f->info.warnings.empty()) << warnings_of(f->info);
  EXPECT_EQ(f->info.format, AsRelFormat::kSerial1);
  EXPECT_EQ(f->info.links, 5u);
  EXPECT_TRUE(f->info.by_source.empty());
  const AsRelationships& r = f->relationships;
  EXPECT_EQ(r.relationship(1, 11537), AsRel::kPeer);
  EXPECT_EQ(r.relationship(1, 9931), AsRel::kProviderOf);
  EXPECT_EQ(r.relationship(9931, 1), AsRel::kCustomerOf);
  EXPECT_EQ(r.relationship(64500, 3356), AsRel::kCustomerOf);
  EXPECT_EQ(r.providers(64500).size(), 2u);
  EXPECT_EQ(r.link_count(), 5u);
}

TEST(CaidaAsRel, Serial2WithSources) {
  const std::string text =
      "# serial-2\n"
      "1|11537|0|bgp\n"
      "1|9931|-1|bgp\n"
      "2|5511|0|mlp\n";
  auto f = parse_as_rel(text, "20230301.as-rel2.txt");
  ASSERT_TRUE(f.ok()) << f.error().to_string();
  EXPECT_TRUE(f->info.warnings.empty()) << warnings_of(f->info);
  EXPECT_EQ(f->info.format, AsRelFormat::kSerial2);
  EXPECT_EQ(f->info.by_source.at("bgp"), 2u);
  EXPECT_EQ(f->info.by_source.at("mlp"), 1u);
  EXPECT_EQ(f->relationships.relationship(5511, 2), AsRel::kPeer);
}

TEST(CaidaAsRel, SiblingsAreAVigilExtension) {
  auto f = parse_as_rel("701|702|1\n", "s");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->relationships.relationship(702, 701), AsRel::kSibling);
}

struct BadLine {
  const char* line;
  const char* message;
  size_t links = 2;  // 3 when the line is read despite the warning
};

class CaidaAsRelBadLine : public ::testing::TestWithParam<BadLine> {};

TEST_P(CaidaAsRelBadLine, IsReportedAndSkipped) {
  const std::string text = std::string("1|2|-1\n") + GetParam().line + "\n3|4|0\n";
  auto f = parse_as_rel(text, "rel.txt");
  ASSERT_TRUE(f.ok()) << f.error().to_string();
  EXPECT_EQ(f->info.links, GetParam().links);
  ASSERT_EQ(f->info.warnings.total(), 1u);
  const LineWarning& w = f->info.warnings.kept()[0];
  EXPECT_EQ(w.line, 2u);
  EXPECT_NE(w.message.find(GetParam().message), std::string::npos) << w.to_string();
}

INSTANTIATE_TEST_SUITE_P(
    Lines, CaidaAsRelBadLine,
    ::testing::Values(BadLine{"5|6", "has 2 fields"}, BadLine{"5|6|0|bgp|x", "has 5 fields"},
                      BadLine{"5 6 -1", "has 1 fields"}, BadLine{"AS5|6|0", "AS 'AS5'"},
                      BadLine{"5|4294967296|0", "AS '4294967296'"},
                      BadLine{"5|6|2", "relationship '2'"}, BadLine{"5|6|-2", "relationship '-2'"},
                      BadLine{"5|6|x", "relationship 'x'"}, BadLine{"5|6||bgp", "relationship ''"},
                      BadLine{"5|6|0|", "empty source field"},
                      BadLine{"5|5|0", "AS 5 linked to itself"},
                      BadLine{"2|1|-1", "was given before with another relationship", 3},
                      BadLine{"7|8|0|bgp", "mixes serial-1 and serial-2", 3}));

TEST(CaidaAsRel, RepeatedIdenticalLineIsQuiet) {
  auto f = parse_as_rel("1|2|-1\n1|2|-1\n", "r");
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->info.warnings.empty());
  EXPECT_EQ(f->relationships.link_count(), 1u);
}

TEST(CaidaAsRel, NothingReadableIsAnError) {
  const auto r = parse_as_rel("# header\n<html>\n1,2,-1\n", "page.html");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(r.error().message,
            "no AS-relationship line could be read (page.html:2: has 1 fields, expected "
            "'as1|as2|rel' or 'as1|as2|rel|source')");
  EXPECT_EQ(r.error().offset, 9u);
}

TEST(CaidaAsRel, EmptyOrCommentsOnlyIsAnEmptyStore) {
  for (const char* text : {"", "# nothing\n#\n\n"}) {
    auto f = parse_as_rel(text, "e");
    ASSERT_TRUE(f.ok());
    EXPECT_EQ(f->info.format, AsRelFormat::kNone);
    EXPECT_EQ(f->relationships.link_count(), 0u);
  }
}

TEST(CaidaAsRel, SeveralFilesIntoOneBuilderLaterWins) {
  AsRelationshipsBuilder b;
  auto first = read_as_rel("1|2|-1\n3|4|0\n", "old", b);
  auto second = read_as_rel("1|2|0\n5|6|-1|bgp\n", "new", b);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->format, AsRelFormat::kSerial1);
  EXPECT_EQ(second->warnings.total(), 2u);  // 1|2 replaced; serial-2 line in a serial-1 file
  const AsRelationships r = std::move(b).build();
  EXPECT_EQ(r.relationship(1, 2), AsRel::kPeer);
  EXPECT_EQ(r.relationship(5, 6), AsRel::kProviderOf);
  EXPECT_EQ(r.link_count(), 3u);
}

TEST(CaidaAsRel, WriteThenReadGivesTheSameStore) {
  auto f = parse_as_rel(std::string(kSerial1) + "701|702|1\n", "in");
  ASSERT_TRUE(f.ok());
  const std::string out =
      format_as_rel_serial1(f->relationships, "vigil test\n1 = siblings (vigil extension)");
  EXPECT_EQ(out,
            "# vigil test\n"
            "# 1 = siblings (vigil extension)\n"
            "1|9931|-1\n"
            "1|11537|0\n"
            "174|3356|0\n"
            "174|64500|-1\n"
            "701|702|1\n"
            "3356|64500|-1\n");
  auto back = parse_as_rel(out, "out");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->relationships.links(), f->relationships.links());
}

TEST(CaidaAsRel, RandomDamageNeverCrashes) {
  const std::string base = std::string(kSerial1) + "1|11537|0|bgp\n4294967295|7|-1\n";
  constexpr std::string_view kAlphabet = "||-0123456789#\n\r ";
  std::mt19937 rng(3);
  for (int i = 0; i < 3000; ++i) {
    const std::string t = test::damage_text(base, rng, kAlphabet, 6);
    const auto r = parse_as_rel(t, "fuzz");
    if (!r.ok()) continue;
    for (const AsLink& l : r->relationships.links()) ASSERT_NE(l.a, l.b);
  }
}

}  // namespace
}  // namespace vigil::refdata

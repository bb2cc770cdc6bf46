#include "refdata/registry/text_lines.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace vigil::refdata {
namespace {

std::vector<TextLine> all_lines(std::string_view text) {
  std::vector<TextLine> out;
  LineCursor c(text);
  TextLine l;
  while (c.next(l)) out.push_back(l);
  return out;
}

TEST(LineCursor, NumbersOffsetsAndTerminators) {
  const auto lines = all_lines("a|b\r\n\nlast \t");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].text, "a|b");
  EXPECT_EQ(lines[0].number, 1u);
  EXPECT_EQ(lines[0].offset, 0u);
  EXPECT_EQ(lines[1].text, "");
  EXPECT_EQ(lines[1].offset, 5u);
  EXPECT_EQ(lines[2].text, "last");  // trailing blanks dropped, no final newline
  EXPECT_EQ(lines[2].number, 3u);
  EXPECT_EQ(lines[2].offset, 6u);
}

TEST(LineCursor, EmptyTextHasNoLinesAndFinalNewlineAddsNone) {
  EXPECT_TRUE(all_lines("").empty());
  EXPECT_EQ(all_lines("x\n").size(), 1u);
  EXPECT_EQ(all_lines("\n").size(), 1u);
}

TEST(SplitFields, CountsEveryFieldStoresTheFirstOnes) {
  std::array<std::string_view, 3> f;
  EXPECT_EQ(split_fields("a|b", '|', f), 2u);
  EXPECT_EQ(f[0], "a");
  EXPECT_EQ(f[1], "b");
  EXPECT_EQ(split_fields("a||c|d|e", '|', f), 5u);
  EXPECT_EQ(f[1], "");
  EXPECT_EQ(f[2], "c");
  EXPECT_EQ(split_fields("", '|', f), 1u);
  EXPECT_EQ(f[0], "");
  EXPECT_EQ(split_fields("x|", '|', f), 2u);
  EXPECT_EQ(f[1], "");
}

TEST(ParseDecimal, StrictDigitsAndBounds) {
  EXPECT_EQ(parse_decimal("0"), 0u);
  EXPECT_EQ(parse_decimal("4294967295", UINT32_MAX), 4294967295u);
  EXPECT_FALSE(parse_decimal("4294967296", UINT32_MAX));
  EXPECT_EQ(parse_decimal("18446744073709551615"), UINT64_MAX);
  EXPECT_FALSE(parse_decimal("18446744073709551616"));
  EXPECT_FALSE(parse_decimal(""));
  EXPECT_FALSE(parse_decimal("+1"));
  EXPECT_FALSE(parse_decimal("-1"));
  EXPECT_FALSE(parse_decimal(" 1"));
  EXPECT_FALSE(parse_decimal("1a"));
}

TEST(ParseSignedDecimal, SignsAndBounds) {
  EXPECT_EQ(parse_signed_decimal("-1", -1, 1), -1);
  EXPECT_EQ(parse_signed_decimal("0", -1, 1), 0);
  EXPECT_FALSE(parse_signed_decimal("-2", -1, 1));
  EXPECT_FALSE(parse_signed_decimal("2", -1, 1));
  EXPECT_FALSE(parse_signed_decimal("-", -1, 1));
  EXPECT_FALSE(parse_signed_decimal("--1", -5, 5));
  EXPECT_EQ(parse_signed_decimal("-9223372036854775808", INT64_MIN, 0), INT64_MIN);
  EXPECT_FALSE(parse_signed_decimal("9223372036854775808", 0, INT64_MAX));
}

TEST(WarningList, KeepsUpToTheCapAndCountsAll) {
  WarningList w(2);
  EXPECT_TRUE(w.empty());
  for (int i = 1; i <= 5; ++i) w.add("f", static_cast<uint32_t>(i), "bad");
  EXPECT_EQ(w.total(), 5u);
  ASSERT_EQ(w.kept().size(), 2u);
  EXPECT_EQ(w.kept()[1].to_string(), "f:2: bad");
  EXPECT_EQ((LineWarning{"f", 0, "whole file"}).to_string(), "f: whole file");
}

}  // namespace
}  // namespace vigil::refdata

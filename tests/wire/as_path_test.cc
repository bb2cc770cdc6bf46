// AS_PATH / AS4_PATH codec (RFC 4271 §4.3, §5.1.2, §9.1.2.2; RFC 6793; RFC 5065).
#include "wire/bgp/as_path.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "wire_test_util.h"

namespace vigil::bgp {
namespace {

using test::AsBytes;
using test::Hex;

std::string Text(const AsPath& p) {
  std::string s;
  append_as_path(s, p);
  return s;
}

AsPath Decode(const std::vector<uint8_t>& v, bool as4) {
  AsPath p;
  Status s = decode_as_path(AsBytes(v), as4, p);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().to_string());
  return p;
}

AsPath Seq(std::vector<uint32_t> asns) {
  AsPath p;
  p.append_segment(SegmentType::kSequence, asns.data(), static_cast<uint32_t>(asns.size()));
  return p;
}

// RFC 4271 §4.3: 2-octet AS_SEQUENCE.
TEST(AsPathTest, TwoOctetSequence) {
  const auto v = Hex("02 03 | 0001 0002 FDE8");
  AsPath p = Decode(v, /*as4=*/false);
  EXPECT_EQ(p.asns, (std::vector<uint32_t>{1, 2, 65000}));
  ASSERT_EQ(p.segments.size(), 1u);
  EXPECT_EQ(p.segments[0], (AsPathSegment{SegmentType::kSequence, 0, 3}));
  EXPECT_EQ(Text(p), "1 2 65000");
  EXPECT_EQ(p.path_length(), 3u);
  uint32_t origin = 0;
  ASSERT_TRUE(p.origin(origin));
  EXPECT_EQ(origin, 65000u);
}

// RFC 6793 §3: 4-octet ASNs.
TEST(AsPathTest, FourOctetSequence) {
  const auto v = Hex("02 03 | 00000001 00030D40 FFFFFFFF");
  AsPath p = Decode(v, /*as4=*/true);
  EXPECT_EQ(p.asns, (std::vector<uint32_t>{1, 200000, 4294967295u}));
  EXPECT_EQ(Text(p), "1 200000 4294967295");
}

// RFC 4271 §4.3 AS_SET, RFC 5065 §3 confederation segments; text forms
// "{a,b}", "(a b)", "[a,b]".
TEST(AsPathTest, AllSegmentTypesAndText) {
  const auto v =
      Hex("03 02 | 0000FDE9 0000FDEA"             // AS_CONFED_SEQUENCE (65001 65002)
          "04 02 | 0000FDEB 0000FDEC"             // AS_CONFED_SET [65003,65004]
          "02 02 | 00000001 00000002"             // AS_SEQUENCE 1 2
          "01 03 | 00000003 00000004 00000005");  // AS_SET {3,4,5}
  AsPath p = Decode(v, true);
  ASSERT_EQ(p.segments.size(), 4u);
  EXPECT_EQ(p.segments[0], (AsPathSegment{SegmentType::kConfedSequence, 0, 2}));
  EXPECT_EQ(p.segments[1], (AsPathSegment{SegmentType::kConfedSet, 2, 2}));
  EXPECT_EQ(p.segments[2], (AsPathSegment{SegmentType::kSequence, 4, 2}));
  EXPECT_EQ(p.segments[3], (AsPathSegment{SegmentType::kSet, 6, 3}));
  EXPECT_EQ(Text(p), "(65001 65002) [65003,65004] 1 2 {3,4,5}");
  // RFC 4271 §9.1.2.2: a SET counts 1, confederation segments 0.
  EXPECT_EQ(p.path_length(), 3u);
  uint32_t origin = 0;
  EXPECT_FALSE(p.origin(origin));  // ends in an AS_SET
}

TEST(AsPathTest, SingleElementSegmentsText) {
  const auto v = Hex("01 01 0001 | 03 01 0002 | 04 01 0003 | 02 01 0004");
  EXPECT_EQ(Text(Decode(v, false)), "{1} (2) [3] 4");
}

TEST(AsPathTest, EmptyValueIsEmptyPath) {
  AsPath p = Decode({}, true);
  EXPECT_TRUE(p.empty());
  EXPECT_EQ(p.path_length(), 0u);
  EXPECT_EQ(Text(p), "");
  uint32_t origin = 7;
  EXPECT_FALSE(p.origin(origin));
}

TEST(AsPathTest, OriginOfConfedTailIsNone) {
  AsPath p = Decode(Hex("02 01 0001 | 03 01 0002"), false);
  uint32_t origin = 0;
  EXPECT_FALSE(p.origin(origin));
  AsPath q = Decode(Hex("03 01 0002 | 02 02 0001 0005"), false);
  ASSERT_TRUE(q.origin(origin));
  EXPECT_EQ(origin, 5u);
}

TEST(AsPathTest, LongSegment255) {
  std::vector<uint8_t> v = {0x02, 0xff};
  for (uint32_t i = 0; i < 255; ++i) test::PutU32(v, 100000 + i);
  AsPath p = Decode(v, true);
  ASSERT_EQ(p.asns.size(), 255u);
  EXPECT_EQ(p.asns.back(), 100254u);
  EXPECT_EQ(p.path_length(), 255u);
}

// RFC 7606 §7.2 and RFC 4271 §6.3: malformed AS_PATH values.
TEST(AsPathTest, Malformed) {
  struct Case {
    const char* hex;
    bool as4;
  };
  for (const Case& c : {
           Case{"00 01 0001", false},       // segment type 0
           Case{"05 01 0001", false},       // segment type 5
           Case{"02 00", false},            // zero-length segment
           Case{"02 02 0001", false},       // overruns
           Case{"02", false},               // header truncated
           Case{"02 01 0001 | 02", false},  // second header truncated
           Case{"02 01 0000FDE8", false},   // 4-octet data read as 2: trailing junk
           Case{"02 02 00010002", true},    // 2-octet data read as 4: overruns
           Case{"02 01 000000", true},      // partial ASN
       }) {
    AsPath p;
    p.append_segment(SegmentType::kSequence, std::vector<uint32_t>{9}.data(), 1);
    const auto v = Hex(c.hex);
    Status s = decode_as_path(AsBytes(v), c.as4, p);
    ASSERT_FALSE(s.ok()) << c.hex;
    EXPECT_EQ(s.error().code, ErrorCode::kMalformed) << c.hex;
  }
}

TEST(AsPathTest, DecodeClearsOutput) {
  AsPath p = Seq({1, 2, 3});
  ASSERT_TRUE(decode_as_path(AsBytes(Hex("02 01 0009")), false, p).ok());
  EXPECT_EQ(p.asns, (std::vector<uint32_t>{9}));
  EXPECT_EQ(p.segments.size(), 1u);
}

TEST(AsPathTest, Looks4Byte) {
  EXPECT_TRUE(as_path_looks_4byte(AsBytes(Hex("02 01 0000FDE8"))));
  EXPECT_TRUE(as_path_looks_4byte(AsBytes(Hex("02 02 00000001 00030D40"))));
  EXPECT_FALSE(as_path_looks_4byte(AsBytes(Hex("02 02 0001 FDE8"))));
  // Parses both ways: not evidence of 4-octet ASNs.
  EXPECT_FALSE(as_path_looks_4byte(AsBytes(Hex("02 01 0001 | 02 01 0002"))));
  EXPECT_FALSE(as_path_looks_4byte(AsBytes(Hex("07 07"))));
}

TEST(AsPathTest, AppendSegmentAndAppendText) {
  AsPath p;
  const uint32_t a[] = {10, 20};
  p.append_segment(SegmentType::kSequence, a, 2);
  p.append_segment(SegmentType::kSet, a, 2);
  EXPECT_EQ(p.asns.size(), 4u);
  EXPECT_EQ(p.segments[1].first, 2u);
  std::string s = "path: ";
  append_as_path(s, p);
  EXPECT_EQ(s, "path: 10 20 {10,20}");
}

// RFC 6793 §4.2.3: AS_PATH (2-octet, with AS_TRANS) merged with AS4_PATH.
TEST(MergeAs4PathTest, PrependsLeadingAses) {
  AsPath as_path = Decode(Hex("02 04 | 02BD 5BA0 5BA0 0003"), false);  // 701 T T 3
  AsPath as4 = Decode(Hex("02 03 | 00030D40 000493E0 00000003"), true);
  AsPath out;
  merge_as4_path(as_path, as4, out);
  EXPECT_EQ(Text(out), "701 200000 300000 3");
  EXPECT_EQ(out.path_length(), as_path.path_length());
}

TEST(MergeAs4PathTest, EqualLengthsGiveAs4Path) {
  AsPath as_path = Decode(Hex("02 02 | 5BA0 0003"), false);
  AsPath as4 = Decode(Hex("02 02 | 00030D40 00000003"), true);
  AsPath out;
  merge_as4_path(as_path, as4, out);
  EXPECT_EQ(out, as4);
}

TEST(MergeAs4PathTest, LongerAs4PathIsIgnored) {
  AsPath as_path = Decode(Hex("02 02 | 5BA0 0003"), false);
  AsPath as4 = Decode(Hex("02 03 | 00000001 00030D40 00000003"), true);
  AsPath out = Seq({42});
  merge_as4_path(as_path, as4, out);
  EXPECT_EQ(out, as_path);
}

TEST(MergeAs4PathTest, SetCountsOne) {
  // AS_PATH {1,2} 23456 5: length 3. AS4_PATH 70000 5: length 2 -> take the
  // leading SET (one unit) whole.
  AsPath as_path = Decode(Hex("01 02 0001 0002 | 02 02 5BA0 0005"), false);
  AsPath as4 = Decode(Hex("02 02 00011170 00000005"), true);
  AsPath out;
  merge_as4_path(as_path, as4, out);
  EXPECT_EQ(Text(out), "{1,2} 70000 5");
}

TEST(MergeAs4PathTest, LeadingConfedSegmentKept) {
  AsPath as_path = Decode(Hex("03 01 FDE9 | 02 02 02BD 5BA0"), false);  // (65001) 701 T
  AsPath as4 = Decode(Hex("02 01 00011170"), true);
  AsPath out;
  merge_as4_path(as_path, as4, out);
  EXPECT_EQ(Text(out), "(65001) 701 70000");
}

TEST(MergeAs4PathTest, EmptyAs4Path) {
  AsPath as_path = Decode(Hex("02 02 | 0001 0002"), false);
  AsPath out;
  merge_as4_path(as_path, AsPath{}, out);
  EXPECT_EQ(out, as_path);
}

}  // namespace
}  // namespace vigil::bgp

// Segment format (segment.h): header and frame round trips, file names, and
// the scanner on in-memory images — clean, cut at every offset (torn, never
// damaged), zero-filled tails (torn), any single flipped octet (damaged or,
// in the header, an unusable header; never a frame handed out with the
// wrong bytes), frames moved to another index, tiny read chunks.
#include "evidence/segment.h"

#include <gtest/gtest.h>

#include <vector>

#include "evidence/evidence_record.h"
#include "evidence_test_util.h"

namespace vigil::evidence {
namespace {

struct Image {
  std::vector<uint8_t> bytes;
  std::vector<uint64_t> frame_offsets;
  std::vector<std::vector<uint8_t>> leaves;
};

Image make_image(uint32_t number, uint64_t first_leaf, int frames) {
  Image img;
  const auto h = encode_segment_header({number, first_leaf});
  img.bytes.assign(h.begin(), h.end());
  for (int i = 0; i < frames; ++i) {
    img.frame_offsets.push_back(img.bytes.size());
    img.leaves.push_back(*encode_record(test::record_for(first_leaf + i).view()));
    encode_frame(first_leaf + i, img.leaves.back(), img.bytes);
  }
  return img;
}

struct Scanned {
  SegmentScan scan;
  std::vector<ScannedFrame> frames;
  std::vector<std::vector<uint8_t>> data;
};

Scanned scan(Bytes image, size_t chunk = 1 << 20) {
  Scanned out;
  MemorySegmentSource src(image);
  auto r = scan_segment(
      src,
      [&](const ScannedFrame& f) {
        out.frames.push_back(f);
        out.data.emplace_back(f.leaf_data.begin(), f.leaf_data.end());
        return Status::Ok();
      },
      chunk);
  EXPECT_TRUE(r.ok());
  if (r.ok()) out.scan = *r;
  return out;
}

TEST(Segment, FileNames) {
  EXPECT_EQ(segment_file_name(0), "seg-000000.vlog");
  EXPECT_EQ(segment_file_name(1234567), "seg-1234567.vlog");
  EXPECT_EQ(parse_segment_file_name("seg-000042.vlog"), 42u);
  EXPECT_EQ(parse_segment_file_name("seg-1234567.vlog"), 1234567u);
  EXPECT_FALSE(parse_segment_file_name("seg-00042.vlog"));
  EXPECT_FALSE(parse_segment_file_name("seg-0000042.vlog"));  // not canonical
  EXPECT_FALSE(parse_segment_file_name("seg-00004a.vlog"));
  EXPECT_FALSE(parse_segment_file_name("seg-000042.vlog.tmp"));
  EXPECT_FALSE(parse_segment_file_name("seg-99999999999.vlog"));
  EXPECT_FALSE(parse_segment_file_name("checkpoint"));
}

TEST(Segment, HeaderRoundTripAndChecks) {
  const SegmentHeader h{7, 123456789012ull};
  const auto enc = encode_segment_header(h);
  EXPECT_EQ(std::string(enc.begin(), enc.begin() + 8), "VIGEVLOG");
  auto dec = decode_segment_header(enc);
  ASSERT_TRUE(dec.ok());
  EXPECT_EQ(*dec, h);
  EXPECT_EQ(decode_segment_header(Bytes(enc).first(31)).error().code, ErrorCode::kTruncated);
  for (size_t i = 0; i < enc.size(); ++i) {
    auto bad = enc;
    bad[i] ^= 0x10;
    EXPECT_FALSE(decode_segment_header(bad).ok()) << "octet " << i;
  }
}

TEST(Segment, CleanScanHandsOutEveryFrame) {
  const Image img = make_image(3, 1000, 20);
  for (size_t chunk : {size_t{1}, size_t{13}, size_t{100}, size_t{1} << 20}) {
    const Scanned s = scan(img.bytes, chunk);
    EXPECT_EQ(s.scan.tail, SegmentScan::Tail::kClean) << s.scan.why;
    ASSERT_TRUE(s.scan.header.has_value());
    EXPECT_EQ(*s.scan.header, (SegmentHeader{3, 1000}));
    ASSERT_EQ(s.frames.size(), 20u);
    for (int i = 0; i < 20; ++i) {
      EXPECT_EQ(s.frames[i].leaf_index, 1000u + i);
      EXPECT_EQ(s.frames[i].offset, img.frame_offsets[i]);
      EXPECT_EQ(s.data[i], img.leaves[i]);
    }
    EXPECT_EQ(s.scan.good_end, img.bytes.size());
  }
}

TEST(Segment, EveryCutIsATornTailAtTheLastWholeFrame) {
  const Image img = make_image(0, 0, 6);
  for (size_t cut = 0; cut < img.bytes.size(); ++cut) {
    const Scanned s = scan(Bytes(img.bytes).first(cut));
    // Frames wholly before the cut survive; the rest is a torn tail.
    size_t whole = 0;
    while (whole < img.frame_offsets.size() &&
           (whole + 1 < img.frame_offsets.size() ? img.frame_offsets[whole + 1]
                                                 : img.bytes.size()) <= cut) {
      ++whole;
    }
    if (cut < kSegmentHeaderSize) {
      EXPECT_FALSE(s.scan.header.has_value());
      EXPECT_EQ(s.scan.tail, SegmentScan::Tail::kTorn) << cut;
      continue;
    }
    EXPECT_EQ(s.frames.size(), whole) << "cut at " << cut;
    const uint64_t end =
        whole == 0 ? kSegmentHeaderSize
                   : img.frame_offsets[whole - 1] + kFrameHeaderSize + img.leaves[whole - 1].size();
    EXPECT_EQ(s.scan.good_end, end) << cut;
    EXPECT_EQ(s.scan.tail, cut == end ? SegmentScan::Tail::kClean : SegmentScan::Tail::kTorn)
        << "cut at " << cut << ": " << s.scan.why;
  }
}

TEST(Segment, ZeroFilledTailIsTorn) {
  Image img = make_image(0, 0, 3);
  const size_t good = img.bytes.size();
  img.bytes.resize(good + 4096, 0);
  const Scanned s = scan(img.bytes, 100);
  EXPECT_EQ(s.frames.size(), 3u);
  EXPECT_EQ(s.scan.tail, SegmentScan::Tail::kTorn);
  EXPECT_EQ(s.scan.good_end, good);
  EXPECT_NE(s.scan.why.find("zero"), std::string::npos) << s.scan.why;
  // A zero-filled header too.
  std::vector<uint8_t> zeros(100, 0);
  EXPECT_EQ(scan(zeros).scan.tail, SegmentScan::Tail::kTorn);
  // But one non-zero octet far after the good frames makes it damage.
  img.bytes.back() = 1;
  EXPECT_EQ(scan(img.bytes).scan.tail, SegmentScan::Tail::kDamaged);
}

TEST(Segment, AnyFlippedOctetIsDamageNeverATornTailOrWrongData) {
  const Image img = make_image(1, 50, 5);
  for (size_t at = 0; at < img.bytes.size(); ++at) {
    for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}, uint8_t{0xff}}) {
      auto bad = img.bytes;
      bad[at] ^= mask;
      const Scanned s = scan(bad);
      EXPECT_EQ(s.scan.tail, SegmentScan::Tail::kDamaged)
          << "octet " << at << " ^ " << int(mask) << ": " << s.scan.why;
      // Frames handed out before the damage are the original ones.
      for (size_t i = 0; i < s.frames.size(); ++i) EXPECT_EQ(s.data[i], img.leaves[i]);
      EXPECT_LE(s.scan.good_end, at + 1);
    }
  }
}

TEST(Segment, FrameBoundToItsIndex) {
  const auto leaf = *encode_record(test::record_for(1).view());
  std::vector<uint8_t> frame;
  encode_frame(41, leaf, frame);
  EXPECT_EQ(decode_frame(frame, 41).status, FrameDecode::Status::kOk);
  const FrameDecode moved = decode_frame(frame, 42);
  EXPECT_EQ(moved.status, FrameDecode::Status::kBad);
  EXPECT_NE(moved.why.find("header check"), std::string::npos) << moved.why;
}

TEST(Segment, SinkErrorStopsTheScan) {
  const Image img = make_image(0, 0, 4);
  MemorySegmentSource src(img.bytes);
  int seen = 0;
  auto r = scan_segment(src, [&](const ScannedFrame& f) -> Status {
    if (++seen == 2) return make_error(ErrorCode::kMalformed, "stop");
    return Status::Ok();
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "stop");
  EXPECT_EQ(seen, 2);
}

}  // namespace
}  // namespace vigil::evidence

// EvidenceLog (log.h) on real files under a scratch directory:
//  - round trip, reopen, segments rolled, pending reads, proofs checked
//    against the signed checkpoint, a 50 k-leaf rebuild against MerkleTree;
//  - recovery: the last segment cut at every offset of its last frame
//    reopens with exactly that frame dropped and reported; torn segment
//    headers and zero-filled tails; never below the signed head;
//  - damage: any single octet flipped in any segment (every octet of a
//    small log) or in the checkpoint fails open() — naming the segment,
//    offset and leaf, or the checkpoint — and changes nothing on disk; the
//    same flips after open fail verify() naming the first bad leaf; a
//    middle segment damaged, cut or missing; a leaf rewritten with valid
//    CRCs; tampered proofs;
//  - the writer lock, read-only opens, fsync policies, the pending-buffer
//    bound, bad options and key files.
#include "evidence/log.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "evidence/merkle.h"
#include "evidence/segment.h"
#include "evidence_test_util.h"

namespace vigil::evidence {
namespace {

namespace fs = std::filesystem;
using test::flip_byte;
using test::read_bytes;
using test::record_for;
using test::ScratchDir;

LogOptions small_options() {
  LogOptions o;
  o.segment_bytes = 1024;
  o.fsync = FsyncPolicy::never();
  o.origin = "test.example/evidence";
  return o;
}

std::unique_ptr<EvidenceLog> open_ok(const std::string& dir, const LogOptions& o) {
  auto log = EvidenceLog::open(dir, o);
  EXPECT_TRUE(log.ok()) << log.error().to_string();
  return log.ok() ? std::move(*log) : nullptr;
}

// Appends records 0..n-1 (record_for), committing every `group`.
void fill(EvidenceLog& log, uint64_t from, uint64_t n, uint64_t group = 7) {
  for (uint64_t i = from; i < from + n; ++i) {
    const EvidenceRecord r = record_for(i);
    auto idx = log.append(r.view());
    ASSERT_TRUE(idx.ok()) << idx.error().to_string();
    ASSERT_EQ(*idx, i);
    if ((i + 1) % group == 0) {
      ASSERT_TRUE(log.commit().ok());
    }
  }
  ASSERT_TRUE(log.commit().ok());
}

std::vector<std::string> segment_files(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (parse_segment_file_name(e.path().filename().string())) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct FrameAt {
  uint64_t offset;
  uint64_t end;
  uint64_t leaf;
};

// The frames of a segment file, scanned from a copy in memory.
std::vector<FrameAt> frames_of(const std::string& path) {
  const auto image = read_bytes(path);
  MemorySegmentSource src(image);
  std::vector<FrameAt> out;
  auto r = scan_segment(src, [&](const ScannedFrame& f) {
    out.push_back({f.offset, f.offset + kFrameHeaderSize + f.leaf_data.size(), f.leaf_index});
    return Status::Ok();
  });
  EXPECT_TRUE(r.ok());
  return out;
}

void copy_dir(const std::string& from, const std::string& to) {
  fs::remove_all(to);
  fs::copy(from, to, fs::copy_options::recursive);
  std::error_code ec;  // no key file in some copies
  fs::permissions(to + "/" + kKeyFile, fs::perms::owner_read | fs::perms::owner_write, ec);
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(EvidenceLog, RoundTripReopenAndProofs) {
  ScratchDir dir;
  const std::string path = dir / "log";
  LogOptions o = small_options();
  uint64_t n = 100;
  Hash root_before;
  std::string vkey;
  {
    auto log = open_ok(path, o);
    ASSERT_TRUE(log);
    EXPECT_EQ(log->size(), 0u);
    EXPECT_EQ(log->root(), empty_root());
    for (uint64_t i = 0; i < n; ++i) {
      const EvidenceRecord r = record_for(i);
      ASSERT_EQ(*log->append(r.view()), i);
      // Readable at once, from the pending buffer.
      auto back = log->read(i);
      ASSERT_TRUE(back.ok()) << back.error().to_string();
      EXPECT_EQ(*back, r);
      EXPECT_EQ(*log->leaf_hash(i), leaf_hash(*encode_record(r.view())));
      if (i % 10 == 9) {
        ASSERT_TRUE(log->commit().ok());
      }
    }
    ASSERT_TRUE(log->commit().ok());
    EXPECT_EQ(log->committed_size(), n);
    auto head = log->sign_head();
    ASSERT_TRUE(head.ok()) << head.error().to_string();
    EXPECT_EQ(head->size, n);
    EXPECT_EQ(head->origin, "test.example/evidence");
    EXPECT_EQ(head->root, log->root());
    root_before = log->root();
    vkey = *log->vkey();
    auto rep = log->verify();
    ASSERT_TRUE(rep.ok()) << rep.error().to_string();
    EXPECT_EQ(rep->leaves, n);
    EXPECT_EQ(rep->signed_size, n);
    EXPECT_EQ(rep->root, root_before);
    ASSERT_TRUE(log->close().ok());
  }
  const auto segs = segment_files(path);
  ASSERT_GE(segs.size(), 5u) << "small segments must roll";
  EXPECT_EQ(fs::path(segs[0]).filename(), "seg-000000.vlog");
  for (const auto& s : segs) EXPECT_LE(fs::file_size(s), 1024u);
  // The checkpoint on disk verifies with the published vkey.
  auto verifier = NoteVerifier::from_vkey(vkey);
  ASSERT_TRUE(verifier.ok());
  auto cp = open_checkpoint(test::read_text(path + "/checkpoint"), *verifier);
  ASSERT_TRUE(cp.ok()) << cp.error().to_string();
  EXPECT_EQ(cp->size, n);
  EXPECT_EQ(cp->root, root_before);

  auto log = open_ok(path, o);
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), n);
  EXPECT_EQ(log->root(), root_before);
  EXPECT_EQ(log->open_report().leaves, n);
  EXPECT_EQ(log->open_report().segments, segs.size());
  EXPECT_EQ(log->open_report().dropped_bytes, 0u);
  EXPECT_EQ(log->open_report().signed_size, n);
  ASSERT_TRUE(log->checkpoint().has_value());
  for (uint64_t i = 0; i < n; ++i) {
    auto r = log->read(i);
    ASSERT_TRUE(r.ok()) << i << ": " << r.error().to_string();
    EXPECT_EQ(*r, record_for(i));
    auto proof = log->inclusion_proof(i, n);
    ASSERT_TRUE(proof.ok());
    EXPECT_TRUE(verify_inclusion(i, n, *log->leaf_hash(i), *proof, cp->root).ok()) << i;
  }
  for (uint64_t m = 1; m <= n; ++m) {
    auto proof = log->consistency_proof(m, n);
    ASSERT_TRUE(proof.ok());
    EXPECT_TRUE(verify_consistency(m, n, *log->root_at(m), cp->root, *proof).ok()) << m;
  }
  EXPECT_FALSE(log->read(n).ok());
  // Growing on: the new head is consistent with the old one.
  fill(*log, n, 37);
  auto head2 = log->sign_head();
  ASSERT_TRUE(head2.ok());
  EXPECT_EQ(head2->size, n + 37);
  auto proof = log->consistency_proof(n, n + 37);
  EXPECT_TRUE(verify_consistency(n, n + 37, cp->root, head2->root, *proof).ok());
  ASSERT_TRUE(log->verify().ok());
}

TEST(EvidenceLog, LargeRebuildMatchesMerkleTree) {
  ScratchDir dir;
  LogOptions o = small_options();
  o.segment_bytes = 1 << 20;
  const uint64_t n = 50'000;
  MerkleTree ref;
  {
    auto log = open_ok(dir / "log", o);
    ASSERT_TRUE(log);
    for (uint64_t i = 0; i < n; ++i) {
      const EvidenceRecord r = record_for(i);
      ASSERT_TRUE(log->append(r.view()).ok());
      ref.append(leaf_hash(*encode_record(r.view())));
    }
    ASSERT_TRUE(log->sign_head().ok());
  }
  auto log = open_ok(dir / "log", o);
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), n);
  EXPECT_EQ(log->root(), ref.root());
  EXPECT_EQ(*log->root_at(n / 3), *ref.root_at(n / 3));
  auto rep = log->verify();
  ASSERT_TRUE(rep.ok()) << rep.error().to_string();
  EXPECT_EQ(rep->root, ref.root());
}

TEST(EvidenceLog, LargeRecordGetsASegmentOfItsOwn) {
  ScratchDir dir;
  auto log = open_ok(dir / "log", small_options());
  ASSERT_TRUE(log);
  fill(*log, 0, 3);
  const EvidenceRecord big = record_for(3, 5000);
  ASSERT_EQ(*log->append(big.view()), 3u);
  fill(*log, 4, 3);
  ASSERT_TRUE(log->sign_head().ok());
  EXPECT_EQ(*log->read(3), big);
  ASSERT_TRUE(log->close().ok());
  auto again = open_ok(dir / "log", small_options());
  ASSERT_TRUE(again);
  EXPECT_EQ(*again->read(3), big);
  EXPECT_EQ(again->size(), 7u);
  EXPECT_GE(segment_files(dir / "log").size(), 3u);
}

// A log of 30 leaves in ~1 KiB segments, head signed at `signed_size`.
std::string build(const ScratchDir& dir, uint64_t n, uint64_t signed_size,
                  const LogOptions& o = small_options()) {
  const std::string path = dir / "base";
  auto log = open_ok(path, o);
  EXPECT_TRUE(log);
  if (!log) return path;
  fill(*log, 0, signed_size);
  if (signed_size > 0) {
    EXPECT_TRUE(log->sign_head().ok());
  }
  fill(*log, signed_size, n - signed_size);
  EXPECT_TRUE(log->close().ok());
  return path;
}

TEST(EvidenceLog, TornTailAtEveryOffsetOfTheLastFrameIsDroppedAndReported) {
  ScratchDir dir;
  const uint64_t n = 30;
  const std::string base = build(dir, n, 20);
  const std::string last = segment_files(base).back();
  const auto frames = frames_of(last);
  ASSERT_FALSE(frames.empty());
  const FrameAt tail = frames.back();
  ASSERT_EQ(tail.leaf, n - 1);
  ASSERT_EQ(tail.end, fs::file_size(last));
  const std::string work = dir / "work";
  const std::string work_last = work + "/" + fs::path(last).filename().string();
  for (uint64_t cut = tail.offset; cut < tail.end; ++cut) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    copy_dir(base, work);
    fs::resize_file(work_last, cut);
    auto log = open_ok(work, small_options());
    ASSERT_TRUE(log);
    const OpenReport& rep = log->open_report();
    EXPECT_EQ(log->size(), n - 1);
    EXPECT_EQ(rep.dropped_bytes, cut - tail.offset);
    if (cut > tail.offset) {
      EXPECT_EQ(rep.dropped_segment, work_last);
      EXPECT_EQ(rep.dropped_offset, tail.offset);
      EXPECT_EQ(rep.dropped_leaf, n - 1);
      EXPECT_TRUE(contains(rep.dropped_why, "partial frame")) << rep.dropped_why;
    }
    EXPECT_EQ(fs::file_size(work_last), tail.offset);
    ASSERT_TRUE(log->verify().ok());
    // The log carries on from there.
    const EvidenceRecord r = record_for(n - 1);
    ASSERT_EQ(*log->append(r.view()), n - 1);
    ASSERT_TRUE(log->sign_head().ok());
    ASSERT_TRUE(log->close().ok());
    auto again = open_ok(work, small_options());
    ASSERT_TRUE(again);
    EXPECT_EQ(again->size(), n);
    EXPECT_EQ(*again->read(n - 1), r);
    EXPECT_EQ(again->open_report().dropped_bytes, 0u);
  }
}

TEST(EvidenceLog, TornTailCoveredByTheSignedHeadIsAnErrorAndKept) {
  ScratchDir dir;
  const std::string base = build(dir, 30, 30);
  const std::string last = segment_files(base).back();
  const FrameAt tail = frames_of(last).back();
  fs::resize_file(last, tail.end - 1);
  const auto before = read_bytes(last);
  auto log = EvidenceLog::open(base, small_options());
  ASSERT_FALSE(log.ok());
  EXPECT_TRUE(contains(log.error().message, "checkpoint signs 30 leaves")) << log.error().message;
  EXPECT_TRUE(contains(log.error().message, "torn tail at leaf 29")) << log.error().message;
  EXPECT_EQ(log.error().offset, tail.offset);
  EXPECT_EQ(read_bytes(last), before);
}

TEST(EvidenceLog, TornSegmentHeaderAndZeroTailAreDropped) {
  ScratchDir dir;
  const std::string base = build(dir, 30, 10);
  const auto segs = segment_files(base);
  const std::string next = base + "/" + segment_file_name(static_cast<uint32_t>(segs.size()));
  const auto header = encode_segment_header({static_cast<uint32_t>(segs.size()), 30});
  const std::string work = dir / "work";
  for (size_t k = 0; k <= kSegmentHeaderSize; ++k) {
    SCOPED_TRACE("header of " + std::to_string(k) + " octets");
    copy_dir(base, work);
    const std::string w = work + "/" + fs::path(next).filename().string();
    std::vector<uint8_t> part(header.begin(), header.begin() + k);
    if (k == kSegmentHeaderSize) part.assign(kSegmentHeaderSize, 0);  // never written
    test::write_bytes(w, part);
    auto log = open_ok(work, small_options());
    ASSERT_TRUE(log);
    EXPECT_EQ(log->size(), 30u);
    EXPECT_EQ(log->open_report().dropped_bytes, k);
    EXPECT_FALSE(fs::exists(w));
    // Appending rolls into that number again.
    fill(*log, 30, 40);
    ASSERT_TRUE(log->verify().ok());
  }
  // Zeros after the last frame: space allocated, never written.
  copy_dir(base, work);
  const std::string last = work + "/" + fs::path(segs.back()).filename().string();
  const uint64_t size = fs::file_size(last);
  fs::resize_file(last, size + 3000);
  auto log = open_ok(work, small_options());
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), 30u);
  EXPECT_EQ(log->open_report().dropped_bytes, 3000u);
  EXPECT_TRUE(contains(log->open_report().dropped_why, "zero")) << log->open_report().dropped_why;
  EXPECT_EQ(fs::file_size(last), size);
}

TEST(EvidenceLog, DamagedMissingOrCutMiddleSegmentIsAnErrorNotDataLoss) {
  ScratchDir dir;
  const std::string base = build(dir, 30, 10);
  const auto segs = segment_files(base);
  ASSERT_GE(segs.size(), 3u);
  const std::string work = dir / "work";
  const std::string mid_name = fs::path(segs[1]).filename().string();
  const std::string mid = work + "/" + mid_name;
  const auto frames = frames_of(segs[1]);
  ASSERT_GE(frames.size(), 2u);

  // One octet in the data of the second frame of the middle segment.
  copy_dir(base, work);
  flip_byte(mid, frames[1].offset + 20, 0x04);
  auto before = read_bytes(mid);
  auto r = EvidenceLog::open(work, small_options());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, mid_name)) << r.error().message;
  EXPECT_TRUE(contains(r.error().message, "leaf " + std::to_string(frames[1].leaf)))
      << r.error().message;
  EXPECT_EQ(r.error().offset, frames[1].offset);
  EXPECT_TRUE(contains(r.error().message, "data check failed")) << r.error().message;
  EXPECT_EQ(read_bytes(mid), before);

  // Cut inside the middle segment: torn, but not the last segment.
  copy_dir(base, work);
  fs::resize_file(mid, frames[1].offset + 5);
  r = EvidenceLog::open(work, small_options());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "not the last")) << r.error().message;
  EXPECT_EQ(fs::file_size(mid), frames[1].offset + 5);

  // Missing.
  copy_dir(base, work);
  fs::remove(mid);
  r = EvidenceLog::open(work, small_options());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, mid_name + " is missing")) << r.error().message;

  // Renamed to a non-canonical name.
  copy_dir(base, work);
  fs::rename(mid, work + "/seg-1.vlog");
  r = EvidenceLog::open(work, small_options());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "seg-1.vlog")) << r.error().message;

  // Two segments swapped.
  copy_dir(base, work);
  fs::rename(mid, work + "/tmp");
  fs::rename(work + "/" + fs::path(segs[2]).filename().string(), mid);
  fs::rename(work + "/tmp", work + "/" + fs::path(segs[2]).filename().string());
  r = EvidenceLog::open(work, small_options());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, mid_name)) << r.error().message;

  // The signed leaves' last segments deleted: fewer leaves than signed.
  const std::string base2 = dir / "base2";
  fs::copy(base, base2, fs::copy_options::recursive);
  {
    auto log = open_ok(base2, small_options());
    ASSERT_TRUE(log);
    ASSERT_TRUE(log->sign_head().ok());  // now signs all 30
  }
  fs::remove(base2 + "/" + fs::path(segs.back()).filename().string());
  r = EvidenceLog::open(base2, small_options());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "checkpoint signs 30 leaves")) << r.error().message;
  EXPECT_TRUE(contains(r.error().message, "missing")) << r.error().message;
}

// Where each octet of each segment file lies: a header (leaf = the
// segment's first) or a frame (its leaf and offset).
struct OctetOwner {
  bool header;
  uint64_t leaf;
  uint64_t frame_offset;
};
std::vector<OctetOwner> owners_of(const std::string& path) {
  const auto frames = frames_of(path);
  const uint64_t size = fs::file_size(path);
  const auto image = read_bytes(path);
  const uint64_t first = decode_segment_header(image)->first_leaf;
  std::vector<OctetOwner> out(size, OctetOwner{true, first, 0});
  for (const FrameAt& f : frames) {
    for (uint64_t o = f.offset; o < f.end; ++o) out[o] = {false, f.leaf, f.offset};
  }
  return out;
}

TEST(EvidenceLog, AnyFlippedSegmentOctetFailsOpenNamingTheLeafAndChangesNothing) {
  ScratchDir dir;
  LogOptions o = small_options();
  o.segment_bytes = 512;
  const uint64_t n = 12;
  const std::string base = build(dir, n, 8, o);  // leaves 8..11 committed, not signed
  const auto segs = segment_files(base);
  ASSERT_GE(segs.size(), 2u);
  size_t checked = 0;
  for (const std::string& seg : segs) {
    const std::string name = fs::path(seg).filename().string();
    const auto owners = owners_of(seg);
    const auto original = read_bytes(seg);
    for (uint64_t at = 0; at < original.size(); ++at) {
      SCOPED_TRACE(name + " octet " + std::to_string(at));
      const uint8_t mask = static_cast<uint8_t>(1u << (at % 8));
      flip_byte(seg, at, mask);
      const auto flipped = read_bytes(seg);
      auto r = EvidenceLog::open(base, o);
      ASSERT_FALSE(r.ok()) << "a flipped octet went unnoticed";
      const std::string& msg = r.error().message;
      EXPECT_TRUE(contains(msg, name)) << msg;
      const OctetOwner& w = owners[at];
      if (w.header) {
        EXPECT_TRUE(contains(msg, "first leaf " + std::to_string(w.leaf)) ||
                    contains(msg, "leaf " + std::to_string(w.leaf)))
            << msg;
      } else {
        EXPECT_TRUE(contains(msg, "leaf " + std::to_string(w.leaf))) << msg;
        EXPECT_EQ(r.error().offset, w.frame_offset) << msg;
      }
      EXPECT_EQ(read_bytes(seg), flipped) << "open changed a damaged segment";
      flip_byte(seg, at, mask);
      ++checked;
    }
  }
  EXPECT_GT(checked, 600u);
  // And the log is intact again.
  auto log = open_ok(base, o);
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), n);
  EXPECT_TRUE(log->verify().ok());
}

TEST(EvidenceLog, AnyFlippedSegmentOctetAfterOpenFailsVerifyNamingTheFirstBadLeaf) {
  ScratchDir dir;
  LogOptions o = small_options();
  o.segment_bytes = 512;
  const uint64_t n = 12;
  const std::string base = build(dir, n, 8, o);
  auto log = open_ok(base, o);
  ASSERT_TRUE(log);
  ASSERT_TRUE(log->verify().ok());
  for (const std::string& seg : segment_files(base)) {
    const std::string name = fs::path(seg).filename().string();
    const auto owners = owners_of(seg);
    const uint64_t size = fs::file_size(seg);
    for (uint64_t at = 0; at < size; ++at) {
      SCOPED_TRACE(name + " octet " + std::to_string(at));
      const uint8_t mask = static_cast<uint8_t>(0x80u >> (at % 8));
      flip_byte(seg, at, mask);
      auto r = log->verify();
      ASSERT_FALSE(r.ok());
      const std::string& msg = r.error().message;
      EXPECT_TRUE(contains(msg, name)) << msg;
      EXPECT_TRUE(contains(msg, "leaf " + std::to_string(owners[at].leaf))) << msg;
      if (!owners[at].header) {
        EXPECT_EQ(r.error().offset, owners[at].frame_offset) << msg;
        // read() of that leaf notices too.
        EXPECT_FALSE(log->read(owners[at].leaf).ok());
      }
      flip_byte(seg, at, mask);
    }
  }
  EXPECT_TRUE(log->verify().ok());
}

TEST(EvidenceLog, AnyFlippedCheckpointOctetFailsOpenAndVerify) {
  ScratchDir dir;
  const std::string base = build(dir, 20, 20);
  const std::string cp = base + "/checkpoint";
  const std::string original = test::read_text(cp);
  auto log = open_ok(base, small_options());
  ASSERT_TRUE(log);
  for (size_t at = 0; at < original.size(); ++at) {
    SCOPED_TRACE("checkpoint octet " + std::to_string(at));
    flip_byte(cp, at, 0x02);
    LogOptions ro = small_options();
    ro.read_only = true;
    auto opened = EvidenceLog::open(base, ro);
    ASSERT_FALSE(opened.ok());
    EXPECT_TRUE(contains(opened.error().message, "checkpoint")) << opened.error().message;
    auto v = log->verify();
    ASSERT_FALSE(v.ok());
    EXPECT_TRUE(contains(v.error().message, "checkpoint")) << v.error().message;
    flip_byte(cp, at, 0x02);
  }
  EXPECT_TRUE(log->verify().ok());
}

TEST(EvidenceLog, LeafRewrittenWithValidChecksIsCaught) {
  ScratchDir dir;
  const std::string base = build(dir, 30, 20);
  auto log = open_ok(base, small_options());
  ASSERT_TRUE(log);
  // Rewrite leaf 25 (unsigned) and, in a copy, leaf 5 (signed) with another
  // record of the same size, CRCs recomputed: what a forger would do.
  auto forge = [&](const std::string& dir_path, uint64_t leaf) {
    for (const std::string& seg : segment_files(dir_path)) {
      for (const FrameAt& f : frames_of(seg)) {
        if (f.leaf != leaf) continue;
        auto image = read_bytes(seg);
        auto data = std::vector<uint8_t>(image.begin() + f.offset + kFrameHeaderSize,
                                         image.begin() + f.end);
        data.back() ^= 0x55;  // a raw-record octet
        std::vector<uint8_t> frame;
        encode_frame(leaf, data, frame);
        std::copy(frame.begin(), frame.end(), image.begin() + f.offset);
        test::write_bytes(seg, image);
        return f.offset;
      }
    }
    return uint64_t{0};
  };
  const std::string copy = dir / "copy";
  fs::copy(base, copy, fs::copy_options::recursive);
  const uint64_t off = forge(base, 25);
  auto r = log->verify();
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "leaf 25")) << r.error().message;
  EXPECT_TRUE(contains(r.error().message, "leaf hash")) << r.error().message;
  EXPECT_EQ(r.error().offset, off);
  forge(copy, 5);
  auto reopened = EvidenceLog::open(copy, small_options());
  ASSERT_FALSE(reopened.ok());
  EXPECT_TRUE(contains(reopened.error().message, "do not match the signed tree head"))
      << reopened.error().message;
}

TEST(EvidenceLog, TamperedProofsFailThroughTheLog) {
  ScratchDir dir;
  const std::string base = build(dir, 21, 21);
  auto log = open_ok(base, small_options());
  ASSERT_TRUE(log);
  const TreeHead head = *log->checkpoint();
  const uint64_t n = head.size;
  for (uint64_t i = 0; i < n; ++i) {
    auto proof = *log->inclusion_proof(i, n);
    const Hash leaf = *log->leaf_hash(i);
    ASSERT_TRUE(verify_inclusion(i, n, leaf, proof, head.root).ok());
    for (size_t k = 0; k < proof.size(); ++k) {
      for (size_t b = 0; b < kHashSize; ++b) {
        auto bad = proof;
        bad[k][b] ^= static_cast<uint8_t>(1u << (b % 8));
        auto s = verify_inclusion(i, n, leaf, bad, head.root);
        ASSERT_FALSE(s.ok()) << i << " " << k << " " << b;
        EXPECT_TRUE(contains(s.error().message, "inclusion proof")) << s.error().message;
      }
    }
    Hash bad_leaf = leaf;
    bad_leaf[i % kHashSize] ^= 1;
    EXPECT_FALSE(verify_inclusion(i, n, bad_leaf, proof, head.root).ok());
  }
  for (uint64_t m = 1; m < n; ++m) {
    auto proof = *log->consistency_proof(m, n);
    const Hash old_root = *log->root_at(m);
    ASSERT_TRUE(verify_consistency(m, n, old_root, head.root, proof).ok());
    for (size_t k = 0; k < proof.size(); ++k) {
      for (size_t b = 0; b < kHashSize; ++b) {
        auto bad = proof;
        bad[k][b] ^= static_cast<uint8_t>(1u << (b % 8));
        auto s = verify_consistency(m, n, old_root, head.root, bad);
        ASSERT_FALSE(s.ok());
        EXPECT_TRUE(contains(s.error().message, "consistency proof")) << s.error().message;
      }
    }
  }
}

TEST(EvidenceLog, OneWriterAtATimeReadersAnyTime) {
  ScratchDir dir;
  const std::string path = dir / "log";
  auto writer = open_ok(path, small_options());
  ASSERT_TRUE(writer);
  fill(*writer, 0, 10);
  ASSERT_TRUE(writer->sign_head().ok());
  auto second = EvidenceLog::open(path, small_options());
  ASSERT_FALSE(second.ok());
  EXPECT_TRUE(contains(second.error().message, "another process")) << second.error().message;
  LogOptions ro = small_options();
  ro.read_only = true;
  auto reader = open_ok(path, ro);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->size(), 10u);
  EXPECT_EQ(*reader->read(4), record_for(4));
  EXPECT_TRUE(reader->verify().ok());
  EXPECT_FALSE(reader->append(record_for(10).view()).ok());
  EXPECT_FALSE(reader->commit().ok());
  // The writer goes on; the reader still verifies what it saw.
  fill(*writer, 10, 5);
  EXPECT_TRUE(reader->verify().ok());
  ASSERT_TRUE(writer->close().ok());
  EXPECT_TRUE(open_ok(path, small_options()) != nullptr);
}

TEST(EvidenceLog, ReadOnlyOpenReportsATornTailButLeavesIt) {
  ScratchDir dir;
  const std::string base = build(dir, 30, 10);
  const std::string last = segment_files(base).back();
  const FrameAt tail = frames_of(last).back();
  fs::resize_file(last, tail.end - 3);
  LogOptions ro = small_options();
  ro.read_only = true;
  auto log = open_ok(base, ro);
  ASSERT_TRUE(log);
  EXPECT_EQ(log->size(), 29u);
  EXPECT_EQ(log->open_report().dropped_bytes, tail.end - 3 - tail.offset);
  EXPECT_EQ(fs::file_size(last), tail.end - 3);
  EXPECT_TRUE(log->verify().ok());
}

TEST(EvidenceLog, VerifierVkeyWithoutThePrivateKey) {
  ScratchDir dir;
  const std::string base = build(dir, 10, 10);
  std::string vkey;
  {
    LogOptions ro = small_options();
    ro.read_only = true;
    vkey = *open_ok(base, ro)->vkey();
  }
  fs::rename(base + "/" + kKeyFile, dir / "moved.pem");
  auto no_key = EvidenceLog::open(base, small_options());
  ASSERT_FALSE(no_key.ok());
  EXPECT_TRUE(contains(no_key.error().message, "signing key")) << no_key.error().message;
  LogOptions ro = small_options();
  ro.read_only = true;
  ro.verifier_vkey = vkey;
  auto log = open_ok(base, ro);
  ASSERT_TRUE(log);
  EXPECT_TRUE(log->verify().ok());
  // A different key's vkey: the checkpoint has no signature by it.
  auto other = SigningKey::generate("test.example/evidence");
  ro.verifier_vkey = other->vkey();
  auto wrong = EvidenceLog::open(base, ro);
  ASSERT_FALSE(wrong.ok());
  EXPECT_TRUE(contains(wrong.error().message, "no signature by key")) << wrong.error().message;
}

TEST(EvidenceLog, KeyFileModeIsChecked) {
  ScratchDir dir;
  const std::string base = build(dir, 5, 5);
  const std::string key = base + "/" + kKeyFile;
  struct stat st;
  ASSERT_EQ(::stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::chmod(key.c_str(), 0644), 0);
  auto r = EvidenceLog::open(base, small_options());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(contains(r.error().message, "0644")) << r.error().message;
  // A key at a given path.
  ScratchDir other;
  LogOptions o = small_options();
  o.key_path = other / "k.pem";
  auto log = open_ok(other / "log", o);
  ASSERT_TRUE(log);
  fill(*log, 0, 3);
  ASSERT_TRUE(log->sign_head().ok());
  EXPECT_TRUE(fs::exists(o.key_path));
  EXPECT_FALSE(fs::exists(other / "log/signing-key.pem"));
}

TEST(EvidenceLog, FsyncPoliciesAndPendingBound) {
  ScratchDir dir;
  LogOptions o = small_options();
  o.segment_bytes = 1 << 20;
  o.fsync = FsyncPolicy::every(std::chrono::hours(1));
  o.max_pending_bytes = 1000;
  auto log = open_ok(dir / "log", o);
  ASSERT_TRUE(log);
  const std::string seg = segment_files(dir / "log")[0];
  uint64_t frames_bytes = 0;
  for (uint64_t i = 0; i < 200; ++i) {
    const EvidenceRecord r = record_for(i);
    ASSERT_TRUE(log->append(r.view()).ok());
    frames_bytes += kFrameHeaderSize + encoded_record_size(r.view());
    // Never more than the bound held back in memory.
    ASSERT_LT(kSegmentHeaderSize + frames_bytes - fs::file_size(seg), 1000u) << i;
  }
  ASSERT_TRUE(log->commit().ok());
  EXPECT_EQ(log->committed_size(), 200u);
  EXPECT_EQ(log->synced_size(), 0u);  // the interval has not passed
  ASSERT_TRUE(log->sync().ok());
  EXPECT_EQ(log->synced_size(), 200u);
  ASSERT_TRUE(log->close().ok());

  o.fsync = FsyncPolicy::every_commit();
  auto log2 = open_ok(dir / "log", o);
  ASSERT_TRUE(log2);
  fill(*log2, 200, 10);
  EXPECT_EQ(log2->synced_size(), 210u);
  EXPECT_EQ(log2->committed_size(), 210u);
  const EvidenceRecord r = record_for(210);
  ASSERT_TRUE(log2->append(r.view()).ok());
  EXPECT_EQ(log2->committed_size(), 210u);  // not until commit()
}

TEST(EvidenceLog, BadOptionsRecordsAndOrigins) {
  ScratchDir dir;
  LogOptions o = small_options();
  o.segment_bytes = 100;
  EXPECT_EQ(EvidenceLog::open(dir / "a", o).error().code, ErrorCode::kInvalidArgument);
  o = small_options();
  o.origin = "has space";
  EXPECT_FALSE(EvidenceLog::open(dir / "b", o).ok());
  o = small_options();
  o.create_if_missing = false;
  EXPECT_FALSE(EvidenceLog::open(dir / "c", o).ok());
  LogOptions ro = small_options();
  ro.read_only = true;
  EXPECT_FALSE(EvidenceLog::open(dir / "d", ro).ok());

  auto log = open_ok(dir / "log", small_options());
  ASSERT_TRUE(log);
  auto bad = log->append(RecordView{"", 0, RecordKind::kMrtRecord, {}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(log->size(), 0u);
  fill(*log, 0, 3);
  ASSERT_TRUE(log->sign_head().ok());
  ASSERT_TRUE(log->close().ok());
  EXPECT_FALSE(log->append(record_for(3).view()).ok());  // closed
  // The checkpoint's origin is the log's; another one is refused.
  o = small_options();
  o.origin = "someone.else/log";
  auto other = EvidenceLog::open(dir / "log", o);
  ASSERT_FALSE(other.ok());
  EXPECT_TRUE(contains(other.error().message, "origin")) << other.error().message;
  o.origin.clear();
  auto same = open_ok(dir / "log", o);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->origin(), "test.example/evidence");
}

}  // namespace
}  // namespace vigil::evidence

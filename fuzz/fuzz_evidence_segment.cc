// libFuzzer target: the evidence log's decoders on arbitrary bytes
// (src/evidence: segment.h, evidence_record.h, tree_head.h). The first
// octet picks what the rest is:
//
//   0  a segment file image: scan_segment through a read window of
//      1 + octet 1 % 64 octets (exercising frames that straddle reads);
//      checks: frames in order, contiguous, inside the image, each
//      re-decoding to the same bytes; kClean iff the scan reached the end
//   1  leaf data: decode_record; if it decodes, encode_record must give
//      the input back exactly (the encoding is canonical)
//   2  a signed note: parse_signed_note, and if it parses, formatting it
//      gives the input back; its text through parse_checkpoint_text
//      (same round trip) and open_checkpoint with the seeds' Ed25519 key
//   3  a vkey: NoteVerifier::from_vkey; if it parses, vkey() gives it back
//   4  a segment header: decode_segment_header; if it decodes, encoding
//      the result gives the first 32 octets back
// Nothing may crash, overrun, leak or loop; a broken round trip aborts.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/evidence_record.h"
#include "evidence/segment.h"
#include "evidence/tree_head.h"

namespace {

using vigil::Bytes;
namespace ev = vigil::evidence;

void segment(Bytes in) {
  if (in.empty()) return;
  const size_t chunk = 1 + in[0] % 64;
  const Bytes image = in.subspan(1);
  ev::MemorySegmentSource src(image);
  uint64_t next_offset = 0;
  uint64_t next_index = 0;
  bool first = true;
  auto r = ev::scan_segment(
      src,
      [&](const ev::ScannedFrame& f) -> vigil::Status {
        if (first) {
          next_offset = ev::kSegmentHeaderSize;
          next_index = f.leaf_index;
          first = false;
        }
        if (f.offset != next_offset || f.leaf_index != next_index) std::abort();
        const size_t size = ev::kFrameHeaderSize + f.leaf_data.size();
        if (f.offset + size > image.size()) std::abort();
        const ev::FrameDecode d = ev::decode_frame(image.subspan(f.offset, size), f.leaf_index);
        if (d.status != ev::FrameDecode::Status::kOk || d.size != size ||
            std::memcmp(d.leaf_data.data(), f.leaf_data.data(), f.leaf_data.size()) != 0) {
          std::abort();
        }
        next_offset += size;
        ++next_index;
        return vigil::Status::Ok();
      },
      chunk);
  if (!r.ok()) std::abort();  // a memory source cannot fail
  const ev::SegmentScan& s = *r;
  if (s.file_size != image.size() || s.good_end > s.file_size) std::abort();
  if (s.header && !first && s.good_end != next_offset) std::abort();
  if (s.header && (s.tail == ev::SegmentScan::Tail::kClean) != (s.good_end == s.file_size)) {
    std::abort();
  }
}

void record(Bytes in) {
  auto v = ev::decode_record(in);
  if (!v) return;
  auto again = ev::encode_record(*v);
  if (!again || again->size() != in.size() ||
      std::memcmp(again->data(), in.data(), in.size()) != 0) {
    std::abort();
  }
}

// The key that signed the corpus seeds checkpoint_signed and
// checkpoint_cosigned (made for them and thrown away), so that seeds reach
// the Ed25519 verification.
const ev::NoteVerifier& fixed_verifier() {
  static const ev::NoteVerifier v = *ev::NoteVerifier::from_vkey(
      "fuzz.vigil/evidence+a420389a+AY57VgjMbVq8NHRAqFn/MnmaddkcWy10lwa99d9a47AE");
  return v;
}

void note(std::string_view text) {
  auto parsed = ev::parse_signed_note(text);
  if (parsed) {
    if (ev::format_signed_note(*parsed) != text) std::abort();
    auto head = ev::parse_checkpoint_text(parsed->text);
    if (head && ev::format_checkpoint_text(*head) != parsed->text) std::abort();
  }
  auto head = ev::open_checkpoint(text, fixed_verifier());
  if (head && !parsed) std::abort();
}

void vkey(std::string_view text) {
  auto v = ev::NoteVerifier::from_vkey(text);
  if (v && v->vkey() != text) std::abort();
}

void header(Bytes in) {
  auto h = ev::decode_segment_header(in);
  if (!h) return;
  const auto enc = ev::encode_segment_header(*h);
  if (std::memcmp(enc.data(), in.data(), enc.size()) != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const Bytes in(data + 1, size - 1);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 5) {
    case 0:
      segment(in);
      break;
    case 1:
      record(in);
      break;
    case 2:
      note(text);
      break;
    case 3:
      vkey(text);
      break;
    case 4:
      header(in);
      break;
  }
  return 0;
}

#include "evidence/segment.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "evidence/crc32c.h"
#include "evidence/evidence_record.h"
#include "evidence/file_io.h"

namespace vigil::evidence {
namespace {

void store_u16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
void store_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}
void store_u64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (56 - 8 * i));
}
uint64_t load_u64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | p[i];
  return v;
}

// CRC-32C(leaf index || the first 8 octets of the frame).
uint32_t head_crc(uint64_t leaf_index, const uint8_t* frame) {
  uint8_t buf[16];
  store_u64(buf, leaf_index);
  std::memcpy(buf + 8, frame, 8);
  return crc32c(Bytes(buf, sizeof buf));
}

std::string hex32(uint32_t v) {
  char buf[11];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

bool all_zero(Bytes b) {
  return std::all_of(b.begin(), b.end(), [](uint8_t x) { return x == 0; });
}

}  // namespace

std::string segment_file_name(uint32_t number) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "seg-%06u.vlog", number);
  return buf;
}

std::optional<uint32_t> parse_segment_file_name(std::string_view name) {
  constexpr std::string_view kPrefix = "seg-";
  constexpr std::string_view kSuffix = ".vlog";
  if (name.size() < kPrefix.size() + kSuffix.size() || !name.starts_with(kPrefix) ||
      !name.ends_with(kSuffix)) {
    return std::nullopt;
  }
  const std::string_view digits =
      name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  if (digits.size() < 6 || digits.size() > 10) return std::nullopt;
  uint64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > UINT32_MAX) return std::nullopt;
  // Only the canonical spelling: seg-000042.vlog, not seg-0000042.vlog.
  if (segment_file_name(static_cast<uint32_t>(v)) != name) return std::nullopt;
  return static_cast<uint32_t>(v);
}

std::array<uint8_t, kSegmentHeaderSize> encode_segment_header(const SegmentHeader& header) {
  std::array<uint8_t, kSegmentHeaderSize> out{};
  std::memcpy(out.data(), kSegmentMagic, 8);
  store_u16(out.data() + 8, kSegmentVersion);
  store_u16(out.data() + 10, kSegmentHeaderSize);
  store_u32(out.data() + 12, header.number);
  store_u64(out.data() + 16, header.first_leaf);
  store_u32(out.data() + 24, 0);
  store_u32(out.data() + 28, crc32c(Bytes(out.data(), 28)));
  return out;
}

Result<SegmentHeader> decode_segment_header(Bytes data) {
  if (data.size() < kSegmentHeaderSize) {
    return make_error(ErrorCode::kTruncated,
                      "segment header: " + std::to_string(data.size()) + " of 32 octets",
                      data.size());
  }
  const uint8_t* p = data.data();
  auto bad = [](std::string message, uint64_t offset) {
    return make_error(ErrorCode::kMalformed, "segment header: " + std::move(message), offset);
  };
  if (std::memcmp(p, kSegmentMagic, 8) != 0) return bad("not a vigil evidence segment (magic)", 0);
  const uint32_t stored = ByteReader::load_u32(p + 28);
  const uint32_t computed = crc32c(Bytes(p, 28));
  if (stored != computed) {
    return bad("CRC-32C " + hex32(computed) + " does not match the stored " + hex32(stored), 28);
  }
  const uint16_t version = ByteReader::load_u16(p + 8);
  if (version != kSegmentVersion) {
    return make_error(ErrorCode::kUnsupported,
                      "segment header: version " + std::to_string(version) + ", this build reads " +
                          std::to_string(kSegmentVersion),
                      8);
  }
  if (ByteReader::load_u16(p + 10) != kSegmentHeaderSize) {
    return bad("header size " + std::to_string(ByteReader::load_u16(p + 10)) + ", expected 32", 10);
  }
  if (ByteReader::load_u32(p + 24) != 0) return bad("reserved field is not zero", 24);
  return SegmentHeader{ByteReader::load_u32(p + 12), load_u64(p + 16)};
}

void write_frame_header(uint64_t leaf_index, uint8_t* frame, size_t leaf_size) {
  store_u32(frame, static_cast<uint32_t>(leaf_size));
  store_u32(frame + 4, crc32c(Bytes(frame + kFrameHeaderSize, leaf_size)));
  store_u32(frame + 8, head_crc(leaf_index, frame));
}

void encode_frame(uint64_t leaf_index, Bytes leaf_data, std::vector<uint8_t>& out) {
  const size_t at = out.size();
  out.resize(at + kFrameHeaderSize + leaf_data.size());
  uint8_t* f = out.data() + at;
  if (!leaf_data.empty()) std::memcpy(f + kFrameHeaderSize, leaf_data.data(), leaf_data.size());
  write_frame_header(leaf_index, f, leaf_data.size());
}

FrameDecode decode_frame(Bytes available, uint64_t leaf_index) {
  FrameDecode d;
  if (available.size() < kFrameHeaderSize) {
    d.status = FrameDecode::Status::kIncomplete;
    return d;
  }
  const uint8_t* f = available.data();
  const uint32_t length = ByteReader::load_u32(f);
  const uint32_t stored_data_crc = ByteReader::load_u32(f + 4);
  const uint32_t stored_head_crc = ByteReader::load_u32(f + 8);
  if (const uint32_t c = head_crc(leaf_index, f); c != stored_head_crc) {
    d.why = "frame header check failed (head CRC-32C " + hex32(c) + ", stored " +
            hex32(stored_head_crc) + ")";
    return d;
  }
  if (length == 0 || length > kMaxLeafBytes) {
    d.why = "frame length " + std::to_string(length) + " out of range 1.." +
            std::to_string(kMaxLeafBytes);
    return d;
  }
  d.size = kFrameHeaderSize + length;
  if (available.size() < d.size) {
    d.status = FrameDecode::Status::kIncomplete;
    return d;
  }
  const Bytes data = available.subspan(kFrameHeaderSize, length);
  if (const uint32_t c = crc32c(data); c != stored_data_crc) {
    d.why =
        "frame data check failed (CRC-32C " + hex32(c) + ", stored " + hex32(stored_data_crc) + ")";
    return d;
  }
  d.status = FrameDecode::Status::kOk;
  d.leaf_data = data;
  return d;
}

Result<size_t> MemorySegmentSource::read(uint64_t offset, uint8_t* dst, size_t n) {
  if (offset >= image_.size()) return size_t{0};
  const size_t k = std::min<uint64_t>(n, image_.size() - offset);
  std::memcpy(dst, image_.data() + offset, k);
  return k;
}

Result<size_t> FileSegmentSource::read(uint64_t offset, uint8_t* dst, size_t n) {
  return file_io::read_at(fd_, dst, n, offset, path_);
}

namespace {

// A window [start, start + len) of the source held in memory.
class Window {
 public:
  Window(SegmentSource& source, size_t chunk)
      : source_(source), chunk_(std::max<size_t>(chunk, 64)) {}

  // Makes at least `need` octets from `pos` available (fewer only at the end
  // of the source), reading a chunk at a time.
  Status fill(uint64_t pos, size_t need) {
    if (pos >= start_ && pos + need <= start_ + len_) return Status::Ok();
    // Keep what is already there from pos on.
    size_t keep = 0;
    if (pos >= start_ && pos < start_ + len_) {
      keep = static_cast<size_t>(start_ + len_ - pos);
      std::memmove(buf_.data(), buf_.data() + (pos - start_), keep);
    }
    start_ = pos;
    len_ = keep;
    const uint64_t left = source_.size() - pos;
    const size_t want = static_cast<size_t>(std::min<uint64_t>(std::max(need, chunk_), left));
    if (buf_.size() < want) buf_.resize(want);
    while (len_ < want) {
      VIGIL_TRY(const size_t got, source_.read(start_ + len_, buf_.data() + len_, want - len_));
      if (got == 0) {
        return make_error(ErrorCode::kIo, "segment file shrank while being read (expected " +
                                              std::to_string(source_.size()) + " octets)");
      }
      len_ += got;
    }
    return Status::Ok();
  }
  Bytes at(uint64_t pos) const {
    return Bytes(buf_.data() + (pos - start_), static_cast<size_t>(start_ + len_ - pos));
  }

 private:
  SegmentSource& source_;
  size_t chunk_;
  std::vector<uint8_t> buf_;
  uint64_t start_ = 0;
  size_t len_ = 0;
};

// True if every octet from `pos` to the end of the source is zero.
Result<bool> zero_to_end(Window& w, uint64_t pos, uint64_t end, size_t chunk) {
  while (pos < end) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(chunk, end - pos));
    VIGIL_RETURN_IF_ERROR(w.fill(pos, n));
    if (!all_zero(w.at(pos).first(n))) return false;
    pos += n;
  }
  return true;
}

}  // namespace

Result<SegmentScan> scan_segment(SegmentSource& source, const FrameSink& sink, size_t chunk_bytes) {
  SegmentScan s;
  s.file_size = source.size();
  Window w(source, chunk_bytes);
  const size_t chunk = std::max<size_t>(chunk_bytes, 64);

  // Header.
  if (s.file_size < kSegmentHeaderSize) {
    s.tail = SegmentScan::Tail::kTorn;
    s.why = "segment header incomplete (" + std::to_string(s.file_size) + " of 32 octets)";
    return s;
  }
  VIGIL_RETURN_IF_ERROR(w.fill(0, kSegmentHeaderSize));
  auto header = decode_segment_header(w.at(0).first(kSegmentHeaderSize));
  if (!header) {
    VIGIL_TRY(const bool zeros, zero_to_end(w, 0, s.file_size, chunk));
    s.tail = zeros ? SegmentScan::Tail::kTorn : SegmentScan::Tail::kDamaged;
    s.why = zeros ? "segment of zeros (" + std::to_string(s.file_size) + " octets, never written)"
                  : header.error().message;
    return s;
  }
  s.header = *header;
  s.good_end = kSegmentHeaderSize;

  // Frames.
  uint64_t pos = kSegmentHeaderSize;
  uint64_t index = header->first_leaf;
  size_t need = kFrameHeaderSize;
  while (pos < s.file_size) {
    VIGIL_RETURN_IF_ERROR(w.fill(pos, need));
    const Bytes avail = w.at(pos);
    const FrameDecode d = decode_frame(avail, index);
    if (d.status == FrameDecode::Status::kOk) {
      VIGIL_RETURN_IF_ERROR(sink(ScannedFrame{index, pos, d.leaf_data}));
      pos += d.size;
      ++index;
      ++s.frames;
      s.good_end = pos;
      need = kFrameHeaderSize;
      continue;
    }
    const uint64_t left = s.file_size - pos;
    if (d.status == FrameDecode::Status::kIncomplete) {
      const size_t want = d.size == 0 ? kFrameHeaderSize : d.size;
      if (want > left) {
        s.tail = SegmentScan::Tail::kTorn;
        s.why = d.size == 0 ? "partial frame header (" + std::to_string(left) + " of 12 octets)"
                            : "partial frame (" + std::to_string(left) + " of " +
                                  std::to_string(d.size) + " octets)";
        return s;
      }
      need = want;  // more is in the file: read it
      continue;
    }
    VIGIL_TRY(const bool zeros, zero_to_end(w, pos, s.file_size, chunk));
    s.tail = zeros ? SegmentScan::Tail::kTorn : SegmentScan::Tail::kDamaged;
    s.why = zeros ? "zero-filled tail (" + std::to_string(left) + " octets, never written)" : d.why;
    return s;
  }
  return s;
}

}  // namespace vigil::evidence

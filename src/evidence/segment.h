// Segment files of the evidence log (log.h): the on-disk format, encoders,
// and a scanner that checks a whole segment and classifies its end.
//
// A log directory holds seg-000000.vlog, seg-000001.vlog, … (the number in
// the name, at least six digits, counts from 0 without gaps). Each file is
// a header and then frames, one frame per leaf, leaves in index order:
//
//   segment file
//   +--------------------+---------+---------+-----+---------+
//   | header (32 octets) | frame 0 | frame 1 | ... | frame k |
//   +--------------------+---------+---------+-----+---------+
//
//   header (integers big-endian)
//    0                   8        10       12                16
//   +-------------------+--------+--------+-----------------+
//   | magic "VIGEVLOG"  | version| header | segment number  |
//   |                   |  = 1   | size=32| (u32, = name)   |
//   +-------------------+--------+--------+-----------------+
//   16                                    24       28       32
//   +-------------------------------------+--------+--------+
//   | first leaf index (u64): the index   |reserved| CRC-32C|
//   | of frame 0 in the whole log         |  = 0   | of 0-27|
//   +-------------------------------------+--------+--------+
//
//   frame (integers big-endian)
//    0          4          8          12
//   +----------+----------+----------+--------------------------------+
//   | length L | data CRC | head CRC | leaf data (L octets,           |
//   | (u32)    | (u32)    | (u32)    |  evidence_record.h encoding)   |
//   +----------+----------+----------+--------------------------------+
//   data CRC = CRC-32C(leaf data)
//   head CRC = CRC-32C(leaf index as u64 || octets 0-7 of the frame)
//   1 ≤ L ≤ kMaxLeafBytes
//
// The head CRC covers the length, so a damaged length is never mistaken
// for a frame that runs past the end of the file, and it binds the frame to
// its leaf index, so a frame moved, copied or replayed elsewhere fails.
//
// How a segment ends (SegmentScan::Tail), judged at the first frame that
// does not check, at offset p:
//   kClean    p is the end of the file.
//   kTorn     what a crash leaves behind an unfinished append: fewer than
//             12 octets after p (a partial frame header); a frame header that
//             checks but whose frame runs past the end of the file (a
//             partial frame); or nothing but zero octets from p to the end
//             (space a file system extended but never wrote). For a header:
//             a file shorter than 32 octets or a header of zeros.
//   kDamaged  anything else: a header or frame that fails its check with
//             non-zero octets after it, a length out of range, a data CRC
//             that fails on a complete frame. Never the result of a crash
//             of this writer; the log refuses to drop it.
// Whether a torn tail may be dropped is the log's decision (only in the
// last segment, and never below the signed tree head).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/byte_reader.h"
#include "core/result.h"

namespace vigil::evidence {

inline constexpr char kSegmentMagic[8] = {'V', 'I', 'G', 'E', 'V', 'L', 'O', 'G'};
inline constexpr uint16_t kSegmentVersion = 1;
inline constexpr size_t kSegmentHeaderSize = 32;
inline constexpr size_t kFrameHeaderSize = 12;

struct SegmentHeader {
  uint32_t number = 0;
  uint64_t first_leaf = 0;
  bool operator==(const SegmentHeader&) const = default;
};

// "seg-000042.vlog".
std::string segment_file_name(uint32_t number);
// The number in a segment file name, or nullopt if `name` is not one
// ("seg-" then 6 to 10 digits then ".vlog", value < 2^32).
std::optional<uint32_t> parse_segment_file_name(std::string_view name);

std::array<uint8_t, kSegmentHeaderSize> encode_segment_header(const SegmentHeader& header);
// Errors (offset into `data`): kTruncated if shorter than 32 octets;
// kMalformed for a wrong magic, header size, non-zero reserved field or
// CRC; kUnsupported for another version.
Result<SegmentHeader> decode_segment_header(Bytes data);

// Appends the frame of leaf `leaf_index` holding `leaf_data` to `out`.
// REQUIRES: 1 ≤ leaf_data.size() ≤ kMaxLeafBytes.
void encode_frame(uint64_t leaf_index, Bytes leaf_data, std::vector<uint8_t>& out);
// Fills in the 12-octet header of a frame whose leaf data (`leaf_size`
// octets) already follow it at frame + 12: what encode_frame does without
// copying the data. REQUIRES: as encode_frame.
void write_frame_header(uint64_t leaf_index, uint8_t* frame, size_t leaf_size);

// One frame decoded from the octets available at its start.
struct FrameDecode {
  enum class Status : uint8_t {
    kOk,          // `leaf_data` and `size` are set
    kIncomplete,  // fewer than 12 octets, or a checked header whose frame
                  // needs `size` octets and more than are available
    kBad,         // fails a check; `why` says which
  };
  Status status = Status::kBad;
  Bytes leaf_data;  // points into the input
  size_t size = 0;  // whole frame, header included (kOk, kIncomplete with a header)
  std::string why;
};
FrameDecode decode_frame(Bytes available, uint64_t leaf_index);

// A frame as the scanner hands it out. `leaf_data` is valid only during the
// callback.
struct ScannedFrame {
  uint64_t leaf_index = 0;
  uint64_t offset = 0;  // of the frame in the segment file
  Bytes leaf_data;
};

// The result of scanning one segment.
struct SegmentScan {
  enum class Tail : uint8_t { kClean, kTorn, kDamaged };
  std::optional<SegmentHeader> header;  // nullopt if the header is torn or damaged
  uint64_t frames = 0;                  // good frames
  uint64_t good_end = 0;                // offset just past the last good frame (0 if no header)
  uint64_t file_size = 0;
  Tail tail = Tail::kClean;  // what follows good_end
  std::string why;           // for kTorn and kDamaged: what was found at good_end
};

// Where the scanner reads a segment from.
class SegmentSource {
 public:
  virtual ~SegmentSource() = default;
  virtual uint64_t size() const = 0;
  // Reads up to n octets at offset (fewer only at the end).
  virtual Result<size_t> read(uint64_t offset, uint8_t* dst, size_t n) = 0;
};

// Called for every good frame, in order; an error stops the scan and is
// returned by scan_segment.
using FrameSink = std::function<Status(const ScannedFrame&)>;

// Checks the header and every frame of a segment and classifies its end.
// Reads through a buffer of `chunk_bytes` (grown to one frame when a frame
// is larger, at most kFrameHeaderSize + kMaxLeafBytes). Errors: those of
// the source and the sink only; damage is reported in the SegmentScan.
Result<SegmentScan> scan_segment(SegmentSource& source, const FrameSink& sink,
                                 size_t chunk_bytes = size_t{8} << 20);

// A segment image in memory (tests, fuzzing). `image` must outlive it.
class MemorySegmentSource final : public SegmentSource {
 public:
  explicit MemorySegmentSource(Bytes image) : image_(image) {}
  uint64_t size() const override { return image_.size(); }
  Result<size_t> read(uint64_t offset, uint8_t* dst, size_t n) override;

 private:
  Bytes image_;
};

// A segment file open for reading; the descriptor must stay open while it
// is used. `size` is taken once, at construction.
class FileSegmentSource final : public SegmentSource {
 public:
  FileSegmentSource(int fd, uint64_t size, std::string path)
      : fd_(fd), size_(size), path_(std::move(path)) {}
  uint64_t size() const override { return size_; }
  Result<size_t> read(uint64_t offset, uint8_t* dst, size_t n) override;

 private:
  int fd_;
  uint64_t size_;
  std::string path_;
};

}  // namespace vigil::evidence

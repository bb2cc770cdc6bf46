// The leaf data of the evidence log: one raw routing record that supports
// an alert, with where and when vigil received it. The leaf hash is
// RFC 9162 leaf_hash(leaf data) = SHA-256(0x00 || leaf data) (merkle.h).
//
// Encoding, version 1 (all integers big-endian, no padding):
//
//    0        1        2                                10       12
//   +--------+--------+--------------------------------+--------+
//   |version | kind   | receive time (u64, µs since    | source |
//   |  = 1   |        | 1970-01-01T00:00:00Z)          | len S  |
//   +--------+--------+--------------------------------+--------+
//   12                          12+S             16+S
//   +---------------------------+----------------+---------------------+
//   | source name (S octets)    | raw length R   | raw record          |
//   | 1 ≤ S ≤ 1024              | (u32)          | (R octets, 1 ≤ R ≤  |
//   |                           |                |  16 MiB)            |
//   +---------------------------+----------------+---------------------+
//
//   kind  1  MRT record: the whole record, common header (12 octets, 16
//            for _ET types) included, as read from the file or stream
//         2  BGP message: the whole message from its 16-octet marker on
//         3  BMP message: the whole message from its common header on
//
// The encoding is canonical: decode() accepts exactly what encode() makes
// (every length checked, no trailing octets, version 1 only), so the bytes
// of a leaf and the record it holds determine each other. The source name
// is opaque octets (a collector, a file name, "bmp:192.0.2.1"); callers
// that print it should escape it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_reader.h"
#include "core/result.h"

namespace vigil::evidence {

enum class RecordKind : uint8_t {
  kMrtRecord = 1,
  kBgpMessage = 2,
  kBmpMessage = 3,
};

// "mrt", "bgp", "bmp"; "unknown" for any other value.
const char* record_kind_name(RecordKind kind);

inline constexpr uint8_t kRecordVersion = 1;
inline constexpr size_t kRecordFixedBytes = 16;  // everything but source and raw
inline constexpr size_t kMaxSourceBytes = 1024;
inline constexpr size_t kMaxRawBytes = size_t{16} << 20;
// The largest leaf data encode() can make.
inline constexpr size_t kMaxLeafBytes = kRecordFixedBytes + kMaxSourceBytes + kMaxRawBytes;

// A record whose source and raw bytes are borrowed: they must outlive the
// view. What EvidenceLog::append takes and decode_record returns (then
// pointing into the decoded buffer).
struct RecordView {
  std::string_view source;
  uint64_t receive_time_us = 0;
  RecordKind kind = RecordKind::kMrtRecord;
  Bytes raw;
};

// The same, owning its bytes.
struct EvidenceRecord {
  std::string source;
  uint64_t receive_time_us = 0;
  RecordKind kind = RecordKind::kMrtRecord;
  std::vector<uint8_t> raw;

  RecordView view() const { return {source, receive_time_us, kind, raw}; }
  static EvidenceRecord from(const RecordView& v);
  bool operator==(const EvidenceRecord&) const = default;
};

// OK if `record` can be encoded: a known kind, 1 ≤ source ≤ 1024 octets,
// 1 ≤ raw ≤ 16 MiB. kInvalidArgument naming the field otherwise.
Status validate_record(const RecordView& record);

// Octets encode_record makes for `record`.
inline size_t encoded_record_size(const RecordView& record) {
  return kRecordFixedBytes + record.source.size() + record.raw.size();
}

// Appends the encoding of `record` to `out`. REQUIRES: validate_record(record)
// is OK.
void encode_record_to(const RecordView& record, std::vector<uint8_t>& out);

// The encoding of `record`, or validate_record's error.
Result<std::vector<uint8_t>> encode_record(const RecordView& record);

// Decodes leaf data. The view points into `data`, which must outlive it.
// Errors carry the offset of the offending field in `data`: kTruncated
// when `data` ends inside a field, kUnsupported for another version,
// kMalformed for an unknown kind, a length out of range or trailing octets.
Result<RecordView> decode_record(Bytes data);

}  // namespace vigil::evidence

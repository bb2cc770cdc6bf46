// AS_PATH and AS4_PATH (RFC 4271 §4.3 and §5.1.2, RFC 6793, RFC 5065).
//
//   AS_PATH attribute value: a sequence of segments
//   +----------------+----------------+-------------------------------+
//   | segment type   | count (ASes)   | count x ASN (2 or 4 octets)   |
//   |   (1 octet)    |   (1 octet)    |                               |
//   +----------------+----------------+-------------------------------+
//   types: 1 AS_SET, 2 AS_SEQUENCE, 3 AS_CONFED_SEQUENCE, 4 AS_CONFED_SET
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/byte_reader.h"
#include "core/result.h"

namespace vigil::bgp {

enum class SegmentType : uint8_t {
  kSet = 1,
  kSequence = 2,
  kConfedSequence = 3,
  kConfedSet = 4,
};

struct AsPathSegment {
  SegmentType type = SegmentType::kSequence;
  uint32_t first = 0;  // index of the first ASN in AsPath::asns
  uint32_t count = 0;
  bool operator==(const AsPathSegment&) const = default;
};

// A flattened AS path: every segment's ASNs stored back to back in `asns`.
struct AsPath {
  std::vector<uint32_t> asns;
  std::vector<AsPathSegment> segments;

  void clear() {
    asns.clear();
    segments.clear();
  }
  bool empty() const { return segments.empty(); }
  void append_segment(SegmentType type, const uint32_t* asns_begin, uint32_t n);
  // RFC 4271 §9.1.2.2: a SET counts 1, confederation segments 0.
  uint32_t path_length() const;
  // The origin per RFC 6811 §2: the last ASN of the final segment when it is
  // an AS_SEQUENCE; nullopt-like `false` for an AS_SET, an empty path or a
  // confederation segment at the end.
  bool origin(uint32_t& out) const;
  bool operator==(const AsPath&) const = default;
};

// Decodes an AS_PATH / AS4_PATH value. `as4` selects 4-octet ASNs.
// Errors: a segment overrunning the value, an unknown segment type, or a
// zero-length segment (RFC 7606 §7.2) are kMalformed.
Status decode_as_path(Bytes value, bool as4, AsPath& out);

// Heuristic for MRT files whose subtype does not say: true when the value
// parses with 4-octet ASNs and not with 2-octet ones... Used only when the
// caller has no better information.
bool as_path_looks_4byte(Bytes value);

// RFC 6793 §4.2.3: reconstructs the path from a 2-octet AS_PATH (with AS_TRANS)
// and an AS4_PATH. If AS_PATH has fewer ASes than AS4_PATH, AS4_PATH is
// ignored; otherwise the leading (count(AS_PATH) - count(AS4_PATH)) ASes of
// AS_PATH are prepended to AS4_PATH. Counting per §4.2.3 (a SET counts 1).
void merge_as4_path(const AsPath& as_path, const AsPath& as4_path, AsPath& out);

// Text form used by bgpdump and most tools: sequences space separated, sets
// as "{a,b}", confed sequence "(a b)", confed set "[a,b]".
void append_as_path(std::string& out, const AsPath& path);

}  // namespace vigil::bgp

// MRT common header (RFC 6396 §2, §3; extended timestamp §3.1).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                           Timestamp                           |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |             Type              |            Subtype            |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                             Length                            |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                      Message... (Length octets)               |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   _ET types: the first 4 octets of Message are microseconds, and Length
//   counts them.
#pragma once

#include <cstdint>

#include "core/byte_reader.h"
#include "core/result.h"

namespace vigil::mrt {

inline constexpr size_t kHeaderSize = 12;

enum Type : uint16_t {
  kTypeBgp = 5,  // deprecated (RFC 6396 §B.2.1 of the historic types)
  kTypeTableDump = 12,
  kTypeTableDumpV2 = 13,
  kTypeBgp4mp = 16,
  kTypeBgp4mpEt = 17,
};

// TABLE_DUMP_V2 subtypes (RFC 6396 §4.3, RFC 8050 §4).
enum TableDumpV2Subtype : uint16_t {
  kPeerIndexTable = 1,
  kRibIpv4Unicast = 2,
  kRibIpv4Multicast = 3,
  kRibIpv6Unicast = 4,
  kRibIpv6Multicast = 5,
  kRibGeneric = 6,
  kGeoPeerTable = 7,
  kRibIpv4UnicastAddPath = 8,
  kRibIpv4MulticastAddPath = 9,
  kRibIpv6UnicastAddPath = 10,
  kRibIpv6MulticastAddPath = 11,
  kRibGenericAddPath = 12,
};

// BGP4MP subtypes (RFC 6396 §4.4, RFC 8050 §3).
enum Bgp4mpSubtype : uint16_t {
  kStateChange = 0,
  kMessage = 1,
  kEntry = 2,     // deprecated
  kSnapshot = 3,  // deprecated
  kMessageAs4 = 4,
  kStateChangeAs4 = 5,
  kMessageLocal = 6,
  kMessageAs4Local = 7,
  kMessageAddPath = 8,
  kMessageAs4AddPath = 9,
  kMessageLocalAddPath = 10,
  kMessageAs4LocalAddPath = 11,
};

// Deprecated type 5 "BGP" subtypes (RFC 6396 Appendix B).
enum BgpSubtype : uint16_t {
  kBgpNull = 0,
  kBgpUpdate = 1,
  kBgpPrefUpdate = 2,
  kBgpStateChange = 3,
  kBgpSync = 4,
  kBgpOpen = 5,
  kBgpNotify = 6,
  kBgpKeepalive = 7,
};

struct Header {
  uint32_t timestamp = 0;
  uint16_t type = 0;
  uint16_t subtype = 0;
  uint32_t length = 0;        // as on the wire (includes µs for _ET)
  uint32_t microseconds = 0;  // _ET only
  bool extended = false;
  // Octets after the common header that belong to the body.
  uint32_t body_length() const { return extended ? length - 4 : length; }
  // Total record size on disk.
  uint64_t record_size() const { return uint64_t{kHeaderSize} + length; }
};

// Decodes the 12-octet header from the start of `data`. For _ET types the
// microseconds are read too when present in `data`. Errors: fewer than 12
// octets (kTruncated); an _ET length below 4 (kMalformed).
Result<Header> decode_header(Bytes data);

// Whether a type/subtype pair is one vigil knows (used for resynchronisation).
bool is_known_type(uint16_t type, uint16_t subtype);

const char* type_name(uint16_t type);

}  // namespace vigil::mrt

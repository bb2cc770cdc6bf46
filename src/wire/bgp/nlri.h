// NLRI prefixes (RFC 4271 §4.3, RFC 4760 §5, ADD-PATH RFC 7911 §3).
//
//   +---------------------------+
//   | Path Identifier (4 octets)|   only when ADD-PATH is in use
//   +---------------------------+
//   | Length (1 octet, in bits) |
//   +---------------------------+
//   | Prefix (ceil(len/8) octets, trailing bits ignored)
//   +---------------------------+
#pragma once

#include <cstdint>
#include <vector>

#include "core/byte_reader.h"
#include "core/ip.h"
#include "core/result.h"

namespace vigil::bgp {

// Address families (IANA).
inline constexpr uint16_t kAfiIPv4 = 1;
inline constexpr uint16_t kAfiIPv6 = 2;
inline constexpr uint8_t kSafiUnicast = 1;
inline constexpr uint8_t kSafiMulticast = 2;

struct Nlri {
  Prefix prefix;           // host bits cleared
  uint32_t path_id = 0;    // ADD-PATH path identifier, 0 when absent
  bool host_bits = false;  // the wire form had bits set past the length
  bool operator==(const Nlri&) const = default;
};

// Decodes a run of prefixes of `family` until the reader is empty.
// Errors (kMalformed): a length beyond the family's maximum, or a prefix
// that overruns the field. Prefixes decoded before the error stay in `out`.
Status decode_prefixes(ByteReader r, Family family, bool add_path, std::vector<Nlri>& out);

// Decodes one prefix (length octet + bytes), no path id.
Status decode_prefix(ByteReader& r, Family family, Prefix& out, bool* host_bits);

}  // namespace vigil::bgp

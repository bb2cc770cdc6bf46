// Autonomous System numbers (RFC 6793: 4 octets; RFC 5396 text forms).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil {

using Asn = uint32_t;

inline constexpr Asn kAsTransNumber = 23456;  // RFC 6793 §9

// Parses "64500", "AS64500", "as64500" (asplain) and "1.10" (asdot, RFC
// 5396 §2: 1 * 65536 + 10). Errors name the text.
Result<Asn> parse_asn(std::string_view text);

// asplain, as vigil prints ASNs everywhere.
inline std::string asn_to_string(Asn a) { return std::to_string(a); }

// RFC 6996/7300/5398/7607 and IANA: AS 0, AS_TRANS, documentation and
// private-use ranges, and the last ASNs of each space. Inline: detectors
// test every ASN of every new path.
inline constexpr bool is_reserved_asn(Asn a) {
  if (a - 1 < kAsTransNumber - 1) return false;     // 1..23455: the common case
  return a == 0 ||                                  // RFC 7607
         a == kAsTransNumber ||                     // RFC 6793
         (a >= 64496 && a <= 64511) ||              // RFC 5398 documentation
         (a >= 64512 && a <= 65534) ||              // RFC 6996 private use
         a == 65535 ||                              // RFC 7300
         (a >= 65536 && a <= 65551) ||              // RFC 5398 documentation
         (a >= 4200000000u && a <= 4294967294u) ||  // RFC 6996 private use
         a == 4294967295u;                          // RFC 7300
}

}  // namespace vigil

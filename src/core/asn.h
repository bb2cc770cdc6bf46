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
// private-use ranges, and the last ASNs of each space.
bool is_reserved_asn(Asn a);

}  // namespace vigil

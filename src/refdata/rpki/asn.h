// AS numbers as RPKI tools print them.
//
//   parse_asn("64496")   -> 64496   (rpki-client CSV, BGPalerter, StayRTR)
//   parse_asn("AS64496") -> 64496   (Routinator; "as" in any case)
//   parse_asn("1.10")    -> 65546   (asdot, RFC 5396 §1; also "AS1.10")
//
// Errors name what was wrong ("'AS' with no number", "4294967296 is out of
// range") without a location; callers add the file, line or JSON path.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vigil::refdata::rpki {

// Parses a 32-bit AS number (RFC 6793): plain decimal ("asplain"), with an
// optional "AS" prefix, or asdot "<high>.<low>" (each 0..65535). No sign,
// no spaces, no leading '+'. kMalformed on anything else.
Result<uint32_t> parse_asn(std::string_view text);

// "AS64496".
std::string asn_to_string(uint32_t asn);

}  // namespace vigil::refdata::rpki

// The reference data files of an exercise, in the formats vigil's loaders
// (src/refdata) and the usual tools read:
//   vrps.json    rpki-client -j style: {"metadata": {buildmachine,
//                buildtime, roas, vrps, uniquevrps}, "roas": [{"asn": 64500,
//                "prefix": "...", "maxLength": 24, "ta": "ripe", "expires":
//                start + 2 days}], "aspas": []}, ROAs by prefix then ASN
//   as-rel.txt   CAIDA serial-2: "# " comment lines (source, input clique),
//                then "<provider>|<customer>|-1|bgp" and "<peer>|<peer>|0|bgp"
//                ordered by the first then the second ASN
//   registry/delegated-<rir>-extended-<YYYYMMDD>
//                RIR statistics exchange format 2.3, one file per RIR:
//                version line, summary lines, then every ASN (one record
//                each) and prefix of the ASes whose country that RIR serves
//                (IPv4 as first address + address count, IPv6 as address +
//                length), with the AS's country, a registration date drawn
//                per AS, status "allocated" (tier-1 and transit) or
//                "assigned" (stubs, roots) and an opaque id per AS.
// Pure: text in memory.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "exercise/exercise.h"

namespace vigil::exercise {

std::string format_vrps_json(const ExerciseData& ex);
std::string format_as_rel(const ExerciseData& ex);
// (file name, text) per RIR, in region order.
std::vector<std::pair<std::string, std::string>> format_registry(const ExerciseData& ex);

}  // namespace vigil::exercise

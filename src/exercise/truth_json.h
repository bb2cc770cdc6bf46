// truth.json: the ground truth of an exercise (exercise/truth.h) and what a
// scorer needs to read the other files. docs/exercise.md documents every
// member; in short:
//
//   {"format": "vigil-exercise-truth", "version": 1, "seed": 7,
//    "start": 1735689600, "duration": 3600,
//    "files": {"rib": "rib.mrt", "updates": "updates.mrt", ...},
//    "collector": {"asn": 12654, "address": "193.0.4.28"},
//    "topology": {"ases": 50, "prefixes": 146, "p2c_links": 61, "p2p_links": 9,
//                 "tier1": [1299, 3356, 7018]},
//    "vantage_points": [{"peer_index": 0, "asn": 3356, "address": "64.1.0.1",
//                        "kind": "tier1", "country": "US"}, ...],
//    "events": [{"id": 1, "type": "sub-prefix-hijack", "start": 1735690200,
//                "end": 1735691400, "prefixes": ["66.5.128.0/24"],
//                "covering": "66.5.128.0/22", "attacker": 64999, "victim": 3333,
//                "announced_path": [64999], "country": "BR", "victim_country": "US",
//                "rpki": "invalid", "peers_seen": 6,
//                "seen_by": [{"peer_index": 0, "peer_asn": 3356, "peer_address": "64.1.0.1",
//                             "first_seen": 1735690203.412345, "last_seen": 1735691402.0012,
//                             "prefixes": 1}, ...]}, ...],
//    "background": [{"id": 5, "type": "link-flap", "down_links": [[3356, 64501]], ...}]}
//
// Times are Unix seconds; sightings carry microseconds as a fraction.
// Members that do not apply to an event are left out; "end" and
// "last_seen" are null when the event lasts to the end of the exercise.
#pragma once

#include <string>

#include "exercise/exercise.h"

namespace vigil::exercise {

std::string format_truth_json(const ExerciseData& ex);

// One member of "events" / "background" as format_truth_json writes it,
// for other writers of truth.json (exercise/real_background.h).
void append_truth_event_json(std::string& out, const TruthRecord& r);

}  // namespace vigil::exercise

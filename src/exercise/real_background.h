// Events injected into REAL MRT data: a collector's TABLE_DUMP_V2 RIB dump
// and, optionally, its update files. The output is an exercise directory
// like write_exercise()'s (exercise/writer.h) but with only the collector's
// files and the ground truth:
//   DIR/rib.mrt      the RIB's records verbatim, decompressed
//   DIR/updates.mrt  every record of the update files verbatim (each file's
//                    order kept), merged by time with the injected
//                    BGP4MP_ET MESSAGE_AS4 updates
//   DIR/truth.json   exercise/truth_json.h (no topology; "collector" has the
//                    PEER_INDEX_TABLE collector id and ASN 0)
//
//   RealBackground bg{.rib = "rib.bz2", .updates = {"updates.1.bz2"}};
//   EventSpec e{.type = EventType::kSubPrefixHijack, .start = 300, .end = 900};
//   auto ex = inject_real(bg, std::span(&e, 1), 7, "out/real-7");
//
// Times: EventSpec::start/end are seconds after the RIB dump's time (the
// PEER_INDEX_TABLE record's timestamp); no end: the event is never undone.
//
// Vantage points: the PEER_INDEX_TABLE peers with an IPv4 address that have
// at least one IPv4 route in the RIB. Injected updates come "from" them
// (their ASN and address; local side: the collector id, AS 0), each peer at
// the event time plus a jitter of 1-10 s (µs resolution) drawn per event,
// peer and phase from `seed`.
//
// Event semantics (IPv4 only):
//   exact-prefix-hijack, dns-root-hijack
//       victim prefix: EventSpec::prefix, or drawn among RIB prefixes with
//       one origin AS carried by more than half of the vantage points (of
//       the victim's when `victim` is set); dns-root-hijack: a root's IPv4
//       prefix (exercise/dns_roots.h; `dns_root` picks the letter) present
//       in the RIB. Attacker: given, or drawn among the RIB's origin ASes
//       (not the victim). Each peer announces [peer_asn, attacker] (just
//       [attacker] when the peer is the attacker), ORIGIN IGP, NEXT_HOP the
//       peer's address; at the end each peer re-announces its RIB route for
//       the prefix (its RIB attribute bytes, MP_REACH/MP_UNREACH dropped), or
//       withdraws it when it had none.
//   sub-prefix-hijack
//       a more-specific 1-3 bits longer (at most /24) of the victim prefix
//       (or EventSpec::prefix itself when it is not in the RIB but a RIB
//       prefix covers it), announced as above; withdrawn at the end.
//   forged-origin-hijack
//       path [peer_asn, attacker, victim origin] for the victim's prefix;
//       restored as for an exact hijack.
//   as-outage
//       victim: given, or drawn among origin ASes of 1-50 prefixes that are
//       not a peer's ASN. Every prefix whose RIB origin (any entry) is the
//       victim is withdrawn at the start by every peer that carries it, and
//       re-announced by it with its RIB attributes at the end.
//   route-leak, country-shutdown, rpki-invalid
//       kInvalidArgument "event N (type): needs a synthetic Internet".
//
// Truth: one TruthRecord per event (id 1-based, Unix seconds); seen_by lists
// the peers the event was injected at with the µs times of their first and
// (with an end) last injected update.
//
// Memory: the RIB is read twice (per prefix: origin and peer count; then the
// attribute bytes of the prefixes the events touch); the update files are
// held in memory for the merge. Errors: kIo (files), kMalformed (no
// PEER_INDEX_TABLE, damaged records), kInvalidArgument (events).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "exercise/events.h"
#include "exercise/truth.h"

namespace vigil::exercise {

struct RealBackground {
  std::string rib;                   // TABLE_DUMP_V2, any compression
  std::vector<std::string> updates;  // BGP4MP files, any compression; may be empty
};

struct RealExercise {
  std::vector<TruthRecord> truth;
  uint32_t start_time = 0;  // the RIB dump's time
  uint32_t end_time = 0;    // the last record written to updates.mrt (start_time if none)
  size_t injected_messages = 0;
};

Result<RealExercise> inject_real(const RealBackground& bg, std::span<const EventSpec> events,
                                 uint64_t seed, const std::string& out_dir);

}  // namespace vigil::exercise

// Scoring an exercise: the incidents vigil reported against the ground
// truth of what was injected (exercise/truth.h).
//
// An incident matches an injected event when it started while the event
// was on (first_seen in [start, end + grace]; grace = 900 s, the outage
// detector's 3 bins of 5 minutes after an event that ends) and it is about
// the event:
//   hijacks, rpki-invalid,   its prefix is one the event announced (or
//   dns-root-hijack          inside the victim's covering prefix), or its
//                            offending AS is the attacker
//   route-leak               its offending AS is the leaker, or its prefix
//                            is one of the leaked prefixes
//   as-outage                its AS is the one that went dark, or its prefix
//                            one that went dark, or its AS was cut off by
//                            it, or it is about the dark AS's country as a
//                            whole (a big AS takes much of a country down)
//   (both, and link flaps)   or its prefix was rerouted by it (cut_off)
//   country-shutdown         its AS one that went dark, its country the
//                            shutdown's, its AS cut off by it (customers of
//                            a dark transit AS), or its prefix one that
//                            went dark
// Every other incident is a false alarm (on a synthetic Internet nothing
// else happens); those that a background event (a link flap) explains —
// matched the same way — are counted too, as a hint to their cause.
//
// Per event: detected (any match), right type (a match of an expected
// type, below), time to detect (data time from the event's start to the
// first right-type incident), the peers that saw it (most peers of a
// right-type incident) and the vantage points the truth says could.
//
//   exact-prefix-hijack   origin-hijack (watched prefix), moas
//   sub-prefix-hijack     subprefix-hijack, sub-moas
//   forged-origin-hijack  path-hijack (watched), new-adjacency
//   route-leak            route-leak
//   country-shutdown      shutdown
//   as-outage             outage, visibility-loss (the victim watches)
//   dns-root-hijack       any hijack type above, raised to critical
//   rpki-invalid          rpki-invalid
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "detect/incident.h"
#include "exercise/truth.h"

namespace vigil::app {

struct EventScore {
  const exercise::TruthRecord* truth = nullptr;
  bool detected = false;
  bool right_type = false;
  std::vector<std::string> types;  // of the matching incidents, distinct, sorted
  int64_t time_to_detect = -1;     // seconds; -1 when not detected with the right type
  uint32_t peers = 0;
  size_t incidents = 0;
};

struct Scorecard {
  std::vector<EventScore> events;  // injected events, in truth order
  std::vector<const detect::Incident*> false_alarms;
  size_t background_incidents = 0;  // false alarms a background link flap explains
  size_t incidents = 0;             // reported incidents in all
  size_t detected() const;
  size_t right_type() const;
};

// Expected incident types of an event type (see above).
std::vector<std::string> expected_types(exercise::EventType t);

// `cut_off(in, t)`, when given, says whether an incident is a consequence
// of event `t` that takes ASes or links down: its prefix's route at some
// vantage point went through them just before the event (it had to move:
// a new adjacency on the detour is real, and caused by the event), or the
// AS's own space (for a country, some AS of it) was unreachable from every
// vantage point while the event was on (a single-homed customer of a dark
// transit AS goes dark with it, across borders too).
using CutOff = std::function<bool(const detect::Incident&, const exercise::TruthRecord&)>;
Scorecard score(const std::vector<exercise::TruthRecord>& truth,
                const std::vector<const detect::Incident*>& incidents, const CutOff& cut_off = {});

}  // namespace vigil::app

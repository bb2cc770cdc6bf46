// The exercise's updates: how every vantage point's best route changes as
// events start and end, re-propagated with the same policy routing as the
// baseline (exercise/routing.h), so only vantage points whose best route
// really changes send an update.
//
// Units. Routes are computed per unit, a set of prefixes that share them:
//   * a prefix an event announces (hijacked, leaked, a new more-specific)
//     is a unit of its own;
//   * the other prefixes of an origin AS form one unit when some event that
//     takes ASes or links down can change their routes.
// Prefixes in no unit keep their baseline routes throughout.
//
// Which events a unit must consider (its event set E): the events that
// announce its prefix, and those taking down an AS or link that its
// routing tree uses in a way a vantage point can notice (events.h
// down_matters(): an AS that originates or carries transit for it, a link
// carrying the route of a vantage point or of an AS with customers), judged
// on the baseline tree during compute_baseline() (Relevance). A state computed with some
// events active can route through ASes the baseline did not; so after each
// run, every other down event overlapping that state's interval is checked
// against the new tree, and the unit is recomputed with the events that
// matter added, until none is missing. The result is the same as
// recomputing every prefix at every event (tests/exercise checks it
// against a brute-force simulation), at a fraction of the cost.
//
// Per unit: the change points are the starts and ends of the events in E;
// at each, the seeds (the legitimate origin, the attackers' announcements,
// the leakers' re-announcements of their current best path) and the down
// set of the active events give one Propagator run (two with a leak: the
// leaker's path is taken from the state without its leak). Each vantage
// point whose path differs from its previous one sends an update.
//
// Timing: a vantage point sees a change at the event time plus 1-2 s, plus
// 0.1-1 s per AS hop of its new path, plus 3-15 s more for a withdrawal
// (path exploration); the jitter is a hash of the seed, the unit, the
// change point and the vantage point. A vantage point's updates for one
// unit keep their order (each at least 1 µs after the previous).
//
// Who saw an event (Sighting): for an event that announces, a vantage point
// whose best route for some prefix changed to one leading to the event's
// announcement (for a route leak: one that leaves the leaker towards a
// provider or peer, so the path shows the leak); for an event that takes
// things down, one whose route changed when it started.
// first_us is the first such update; last_us the update that ended it (the
// route returned), or 0 when it lasted to the end of the exercise.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/ip.h"
#include "exercise/baseline.h"
#include "exercise/events.h"
#include "exercise/topology.h"

namespace vigil::exercise {

// Collects, during compute_baseline(), which down events matter to which
// origin, and which origins each route leak's leaker reaches through a
// provider or peer. Lifetimes: refers to `net` and `events`.
class Relevance {
 public:
  Relevance(const SyntheticInternet& net, std::span<const ResolvedEvent> events);
  // The baseline hook (OriginHook).
  void observe(uint32_t origin, const Propagator& prop);
  std::span<const uint32_t> down_events_of(uint32_t origin) const { return by_origin_[origin]; }
  std::span<const uint32_t> leak_origins(size_t event) const { return leak_origins_[event]; }

 private:
  const SyntheticInternet& net_;
  std::span<const ResolvedEvent> events_;
  std::vector<uint8_t> vp_;            // per AS: a vantage point
  std::vector<uint32_t> down_events_;  // indices of events that take things down
  std::vector<uint32_t> leak_events_;  // indices of route leaks
  std::vector<std::vector<uint32_t>> by_origin_;
  std::vector<std::vector<uint32_t>> leak_origins_;
};

// One update of one vantage point: a new best path (or a withdrawal) for a
// range of prefixes.
struct RouteChange {
  uint64_t time_us = 0;       // Unix time, microseconds
  uint16_t vp = 0;            // index in SyntheticInternet::vantage_points
  uint32_t path = 0;          // id in Timeline::paths; 0: withdrawn
  uint32_t first_prefix = 0;  // Timeline::prefixes[first, first + count)
  uint32_t prefix_count = 0;
};

struct Sighting {
  uint16_t vp = 0;
  uint64_t first_us = 0;
  uint64_t last_us = 0;   // 0: still seen at the end
  uint32_t prefixes = 0;  // prefixes whose route it affected at this vantage point
};

struct Timeline {
  PathPool paths;
  std::vector<Prefix> prefixes;
  std::vector<RouteChange> changes;              // by time, then vantage point
  std::vector<std::vector<Sighting>> sightings;  // per event, by vantage point
  size_t units = 0;                              // statistics
  size_t runs = 0;
};

struct TimelineInput {
  const SyntheticInternet* net = nullptr;
  const BaselineRoutes* baseline = nullptr;
  std::span<const ResolvedEvent> events;
  const Relevance* relevance = nullptr;
  uint32_t start_time = 0;  // Unix seconds of the exercise start
  uint32_t duration = 0;    // seconds
};

// REQUIRES: every pointer set; fewer than 65535 events; route leaks have
// their announcements (choose_leak_prefixes).
Timeline compute_timeline(const TimelineInput& in);

}  // namespace vigil::exercise

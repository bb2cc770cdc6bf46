// An exercise: a synthetic Internet, the events injected into it and
// everything a collector and the usual reference data would show, ready to
// be written as files (exercise/writer.h) for vigil or any other tool.
//
//   ExerciseSpec spec;
//   spec.topology = TopologyOptions::tiny(42);
//   spec.events.push_back({.type = EventType::kSubPrefixHijack, .start = 600, .end = 1800});
//   auto ex = build_exercise(spec);
//   if (!ex) return ex.error();
//   Status st = write_exercise(*ex, "out/exercise-42");
//
// build_exercise() runs, in order: generate() (topology.h), make_roas()
// (rpki.h), resolve_events() (events.h), make_link_flaps() (churn.h),
// compute_baseline() (baseline.h) with the Relevance hook, the choice of
// leaked prefixes, and compute_timeline() (timeline.h). Every step is
// deterministic for the topology seed: the same spec gives the same bytes.
//
// The spec knows nothing of scenario files; a command line or a scenario
// format fills it.
//
// Lifetimes: ExerciseData is a plain value. Thread safety: build on one
// thread; the result is immutable. Errors: kInvalidArgument naming the bad
// option or event.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/ip.h"
#include "core/result.h"
#include "exercise/baseline.h"
#include "exercise/churn.h"
#include "exercise/events.h"
#include "exercise/rpki.h"
#include "exercise/timeline.h"
#include "exercise/topology.h"
#include "exercise/truth.h"

namespace vigil::exercise {

struct ExerciseSpec {
  TopologyOptions topology;
  std::vector<EventSpec> events;
  uint32_t duration = 3600;          // seconds, 1..7 days
  uint32_t start_time = 1735689600;  // Unix seconds of the RIB dump (2025-01-01T00:00:00Z)
  ChurnOptions churn;
  RpkiOptions rpki;
  // The collector's address (PEER_INDEX_TABLE collector id, BGP4MP local
  // address): RIPE NCC space outside every allocation pool.
  IpAddr collector_address = IpAddr::v4(0xC100041Cu);  // 193.0.4.28
};

struct ExerciseData {
  ExerciseSpec spec;
  SyntheticInternet internet;
  std::vector<Roa> roas;
  std::vector<ResolvedEvent> events;  // the spec's events in order, then background flaps
  BaselineRoutes baseline;            // at start_time
  Timeline timeline;                  // updates after it
  std::vector<TruthRecord> truth;     // one per entry of `events`
};

Result<ExerciseData> build_exercise(const ExerciseSpec& spec);

// Each vantage point's path for `prefix` at `time_us` (Unix µs): the
// baseline, then every change up to and including that time. Empty: no
// route. For tests and scoring.
std::vector<std::vector<uint32_t>> vp_routes_at(const ExerciseData& ex, const Prefix& prefix,
                                                uint64_t time_us);

// The same for many questions (scoring asks thousands): the timeline is
// indexed by prefix once (O(changes)); each question then costs the
// prefix's own changes only. at() returns spans into `ex`, which must
// outlive the index.
class VpRouteIndex {
 public:
  explicit VpRouteIndex(const ExerciseData& ex);
  std::vector<std::span<const uint32_t>> at(const Prefix& prefix, uint64_t time_us) const;

 private:
  const ExerciseData& ex_;
  std::unordered_map<Prefix, std::vector<uint32_t>, PrefixHash> by_prefix_;  // change indices
};

}  // namespace vigil::exercise

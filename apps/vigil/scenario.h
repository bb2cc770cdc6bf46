// Exercise scenario files (YAML; docs/exercises.md, examples/exercises/):
//
//   name: youtube-2008
//   description: one line
//   internet:            # the synthetic Internet (exercise/topology.h)
//     seed: 2008
//     ases: 600          # every AS, the 13 DNS root ASes included
//     prefixes: 3000
//     vantage_points: 12
//     countries: 20
//     transit_levels: 3
//     ipv6_share: 0.2
//   start: 2025-01-01T00:00:00Z   # the RIB dump's time (default)
//   duration: 5400       # seconds of updates after it
//   churn: {link_flaps_per_hour: 0}
//   rpki: {roa_coverage: 0.6}
//   watch: victims       # the defenders' watchlist: "victims" (each hijack
//                        # victim watches its prefix, with its neighbours),
//                        # or "none"
//   events:
//     - type: sub-prefix-hijack       # exercise/events.h names
//       start: 1800                   # seconds after the dump
//       end: 4800                     # optional
//       attacker: 64512               # optional ASNs (drawn when absent)
//       victim: 64513
//       leaker: 64514
//       prefix: 203.0.113.0/24        # optional
//       more_specific: true
//       ipv6: false
//       leak_prefixes: 50
//       country: EG
//       share: 0.8
//       dns_root: K
//   background:          # instead of `internet`: real MRT files (paths
//     rib: rib.bz2       # relative to the scenario); hijacks and AS
//     updates: [u1.gz]   # outages only, sent by every peer of the RIB
//   pass:                # the scenario's own thresholds (exit 1 if unmet)
//     detected: 1.0      # share of events detected
//     right_type: 1.0    # share detected with the expected incident type
//     max_false_alarms: 0
//     max_time_to_detect: 900   # seconds, for every right-type detection
//
// Unknown keys are errors (a misspelt threshold must not pass silently);
// every error names file:line:column.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "exercise/exercise.h"

namespace vigil::app {

struct PassThresholds {
  double detected = 1.0;
  double right_type = 1.0;
  uint32_t max_false_alarms = 0;
  std::optional<uint32_t> max_time_to_detect;
};

// A real background: MRT files the events are injected into (paths
// relative to the scenario file), instead of a synthetic Internet.
struct RealFiles {
  std::string rib;
  std::vector<std::string> updates;
};

struct Scenario {
  std::string file;
  std::optional<RealFiles> background;  // set: real data (exercise/real_background.h)
  std::string name;
  std::string description;
  exercise::ExerciseSpec spec;
  bool watch_victims = true;
  PassThresholds pass;
};

Result<Scenario> load_scenario(const std::string& path);

}  // namespace vigil::app

// Background churn: benign routing changes so that detectors see the noise
// of a normal day, not only the injected events.
//
// A link flap takes one link down for a while and brings it back; routes
// that used it move to the next best path and return. Only links whose loss
// reroutes rather than cuts off are chosen: a customer-provider link whose
// customer has another provider, or a peer link between transit ASes.
// Flaps start uniformly over the exercise (count = rate x duration, rounded)
// and last between min_down_seconds and max_down_seconds.
//
// The default, 6 flaps an hour lasting 1-10 minutes, is modest: most
// eligible links are a multihomed stub's, whose flap moves only that
// stub's prefixes. On the large topology (10k ASes, 100k prefixes, 20
// vantage points, seed 1) an hour of it gives 72 updates announcing or
// withdrawing 334 prefixes in all — far below a RIS peer's hourly churn,
// enough that detectors see changes that are not incidents. Raise
// link_flaps_per_hour for noisier exercises, or set 0 for none.
#pragma once

#include <cstdint>
#include <vector>

#include "exercise/events.h"
#include "exercise/topology.h"

namespace vigil::exercise {

struct ChurnOptions {
  double link_flaps_per_hour = 6.0;
  uint32_t min_down_seconds = 60;
  uint32_t max_down_seconds = 600;
};

// Background events (type kLinkFlap, background = true), by start time.
// Deterministic for the topology's seed. Errors: kInvalidArgument for a
// negative rate or min > max.
Result<std::vector<ResolvedEvent>> make_link_flaps(const SyntheticInternet& net,
                                                   const ChurnOptions& options, uint32_t duration);

}  // namespace vigil::exercise

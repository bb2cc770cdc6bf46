// Test support: an independent, deliberately naive Gao-Rexford route
// computation to check exercise::Propagator against. Every AS repeatedly
// picks the best route among what its neighbours export to it (full paths,
// loop check on the whole path) until nothing changes — a synchronous
// simulation of BGP, nothing like the propagator's three phases.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "exercise/as_graph.h"
#include "exercise/routing.h"

namespace vigil::exercise::test {

struct RefRoute {
  int cls = 0;                 // 0 none, 1 provider, 2 peer, 3 customer, 4 seed
  std::vector<uint32_t> path;  // ASNs, the AS first
  int seed = -1;               // index into the seeds
  uint32_t next_hop = UINT32_MAX;
};

std::vector<RefRoute> reference_routes(const AsGraph& g, std::span<const Seed> seeds,
                                       const DownSet& down = {}, std::span<const uint8_t> rov = {});

}  // namespace vigil::exercise::test

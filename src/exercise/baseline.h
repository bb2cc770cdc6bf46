// The collector's view before any event: for every origin AS and every
// vantage point the best path (Gao-Rexford, exercise/routing.h), computed
// once per origin — all prefixes of an origin share their routes.
//
// Cost: one Propagator run per origin AS, O(V + E) each; 10,000 ASes and
// 20 vantage points take 1.7 s on one core (bench/exercise_bench.cc). Paths
// are stored back to back in a PathPool (4 bytes per AS hop).
//
// Lifetimes: plain values. Thread safety: immutable once computed.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "exercise/routing.h"
#include "exercise/topology.h"

namespace vigil::exercise {

// AS paths stored back to back. Id 0 is "no route" (the empty path).
class PathPool {
 public:
  PathPool() : offsets_{0, 0} {}
  // The id of a copy of `path`; 0 for an empty path.
  uint32_t add(std::span<const uint32_t> path);
  std::span<const uint32_t> get(uint32_t id) const {
    return {asns_.data() + offsets_[id], offsets_[id + 1] - offsets_[id]};
  }
  size_t size() const { return offsets_.size() - 1; }
  size_t memory_bytes() const {
    return asns_.capacity() * sizeof(uint32_t) + offsets_.capacity() * sizeof(uint32_t);
  }

 private:
  std::vector<uint32_t> asns_;
  std::vector<uint32_t> offsets_;
};

struct BaselineRoutes {
  PathPool paths;
  uint32_t vp_count = 0;
  std::vector<uint32_t> ids;  // [origin * vp_count + vp] -> path id (0: no route)

  // The path vantage point `vp` has to prefixes of `origin`.
  std::span<const uint32_t> path(uint32_t origin, uint32_t vp) const {
    return paths.get(ids[size_t{origin} * vp_count + vp]);
  }
};

// Per AS index: 1 when it drops RPKI-invalid routes (for Propagator).
std::vector<uint8_t> rov_flags(const SyntheticInternet& net);

// Called after each origin's run with the propagator still holding every
// AS's route to it, so callers can inspect the whole routing tree.
using OriginHook = std::function<void(uint32_t origin, const Propagator&)>;

// Routes of every origin AS with prefixes (others get no entries: ids 0).
BaselineRoutes compute_baseline(const SyntheticInternet& net, const OriginHook& hook = {});

}  // namespace vigil::exercise

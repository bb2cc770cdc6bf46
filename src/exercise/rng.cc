#include "exercise/rng.h"

#include <algorithm>

namespace vigil::exercise {

size_t pick_cumulative(Rng& rng, std::span<const uint64_t> cumulative) {
  const uint64_t r = rng.below(cumulative.back());
  return static_cast<size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), r) -
                             cumulative.begin());
}

}  // namespace vigil::exercise

// A 64-bit finaliser (MurmurHash3's fmix64, first half): spreads the bits
// of an integer key so that power-of-two tables can take its low bits.
// Used by the open-addressing tables of link and path keys.
#pragma once

#include <cstdint>

namespace vigil {

inline constexpr uint64_t mix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return k;
}

}  // namespace vigil

// Deterministic random numbers for the exercise generator: the same seed
// gives the same Internet, events and files on every platform and compiler.
//
// Why not the std:: distributions: the C++ standard fixes the output of the
// engines (std::mt19937_64's 10000th value is 9981545732273789042,
// [rand.predef]) but not of the distributions. std::uniform_int_distribution,
// std::bernoulli_distribution, std::discrete_distribution and std::shuffle
// may consume a different number of engine values, or map them differently,
// in libstdc++, libc++ and MSVC, and have changed between libstdc++
// releases. So the engine here is std::mt19937_64 and every distribution is
// written out below using only integer arithmetic and exact double
// operations (a 53-bit integer times 2^-53; comparisons). Nothing calls
// pow/log/exp, whose last bit may differ between libm versions.
//
// Streams: Rng(seed, stream) derives an independent generator per purpose
// (topology, prefixes, each event, churn, delays), so adding an event does
// not move the numbers the topology draws.
//
// Thread safety: an Rng is a plain value; one per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <utility>
#include <vector>

namespace vigil::exercise {

// SplitMix64's finaliser (Steele, Lea, Flood, OOPSLA 2014): a bijective mix
// of 64 bits, used to derive seeds and to hash keys into delays.
constexpr uint64_t mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Named stream numbers (Rng(seed, stream)); events use kEventStreamBase + i.
enum Stream : uint64_t {
  kStreamTopology = 1,
  kStreamPrefixes = 2,
  kStreamVantagePoints = 3,
  kStreamRpki = 4,
  kStreamChurn = 5,
  kStreamRegistry = 6,
  kEventStreamBase = 1000,
};

class Rng {
 public:
  explicit Rng(uint64_t seed, uint64_t stream = 0)
      : engine_(mix64(seed ^ mix64(stream + 0x632be59bd9b4e019ull))) {}

  // The engine's next 64 bits.
  uint64_t next() { return engine_(); }

  // Uniform in [0, n). REQUIRES: n > 0. Rejection sampling: values below
  // 2^64 mod n are drawn again, so every result has the same odds.
  uint64_t below(uint64_t n) {
    const uint64_t threshold = (0 - n) % n;
    for (;;) {
      const uint64_t x = next();
      if (x >= threshold) return x % n;
    }
  }
  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  uint64_t between(uint64_t lo, uint64_t hi) {
    if (hi - lo == ~uint64_t{0}) return next();
    return lo + below(hi - lo + 1);
  }
  // Uniform in [0, 1), a multiple of 2^-53.
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // True with probability p (p <= 0: never; p >= 1: always).
  bool chance(double p) { return unit() < p; }

  // An index into `weights` with odds proportional to its weight.
  // REQUIRES: some weight > 0.
  size_t weighted(std::span<const uint32_t> weights) {
    uint64_t total = 0;
    for (uint32_t w : weights) total += w;
    uint64_t r = below(total);
    for (size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return weights.size() - 1;  // unreachable
  }

  // Fisher-Yates with below().
  template <typename T>
  void shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }

  // `k` distinct elements of `from` (all of it when k >= size), in the order
  // drawn.
  template <typename T>
  std::vector<T> sample(const std::vector<T>& from, size_t k) {
    std::vector<T> pool = from;
    if (k > pool.size()) k = pool.size();
    for (size_t i = 0; i < k; ++i) std::swap(pool[i], pool[i + below(pool.size() - i)]);
    pool.resize(k);
    return pool;
  }

 private:
  std::mt19937_64 engine_;
};

// Picks from a cumulative weight table in O(log n): cumulative[i] is the sum
// of the weights of items 0..i. REQUIRES: non-empty, last value > 0.
size_t pick_cumulative(Rng& rng, std::span<const uint64_t> cumulative);

}  // namespace vigil::exercise

// A second, deliberately naive RFC 9162 implementation for the tests: the
// recursive definitions of §2.1.1 (MTH), §2.1.3.1 (PATH) and §2.1.4.1
// (PROOF/SUBPROOF) transcribed as written, over a vector of leaf hashes.
// It hashes with the incremental Sha256 rather than node_hash, so the code
// under test and this reference share only SHA-256 itself (checked against
// FIPS 180-2 vectors in sha256_test.cc).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "evidence/sha256.h"

namespace vigil::evidence::test {

inline Hash ref_node(const Hash& l, const Hash& r) {
  static constexpr uint8_t kOne[1] = {0x01};
  Sha256 s;
  s.update(kOne).update(l).update(r);
  return s.finish();
}

inline Hash ref_leaf(Bytes data) {
  static constexpr uint8_t kZero[1] = {0x00};
  Sha256 s;
  s.update(kZero).update(data);
  return s.finish();
}

// The largest power of two smaller than n (n >= 2).
inline uint64_t ref_split(uint64_t n) {
  uint64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// MTH(D[n]) where D is given by its leaf hashes.
inline Hash ref_mth(std::span<const Hash> d) {
  if (d.empty()) return Sha256().finish();
  if (d.size() == 1) return d[0];
  const uint64_t k = ref_split(d.size());
  return ref_node(ref_mth(d.first(k)), ref_mth(d.subspan(k)));
}

// PATH(m, D[n]).
inline std::vector<Hash> ref_path(uint64_t m, std::span<const Hash> d) {
  if (d.size() <= 1) return {};
  const uint64_t k = ref_split(d.size());
  std::vector<Hash> out;
  if (m < k) {
    out = ref_path(m, d.first(k));
    out.push_back(ref_mth(d.subspan(k)));
  } else {
    out = ref_path(m - k, d.subspan(k));
    out.push_back(ref_mth(d.first(k)));
  }
  return out;
}

// SUBPROOF(m, D[n], b).
inline std::vector<Hash> ref_subproof(uint64_t m, std::span<const Hash> d, bool b) {
  if (m == d.size()) return b ? std::vector<Hash>{} : std::vector<Hash>{ref_mth(d)};
  const uint64_t k = ref_split(d.size());
  std::vector<Hash> out;
  if (m <= k) {
    out = ref_subproof(m, d.first(k), b);
    out.push_back(ref_mth(d.subspan(k)));
  } else {
    out = ref_subproof(m - k, d.subspan(k), false);
    out.push_back(ref_mth(d.first(k)));
  }
  return out;
}

// PROOF(m, D[n]).
inline std::vector<Hash> ref_proof(uint64_t m, std::span<const Hash> d) {
  return ref_subproof(m, d, true);
}

// Leaf hashes of distinct 8-octet records 0, 1, ..., n-1 (little-endian
// counters): cheap, deterministic, all different.
inline std::vector<Hash> counter_leaves(uint64_t n) {
  static constexpr uint8_t kZero[1] = {0x00};
  std::vector<Hash> out;
  out.reserve(n);
  Sha256 s;
  for (uint64_t i = 0; i < n; ++i) {
    uint8_t b[8];
    for (int j = 0; j < 8; ++j) b[j] = static_cast<uint8_t>(i >> (8 * j));
    out.push_back(s.update(kZero).update(b).finish());
  }
  return out;
}

}  // namespace vigil::evidence::test

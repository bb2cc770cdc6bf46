// A set of 64-bit keys with open addressing (linear probing, power-of-two
// table, at most half full): one cache line per lookup in the common case,
// where std::unordered_set chases a node pointer. Used for per-link state
// that detectors test on every new AS path.
//
// Key ~0 is reserved (never stored). No erase. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/hash.h"

namespace vigil::detect {

class U64Set {
 public:
  // True when the key was not there.
  bool insert(uint64_t key) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    uint64_t& slot = slots_[probe(slots_, key)];
    if (slot == key) return false;
    slot = key;
    ++size_;
    return true;
  }
  bool contains(uint64_t key) const {
    if (size_ == 0) return false;
    return slots_[probe(slots_, key)] == key;
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t memory_bytes() const { return slots_.capacity() * sizeof(uint64_t); }

 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  static size_t hash(uint64_t k) { return static_cast<size_t>(mix64(k)); }
  // The slot holding `key`, or the empty slot where it would go.
  // REQUIRES: a power-of-two table with an empty slot.
  static size_t probe(const std::vector<uint64_t>& slots, uint64_t key) {
    const size_t mask = slots.size() - 1;
    for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      if (slots[i] == key || slots[i] == kEmpty) return i;
    }
  }
  void grow() {
    std::vector<uint64_t> bigger(slots_.empty() ? 1024 : slots_.size() * 2, kEmpty);
    for (uint64_t k : slots_) {
      if (k != kEmpty) bigger[probe(bigger, k)] = k;
    }
    slots_.swap(bigger);
  }

  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

}  // namespace vigil::detect

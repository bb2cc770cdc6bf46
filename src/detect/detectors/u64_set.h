// A set of 64-bit keys with open addressing (linear probing, power-of-two
// table, at most half full): one cache line per lookup in the common case,
// where std::unordered_set chases a node pointer. Used for per-link state
// that detectors test on every new AS path.
//
// U64Map<V>: the same with a value per key (kept in a parallel vector).
//
// Key ~0 is reserved (never stored). No erase. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
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

template <typename V>
class U64Map {
 public:
  // The value of `key`, or null.
  V* find(uint64_t key) {
    if (size_ == 0) return nullptr;
    const size_t i = probe(keys_, key);
    return keys_[i] == key ? &values_[i] : nullptr;
  }
  // Inserts `value` unless the key is there; the stored value and whether
  // it was inserted.
  std::pair<V*, bool> try_emplace(uint64_t key, const V& value) {
    if ((size_ + 1) * 2 > keys_.size()) grow();
    const size_t i = probe(keys_, key);
    if (keys_[i] == key) return {&values_[i], false};
    keys_[i] = key;
    values_[i] = value;
    ++size_;
    return {&values_[i], true};
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t memory_bytes() const { return keys_.capacity() * (sizeof(uint64_t) + sizeof(V)); }

 private:
  static constexpr uint64_t kEmpty = ~uint64_t{0};
  static size_t probe(const std::vector<uint64_t>& keys, uint64_t key) {
    const size_t mask = keys.size() - 1;
    for (size_t i = static_cast<size_t>(mix64(key)) & mask;; i = (i + 1) & mask) {
      if (keys[i] == key || keys[i] == kEmpty) return i;
    }
  }
  void grow() {
    const size_t n = keys_.empty() ? 1024 : keys_.size() * 2;
    std::vector<uint64_t> keys(n, kEmpty);
    std::vector<V> values(n);
    for (size_t j = 0; j < keys_.size(); ++j) {
      if (keys_[j] == kEmpty) continue;
      const size_t i = probe(keys, keys_[j]);
      keys[i] = keys_[j];
      values[i] = std::move(values_[j]);
    }
    keys_.swap(keys);
    values_.swap(values);
  }

  std::vector<uint64_t> keys_;
  std::vector<V> values_;
  size_t size_ = 0;
};

}  // namespace vigil::detect

// Interner<T>: stores each distinct value once, hands out 32-bit ids, and
// counts references, as BGP daemons do for AS paths and communities
// (OpenBGPD rde_attr.c, BIRD's ea_lookup). Routes hold ids, not copies.
//
//   Interner<PathData> paths;
//   uint32_t id = paths.intern(path);   // refs = 1 (or +1 if already there)
//   paths.retain(id);                   // refs + 1
//   paths.release(id);                  // refs - 1; freed (id reusable) at 0
//
// T needs `size_t hash() const`, `operator==` and `size_t heap_bytes() const`
// (bytes owned outside sizeof(T), for memory accounting).
// Id 0 is never handed out: it means "none".
// Not thread-safe. References returned by get() stay valid until the next
// intern() (the slot vector may grow).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vigil::rib {

template <typename T>
class Interner {
 public:
  using Id = uint32_t;

  Interner() { table_.assign(16, 0); }

  // Returns the id of a value equal to `v`, adding it if new; one reference
  // is taken either way.
  Id intern(const T& v) {
    const uint32_t h = static_cast<uint32_t>(v.hash());
    size_t i = h & (table_.size() - 1);
    while (Id id = table_[i]) {
      Slot& s = slots_[id];
      if (s.hash == h && s.refs > 0 && s.value == v) {
        ++s.refs;
        return id;
      }
      i = (i + 1) & (table_.size() - 1);
    }
    Id id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
      slots_[id].value = v;
    } else {
      if (slots_.empty()) slots_.emplace_back();  // id 0 = none
      id = static_cast<Id>(slots_.size());
      slots_.push_back(Slot{v, 0, 0});
    }
    Slot& s = slots_[id];
    s.hash = h;
    s.refs = 1;
    ++live_;
    heap_bytes_ += s.value.heap_bytes();
    table_[i] = id;
    if (++used_ * 4 > table_.size() * 3) rehash(table_.size() * 2);
    return id;
  }

  void retain(Id id) { ++slots_[id].refs; }

  // REQUIRES: id holds a reference.
  void release(Id id) {
    Slot& s = slots_[id];
    if (--s.refs > 0) return;
    heap_bytes_ -= s.value.heap_bytes();
    s.value = T();
    --live_;
    free_.push_back(id);
    erase_from_table(id, s.hash);
  }

  // REQUIRES: id is live.
  const T& get(Id id) const { return slots_[id].value; }
  uint32_t refs(Id id) const { return slots_[id].refs; }

  size_t live() const { return live_; }
  // Heap bytes: slots, hash table, free list and what the values own.
  size_t bytes() const {
    return slots_.capacity() * sizeof(Slot) + table_.capacity() * sizeof(Id) +
           free_.capacity() * sizeof(Id) + heap_bytes_;
  }

 private:
  struct Slot {
    T value;
    uint32_t refs = 0;
    uint32_t hash = 0;  // low 32 bits of T::hash()
  };

  void erase_from_table(Id id, uint32_t h) {
    size_t i = h & (table_.size() - 1);
    while (table_[i] != id) i = (i + 1) & (table_.size() - 1);
    // Backward-shift deletion keeps probe chains intact without tombstones.
    size_t j = i;
    for (;;) {
      table_[i] = 0;
      for (;;) {
        j = (j + 1) & (table_.size() - 1);
        if (table_[j] == 0) {
          --used_;
          return;
        }
        const size_t home = slots_[table_[j]].hash & (table_.size() - 1);
        // Move table_[j] back to i if its home is not in (i, j].
        const bool between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!between) break;
      }
      table_[i] = table_[j];
      i = j;
    }
  }

  void rehash(size_t n) {
    std::vector<Id> t(n, 0);
    for (Id id : table_) {
      if (id == 0) continue;
      size_t i = slots_[id].hash & (n - 1);
      while (t[i] != 0) i = (i + 1) & (n - 1);
      t[i] = id;
    }
    table_.swap(t);
  }

  std::vector<Slot> slots_;
  std::vector<Id> table_;  // open addressing, power-of-two size, 0 = empty
  std::vector<Id> free_;
  size_t used_ = 0;
  size_t live_ = 0;
  size_t heap_bytes_ = 0;
};

}  // namespace vigil::rib

// Interner<T>: stores each distinct value once, hands out 32-bit ids, and
// counts references, as BGP daemons do for AS paths and communities
// (OpenBGPD rde_attr.c, BIRD's ea_lookup). Routes hold ids, not copies.
//
//   Interner<PathData> paths;
//   uint32_t id = paths.intern(path);   // refs = 1 (or +1 if already there)
//   paths.retain(id);                   // refs + 1
//   paths.release(id);                  // refs - 1; dormant at 0
//
// A value whose last reference goes is kept, dormant, until its slot is
// needed for a new value, oldest first: a value that comes back — a route
// that flaps, a session that resets and sends its table again — gets its
// old id back without a copy. On the RIS rrc06 stream (4 h) ~140k of ~160k
// path "first uses" are such returns. serial(id) changes only when a slot
// takes a new value, so (id, serial) names a content for as long as it is
// remembered; users that cache per id compare serials instead of
// contents.
//
// Memory: dormant values are kept while they number at most half the live
// ones (the constructor's `dormant_per_two_live`, 1 by default: the
// store's AS paths, few next to attribute sets and worth more when kept,
// use 2, as many dormant as live); past that a new value takes the oldest
// dormant slot. Dormant values are counted in bytes() with the live ones.
//
// T needs `size_t hash() const`, `operator==` and `size_t heap_bytes() const`
// (bytes owned outside sizeof(T), for memory accounting).
//
// Notes (kNotes): one 64-bit word per value for the one user that annotates
// contents (the detection engine numbers AS paths there, path_numbers.h). A
// note is 0 when a slot takes a new value and stays with the value while it
// is live or dormant, so a user reads what it worked out about a content in
// the slot the routing state has just touched, instead of in a table of its
// own keyed by id and serial.
// Id 0 is never handed out: it means "none".
// Not thread-safe. References returned by get() stay valid until the next
// intern() (the slot vector may grow).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <type_traits>
#include <vector>

namespace vigil::rib {

template <typename T, bool kNotes = false>
class Interner {
 public:
  using Id = uint32_t;

  // Dormant values are kept while dormant * 2 <= live * dormant_per_two_live.
  explicit Interner(uint32_t dormant_per_two_live = 1)
      : dormant_per_two_live_(dormant_per_two_live) {
    table_.assign(16, 0);
  }

  // Returns the id of a value equal to `v`, adding it if new (or waking it
  // if dormant); one reference is taken either way.
  Id intern(const T& v) {
    const uint32_t h = static_cast<uint32_t>(v.hash());
    // The table holds each entry's hash: only a full match touches a slot.
    for (size_t i = h & (table_.size() - 1); table_[i] != 0; i = (i + 1) & (table_.size() - 1)) {
      if (entry_hash(table_[i]) != h) continue;
      const Id id = entry_id(table_[i]);
      Slot& s = slots_[id];
      if (s.value == v) {
        if (s.refs++ == 0) {  // dormant: live again, same id and serial
          ++live_;
          --dormant_;
        }
        return id;
      }
    }
    const Id id = take_slot();  // may shift table entries: probe again below
    Slot& s = slots_[id];
    s.value = v;
    s.hash = h;
    s.refs = 1;
    ++s.serial;
    if constexpr (kNotes) s.note = 0;
    ++live_;
    heap_bytes_ += s.value.heap_bytes();
    size_t i = h & (table_.size() - 1);
    while (table_[i] != 0) i = (i + 1) & (table_.size() - 1);
    table_[i] = make_entry(h, id);
    if (++used_ * 4 > table_.size() * 3) rehash(table_.size() * 2);
    return id;
  }

  void retain(Id id) { ++slots_[id].refs; }

  // REQUIRES: id holds a reference. At 0 the value goes dormant.
  void release(Id id) {
    Slot& s = slots_[id];
    if (--s.refs > 0) return;
    --live_;
    ++dormant_;
    if (!s.queued) {
      s.queued = true;
      dormant_queue_.push_back(id);
    }
  }

  // REQUIRES: id is live.
  const T& get(Id id) const { return slots_[id].value; }
  uint32_t refs(Id id) const { return slots_[id].refs; }
  // Changes each time the slot of `id` takes a new value (never on waking
  // a dormant one). REQUIRES: id was handed out.
  uint32_t serial(Id id) const { return slots_[id].serial; }

  // The value's note (kNotes; see the top of this file). Notes are a
  // user's cache about contents, not part of them: setting one through a
  // const Interner is allowed. REQUIRES: id was handed out.
  uint64_t note(Id id) const requires kNotes { return slots_[id].note; }
  void set_note(Id id, uint64_t note) const requires kNotes { slots_[id].note = note; }
  // Every note back to 0 (the user starts over).
  void clear_notes() const requires kNotes {
    for (const Slot& s : slots_) s.note = 0;
  }

  size_t live() const { return live_; }
  size_t dormant() const { return dormant_; }
  // Heap bytes: slots, hash table, dormant queue and what the values
  // (live and dormant) own.
  size_t bytes() const {
    return slots_.capacity() * sizeof(Slot) + table_.capacity() * sizeof(Entry) +
           dormant_queue_.size() * sizeof(Id) + heap_bytes_;
  }

 private:
  struct NoNote {};
  struct Slot {
    T value;
    uint32_t refs = 0;
    uint32_t hash = 0;  // low 32 bits of T::hash()
    uint32_t serial : 31 = 0;
    uint32_t queued : 1 = 0;  // in dormant_queue_
    [[no_unique_address]] mutable std::conditional_t<kNotes, uint64_t, NoNote> note{};
  };

  // The oldest dormant slot, its value dropped from the table, or a new
  // slot.
  Id take_slot() {
    while (dormant_ * 2 > live_ * dormant_per_two_live_ && !dormant_queue_.empty()) {
      const Id id = dormant_queue_.front();
      dormant_queue_.pop_front();
      Slot& s = slots_[id];
      s.queued = false;
      if (s.refs > 0) continue;  // woken since it was queued
      erase_from_table(id, s.hash);
      heap_bytes_ -= s.value.heap_bytes();
      --dormant_;
      return id;
    }
    if (slots_.empty()) slots_.emplace_back();  // id 0 = none
    slots_.emplace_back();
    return static_cast<Id>(slots_.size() - 1);
  }

  // Table entries: hash << 32 | id (0: empty; ids are never 0).
  using Entry = uint64_t;
  static Entry make_entry(uint32_t h, Id id) { return uint64_t{h} << 32 | id; }
  static uint32_t entry_hash(Entry e) { return static_cast<uint32_t>(e >> 32); }
  static Id entry_id(Entry e) { return static_cast<Id>(e); }

  void erase_from_table(Id id, uint32_t h) {
    size_t i = h & (table_.size() - 1);
    while (table_[i] != make_entry(h, id)) i = (i + 1) & (table_.size() - 1);
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
        const size_t home = entry_hash(table_[j]) & (table_.size() - 1);
        // Move table_[j] back to i if its home is not in (i, j].
        const bool between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!between) break;
      }
      table_[i] = table_[j];
      i = j;
    }
  }

  void rehash(size_t n) {
    std::vector<Entry> t(n, 0);
    for (Entry e : table_) {
      if (e == 0) continue;
      size_t i = entry_hash(e) & (n - 1);
      while (t[i] != 0) i = (i + 1) & (n - 1);
      t[i] = e;
    }
    table_.swap(t);
  }

  std::vector<Slot> slots_;
  std::vector<Entry> table_;      // open addressing, power-of-two size, 0 = empty
  std::deque<Id> dormant_queue_;  // oldest first; may hold woken ids (skipped)
  size_t used_ = 0;               // table entries: live and dormant values
  size_t live_ = 0;
  size_t dormant_ = 0;
  size_t heap_bytes_ = 0;
  uint32_t dormant_per_two_live_ = 1;
};

}  // namespace vigil::rib

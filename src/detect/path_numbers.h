// PathNumbers: a stable number for each distinct AS path *content* the
// detectors have seen, so that work that depends only on the path is done
// once per content.
//
// Why: the routing state interns paths and frees them when no route uses
// them, and a freed id is reused for other content. A route that flaps
// frees and re-interns the same path again and again: on the real rrc06
// stream 165k "new" path ids carry only 20k distinct paths. Detectors that
// cached by path id had to recompute 8 times out of 9; numbered by
// content, they compute once.
//
//   PathNumbers numbers;
//   auto n = numbers.of_new(store, attrs);  // n.number (0: no AS_PATH), n.first_sight
//   auto o = numbers.of_live(store, attrs); // a path already numbered
//
// A live path id maps to its number through a vector. Only when the store
// has given the path id a new content (AttrStore::path_serial changed; a
// path that comes back after its last route went keeps its id and serial)
// is the content looked up: its 64-bit hash (PathData::hash, splitmix64 rounds over the segment
// headers and ASNs) and its size are the key, without comparing the ASNs.
// Two different paths of the same size would have to collide on all 64
// bits: with a million distinct paths the chance is about 3 in 10^8, and
// the cost would be one path sharing another's cached verdicts.
//
// Memory: 16 bytes per distinct path in a table at most half full, plus 4
// bytes per path id. Bounded: past kMaxPaths contents everything is
// forgotten and epoch() changes; users keyed by number must then drop what
// they cached (numbers restart from 1).
//
// Not thread-safe. Numbers are dense (1..size()), usable as vector indices.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "rib/attr_store.h"

namespace vigil::detect {

class PathNumbers {
 public:
  static constexpr size_t kMaxPaths = size_t{8} << 20;

  struct Number {
    uint32_t number = 0;       // 0: the route has no AS_PATH
    bool first_sight = false;  // the content was never seen before (this epoch)
    bool has_origin = false;   // RFC 6811 origin (PathData::origin), kept here
    uint32_t origin = 0;       // so that detectors need not touch the path
    uint32_t flags = 0;        // PathFlag bits set for this content (this epoch)
  };

  // The number of the path of attributes just attached to a route (a
  // change's new attributes). REQUIRES: `attrs` is live, and every change's
  // new attributes reach of_new() (the Engine calls it for every change),
  // so that a reused path id is always renumbered.
  Number of_new(const rib::AttrStore& store, rib::AttrsId attrs);
  // The number of a path numbered earlier and still live (a change's old
  // attributes): no lookup.
  Number of_live(const rib::AttrStore& store, rib::AttrsId attrs);

  // Detectors' one-bit verdicts about a content (PathFlag), kept next to
  // its origin so that they come with the number at no extra memory access:
  // a detector that has judged a path uninteresting skips it without
  // touching its own tables. Cleared when the epoch changes.
  // REQUIRES: number was handed out in this epoch (!= 0).
  void set_flags(uint32_t number, uint32_t bits) { info_[number].flags |= bits; }
  // Clears `bits` on every content (a detector's verdicts went stale).
  void clear_flags(uint32_t bits) {
    for (Info& i : info_) i.flags &= ~bits;
  }

  uint32_t epoch() const { return epoch_; }
  size_t size() const { return count_; }
  size_t memory_bytes() const {
    return by_pid_.capacity() * sizeof(PidSlot) + info_.capacity() * sizeof(Info) +
           table_.capacity() * sizeof(Entry);
  }

 private:
  struct Entry {
    uint64_t hash = 0;
    uint32_t size = 0;    // segments << 24 | ASNs (the shape, as a check)
    uint32_t number = 0;  // 0: empty slot
  };
  uint32_t lookup_or_add(const rib::PathData& p, bool& added);
  void grow();
  void reset();

  struct Info {
    uint32_t origin = 0;  // kNoOrigin: none
    uint32_t flags = 0;
  };
  Number make(uint32_t number, bool first_sight) const {
    const Info& i = info_[number];
    return {number, first_sight, i.origin != kNoOrigin, i.origin, i.flags};
  }
  static constexpr uint32_t kNoOrigin = 0xffffffffu;  // AS 4294967295 is reserved (RFC 7300)

  // Per path id: its number (0 unknown) and the store's serial it was
  // numbered under.
  struct PidSlot {
    uint32_t number = 0;
    uint32_t serial = 0;
  };
  std::vector<PidSlot> by_pid_;
  std::vector<Info> info_;    // number -> origin and flags
  std::vector<Entry> table_;  // open addressing, power-of-two size
  size_t count_ = 0;
  uint32_t epoch_ = 1;
};

// The bits of PathNumbers::set_flags, each owned by one detector.
enum PathFlag : uint32_t {
  kBogonChecked = 1u << 0,   // "bogon": the path was scanned for reserved ASNs
  kBogonReserved = 1u << 1,  //   ... and carries one
  kNewLinkPath = 1u << 2,    // "new-adjacency": carries a link outside the baseline
  kLeakChecked = 1u << 3,    // "route-leak": judged in the current generation
  kLeakNotable = 1u << 4,    //   ... a classified valley or a new transit
};

// What a detector keeps per path number: a T per number, value-initialised
// the first time it is asked for in an epoch, and all dropped when the
// numbering starts over (DetectContext::path_epoch).
template <typename T>
class PathNumberMap {
 public:
  // REQUIRES: number != 0.
  T& at(uint32_t number, uint32_t epoch) {
    if (epoch != epoch_) {
      values_.clear();
      epoch_ = epoch;
    }
    if (number >= values_.size()) values_.resize(std::max<size_t>(number + 1, values_.size() * 2));
    return values_[number];
  }
  // Null when nothing was kept for `number` in this epoch.
  const T* find(uint32_t number, uint32_t epoch) const {
    return epoch == epoch_ && number < values_.size() ? &values_[number] : nullptr;
  }

 private:
  std::vector<T> values_;
  uint32_t epoch_ = 0;
};

}  // namespace vigil::detect

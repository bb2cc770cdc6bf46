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
//   auto n = numbers.of(store, attrs);  // n.number (0: no AS_PATH), n.first_sight
//
// The number lives in the routing state's note of the path (AttrStore::
// path_note: number | flags << 32), next to the path the Rib has just
// read for the same change, so that numbering a change costs no access to
// a table of its own. Only a path id whose note is 0 — it has just been
// given a new content — is looked up: by its content's 64-bit hash
// (PathData::hash, splitmix64 rounds over the segment headers and ASNs)
// and its size, without comparing the ASNs. Two different paths of the
// same size would have to collide on all 64 bits: with a million distinct
// paths the chance is about 3 in 10^8, and the cost would be one path
// sharing another's cached verdicts.
//
// Memory: 16 bytes per distinct path in a table at most half full, plus 8
// bytes per number. Bounded: past kMaxPaths contents everything is
// forgotten (the store's notes too) and epoch() changes; users keyed by
// number must then drop what they cached (numbers restart from 1).
//
// One PathNumbers per AttrStore (the notes are its own). Not thread-safe.
// Numbers are dense (1..size()), usable as vector indices.
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

  // The number of the path of live attributes (a change's new or old
  // attributes). REQUIRES: `attrs` is live in `store`, and `store` is the
  // same store at every call.
  Number of(const rib::AttrStore& store, rib::AttrsId attrs) {
    return of(store, store.attrs(attrs));
  }
  // The same for the attributes themselves (`attrs` interned in `store`).
  Number of(const rib::AttrStore& store, const rib::RouteAttrs& attrs) {
    if (attrs.path == 0) return {};
    // A path id keeps its note while its content is remembered: no lookup.
    const uint64_t note = store.path_note(attrs.path);
    if (note == 0) return number_new_content(store, attrs.path);
    const rib::PathData& path = store.path(attrs.path);
    return {static_cast<uint32_t>(note), false, path.has_origin, path.origin,
            static_cast<uint32_t>(note >> 32)};
  }

  // Detectors' one-bit verdicts about a content (PathFlag), kept next to
  // its origin so that they come with the number at no extra memory access:
  // a detector that has judged a path uninteresting skips it without
  // touching its own tables. Cleared when the epoch changes.
  // REQUIRES: number was handed out in this epoch (!= 0).
  void set_flags(const rib::AttrStore& store, uint32_t number, uint32_t bits);
  // Clears `bits` on every content (a detector's verdicts went stale).
  void clear_flags(const rib::AttrStore& store, uint32_t bits);

  uint32_t epoch() const { return epoch_; }
  size_t size() const { return count_; }
  size_t memory_bytes() const {
    return info_.capacity() * sizeof(Info) + table_.capacity() * sizeof(Entry);
  }

 private:
  struct Entry {
    uint64_t hash = 0;
    uint32_t size = 0;    // segments << 24 | ASNs (the shape, as a check)
    uint32_t number = 0;  // 0: empty slot
  };
  // A path id just given a new content: looked up by content, noted.
  Number number_new_content(const rib::AttrStore& store, rib::PathId pid);
  uint32_t lookup_or_add(const rib::PathData& p, bool& added);
  void grow();
  void reset(const rib::AttrStore& store);

  // A note: the number in the low 32 bits, its flags above.
  static uint64_t note_of(uint32_t number, uint32_t flags) {
    return uint64_t{flags} << 32 | number;
  }
  // The path id whose note carries `number` now, if it still does (0: none).
  rib::PathId holder(const rib::AttrStore& store, uint32_t number) const;

  struct Info {
    rib::PathId pid = 0;  // the path id last numbered with it (its note may be gone)
    uint32_t flags = 0;   // authoritative: notes are copies
  };
  std::vector<Info> info_;    // number -> holder and flags
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
  kLeakNotable = 1u << 4,    //   ... a valley finding or a new transit
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

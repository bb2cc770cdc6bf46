// Interned route attributes: AS paths, community sets and whole attribute
// sets are stored once and shared by every route that carries them. A route
// in the RIB is then 16 octets: peer, ADD-PATH id, time and one AttrsId.
//
//   AttrStore store;
//   AttrsId id = store.intern(decoded_attrs, /*as4_session=*/true);
//   const RouteAttrs& a = store.attrs(id);
//   store.path(a.path).origin ...
//   store.release(id);   // when the route goes away
//
// Memory is counted per kind (stats()).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/ip.h"
#include "rib/interner.h"
#include "wire/bgp/as_path.h"
#include "wire/bgp/attributes.h"

namespace vigil::rib {

using PathId = uint32_t;
using CommunitiesId = uint32_t;
using AttrsId = uint32_t;
using NextHopId = uint32_t;

// A next hop, interned: a collector's routes use few distinct ones.
struct NextHop {
  IpAddr addr;
  size_t hash() const;
  size_t heap_bytes() const { return 0; }
  bool operator==(const NextHop&) const = default;
};

// An AS path as routes carry it (AS4_PATH already merged), packed into one
// heap block: a header word per segment (type << 24 | count), then the ASNs.
// About 40 % of the size of a bgp::AsPath with its two vectors, which
// matters at millions of distinct paths.
class PathData {
 public:
  struct Segment {
    bgp::SegmentType type;
    const uint32_t* asns;
    uint32_t count;
  };

  PathData() = default;
  explicit PathData(const bgp::AsPath& p);
  PathData(const PathData& o) { *this = o; }
  PathData& operator=(const PathData& o);
  PathData(PathData&&) noexcept = default;
  PathData& operator=(PathData&&) noexcept = default;

  size_t segment_count() const { return nseg_; }
  Segment segment(size_t i) const;
  bool empty() const { return nseg_ == 0; }
  bgp::AsPath to_as_path() const;

  uint32_t origin = 0;      // RFC 6811 origin; valid when has_origin
  bool has_origin = false;  // false for AS_SET-final, empty or confed-final

  size_t hash() const;
  size_t heap_bytes() const { return (nseg_ + nasn_) * sizeof(uint32_t); }
  bool operator==(const PathData& o) const;

 private:
  std::unique_ptr<uint32_t[]> data_;
  uint32_t nseg_ = 0;
  uint32_t nasn_ = 0;
};

// Standard and large communities of a route.
struct CommunitySet {
  std::vector<uint32_t> standard;
  std::vector<bgp::LargeCommunity> large;
  size_t hash() const;
  size_t heap_bytes() const {
    return standard.capacity() * sizeof(uint32_t) + large.capacity() * sizeof(bgp::LargeCommunity);
  }
  bool operator==(const CommunitySet& o) const {
    return standard == o.standard && large == o.large;
  }
};

// Everything of a route but its prefix, peer and time.
struct RouteAttrs {
  PathId path = 0;                // 0 = no AS_PATH
  CommunitiesId communities = 0;  // 0 = none
  NextHopId next_hop = 0;         // 0 = none
  uint32_t med = 0;
  uint32_t local_pref = 0;
  uint32_t aggregator_asn = 0;
  uint32_t aggregator_ip = 0;  // IPv4, host order
  uint32_t otc = 0;
  bgp::Origin origin = bgp::Origin::kIncomplete;
  uint8_t flags = 0;
  static constexpr uint8_t kHasMed = 1, kHasLocalPref = 2, kAtomicAggregate = 4, kHasAggregator = 8,
                           kHasOtc = 16, kHasOrigin = 32, kHasNextHop = 64;
  size_t hash() const;
  size_t heap_bytes() const { return 0; }
  bool operator==(const RouteAttrs&) const = default;
};

struct MemoryStats {
  size_t paths = 0, path_bytes = 0;
  size_t community_sets = 0, community_bytes = 0;
  size_t attr_sets = 0, attr_bytes = 0;
};

class AttrStore {
 public:
  // Interns the attributes of a decoded route. `next_hop` is the route's
  // next hop (NEXT_HOP or MP_REACH's, chosen by the caller); nullptr = none.
  // One reference is taken on the returned id.
  AttrsId intern(const bgp::PathAttributes& a, bool as4_session, const IpAddr* next_hop);
  // Interns an already-built RouteAttrs whose path/communities ids hold one
  // reference each, which this call takes over.
  AttrsId intern(const RouteAttrs& r);

  void retain(AttrsId id) { attrs_.retain(id); }
  // True when no other route and no other attribute set shares this set's
  // AS path: the path (and everything derived from it) is new to the store.
  bool path_first_use(AttrsId id) const {
    const RouteAttrs& r = attrs_.get(id);
    return attrs_.refs(id) == 1 && (r.path == 0 || paths_.refs(r.path) == 1);
  }
  // True when the route holding this set is the only user of its AS path:
  // once it lets go (the release after a change callback) the path and
  // everything derived from it (its AS links) may be gone.
  bool path_last_use(AttrsId id) const { return path_first_use(id); }
  // Drops one reference; frees the set (and its path and communities) at 0.
  void release(AttrsId id);

  const RouteAttrs& attrs(AttrsId id) const { return attrs_.get(id); }
  const PathData& path(PathId id) const { return paths_.get(id); }
  // One word per path content for the detection engine's path numbers
  // (detect::PathNumbers, its only user): 0 when the id has just been given
  // a new content, kept while the content is remembered (Interner notes).
  uint64_t path_note(PathId id) const { return paths_.note(id); }
  void set_path_note(PathId id, uint64_t note) const { paths_.set_note(id, note); }
  void clear_path_notes() const { paths_.clear_notes(); }
  const CommunitySet& communities(CommunitiesId id) const { return communities_.get(id); }
  // REQUIRES: r.next_hop != 0.
  const IpAddr& next_hop(const RouteAttrs& r) const { return next_hops_.get(r.next_hop).addr; }

  PathId intern_path(const bgp::AsPath& p);
  CommunitiesId intern_communities(const CommunitySet& c);
  void release_path(PathId id) { paths_.release(id); }
  void release_communities(CommunitiesId id) { communities_.release(id); }

  MemoryStats stats() const;

 private:
  // As many dormant paths as live ones: a path that comes back keeps its
  // id and note (fewer renumberings by the detection engine).
  Interner<PathData, /*kNotes=*/true> paths_{/*dormant_per_two_live=*/2};
  Interner<CommunitySet> communities_;
  Interner<RouteAttrs> attrs_;
  Interner<NextHop> next_hops_;
  bgp::AsPath scratch_;
  CommunitySet comm_scratch_;
};

}  // namespace vigil::rib

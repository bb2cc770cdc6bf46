// Route origin validation (RFC 6811 §2) against a set of VRPs.
//
//   VrpSet vrps = VrpSet::build(data.vrp_list());
//   RovResult r = vrps.validate(*Prefix::parse("193.0.0.0/21"), 3333);
//   if (r.state == RovState::kInvalid && r.reason == RovReason::kLength) ...
//
// RFC 6811 §2: a VRP *covers* a route when the VRP prefix contains the route
// prefix (same family, VRP length <= route length, leading bits equal); it
// *matches* when it covers, the route length is <= maxLength and the route's
// origin AS equals the VRP's AS. The route is
//   Valid     if some VRP matches,
//   Invalid   if some VRP covers it but none matches,
//   NotFound  if no VRP covers it.
// An origin of NONE (the path ends in an AS_SET; std::nullopt here) matches
// no VRP, and a VRP for AS 0 matches no route (RFC 6483 §4, RFC 7607), so
// both can only make a covered route Invalid.
//
// Invalid routes carry a reason, as ARTEMIS reports them:
//   kLength (IL)  a covering VRP names the origin AS but its maxLength is
//                 shorter than the route (e.g. a more-specific of a ROA'd
//                 prefix: a sub-prefix hijack with the right origin, or a
//                 missing ROA for a traffic-engineering /24);
//   kAsn    (IA)  no covering VRP names the origin AS.
//
// Design: the distinct VRP prefixes live in a rib::PrefixTrie whose 8-byte
// value (stored in the trie node) holds the prefix's first VRP (AS and
// maxLength, the smallest AS if there are several), a node id and a
// "simple" flag (exactly one VRP and no shorter VRP prefix covering it).
// A validation is one longest-prefix match (for IPv4 a few loads through
// the trie's stride index, on the route's first address, then up the
// covering chain if that found a longer prefix; for IPv6 routes of /32 and
// longer, a hash probe on the first 32 bits and a search in a short sorted
// run, see v6_index.h; else a trie walk); when that VRP matches, or the
// prefix is simple, the answer needs nothing else. Otherwise node id ->
// nodes_ (the prefix's VRPs in entries_, sorted by AS, and the node id of the
// next shorter covering VRP prefix) walks up the covering chain, which is as
// long as the nesting of VRP prefixes (1-3 in practice). Nothing allocates.
// bench/refdata/rov_bench.cc measures it.
//
// Measured (bench/refdata/rov_bench.cc: 300k synthetic VRPs, 230k IPv4 and
// 70k IPv6 nested like allocations and their more-specifics; 1M routes in
// random order; one 2.6 GHz Xeon core, GCC 12 -O3, shared machine): about
// half the routes Valid, 2% Invalid, the rest NotFound: 21M validations/s
// for IPv4, 8M/s for IPv6, 13M/s with IPv6 at a full table's 15%; every
// route covered, a third Invalid: 9M/s; routes in table order: 47M/s.
// Building the set: 110 ms, 56 MB.
//
// Limits: at most 2^23 (8.4M) distinct VRP prefixes (the global RPKI has
// well under 1M); VRPs on further prefixes are left out and counted in
// dropped().
//
// Preconditions: route prefixes passed in have host bits clear
//   (Prefix::masked()); debug builds may assert it.
// Lifetimes: the set owns copies of everything; references passed to
//   callbacks are valid during the call.
// Thread safety: immutable after build(); concurrent const use is safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

#include "core/ip.h"
#include "refdata/rpki/v6_index.h"
#include "refdata/rpki/vrp.h"
#include "rib/prefix_trie.h"

namespace vigil::refdata::rpki {

enum class RovState : uint8_t { kNotFound, kValid, kInvalid };
enum class RovReason : uint8_t {
  kNone,    // Valid or NotFound
  kAsn,     // Invalid: no covering VRP names the origin AS (ARTEMIS "IA")
  kLength,  // Invalid: a covering VRP names the origin, maxLength too short ("IL")
};

struct RovResult {
  RovState state = RovState::kNotFound;
  RovReason reason = RovReason::kNone;
  bool operator==(const RovResult&) const = default;
};

const char* rov_state_name(RovState s);  // "valid", "invalid", "not-found"
// ARTEMIS' codes: "VD", "IA", "IL", "NF".
const char* rov_code(RovResult r);

// A VRP that covers the route validated, and whether it matched.
struct CoveringVrp {
  Vrp vrp;
  bool matched = false;
};

class VrpSet {
 public:
  VrpSet() = default;
  VrpSet(VrpSet&&) noexcept = default;
  VrpSet& operator=(VrpSet&&) noexcept = default;

  // Indexes the distinct VRPs of `vrps` (duplicates, e.g. the same VRP from
  // two ROAs or trust anchors, count once). Host bits are cleared; a VRP
  // whose maxLength is outside [prefix length, 32/128] is left out and
  // counted in dropped() (loaders never produce one).
  static VrpSet build(std::span<const Vrp> vrps);
  static VrpSet build(std::span<const VrpRecord> records);

  size_t size() const { return entries_.size(); }        // distinct VRPs
  size_t prefix_count() const { return nodes_.size(); }  // distinct VRP prefixes
  size_t dropped() const { return dropped_; }
  bool empty() const { return entries_.empty(); }

  // RFC 6811 §2 state of a route with this prefix and origin AS (nullopt:
  // NONE, the path ends in an AS_SET). See rov_origin() for the origin.
  RovResult validate(const Prefix& route, std::optional<uint32_t> origin) const;

  // The same, and fills `covering` (cleared first) with every VRP covering
  // the route, shortest prefix first, each flagged when it matched.
  RovResult validate(const Prefix& route, std::optional<uint32_t> origin,
                     std::vector<CoveringVrp>& covering) const;

  // Calls f(const Vrp&) for every VRP covering `route` (shortest prefix
  // first, then by AS). If f returns bool, false stops the walk.
  template <typename F>
  void for_each_covering(const Prefix& route, F&& f) const;

  // Calls f(const Vrp&) for every VRP whose prefix lies inside `p` (p itself
  // included), in prefix order. If f returns bool, false stops the walk.
  template <typename F>
  void for_each_more_specific(const Prefix& p, F&& f) const;

  // Every VRP in (prefix, asn, maxLength) order.
  std::vector<Vrp> to_vector() const;

  // Heap bytes of the index (trie, nodes, entries).
  size_t memory_bytes() const;

 private:
  static constexpr uint32_t kNoNode = 0xffffffffu;
  static constexpr uint32_t kMaxNodes = uint32_t{1} << 23;
  // The trie value.
  struct Slot {
    uint32_t asn0 = 0;  // the first (smallest) AS among the prefix's VRPs
    // Bits 0-22 node id, bit 23 simple, bits 24-31 the first VRP's maxLength.
    uint32_t packed = 0;
    uint32_t node() const { return packed & (kMaxNodes - 1); }
    bool simple() const { return (packed >> 23) & 1u; }
    uint8_t max_length0() const { return static_cast<uint8_t>(packed >> 24); }
  };
  static_assert(sizeof(Slot) == 8, "stored inline in the trie nodes");
  struct Node {
    uint32_t first = 0;  // into entries_
    uint32_t count = 0;
    uint32_t parent = kNoNode;  // next shorter VRP prefix covering this one
    uint8_t len = 0;            // this prefix's length
  };
  struct Entry {
    uint32_t asn = 0;
    uint8_t max_length = 0;
  };

  // The longest VRP prefix covering a route: its Slot (the fast-path data)
  // when at hand, else its node id; neither when nothing covers the route.
  struct Located {
    Slot slot;
    bool have_slot = false;
    uint32_t node = kNoNode;
    bool found() const { return have_slot || node != kNoNode; }
    uint32_t node_id() const { return have_slot ? slot.node() : node; }
  };
  Located locate(const Prefix& route) const;

  // `p` cut to `len` bits (host bits cleared). REQUIRES: len <= p.len.
  static Prefix truncate(const Prefix& p, int len);
  // f(node id) for `route`'s covering nodes, longest first.
  template <typename F>
  void for_each_covering_node(const Prefix& route, F&& f) const;
  template <typename F>
  static bool call(F& f, const Vrp& v);

  rib::PrefixTrie<Slot> trie_;  // VRP prefix -> Slot
  internal::V6Index v6_;        // IPv6 prefixes of /32 and longer, again
  std::vector<Node> nodes_;
  std::vector<Entry> entries_;
  size_t dropped_ = 0;
};

// ---- implementation of the templates ----

template <typename F>
bool VrpSet::call(F& f, const Vrp& v) {
  if constexpr (std::is_void_v<std::invoke_result_t<F&, const Vrp&>>) {
    f(v);
    return true;
  } else {
    return static_cast<bool>(f(v));
  }
}

template <typename F>
void VrpSet::for_each_covering_node(const Prefix& route, F&& f) const {
  for (uint32_t n = locate(route).node_id(); n != kNoNode; n = nodes_[n].parent) f(n);
}

template <typename F>
void VrpSet::for_each_covering(const Prefix& route, F&& f) const {
  // Collect longest-first, report shortest-first.
  uint32_t chain[129];
  int depth = 0;
  for_each_covering_node(route, [&](uint32_t n) {
    if (depth < 129) chain[depth++] = n;
  });
  for (int d = depth - 1; d >= 0; --d) {
    const Node& node = nodes_[chain[d]];
    const Prefix p = truncate(route, node.len);
    for (uint32_t i = node.first; i < node.first + node.count; ++i) {
      if (!call(f, Vrp{p, entries_[i].asn, entries_[i].max_length})) return;
    }
  }
}

template <typename F>
void VrpSet::for_each_more_specific(const Prefix& p, F&& f) const {
  trie_.for_each_more_specific(p, [&](const Prefix& q, const Slot& slot) {
    const Node& node = nodes_[slot.node()];
    for (uint32_t i = node.first; i < node.first + node.count; ++i) {
      if (!call(f, Vrp{q, entries_[i].asn, entries_[i].max_length})) return false;
    }
    return true;
  });
}

}  // namespace vigil::refdata::rpki

// Gao-Rexford policy routing over an AsGraph: every AS's best route to one
// prefix, computed in O(V + E) by a three-phase propagation.
//
// Policy (Gao & Rexford, "Stable Internet routing without global
// coordination", IEEE/ACM ToN 9(6), 2001; the model of Gao's 2001
// relationship inference and of CAIDA's AS-Rank):
//   preference  routes learned from a customer > from a peer > from a
//               provider (local preference by relationship), then the
//               shorter AS path, then the lower next-hop ASN (a
//               deterministic stand-in for the router-id tie-break);
//   export      an AS announces its own prefixes and its customer routes to
//               everyone, its peer and provider routes to its customers
//               only. Every path is therefore valley-free: read from the
//               origin it goes up (customer to provider) any number of
//               hops, across at most one peer link, then down.
// Under these rules BGP converges to a unique stable state; the phases
// below compute it directly instead of simulating messages:
//   1 customer routes: a bucket queue by path length from the seeds (the
//     announcing ASes) up the customer-to-provider links. An AS gets a
//     customer route only from a customer that has one (or originates), so
//     when its bucket comes up its route is final.
//   2 peer routes: an AS without a customer route takes the best peer route
//     from peers that have a customer route or originate (one hop: a peer
//     route is never exported to another peer).
//   3 provider routes: a bucket queue from every AS holding a route, down
//     the provider-to-customer links, to ASes with neither a customer nor a
//     peer route.
// Each phase touches each link at most a constant number of times.
//
// Seeds generalise origins. A seed is an AS that announces a fixed AS path
// (its own ASN first) to all its neighbours whatever the policy says:
//   legitimate origin   {O}
//   origin hijack       {A} for the victim's prefix, beside the seed {V}
//   forged origin       {A, V} (a type-1 path hijack: a fake link A-V)
//   route leak          {L, x1, ..., O}: L's own best path to a prefix it
//                       learned from a provider or peer, re-announced to
//                       every neighbour (RFC 7908 types 1-4)
// A seed keeps its announced route whatever it hears. An AS never takes a
// route whose seed path already contains it (BGP loop prevention), and an
// AS with `rov` set drops routes of seeds marked rpki_invalid (RFC 6811
// route origin validation with "drop invalid").
//
// Outages: ASes and links in a DownSet carry nothing: a down AS neither
// originates nor forwards, a down link carries no route.
//
// Propagator holds O(V) working arrays reused across runs. Lifetimes: it
// refers to the AsGraph passed in, which must outlive it. Thread safety:
// one Propagator per thread.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "exercise/as_graph.h"

namespace vigil::exercise {

enum class RouteClass : uint8_t {
  kNone = 0,
  kProvider = 1,
  kPeer = 2,
  kCustomer = 3,
  kSeed = 4,  // the AS announces the prefix itself
};

struct Seed {
  uint32_t as = 0;             // AS index
  std::vector<uint32_t> path;  // ASNs it announces, its own first. REQUIRES: non-empty
  uint16_t tag = 0;            // the caller's label, reported back by seed_tag()
  bool rpki_invalid = false;
};

struct DownSet {
  std::vector<uint32_t> ases;                        // AS indices
  std::vector<std::pair<uint32_t, uint32_t>> links;  // AS index pairs, either order
  bool empty() const { return ases.empty() && links.empty(); }
};

class Propagator {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr size_t kMaxSeeds = 32;

  // `rov` (optional): per AS index, nonzero when the AS drops RPKI-invalid
  // routes. Both must outlive the Propagator.
  explicit Propagator(const AsGraph& graph, std::span<const uint8_t> rov = {});

  // Computes every AS's best route to one prefix. Seeds on a down AS are
  // ignored. REQUIRES: seeds.size() <= kMaxSeeds, distinct seed ASes.
  void run(std::span<const Seed> seeds, const DownSet& down = {});

  RouteClass route_class(uint32_t as) const { return static_cast<RouteClass>(cls_[as]); }
  bool has_route(uint32_t as) const { return cls_[as] != 0; }
  // Number of ASes on the path (the AS itself included).
  uint32_t length(uint32_t as) const { return len_[as]; }
  // The neighbour the route came from; kNone for seeds and ASes without one.
  uint32_t next_hop(uint32_t as) const { return next_[as]; }
  // The tag of the seed the route leads to. REQUIRES: has_route(as).
  uint16_t seed_tag(uint32_t as) const { return seeds_[seed_[as]].tag; }
  // The AS path as the AS would announce it: its ASN first, origin last.
  // Empty without a route.
  void path(uint32_t as, std::vector<uint32_t>& out) const;
  // True when some AS's route goes through `as` (it has routing children).
  bool carries_transit(uint32_t as) const;

 private:
  bool blocked(uint32_t from, uint32_t to) const;  // down link or loop or ROV
  void offer(uint32_t to, uint32_t from, RouteClass cls);

  const AsGraph& g_;
  std::span<const uint8_t> rov_;
  std::vector<Seed> seeds_;
  std::vector<uint8_t> cls_;
  std::vector<uint16_t> len_;
  std::vector<uint32_t> next_;
  std::vector<uint8_t> seed_;
  std::vector<uint8_t> down_;
  std::vector<uint32_t> on_path_;  // bit s: the AS is on seed s's announced path
  std::vector<uint32_t> touched_;  // ASes with on_path_ or down_ set
  std::vector<uint64_t> down_links_;
  std::vector<std::vector<uint32_t>> buckets_;
};

// Where a path breaks the valley-free rule, reading it as a collector sees
// it (vantage point first, origin last).
struct PathCheck {
  enum Kind : uint8_t {
    kValleyFree,   // up* flat? down* from the origin
    kValley,       // `at` re-exported a peer/provider route to a peer/provider
    kUnknownLink,  // path[at] and path[at + 1] are not linked in the graph
    kUnknownAs,    // path[at] is not in the graph
  };
  Kind kind = kValleyFree;
  size_t at = 0;  // index into the path
};

// Checks every link of `path` (ASNs; repeated ASNs from prepending are one
// hop). A path of one AS is valley-free.
PathCheck check_path(std::span<const uint32_t> path, const AsGraph& graph);
inline bool valley_free(std::span<const uint32_t> path, const AsGraph& graph) {
  return check_path(path, graph).kind == PathCheck::kValleyFree;
}

}  // namespace vigil::exercise

// vigil's own AS-relationship inference from observed AS paths: Gao's
// algorithm (L. Gao, "On Inferring Autonomous System Relationships in the
// Internet", IEEE/ACM ToN 9(6):733-745, 2001), the refined version with
// sibling threshold L and peer degree ratio R; by default L = 1, R = 60,
// the values commonly used with it (docs: shared reference.md section 3.3).
//
// Input: AS paths as collectors see them, u1 u2 ... un with u1 the AS next
// to the vantage point and un the origin. Prepends (u u u) are collapsed;
// paths that still repeat an AS (loops, poisoning) are dropped, and by
// default so are paths with a reserved/private/documentation ASN
// (special_asns.h). A path containing an AS_SET should be cut before the
// set (or dropped) by the caller.
//
// The idea: a route climbs from the origin through providers up to a top
// provider, then descends through customers (valley-free, "up* flat?
// down*"). The top provider is taken to be the AS with the highest degree.
//
//   Phase 1  degree(u) = number of distinct neighbours of u over all paths.
//   Phase 2  for each path, j = the first index of the highest degree;
//            for i < j:  u(i+1) gave transit to u(i)       (u(i+1) provider)
//            for i >= j: u(i) gave transit to u(i+1)       (u(i) provider)
//            counting transit(x -> y) = paths where x gave transit to y.
//   Phase 3  per link {x, y}, with a = transit(x -> y), b = transit(y -> x):
//            sibling   if (a > L and b > L) or (0 < a <= L and 0 < b <= L)
//            x provider of y  if a > L or b == 0
//            y provider of x  otherwise (b > L or a == 0)
//            (with L = 1: one contrary path is noise; both directions seen
//            more than once, or exactly once each, make siblings). The
//            second clause is the paper's refined rule as we recall it;
//            reference.md summarises only the first.
//   Phase 4  peers happen only at the top of a path. For each path, every
//            link not touching the top provider u(j) cannot be a peering;
//            of the two links touching it, the one towards the neighbour
//            of lower degree cannot be either (when neither of the two
//            links is a sibling link; ties mark the link before the top;
//            a top at either end of the path has one candidate).
//   Phase 5  a link never ruled out in phase 4 whose two degrees are
//            within a factor R (1/R < d(x)/d(y) < R) is a peering, whatever
//            phase 3 said (as in the paper: a peering seen only from the two
//            peers themselves has one path each way, which phase 3 calls
//            siblings; true siblings give transit in mid-path and are
//            ruled out).
//
// Counting: transit counts are per distinct path (after collapsing
// prepends) by default, so one AS announcing many prefixes over the same
// path counts once; GaoOptions::count_unique_paths = false counts every
// path given (the paper counted routing-table entries).
//
// Known limits (from the paper and later work, e.g. AS-Rank, ProbLink):
// degree is a weak proxy for the top of a path when collectors sit inside
// large transit networks; p2p links are under-detected where few vantage
// points see them; links seen only adjacent to the top from a single
// vantage point may come out as p2p. Accuracy is highest with many
// vantage points in different tiers.
//
// Cost: O(total path length) hash-table work; memory about 40 bytes per
// distinct link plus a copy of the (collapsed) paths. Measured (Release, one
// core): the 503,590 paths of the 2014 route-views.jinx RIB (8 peers; 67,869
// distinct, 47,001 ASes, 64,536 links) in 0.20 s; 4 million paths in 1.6 s.
// On synthetic hierarchies with known answers 99.1-99.9 % of the links are
// right (tests/refdata/asrel/gao_inference_test.cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "refdata/asrel/as_relationships.h"

namespace vigil::refdata {

struct GaoOptions {
  uint32_t sibling_threshold = 1;   // L
  double peer_degree_ratio = 60.0;  // R; must be >= 1
  bool infer_peers = true;          // phases 4-5 (off: p2c/s2s only)
  bool count_unique_paths = true;   // see "Counting" above
  bool drop_special_asns = true;    // drop paths with reserved/private ASNs
};

struct GaoStats {
  size_t paths_in = 0;
  // Paths counted in phases 2 and 4: after the drops below, and once per
  // distinct path when count_unique_paths.
  size_t paths_used = 0;
  size_t dropped_loops = 0;    // an AS repeated after collapsing prepends
  size_t dropped_special = 0;  // reserved/private/documentation ASN
  size_t dropped_short = 0;    // a single AS (no link) or empty
  size_t duplicate_paths = 0;  // not counted again (count_unique_paths)
  size_t ases = 0;
  size_t links = 0;
  size_t provider_customer = 0;
  size_t peer = 0;
  size_t sibling = 0;
};

struct GaoResult {
  AsRelationships relationships;
  GaoStats stats;
};

// Errors: kInvalidArgument when peer_degree_ratio < 1 (or NaN).
Result<GaoResult> infer_relationships_gao(std::span<const std::vector<uint32_t>> paths,
                                          const GaoOptions& options = {});

}  // namespace vigil::refdata

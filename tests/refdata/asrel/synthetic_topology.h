// Test support: a synthetic AS hierarchy with known relationships, and the
// AS paths that vantage points in it would see under the usual routing
// policies (Gao-Rexford), to check relationship inference against the truth.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "refdata/asrel/as_relationships.h"

namespace vigil::refdata::test {

struct HierarchyShape {
  int tier1 = 6;    // a full mesh of peers
  int tier2 = 40;   // two tier-1 providers each, some tier-2 peers
  int tier3 = 120;  // one or two tier-2 providers
  int stubs = 800;  // one or two providers anywhere above
  int tier2_peer_links = 60;
  // Relative odds that a stub's provider is tier-1, tier-2, tier-3.
  std::array<int, 3> stub_provider_weights = {1, 2, 1};
};

struct Hierarchy {
  std::vector<AsLink> links;  // the truth
  std::vector<uint32_t> tier1, tier2, tier3, stubs;
  AsRelationships truth() const;
};

// Deterministic for a seed. ASNs: tier-1 from 100, tier-2 from 1000, tier-3
// from 5000, stubs from 10000 (none is special).
Hierarchy make_hierarchy(uint32_t seed, const HierarchyShape& shape = {});

// The best path from each vantage point to each origin, vantage point first,
// origin last: routes from customers preferred over peers over providers,
// then shortest, then lowest next-hop ASN; routes from peers and providers
// exported to customers only (valley-free). Siblings are not modelled.
// Pairs with no route are skipped; a vantage point's own origin is skipped.
std::vector<std::vector<uint32_t>> valley_free_paths(const AsRelationships& truth,
                                                     std::span<const uint32_t> vantage_points,
                                                     std::span<const uint32_t> origins);

}  // namespace vigil::refdata::test

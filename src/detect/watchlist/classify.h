// Configuration-based hijack classification (ARTEMIS taxonomy, Sermpezis
// et al., ToN 2018; reference.md §3.1): an announcement of `prefix` with AS
// path `path` (peer first, origin last) against a watchlist.
//
//   dimension 1, prefix:  E exact (incl. RFC 2622 range operators), S
//                         sub-prefix, Q squatting (nobody may announce it)
//   dimension 2, path:    0 illegal origin, 1 illegal first hop (neighbour),
//                         - legitimate
//   dimension 4, policy:  L the route travelled beyond a neighbour although
//                         the prefix is no-export
//
// Rules for the best-matching configured prefix are combined as ARTEMIS
// does: the origin is legitimate if any rule allows it; the neighbour if any
// of those rules allows it (or configures none); a no-export violation only
// when every rule that allows the path asks for no-export. A sub-prefix whose
// path is legitimate is still reported ("S|-|-|-": a more-specific nobody
// expected), unless the rule says ignore_more_specifics.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/ip.h"
#include "refdata/watchlist/watchlist.h"

namespace vigil::detect {

enum class HijackPrefixKind : uint8_t { kExact, kSubPrefix, kSquatting };
enum class HijackPathKind : uint8_t { kOrigin, kFirstHop, kLegitimate };

struct Classification {
  HijackPrefixKind prefix_kind = HijackPrefixKind::kExact;
  HijackPathKind path_kind = HijackPathKind::kLegitimate;
  bool policy_violation = false;  // no-export (ARTEMIS "L")
  // The AS held responsible: the origin (type 0, Q), the first hop (type 1,
  // L), or nullopt for a legitimate-path sub-prefix.
  std::optional<uint32_t> hijacker;
  Prefix configured_prefix;                    // the watched prefix matched (the announced
                                               // one when a range operator made it exact)
  const refdata::WatchEntry* entry = nullptr;  // a matching rule
  // "E|0|-|-", "S|1|-|-", "Q|0|-|-", "S|-|-|-", "E|-|-|L".
  std::string code() const;
};

// Returns the classification, or nullopt when the announcement is legitimate
// or not covered by the watchlist. `path` is the AS path as a flat list
// (peer first); consecutive duplicates (prepends) are ignored. An empty path
// is the watchlist owner's own route: legitimate.
std::optional<Classification> classify(const refdata::Watchlist& w, const Prefix& prefix,
                                       std::span<const uint32_t> path);

}  // namespace vigil::detect

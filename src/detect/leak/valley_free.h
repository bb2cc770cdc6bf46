// Valley-free classification of one AS path against AS relationships, and
// the passive RFC 9234 Only-To-Customer (OTC) check. Pure functions: no
// state, no allocation beyond a scratch copy of the path.
//
// A route travels from the origin towards the collector. Reading the path
// origin first, each hop is one of
//
//   up    sender is a customer of the receiver   (c2p)
//   flat  sender and receiver are peers          (p2p)
//   down  sender is a provider of the receiver   (p2c)
//   --    siblings: transparent, skipped (one organisation)
//   ?     no relationship known for the pair
//
// and a valley-free path is  up* flat? down*  (Gao). A violation is an up
// or flat hop after a flat or down hop: some AS took a route from a
// provider or peer and handed it to a provider or peer.
//
//        provider P              provider Q / peer Q      "next" = Q
//             \  down           up  /
//              \               /                          leaker = L
//               L  ---------- L        (the same AS)      "pre"  = P
//
//   learned from   sent to      RFC 7908 type
//   provider       provider     1  hairpin turn
//   peer           peer         2  lateral ISP-ISP-ISP
//   provider       peer         3  provider routes leaked to a peer
//   peer           provider     4  peer routes leaked to a provider
//
// Decisions:
//  - The path is given as collectors print it: the peer next to the
//    collector first, the origin last. The hop from the first AS to the
//    collector is not judged (collectors take full tables from everyone).
//  - Prepends (u u u) are collapsed. A path that repeats an AS after that
//    (a loop, AS-path poisoning) is kNotClassifiable, as are paths with
//    fewer than two distinct ASes. A caller holding an AS_SET should cut
//    the path before it.
//  - The first violation read from the origin is reported (the leak closest
//    to the origin; later valleys are usually its consequence).
//  - Siblings are transparent: in  P -down-> B -sibling-> C -up-> Q  the
//    leaker is C (the AS whose export to Q broke the rule), pre is P (the
//    provider the organisation learned it from) and next is Q.
//  - Unknown hops: a violation is still proven when a down/flat hop is
//    later followed by an up/flat hop, whatever lies between. If unknown
//    hops lie between the two, the leaker is one of the ASes in that
//    stretch; the result names the first of them (the AS that received the
//    route from its provider/peer: `leaker`, with `pre` its sender and
//    `next` the AS it passed the route to) and the type is kUnknown. When
//    unknown hops exist and no violation is proven the path is kIncomplete.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "refdata/asrel/as_relationships.h"

namespace vigil::detect::leak {

// RFC 7908 section 3 types (1-4); kUnknown when the leaker's hops are not
// both known.
enum class LeakType : uint8_t {
  kNone = 0,
  kHairpin = 1,         // provider -> provider
  kLateral = 2,         // peer -> peer
  kProviderToPeer = 3,  // provider routes to a peer
  kPeerToProvider = 4,  // peer routes to a provider
  kUnknown = 5,
};

// "RFC7908-type-1" ... "RFC7908-type-4", "RFC7908-type-unknown", "none".
std::string_view leak_type_code(LeakType t);
// "hairpin (provider to provider)", ...; for explanations.
std::string_view leak_type_description(LeakType t);

enum class PathClass : uint8_t {
  kValleyFree,       // every hop known (or sibling) and up* flat? down*
  kViolation,        // a proven valley; leaker/pre/next/type set
  kIncomplete,       // some hops unknown, the known ones prove nothing
  kNotClassifiable,  // empty, a single AS, or a loop
};

struct ValleyResult {
  PathClass cls = PathClass::kNotClassifiable;
  LeakType type = LeakType::kNone;
  uint32_t leaker = 0;        // kViolation only
  uint32_t pre = 0;           // the provider/peer the leaker learned the route from
  uint32_t next = 0;          // the AS the leaker sent it to
  uint16_t unknown_hops = 0;  // hops with no known relationship
};

// Classifies `path` (peer first, origin last). `rels` is only read.
ValleyResult classify_path(std::span<const uint32_t> path, const refdata::AsRelationships& rels);

// RFC 9234 OTC, seen passively. The attribute's value X is the AS that
// sent the route down or sideways (egress: X sent it to a customer or peer
// and stamped its own ASN; ingress: a customer or peer of X received it from
// X and stamped X). From then on the route may only go to customers: any
// later hop that is up or flat is a leak by its sender.
//
//    origin ... X ──down/flat──► c1 ──down──► c2 ──up──► c3 ... collector
//                                             └ leaker c2, pre c1, next c3
//
// What the collector cannot know: the roles negotiated on each session
// (we use relationships instead, so a wrong relationship can make a false
// finding), whether an AS stripped the attribute (an OTC-less route proves
// nothing), and the hop to the collector itself (collector sessions take
// everything). An OTC value that is not in the path is the mark of a route
// server (RFC 9234 route servers stamp their own ASN, which transparent
// route servers do not put in the path), or of a private ASN removed:
// kNotInPath, not a leak. A hop X -> c1 that the relationships call up
// contradicts the attribute (a role misconfiguration or a wrong
// relationship): kConflict, not flagged.
enum class OtcVerdict : uint8_t {
  kConsistent,       // every hop after X is down or sibling
  kLeak,             // an up/flat hop after X: leaker/pre/next set
  kIncomplete,       // some hops after X unknown, none proven wrong
  kNotInPath,        // X is not in the path
  kConflict,         // X's own hop is up per `rels`
  kNotClassifiable,  // empty path or a loop
};

struct OtcResult {
  OtcVerdict verdict = OtcVerdict::kNotClassifiable;
  LeakType type = LeakType::kNone;  // from the leaker's incoming hop, when known
  uint32_t leaker = 0;
  uint32_t pre = 0;
  uint32_t next = 0;
};

// REQUIRES: otc != 0 (0 means the attribute is absent).
OtcResult check_otc(std::span<const uint32_t> path, uint32_t otc,
                    const refdata::AsRelationships& rels);

// The transit-free clique at the top of the Internet, as CAIDA's AS-Rank
// inferred it ("# input clique:" of its 2018-2021 relationship files):
// 174 209 286 701 1239 1299 2828 2914 3257 3320 3356 3491 5511 6453 6461
// 6762 6830 7018 12956. Stable for years; a stale entry only makes an AS
// look like a provider of its neighbours.
std::span<const uint32_t> default_clique();

// Inferred relationships with the clique put on top (AS-Rank's assumption,
// which Gao's degree heuristic lacks): links between two clique members
// become peerings and every link between a member and a non-member makes
// the member the provider. Fixes the inference errors that a vantage
// point's bias (a large regional AS of high observed degree taken for the
// top of paths) causes around Tier-1s; the price is that a clique member is
// never found leaking. Returns a new store; `rels` is unchanged.
refdata::AsRelationships with_clique_on_top(const refdata::AsRelationships& rels,
                                            std::span<const uint32_t> clique);

}  // namespace vigil::detect::leak

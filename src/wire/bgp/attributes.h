// BGP path attributes (RFC 4271 §4.3 and §5) and their RFC 7606 error
// handling.
//
//   Path attribute, as it appears in the UPDATE's attribute list:
//   +---------------+---------------+----------------------------+
//   | Attr. Flags   | Attr. Type    | Length (1 octet, or 2 when |
//   |  (1 octet)    |  (1 octet)    |  the Extended Length flag) |
//   +---------------+---------------+----------------------------+
//   | Value (Length octets) ...                                  |
//   +------------------------------------------------------------+
//   Flags: 0x80 Optional, 0x40 Transitive, 0x20 Partial, 0x10 Extended Length
//
// Decoding is table driven (attributes.cc): each known type has a decoder and
// the RFC 7606 action for a malformed value. A malformed attribute never stops
// decoding: it becomes an AttrWarning carrying the action, and the update's
// overall action is the most severe one seen.
//
// Lifetime: spans inside PathAttributes (raw values, unknown attributes,
// opaque NLRI) point into the bytes given to decode_attributes(); they are
// valid only as long as those bytes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/byte_reader.h"
#include "core/ip.h"
#include "core/result.h"
#include "wire/bgp/as_path.h"
#include "wire/bgp/nlri.h"

namespace vigil::bgp {

enum AttrType : uint8_t {
  kAttrOrigin = 1,
  kAttrAsPath = 2,
  kAttrNextHop = 3,
  kAttrMed = 4,
  kAttrLocalPref = 5,
  kAttrAtomicAggregate = 6,
  kAttrAggregator = 7,
  kAttrCommunities = 8,
  kAttrOriginatorId = 9,
  kAttrClusterList = 10,
  kAttrMpReach = 14,
  kAttrMpUnreach = 15,
  kAttrExtCommunities = 16,
  kAttrAs4Path = 17,
  kAttrAs4Aggregator = 18,
  kAttrIpv6ExtCommunities = 25,
  kAttrAigp = 26,
  kAttrLargeCommunities = 32,
  kAttrOnlyToCustomer = 35,
};

inline constexpr uint8_t kFlagOptional = 0x80;
inline constexpr uint8_t kFlagTransitive = 0x40;
inline constexpr uint8_t kFlagPartial = 0x20;
inline constexpr uint8_t kFlagExtendedLength = 0x10;

// RFC 7606 §2 error-handling approaches, ordered by severity.
inline constexpr uint32_t kAsTrans = 23456;  // RFC 6793 §9

enum class ErrorAction : uint8_t {
  kNone = 0,
  kAttributeDiscard = 1,  // drop the attribute, keep the route
  kTreatAsWithdraw = 2,   // the update's prefixes are withdrawn
  kAfiSafiDisable = 3,    // (not used by a passive decoder; reserved)
  kSessionReset = 4,      // the session would be reset
};
const char* error_action_name(ErrorAction a);

// One malformed attribute (or attribute list problem), as data.
struct AttrWarning {
  uint8_t type = 0;  // attribute type code, 0 for list-level problems
  ErrorAction action = ErrorAction::kNone;
  uint32_t offset = 0;  // byte offset of the attribute in the list
  std::string message;
};

enum class Origin : uint8_t { kIgp = 0, kEgp = 1, kIncomplete = 2 };

struct Aggregator {
  uint32_t asn = 0;
  IpAddr address;
};

struct LargeCommunity {
  uint32_t global = 0, local1 = 0, local2 = 0;
  bool operator==(const LargeCommunity&) const = default;
};

// MP_REACH_NLRI (RFC 4760 §3) and MP_UNREACH_NLRI (§4).
//   +---------------------------------------------------------+
//   | AFI (2) | SAFI (1) | Next Hop Len (1) | Next Hop (var)   |
//   | Reserved (1) | NLRI (variable)                           |
//   +---------------------------------------------------------+
// MRT TABLE_DUMP_V2 RIB entries carry an abbreviated form with only
// Next Hop Len and Next Hop (RFC 6396 §4.3.4).
struct MpReach {
  uint16_t afi = 0;
  uint8_t safi = 0;
  std::vector<IpAddr> next_hops;  // global, then link-local for 32-octet IPv6
  std::vector<Nlri> nlri;         // decoded for IPv4/IPv6 unicast+multicast
  Bytes opaque_nlri;              // other AFI/SAFI: kept raw
  Bytes raw_next_hop;             // next hop octets as on the wire
};
struct MpUnreach {
  uint16_t afi = 0;
  uint8_t safi = 0;
  std::vector<Nlri> nlri;
  Bytes opaque_nlri;
};

struct RawAttribute {
  uint8_t flags = 0;
  uint8_t type = 0;
  Bytes value;
};

// Presence bits for PathAttributes::present.
enum : uint32_t {
  kHasOrigin = 1u << 0,
  kHasAsPath = 1u << 1,
  kHasNextHop = 1u << 2,
  kHasMed = 1u << 3,
  kHasLocalPref = 1u << 4,
  kHasAtomicAggregate = 1u << 5,
  kHasAggregator = 1u << 6,
  kHasCommunities = 1u << 7,
  kHasOriginatorId = 1u << 8,
  kHasClusterList = 1u << 9,
  kHasMpReach = 1u << 10,
  kHasMpUnreach = 1u << 11,
  kHasExtCommunities = 1u << 12,
  kHasAs4Path = 1u << 13,
  kHasAs4Aggregator = 1u << 14,
  kHasLargeCommunities = 1u << 15,
  kHasOnlyToCustomer = 1u << 16,
  kHasAigp = 1u << 17,
  kHasIpv6ExtCommunities = 1u << 18,
};

struct PathAttributes {
  uint32_t present = 0;
  Origin origin = Origin::kIgp;
  AsPath as_path;   // as on the wire (2- or 4-octet per the session)
  AsPath as4_path;  // AS4_PATH when present
  IpAddr next_hop;
  uint32_t med = 0;
  uint32_t local_pref = 0;
  Aggregator aggregator;
  Aggregator as4_aggregator;
  std::vector<uint32_t> communities;                          // RFC 1997, high 16 bits = ASN
  std::vector<std::array<uint8_t, 8>> ext_communities;        // RFC 4360
  std::vector<std::array<uint8_t, 20>> ipv6_ext_communities;  // RFC 5701
  std::vector<LargeCommunity> large_communities;              // RFC 8092
  IpAddr originator_id;
  std::vector<uint32_t> cluster_list;
  uint32_t only_to_customer = 0;  // RFC 9234 OTC
  uint64_t aigp = 0;              // RFC 7311 AIGP TLV type 1
  MpReach mp_reach;
  MpUnreach mp_unreach;
  std::vector<RawAttribute> unknown;  // unrecognised types, kept raw
  std::vector<AttrWarning> warnings;
  ErrorAction action = ErrorAction::kNone;  // most severe warning's action

  bool has(uint32_t bit) const { return (present & bit) != 0; }
  // Empties everything but keeps vector capacity for reuse.
  void clear();
  // The AS path to use (RFC 6793 §4.2.3). On a 4-octet session: AS_PATH. On
  // a 2-octet session: AS_PATH merged with AS4_PATH, unless AGGREGATOR is
  // present with an AS other than AS_TRANS while AS4_AGGREGATOR is present
  // (then AS4_PATH is ignored). May return `scratch`.
  const AsPath& effective_as_path(bool as4_session, AsPath& scratch) const;
  // The aggregator to use (RFC 6793 §4.2.3): AS4_AGGREGATOR when the session
  // was 2-octet and AGGREGATOR carries AS_TRANS. REQUIRES: has(kHasAggregator).
  const Aggregator& effective_aggregator(bool as4_session) const;
};

struct AttrDecodeOptions {
  bool as4 = true;                        // AS_PATH/AGGREGATOR use 4-octet ASNs
  bool add_path = false;                  // MP_(UN)REACH NLRI carry path identifiers
  bool mrt_abbreviated_mp_reach = false;  // TABLE_DUMP_V2 RIB entry form
  // Family of the RIB entry's prefix (used to decode the abbreviated next hop).
  Family rib_family = Family::kIPv4;
};

// Decodes an attribute list. Always fills what it can; problems go to
// out.warnings with their RFC 7606 action. Returns an error only for a
// malformed attribute *list* framing that makes further decoding
// impossible — and even then out holds the attributes before it and a
// treat-as-withdraw warning.
void decode_attributes(Bytes list, const AttrDecodeOptions& opts, PathAttributes& out);

// Name of an attribute type for messages ("AS_PATH", "type 99").
std::string attr_type_name(uint8_t type);

}  // namespace vigil::bgp

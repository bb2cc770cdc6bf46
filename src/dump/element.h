// Elements: one per prefix (or per state change) of an MRT record — the unit
// that `vigil dump` prints and filters, like bgpkit's BgpElem or bgpreader's
// elem.
//
// Lifetime: an Element points at the PathAttributes of the record being
// processed; it is valid only inside the callback that receives it.
#pragma once

#include <cstdint>

#include "core/ip.h"
#include "wire/bgp/attributes.h"

namespace vigil::dump {

enum class ElemType : uint8_t {
  kRibEntry,  // a route in a RIB dump (bgpdump "B")
  kAnnounce,  // "A"
  kWithdraw,  // "W"
  kState,     // a peer's FSM state change ("STATE")
};

// The kind of record an element came from; picks bgpdump's first column.
enum class Source : uint8_t {
  kTableDump,    // TABLE_DUMP
  kTableDumpV2,  // TABLE_DUMP2 (TABLE_DUMP2_AP with ADD-PATH)
  kBgp4mp,       // BGP4MP (BGP4MP_AP)
  kBgp4mpEt,     // BGP4MP_ET
  kLegacyBgp,    // BGP (deprecated type 5)
  kBgp4mpEntry,  // BGP4MP_ENTRY (deprecated; OpenBGPD table dumps)
};

struct Element {
  ElemType type = ElemType::kAnnounce;
  Source source = Source::kBgp4mp;
  bool add_path = false;
  bool local = false;  // BGP4MP *_LOCAL: sent by the collector
  uint32_t timestamp = 0;
  uint32_t microseconds = 0;     // BGP4MP_ET only
  uint32_t originated_time = 0;  // RIB entries
  IpAddr peer_address;
  uint32_t peer_asn = 0;
  Prefix prefix;
  uint32_t path_id = 0;
  bool host_bits = false;                      // the NLRI had bits set past its length
  bool from_mp = false;                        // from MP_REACH/MP_UNREACH, not the IPv4 fields
  const bgp::PathAttributes* attrs = nullptr;  // kRibEntry/kAnnounce
  const IpAddr* entry_next_hop = nullptr;      // BGP4MP_ENTRY's own next hop
  bool as4_session = true;                     // attrs were decoded with 4-octet ASNs
  uint16_t old_state = 0;
  uint16_t new_state = 0;
  uint64_t record_offset = 0;  // offset of the MRT record in the stream
};

const char* elem_type_name(ElemType t);

// The next hop of a route element, by bgpdump's rule: BGP4MP_ENTRY's own
// field; for prefixes from MP_REACH and for RIB entries MP_REACH's (global)
// next hop; otherwise NEXT_HOP. nullptr when there is none.
// REQUIRES: e.attrs != nullptr.
const IpAddr* route_next_hop(const Element& e);

}  // namespace vigil::dump

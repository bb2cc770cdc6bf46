// Snapshot: the whole Rib as an MRT TABLE_DUMP_V2 dump (RFC 6396 §4.3):
// one PEER_INDEX_TABLE, then one RIB_IPV4_UNICAST / RIB_IPV6_UNICAST record
// per prefix in address order (RIB_*_ADDPATH when any route has a path id),
// each entry's originated time being the route's last announcement time.
// What the Rib keeps is written back: ORIGIN, AS_PATH (4-octet), NEXT_HOP
// or the abbreviated MP_REACH next hop, MED, LOCAL_PREF, ATOMIC_AGGREGATE,
// AGGREGATOR, COMMUNITIES, LARGE_COMMUNITY, ONLY_TO_CUSTOMER.
// Loading a snapshot and writing it again gives the same bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "rib/rib.h"

namespace vigil::rib {

// Calls `write` with consecutive chunks of the file (no I/O here).
void write_snapshot(const Rib& rib, uint32_t timestamp,
                    const std::function<void(std::span<const uint8_t>)>& write);

}  // namespace vigil::rib

// The collector's MRT files of an exercise (RFC 6396), read alike by vigil
// and bgpdump:
//   rib.mrt      TABLE_DUMP_V2 at start_time: a PEER_INDEX_TABLE of the
//                vantage points (peer index = position), then one
//                RIB_IPV4_UNICAST / RIB_IPV6_UNICAST record per prefix in
//                address order with an entry per vantage point that has a
//                route (ORIGIN IGP, AS_PATH, NEXT_HOP or the abbreviated
//                MP_REACH_NLRI; originated time up to 30 days earlier).
//   updates.mrt  BGP4MP_ET (microsecond timestamps) MESSAGE_AS4 records,
//                one UPDATE per route change (timeline.h) in time order:
//                IPv4 prefixes in the NLRI / withdrawn fields, IPv6 ones in
//                MP_REACH_NLRI / MP_UNREACH_NLRI; a change of many prefixes
//                is split into messages under the 4096-octet BGP limit.
// Pure: bytes in memory, no I/O.
#pragma once

#include <cstdint>
#include <vector>

#include "exercise/exercise.h"

namespace vigil::exercise {

std::vector<uint8_t> encode_rib(const ExerciseData& ex);
std::vector<uint8_t> encode_updates(const ExerciseData& ex);

}  // namespace vigil::exercise

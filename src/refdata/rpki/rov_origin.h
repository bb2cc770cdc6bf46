// The origin AS of a route for route origin validation (RFC 6811 §2).
#pragma once

#include <cstdint>
#include <optional>

#include "wire/bgp/as_path.h"

namespace vigil::refdata::rpki {

// RFC 6811 §2: the rightmost AS of the final segment when that segment is
// an AS_SEQUENCE; NONE (nullopt) when the final segment is an AS_SET (which
// makes a covered route Invalid, never Valid); and the AS of the BGP speaker
// that originated the route when the path is empty or ends in a
// confederation segment. A passive monitor passes the AS of the peer the
// route was received from as `speaker_as`.
std::optional<uint32_t> rov_origin(const bgp::AsPath& path, uint32_t speaker_as);

}  // namespace vigil::refdata::rpki

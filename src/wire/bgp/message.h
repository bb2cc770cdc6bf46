// BGP-4 messages (RFC 4271 §4).
//
//   Message header:
//   +-----------------------------------------------+
//   |  Marker (16 octets, all ones)                 |
//   +-----------------------+-----------+-----------+
//   |  Length (2)           | Type (1)  |
//   +-----------------------+-----------+
//   Types: 1 OPEN, 2 UPDATE, 3 NOTIFICATION, 4 KEEPALIVE, 5 ROUTE-REFRESH
//
//   UPDATE (§4.3):
//   +-----------------------------------------------------+
//   | Withdrawn Routes Length (2) | Withdrawn Routes (var) |
//   | Total Path Attribute Length (2) | Path Attributes    |
//   | Network Layer Reachability Information (variable)    |
//   +-----------------------------------------------------+
//
// Lifetime: spans in decoded messages point into the input bytes.
#pragma once

#include <cstdint>
#include <vector>

#include "core/byte_reader.h"
#include "core/ip.h"
#include "core/result.h"
#include "wire/bgp/attributes.h"
#include "wire/bgp/capabilities.h"
#include "wire/bgp/nlri.h"

namespace vigil::bgp {

enum class MessageType : uint8_t {
  kOpen = 1,
  kUpdate = 2,
  kNotification = 3,
  kKeepalive = 4,
  kRouteRefresh = 5,
};

inline constexpr size_t kHeaderSize = 19;
inline constexpr size_t kMaxMessageSize = 65535;  // RFC 8654 extended messages

struct MessageHeader {
  uint16_t length = 0;
  uint8_t type = 0;
  bool marker_ok = true;  // all ones (some MRT writers store zeros)
};

// Session-level facts the decoder needs (from OPEN or the MRT subtype).
struct SessionOptions {
  bool as4 = true;
  bool add_path = false;  // ADD-PATH receive for the IPv4/IPv6 unicast NLRI
};

struct UpdateMessage {
  std::vector<Nlri> withdrawn;  // IPv4 withdrawn routes field
  PathAttributes attrs;         // includes MP_REACH / MP_UNREACH
  std::vector<Nlri> announced;  // IPv4 NLRI field
  // The NLRI did not parse as the session said but did parse with ADD-PATH
  // path identifiers (some MRT writers, e.g. BIRD 1.6, record ADD-PATH
  // sessions under the plain subtypes). Path ids are then filled in.
  bool add_path_inferred = false;
  void clear() {
    add_path_inferred = false;
    withdrawn.clear();
    attrs.clear();
    announced.clear();
  }
  bool is_end_of_rib() const;
};

struct OpenMessage {
  uint8_t version = 0;
  uint16_t my_as = 0;
  uint16_t hold_time = 0;
  IpAddr bgp_id;
  std::vector<Capability> capabilities;  // every capability, raw
  std::vector<uint8_t> other_params;     // non-capability optional parameter types
  CapabilitySummary summary;
  std::vector<std::string> warnings;  // malformed capabilities, kept going
  // The speaker's ASN: the 4-octet capability's when present.
  uint32_t asn() const { return summary.four_octet_as ? summary.four_octet_asn : my_as; }
};

struct NotificationMessage {
  uint8_t code = 0;
  uint8_t subcode = 0;
  Bytes data;
};

struct RouteRefreshMessage {
  uint16_t afi = 0;
  uint8_t subtype = 0;  // RFC 7313: 0 normal, 1 BoRR, 2 EoRR
  uint8_t safi = 0;
};

// Reads the 19-octet header. Errors: fewer than 19 octets, a length below 19
// or beyond `available`, a type outside 1..5.
Result<MessageHeader> decode_header(Bytes message);

// Body decoders take the bytes after the 19-octet header.
// If the NLRI fields fail to parse and opts.add_path is false, the update is
// decoded again with ADD-PATH; when that parses cleanly it is kept and
// out.add_path_inferred is set.
Status decode_update(Bytes body, const SessionOptions& opts, UpdateMessage& out);
Status decode_open(Bytes body, OpenMessage& out);
Status decode_notification(Bytes body, NotificationMessage& out);
Status decode_route_refresh(Bytes body, RouteRefreshMessage& out);

// NOTIFICATION error code name (RFC 4271 §4.5): "Cease", "UPDATE Message Error".
const char* notification_code_name(uint8_t code);

}  // namespace vigil::bgp

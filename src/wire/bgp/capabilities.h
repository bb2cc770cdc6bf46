// BGP capabilities advertised in OPEN (RFC 5492).
//
//   +------------------------------+
//   | Capability Code (1 octet)    |
//   | Capability Length (1 octet)  |
//   | Capability Value (variable)  |
//   +------------------------------+
#pragma once

#include <cstdint>
#include <vector>

#include "core/byte_reader.h"
#include "core/result.h"

namespace vigil::bgp {

enum CapabilityCode : uint8_t {
  kCapMultiprotocol = 1,          // RFC 4760 §8
  kCapRouteRefresh = 2,           // RFC 2918
  kCapExtendedNextHop = 5,        // RFC 8950
  kCapExtendedMessage = 6,        // RFC 8654
  kCapBgpRole = 9,                // RFC 9234 §4.1
  kCapGracefulRestart = 64,       // RFC 4724 §3
  kCapFourOctetAs = 65,           // RFC 6793 §3
  kCapAddPath = 69,               // RFC 7911 §4
  kCapEnhancedRouteRefresh = 70,  // RFC 7313
  kCapRouteRefreshCisco = 128,
};

enum class BgpRole : uint8_t {
  kProvider = 0,
  kRouteServer = 1,
  kRouteServerClient = 2,
  kCustomer = 3,
  kPeer = 4,
};

struct AfiSafi {
  uint16_t afi = 0;
  uint8_t safi = 0;
  bool operator==(const AfiSafi&) const = default;
};

struct AddPathFamily {
  AfiSafi family;
  uint8_t send_receive = 0;  // 1 receive, 2 send, 3 both
};

struct GracefulRestartFamily {
  AfiSafi family;
  uint8_t flags = 0;
};

struct Capability {
  uint8_t code = 0;
  Bytes value;  // raw, always kept
};

// What the decoded capabilities say, for the caps vigil understands.
struct CapabilitySummary {
  std::vector<AfiSafi> multiprotocol;
  bool route_refresh = false;
  bool enhanced_route_refresh = false;
  bool extended_message = false;
  bool four_octet_as = false;
  uint32_t four_octet_asn = 0;
  bool has_role = false;
  BgpRole role = BgpRole::kPeer;
  bool graceful_restart = false;
  uint8_t gr_flags = 0;
  uint16_t gr_time = 0;
  std::vector<GracefulRestartFamily> gr_families;
  std::vector<AddPathFamily> add_path;
};

// Decodes one capability's value into `sum`. Unknown codes are ignored (kept
// raw by the caller). Errors: a value of the wrong length for its code.
Status decode_capability(uint8_t code, Bytes value, CapabilitySummary& sum);

}  // namespace vigil::bgp

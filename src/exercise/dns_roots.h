// The 13 DNS root servers as the synthetic Internet carries them: their
// current prefixes (one IPv4, one IPv6 each) and the AS their operator
// announces them from, taken from vigil's built-in root list
// (src/detect/dns_root.h, first origin of each current prefix). The
// exercise library does not link vigil_detect, so the table is repeated
// here; tests/exercise checks it against detect::dns_root_watchlist().
//
// Root server ASes join the generated graph as multi-homed customers of
// tier-1 and first-level transit ASes, so a hijack of a root prefix plays
// out against real addresses and real origins.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace vigil::exercise {

struct DnsRootServer {
  char letter;               // 'A' .. 'M'
  uint32_t asn;              // the current origin
  std::string_view v4;       // "198.41.0.0/24"
  std::string_view v6;       // "2001:503:ba3e::/48"
  std::string_view country;  // of the operator, as the RIR files have it
  std::string_view operator_name;
};

std::span<const DnsRootServer> dns_root_servers();

// Every ASN the root list names as an origin, current or earlier (ascending).
// The generator gives none of them to a random AS, so that an origin the
// detectors accept for a root prefix is never a synthetic bystander.
std::span<const uint32_t> dns_root_reserved_asns();

}  // namespace vigil::exercise

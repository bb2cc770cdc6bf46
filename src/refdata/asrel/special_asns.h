// ASNs that never belong in a public AS path: IANA's reserved, private-use
// and documentation ranges (RFC 5398, 6793, 6996, 7300, 7607). Paths
// containing them are route-server artefacts, leaks of private ASNs or
// AS_TRANS from old speakers, and would distort relationship inference.
#pragma once

#include <cstdint>

namespace vigil::refdata {

inline bool is_special_asn(uint32_t asn) {
  // 64496-64511 and 65536-65551 documentation (RFC 5398), 64512-65534
  // private (RFC 6996), 65535 (RFC 7300), 65552-131071 reserved by IANA;
  // 4200000000-4294967294 private (RFC 6996), 4294967295 (RFC 7300).
  return asn == 0 ||      // RFC 7607
         asn == 23456 ||  // AS_TRANS, RFC 6793
         (asn >= 64496 && asn <= 131071) || asn >= 4200000000u;
}

}  // namespace vigil::refdata

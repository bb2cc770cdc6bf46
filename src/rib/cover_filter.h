// CoverFilter: a quick "certainly not" before a longest-prefix match in a
// small prefix set. One bit per possible first 16 bits of an address (IPv4
// and IPv6 apart, 8 KiB each): set for every /16 block that a stored prefix
// touches. A stored prefix containing a query prefix touches the query's
// first /16 block, so an unset bit means no stored prefix contains it.
//
// Detectors test every route change against a handful of watched prefixes;
// the bit (in cache) answers almost all of them without the trie's own
// index (256 KiB for IPv4, a likely cache miss). For IPv6 the /16 blocks are
// coarse where the Internet is (2001::/16, 2a00::/16 hold much of it), so
// the filter mostly helps IPv4.
#pragma once

#include <bitset>
#include <cstdint>

#include "core/ip.h"

namespace vigil::rib {

class CoverFilter {
 public:
  void add(const Prefix& p) {
    auto& bits = p.addr.is_v4() ? v4_ : v6_;
    const uint32_t first = top16(p.addr);
    const uint32_t span = p.len >= 16 ? 1u : 1u << (16 - p.len);
    for (uint32_t i = 0; i < span; ++i) bits.set((first & ~(span - 1)) + i);
  }
  // False: no added prefix contains `p`. True: one may.
  bool may_cover(const Prefix& p) const { return (p.addr.is_v4() ? v4_ : v6_).test(top16(p.addr)); }

 private:
  static uint32_t top16(const IpAddr& a) { return (uint32_t{a.bytes[0]} << 8) | a.bytes[1]; }
  std::bitset<65536> v4_, v6_;
};

}  // namespace vigil::rib

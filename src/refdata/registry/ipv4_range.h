// Splitting an IPv4 address range into CIDR prefixes.
//
// RIR files give IPv4 space as a first address and an address count, which
// need not be a power of two nor aligned (AFRINIC 196.1.8.0 + 1792 addresses
// = 196.1.8.0/22, 196.1.12.0/23, 196.1.14.0/24). The split is the canonical
// one: the fewest prefixes, in address order; each is the largest aligned
// block that starts where the previous one ended and fits in the range, so
// any CIDR block inside the range lies inside exactly one of them.
#pragma once

#include <cstdint>
#include <vector>

#include "core/ip.h"

namespace vigil::refdata {

// True when [first, first + count) is non-empty and ends at or before 2^32.
inline bool ipv4_range_valid(uint32_t first, uint64_t count) {
  return count >= 1 && uint64_t{first} + count <= (uint64_t{1} << 32);
}

// Appends the prefixes of [first, first + count) to `out` (at most 62).
// REQUIRES: ipv4_range_valid(first, count).
void split_ipv4_range(uint32_t first, uint64_t count, std::vector<Prefix>& out);

}  // namespace vigil::refdata

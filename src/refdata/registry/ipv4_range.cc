#include "refdata/registry/ipv4_range.h"

#include <bit>
#include <cassert>

namespace vigil::refdata {

void split_ipv4_range(uint32_t first, uint64_t count, std::vector<Prefix>& out) {
  assert(ipv4_range_valid(first, count));
  uint64_t at = first;
  uint64_t left = count;
  while (left > 0) {
    // Largest power of two that `at` is aligned to (2^32 for address 0) ...
    int bits = at == 0 ? 32 : std::countr_zero(at);
    // ... and that still fits in what is left.
    while ((uint64_t{1} << bits) > left) --bits;
    Prefix p;
    p.addr = IpAddr::v4(static_cast<uint32_t>(at));
    p.len = static_cast<uint8_t>(32 - bits);
    out.push_back(p);
    at += uint64_t{1} << bits;
    left -= uint64_t{1} << bits;
  }
}

}  // namespace vigil::refdata

// Public address space and ASNs for the synthetic Internet, and an
// allocator that hands out non-overlapping prefixes from it.
//
// Special-purpose space (RFC 6890 and its IANA registries, RFC 5737/3849/
// 9637 documentation, RFC 6598 shared space, multicast, class E, ULA,
// link-local, 6to4, Teredo, ORCHID, RFC 9602 SRv6 SIDs, anything outside
// 2000::/3) is never allocated: detectors flag such routes as bogons, and
// an exercise must not trip them by accident.
//
// Allocation (AddressAllocator): per RIR a pool of real IPv4 /8s that RIR
// administers and one IPv6 /12 (2600::/12 ARIN, 2a00::/12 RIPE NCC,
// 2400::/12 APNIC, 2800::/12 LACNIC, 2c00::/12 AFRINIC). /8s that hold
// special-purpose blocks or DNS root prefixes (100, 192, 193, 198, 199,
// 202, 203, 170) are left out of the pools altogether. Within a pool a
// cursor only moves forward: each prefix starts at the cursor aligned up to
// its size plus a random gap of 0-2 blocks of that size, so prefixes never
// overlap and are not all adjacent. A pool that runs out hands over to the
// next RIR's. Blocks passed to reserve() are skipped as well.
//
// Thread safety: one allocator per thread. Errors: nullopt when every pool
// is exhausted.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/ip.h"
#include "exercise/countries.h"
#include "exercise/rng.h"

namespace vigil::exercise {

// The special-purpose blocks above (IPv4 then IPv6).
std::span<const Prefix> special_purpose_blocks();
// True when `p` overlaps a special-purpose block, or is IPv6 outside
// 2000::/3.
bool is_special_purpose(const Prefix& p);
// True when some address is in both.
bool overlaps(const Prefix& a, const Prefix& b);
// ASNs a public AS may hold: not reserved, private or documentation (RFC
// 5398, 6793, 6996, 7300, 7607; core/asn.h) nor IANA-reserved
// 65552-131071.
bool is_public_asn(uint32_t asn);

class AddressAllocator {
 public:
  // Pools are visited in an order drawn from `rng` once, here.
  explicit AddressAllocator(Rng& rng);

  // Never hand out anything overlapping `p`.
  void reserve(const Prefix& p) { reserved_.push_back(p); }

  // A fresh IPv4 prefix of length `len` (REQUIRES: 8 <= len <= 32) from
  // `region`'s pool, else the next region's; nullopt when all are used.
  std::optional<Prefix> allocate_v4(Region region, int len, Rng& rng);
  // The same for IPv6. REQUIRES: 16 <= len <= 64.
  std::optional<Prefix> allocate_v6(Region region, int len, Rng& rng);

 private:
  struct V4Pool {
    std::vector<uint8_t> slash8s;
    size_t block = 0;     // index into slash8s
    uint64_t offset = 0;  // next free address inside it
  };
  struct V6Pool {
    uint64_t base = 0;    // high 64 bits of the /12
    uint64_t offset = 0;  // next free /64 number inside it
  };
  bool blocked(const Prefix& p) const;

  std::array<V4Pool, kRegionCount> v4_;
  std::array<V6Pool, kRegionCount> v6_;
  std::vector<Prefix> reserved_;
};

}  // namespace vigil::exercise

#include "exercise/address_space.h"

#include <cstdlib>
#include <string_view>

#include "core/asn.h"

namespace vigil::exercise {

namespace {

constexpr std::string_view kSpecial[] = {
    // IPv4: RFC 6890 and the IANA special-purpose registry, RFC 6598,
    // RFC 5737 documentation, AS112 (RFC 7534/7535), multicast, class E.
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.31.196.0/24",
    "192.52.193.0/24",
    "192.88.99.0/24",
    "192.168.0.0/16",
    "192.175.48.0/24",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "240.0.0.0/4",
    // IPv6: the IANA IPv6 special-purpose registry, RFC 3849 and RFC 9637
    // documentation, 6to4, ULA, link-local, site-local, multicast, SRv6
    // SIDs (RFC 9602).
    "::/8",
    "100::/64",
    "2001::/23",
    "2001:db8::/32",
    "2002::/16",
    "3fff::/20",
    "5f00::/16",
    "fc00::/7",
    "fe80::/10",
    "fec0::/10",
    "ff00::/8",
};

const std::vector<Prefix>& special_list() {
  static const std::vector<Prefix> list = [] {
    std::vector<Prefix> v;
    for (std::string_view s : kSpecial) {
      auto p = Prefix::parse(s);
      if (!p) std::abort();  // a constant above is wrong: a programming error
      v.push_back(*p);
    }
    return v;
  }();
  return list;
}

// /8s the RIRs administer (IANA IPv4 address space registry), without those
// holding special-purpose blocks or DNS root prefixes.
std::vector<uint8_t> region_slash8s(Region r) {
  switch (r) {
    case Region::kAfrinic:
      return {41, 102, 105, 154, 196, 197};
    case Region::kApnic:
      return {1,   14,  27,  36,  39,  42,  43,  49,  58,  59,  60,  61,  101, 103, 106,
              110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124,
              125, 126, 175, 180, 182, 183, 210, 211, 218, 219, 220, 221, 222, 223};
    case Region::kArin:
      return {23,  24,  50,  63,  64,  65,  66,  67,  68,  69,  70,  71,
              72,  73,  74,  75,  76,  96,  97,  98,  99,  104, 107, 108,
              142, 162, 173, 174, 184, 204, 205, 206, 207, 208, 209, 216};
    case Region::kLacnic:
      return {177, 179, 181, 186, 187, 189, 190, 191, 200, 201};
    case Region::kRipeNcc:
      return {2,   5,   31,  37,  46,  62,  77,  78,  79,  80,  81,  82, 83,
              84,  85,  86,  87,  88,  89,  90,  91,  92,  93,  94,  95, 109,
              141, 145, 151, 176, 178, 185, 188, 194, 195, 212, 213, 217};
  }
  return {};
}

constexpr uint64_t kV6Base[kRegionCount] = {
    0x2c00000000000000ull,  // AFRINIC 2c00::/12
    0x2400000000000000ull,  // APNIC 2400::/12
    0x2600000000000000ull,  // ARIN 2600::/12
    0x2800000000000000ull,  // LACNIC 2800::/12
    0x2a00000000000000ull,  // RIPE NCC 2a00::/12
};
constexpr uint64_t kV6PoolSize = uint64_t{1} << 52;  // /64s in a /12

uint64_t align_up(uint64_t v, uint64_t size) { return (v + size - 1) / size * size; }

}  // namespace

std::span<const Prefix> special_purpose_blocks() { return special_list(); }

bool overlaps(const Prefix& a, const Prefix& b) {
  if (a.addr.family != b.addr.family) return false;
  return a.contains(b) || b.contains(a);
}

bool is_special_purpose(const Prefix& p) {
  if (!p.addr.is_v4() && (p.addr.bytes[0] & 0xe0) != 0x20) return true;  // outside 2000::/3
  for (const Prefix& s : special_list()) {
    if (overlaps(s, p)) return true;
  }
  return false;
}

bool is_public_asn(uint32_t asn) {
  return !is_reserved_asn(asn) && !(asn >= 65552 && asn <= 131071);
}

AddressAllocator::AddressAllocator(Rng& rng) {
  for (int r = 0; r < kRegionCount; ++r) {
    v4_[r].slash8s = region_slash8s(static_cast<Region>(r));
    rng.shuffle(v4_[r].slash8s);
    v6_[r].base = kV6Base[r];
    // Start somewhere in the first quarter of the /12, on a /24 boundary.
    v6_[r].offset = rng.below(kV6PoolSize / 4 >> 40) << 40;
  }
}

bool AddressAllocator::blocked(const Prefix& p) const {
  if (is_special_purpose(p)) return true;
  for (const Prefix& r : reserved_) {
    if (overlaps(r, p)) return true;
  }
  return false;
}

std::optional<Prefix> AddressAllocator::allocate_v4(Region region, int len, Rng& rng) {
  const uint64_t size = uint64_t{1} << (32 - len);
  for (int step = 0; step < kRegionCount; ++step) {
    V4Pool& pool = v4_[(static_cast<int>(region) + step) % kRegionCount];
    while (pool.block < pool.slash8s.size()) {
      const uint64_t at = align_up(pool.offset, size) + rng.below(3) * size;
      if (at + size > (uint64_t{1} << 24)) {
        ++pool.block;
        pool.offset = 0;
        continue;
      }
      pool.offset = at + size;
      Prefix p;
      p.addr = IpAddr::v4((uint32_t{pool.slash8s[pool.block]} << 24) | static_cast<uint32_t>(at));
      p.len = static_cast<uint8_t>(len);
      if (!blocked(p)) return p;
    }
  }
  return std::nullopt;
}

std::optional<Prefix> AddressAllocator::allocate_v6(Region region, int len, Rng& rng) {
  const uint64_t size = uint64_t{1} << (64 - len);
  for (int step = 0; step < kRegionCount; ++step) {
    V6Pool& pool = v6_[(static_cast<int>(region) + step) % kRegionCount];
    for (;;) {
      const uint64_t at = align_up(pool.offset, size) + rng.below(3) * size;
      if (at + size > kV6PoolSize) break;
      pool.offset = at + size;
      const uint64_t high = pool.base + at;
      Prefix p;
      p.addr.family = Family::kIPv6;
      for (int i = 0; i < 8; ++i) p.addr.bytes[i] = static_cast<uint8_t>(high >> (56 - 8 * i));
      p.len = static_cast<uint8_t>(len);
      if (!blocked(p)) return p;
    }
  }
  return std::nullopt;
}

}  // namespace vigil::exercise

// BGP encoders: the inverse of the decoders, for writing MRT files (vigil's
// own fixtures, the demo, snapshots). Output is appended to a byte vector.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/ip.h"
#include "wire/bgp/attributes.h"
#include "wire/bgp/nlri.h"

namespace vigil::bgp {

using ByteVec = std::vector<uint8_t>;

void put_u8(ByteVec& out, uint8_t v);
void put_u16(ByteVec& out, uint16_t v);
void put_u32(ByteVec& out, uint32_t v);
void put_addr(ByteVec& out, const IpAddr& a);  // 4 or 16 octets
// Length octet + significant prefix octets (RFC 4271 §4.3).
void put_prefix(ByteVec& out, const Prefix& p);

// Builds a path attribute list, one call per attribute in type order.
class AttrEncoder {
 public:
  explicit AttrEncoder(bool as4 = true) : as4_(as4) {}
  AttrEncoder& origin(Origin o);
  AttrEncoder& as_path(std::span<const uint32_t> sequence);
  AttrEncoder& as_path_segments(const AsPath& path);
  AttrEncoder& next_hop(const IpAddr& v4);
  AttrEncoder& med(uint32_t v);
  AttrEncoder& local_pref(uint32_t v);
  AttrEncoder& atomic_aggregate();
  AttrEncoder& aggregator(uint32_t asn, const IpAddr& v4);
  AttrEncoder& communities(std::span<const uint32_t> c);
  AttrEncoder& large_communities(std::span<const LargeCommunity> c);
  AttrEncoder& only_to_customer(uint32_t asn);
  // Full MP_REACH_NLRI (RFC 4760 §3).
  AttrEncoder& mp_reach(uint16_t afi, uint8_t safi, std::span<const IpAddr> next_hops,
                        std::span<const Prefix> nlri);
  // The MRT TABLE_DUMP_V2 abbreviated form (RFC 6396 §4.3.4).
  AttrEncoder& mp_reach_abbreviated(std::span<const IpAddr> next_hops);
  AttrEncoder& mp_unreach(uint16_t afi, uint8_t safi, std::span<const Prefix> nlri);
  AttrEncoder& raw(uint8_t flags, uint8_t type, std::span<const uint8_t> value);

  const ByteVec& bytes() const { return out_; }

 private:
  void attr(uint8_t flags, uint8_t type, const ByteVec& value);
  bool as4_;
  ByteVec out_;
};

// A complete UPDATE message with the 19-octet header (RFC 4271 §4.3).
ByteVec encode_update(std::span<const Prefix> withdrawn, std::span<const uint8_t> attrs,
                      std::span<const Prefix> nlri);

}  // namespace vigil::bgp

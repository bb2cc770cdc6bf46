#include "wire/bgp/encode.h"

#include <algorithm>

namespace vigil::bgp {

void put_u8(ByteVec& out, uint8_t v) { out.push_back(v); }
void put_u16(ByteVec& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}
void put_u32(ByteVec& out, uint32_t v) {
  put_u16(out, static_cast<uint16_t>(v >> 16));
  put_u16(out, static_cast<uint16_t>(v));
}
void put_addr(ByteVec& out, const IpAddr& a) {
  const int n = a.is_v4() ? 4 : 16;
  out.insert(out.end(), a.bytes.begin(), a.bytes.begin() + n);
}
void put_prefix(ByteVec& out, const Prefix& p) {
  out.push_back(p.len);
  const Prefix m = p.masked();
  out.insert(out.end(), m.addr.bytes.begin(), m.addr.bytes.begin() + (p.len + 7) / 8);
}

void AttrEncoder::attr(uint8_t flags, uint8_t type, const ByteVec& value) {
  if (value.size() > 255) flags |= kFlagExtendedLength;
  out_.push_back(flags);
  out_.push_back(type);
  if (flags & kFlagExtendedLength) {
    put_u16(out_, static_cast<uint16_t>(value.size()));
  } else {
    out_.push_back(static_cast<uint8_t>(value.size()));
  }
  out_.insert(out_.end(), value.begin(), value.end());
}

AttrEncoder& AttrEncoder::origin(Origin o) {
  attr(kFlagTransitive, kAttrOrigin, {static_cast<uint8_t>(o)});
  return *this;
}
AttrEncoder& AttrEncoder::as_path(std::span<const uint32_t> seq) {
  AsPath p;
  if (!seq.empty())
    p.append_segment(SegmentType::kSequence, seq.data(), static_cast<uint32_t>(seq.size()));
  return as_path_segments(p);
}
AttrEncoder& AttrEncoder::as_path_segments(const AsPath& path) {
  ByteVec v;
  for (const auto& seg : path.segments) {
    // Segments hold at most 255 ASes; split longer ones.
    for (uint32_t done = 0; done < seg.count;) {
      const uint32_t n = std::min<uint32_t>(255, seg.count - done);
      v.push_back(static_cast<uint8_t>(seg.type));
      v.push_back(static_cast<uint8_t>(n));
      for (uint32_t i = 0; i < n; ++i) {
        const uint32_t asn = path.asns[seg.first + done + i];
        if (as4_) {
          put_u32(v, asn);
        } else {
          put_u16(v, static_cast<uint16_t>(asn > 0xffff ? kAsTrans : asn));
        }
      }
      done += n;
    }
  }
  attr(kFlagTransitive, kAttrAsPath, v);
  return *this;
}
AttrEncoder& AttrEncoder::next_hop(const IpAddr& a) {
  ByteVec v;
  put_addr(v, a);
  attr(kFlagTransitive, kAttrNextHop, v);
  return *this;
}
AttrEncoder& AttrEncoder::med(uint32_t m) {
  ByteVec v;
  put_u32(v, m);
  attr(kFlagOptional, kAttrMed, v);
  return *this;
}
AttrEncoder& AttrEncoder::local_pref(uint32_t lp) {
  ByteVec v;
  put_u32(v, lp);
  attr(kFlagTransitive, kAttrLocalPref, v);
  return *this;
}
AttrEncoder& AttrEncoder::atomic_aggregate() {
  attr(kFlagTransitive, kAttrAtomicAggregate, {});
  return *this;
}
AttrEncoder& AttrEncoder::aggregator(uint32_t asn, const IpAddr& a) {
  ByteVec v;
  if (as4_) {
    put_u32(v, asn);
  } else {
    put_u16(v, static_cast<uint16_t>(asn));
  }
  put_addr(v, a);
  attr(kFlagOptional | kFlagTransitive, kAttrAggregator, v);
  return *this;
}
AttrEncoder& AttrEncoder::communities(std::span<const uint32_t> c) {
  ByteVec v;
  for (uint32_t x : c) put_u32(v, x);
  attr(kFlagOptional | kFlagTransitive, kAttrCommunities, v);
  return *this;
}
AttrEncoder& AttrEncoder::large_communities(std::span<const LargeCommunity> c) {
  ByteVec v;
  for (const auto& x : c) {
    put_u32(v, x.global);
    put_u32(v, x.local1);
    put_u32(v, x.local2);
  }
  attr(kFlagOptional | kFlagTransitive, kAttrLargeCommunities, v);
  return *this;
}
AttrEncoder& AttrEncoder::only_to_customer(uint32_t asn) {
  ByteVec v;
  put_u32(v, asn);
  attr(kFlagOptional | kFlagTransitive, kAttrOnlyToCustomer, v);
  return *this;
}
AttrEncoder& AttrEncoder::mp_reach(uint16_t afi, uint8_t safi, std::span<const IpAddr> nhs,
                                   std::span<const Prefix> nlri) {
  ByteVec v;
  put_u16(v, afi);
  put_u8(v, safi);
  ByteVec nh;
  for (const auto& a : nhs) put_addr(nh, a);
  put_u8(v, static_cast<uint8_t>(nh.size()));
  v.insert(v.end(), nh.begin(), nh.end());
  put_u8(v, 0);
  for (const auto& p : nlri) put_prefix(v, p);
  attr(kFlagOptional, kAttrMpReach, v);
  return *this;
}
AttrEncoder& AttrEncoder::mp_reach_abbreviated(std::span<const IpAddr> nhs) {
  ByteVec nh;
  for (const auto& a : nhs) put_addr(nh, a);
  ByteVec v;
  put_u8(v, static_cast<uint8_t>(nh.size()));
  v.insert(v.end(), nh.begin(), nh.end());
  attr(kFlagOptional, kAttrMpReach, v);
  return *this;
}
AttrEncoder& AttrEncoder::mp_unreach(uint16_t afi, uint8_t safi, std::span<const Prefix> nlri) {
  ByteVec v;
  put_u16(v, afi);
  put_u8(v, safi);
  for (const auto& p : nlri) put_prefix(v, p);
  attr(kFlagOptional, kAttrMpUnreach, v);
  return *this;
}
AttrEncoder& AttrEncoder::raw(uint8_t flags, uint8_t type, std::span<const uint8_t> value) {
  attr(flags, type, ByteVec(value.begin(), value.end()));
  return *this;
}

ByteVec encode_update(std::span<const Prefix> withdrawn, std::span<const uint8_t> attrs,
                      std::span<const Prefix> nlri) {
  ByteVec w, n;
  for (const auto& p : withdrawn) put_prefix(w, p);
  for (const auto& p : nlri) put_prefix(n, p);
  ByteVec out(16, 0xff);
  const size_t len = 19 + 2 + w.size() + 2 + attrs.size() + n.size();
  put_u16(out, static_cast<uint16_t>(len));
  put_u8(out, 2);
  put_u16(out, static_cast<uint16_t>(w.size()));
  out.insert(out.end(), w.begin(), w.end());
  put_u16(out, static_cast<uint16_t>(attrs.size()));
  out.insert(out.end(), attrs.begin(), attrs.end());
  out.insert(out.end(), n.begin(), n.end());
  return out;
}

}  // namespace vigil::bgp

#include "wire/mrt/writer.h"

namespace vigil::mrt {

using bgp::put_addr;
using bgp::put_u16;
using bgp::put_u32;

void Writer::header(uint32_t ts, uint16_t type, uint16_t subtype, size_t body_len) {
  put_u32(out_, ts);
  put_u16(out_, type);
  put_u16(out_, subtype);
  put_u32(out_, static_cast<uint32_t>(body_len));
}

void Writer::peer_index_table(uint32_t ts, const IpAddr& collector_id, const std::string& view_name,
                              std::span<const Peer> peers) {
  bgp::ByteVec b;
  put_addr(b, collector_id);
  put_u16(b, static_cast<uint16_t>(view_name.size()));
  b.insert(b.end(), view_name.begin(), view_name.end());
  put_u16(b, static_cast<uint16_t>(peers.size()));
  for (const auto& p : peers) {
    const bool v6 = !p.address.is_v4();
    const bool as4 = p.asn > 0xffff;
    b.push_back(static_cast<uint8_t>((v6 ? 1 : 0) | (as4 ? 2 : 0)));
    put_addr(b, p.bgp_id);
    put_addr(b, p.address);
    if (as4) {
      put_u32(b, p.asn);
    } else {
      put_u16(b, static_cast<uint16_t>(p.asn));
    }
  }
  header(ts, kTypeTableDumpV2, kPeerIndexTable, b.size());
  out_.insert(out_.end(), b.begin(), b.end());
}

void Writer::rib(uint32_t ts, uint32_t sequence, const Prefix& prefix,
                 std::span<const RibEntryOut> entries, bool add_path) {
  bgp::ByteVec b;
  put_u32(b, sequence);
  bgp::put_prefix(b, prefix);
  put_u16(b, static_cast<uint16_t>(entries.size()));
  for (const auto& e : entries) {
    put_u16(b, e.peer_index);
    put_u32(b, e.originated_time);
    if (add_path) put_u32(b, e.path_id);
    put_u16(b, static_cast<uint16_t>(e.attributes.size()));
    b.insert(b.end(), e.attributes.begin(), e.attributes.end());
  }
  uint16_t subtype = prefix.addr.is_v4() ? kRibIpv4Unicast : kRibIpv6Unicast;
  if (add_path) subtype = prefix.addr.is_v4() ? kRibIpv4UnicastAddPath : kRibIpv6UnicastAddPath;
  header(ts, kTypeTableDumpV2, subtype, b.size());
  out_.insert(out_.end(), b.begin(), b.end());
}

namespace {
void bgp4mp_common(bgp::ByteVec& b, uint32_t peer_asn, uint32_t local_asn, const IpAddr& peer,
                   const IpAddr& local) {
  put_u32(b, peer_asn);
  put_u32(b, local_asn);
  put_u16(b, 0);  // interface index
  put_u16(b, peer.is_v4() ? bgp::kAfiIPv4 : bgp::kAfiIPv6);
  put_addr(b, peer);
  put_addr(b, local);
}
}  // namespace

void Writer::bgp4mp_message(uint32_t ts, uint32_t usec, bool extended, uint32_t peer_asn,
                            uint32_t local_asn, const IpAddr& peer, const IpAddr& local,
                            std::span<const uint8_t> msg) {
  bgp::ByteVec b;
  if (extended) put_u32(b, usec);
  bgp4mp_common(b, peer_asn, local_asn, peer, local);
  b.insert(b.end(), msg.begin(), msg.end());
  header(ts, extended ? kTypeBgp4mpEt : kTypeBgp4mp, kMessageAs4, b.size());
  out_.insert(out_.end(), b.begin(), b.end());
}

void Writer::bgp4mp_state(uint32_t ts, uint32_t usec, bool extended, uint32_t peer_asn,
                          uint32_t local_asn, const IpAddr& peer, const IpAddr& local,
                          uint16_t old_state, uint16_t new_state) {
  bgp::ByteVec b;
  if (extended) put_u32(b, usec);
  bgp4mp_common(b, peer_asn, local_asn, peer, local);
  put_u16(b, old_state);
  put_u16(b, new_state);
  header(ts, extended ? kTypeBgp4mpEt : kTypeBgp4mp, kStateChangeAs4, b.size());
  out_.insert(out_.end(), b.begin(), b.end());
}

}  // namespace vigil::mrt

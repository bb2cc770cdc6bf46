#include "wire/mrt/records.h"

#include <string>

namespace vigil::mrt {

namespace {

Error truncated(const char* what) {
  return make_error(ErrorCode::kTruncated, std::string(what) + " truncated");
}

bool read_addr(ByteReader& r, bool v6, IpAddr& out) {
  Bytes b;
  if (!r.bytes(v6 ? 16 : 4, b)) return false;
  out = v6 ? IpAddr::v6_bytes(b.data()) : IpAddr::v4_bytes(b.data());
  return true;
}

}  // namespace

bool is_rib_subtype(uint16_t s) {
  return (s >= kRibIpv4Unicast && s <= kRibGeneric) ||
         (s >= kRibIpv4UnicastAddPath && s <= kRibGenericAddPath);
}
bool is_bgp4mp_message(uint16_t s) {
  return s == kMessage || s == kMessageAs4 || (s >= kMessageLocal && s <= kMessageAs4LocalAddPath);
}
bool is_bgp4mp_state(uint16_t s) { return s == kStateChange || s == kStateChangeAs4; }

Status decode_peer_index_table(Bytes body, PeerIndexTable& out) {
  ByteReader r(body);
  uint32_t id;
  uint16_t name_len, count;
  Bytes name;
  if (!r.u32(id) || !r.u16(name_len) || !r.bytes(name_len, name) || !r.u16(count)) {
    return truncated("PEER_INDEX_TABLE header");
  }
  out.collector_id = IpAddr::v4(id);
  out.view_name = std::string_view(reinterpret_cast<const char*>(name.data()), name.size());
  out.peers.clear();
  out.peers.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    Peer p;
    uint32_t bgp_id;
    if (!r.u8(p.type) || !r.u32(bgp_id) || !read_addr(r, p.type & 1, p.address)) {
      return make_error(ErrorCode::kTruncated, "PEER_INDEX_TABLE peer " + std::to_string(i) +
                                                   " of " + std::to_string(count) + " truncated");
    }
    p.bgp_id = IpAddr::v4(bgp_id);
    if (p.type & 2) {
      if (!r.u32(p.asn)) return truncated("PEER_INDEX_TABLE peer AS");
    } else {
      uint16_t a;
      if (!r.u16(a)) return truncated("PEER_INDEX_TABLE peer AS");
      p.asn = a;
    }
    out.peers.push_back(p);
  }
  return Status::Ok();
}

Status decode_rib(uint16_t subtype, Bytes body, RibRecord& out) {
  ByteReader r(body);
  out.entries.clear();
  out.add_path = subtype >= kRibIpv4UnicastAddPath;
  const uint16_t base = out.add_path ? subtype - 6 : subtype;
  if (!r.u32(out.sequence)) return truncated("RIB record sequence number");
  out.decoded_prefix = true;
  out.generic_nlri = {};
  out.prefix = Prefix{};
  out.host_bits = false;
  if (base == kRibGeneric) {
    if (!r.u16(out.afi) || !r.u8(out.safi)) return truncated("RIB_GENERIC AFI/SAFI");
    const bool known = (out.afi == bgp::kAfiIPv4 || out.afi == bgp::kAfiIPv6) &&
                       (out.safi == bgp::kSafiUnicast || out.safi == bgp::kSafiMulticast);
    if (!known) {
      // The NLRI's size is only known to the AFI/SAFI's own codec; treat a
      // length-prefixed prefix as the common case and keep it raw.
      uint8_t bits;
      if (!r.u8(bits)) return truncated("RIB_GENERIC NLRI");
      Bytes nlri;
      if (!r.bytes((bits + 7u) / 8u, nlri)) return truncated("RIB_GENERIC NLRI");
      out.generic_nlri = nlri;
      out.decoded_prefix = false;
    }
  } else {
    out.afi =
        (base == kRibIpv6Unicast || base == kRibIpv6Multicast) ? bgp::kAfiIPv6 : bgp::kAfiIPv4;
    out.safi = (base == kRibIpv4Multicast || base == kRibIpv6Multicast) ? bgp::kSafiMulticast
                                                                        : bgp::kSafiUnicast;
  }
  if (out.decoded_prefix) {
    const Family fam = out.afi == bgp::kAfiIPv6 ? Family::kIPv6 : Family::kIPv4;
    Status s = bgp::decode_prefix(r, fam, out.prefix, &out.host_bits);
    if (!s) return make_error(ErrorCode::kMalformed, "RIB record: " + s.error().message);
  }
  uint16_t count;
  if (!r.u16(count)) return truncated("RIB entry count");
  out.entries.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    RibEntry e;
    uint16_t alen;
    if (!r.u16(e.peer_index) || !r.u32(e.originated_time) || (out.add_path && !r.u32(e.path_id)) ||
        !r.u16(alen) || !r.bytes(alen, e.attributes)) {
      return make_error(ErrorCode::kTruncated, "RIB entry " + std::to_string(i) + " of " +
                                                   std::to_string(count) + " truncated");
    }
    out.entries.push_back(e);
  }
  return Status::Ok();
}

namespace {

Status decode_table_dump_entry(ByteReader& r, bool v6, bool as4, TableDumpEntry& e) {
  uint16_t peer_as = 0, alen;
  uint32_t peer_as4 = 0;
  if (!read_addr(r, v6, e.prefix.addr) || !r.u8(e.prefix.len) || !r.u8(e.status) ||
      !r.u32(e.originated_time) || !read_addr(r, v6, e.peer_address) ||
      !(as4 ? r.u32(peer_as4) : r.u16(peer_as)) || !r.u16(alen)) {
    return truncated("TABLE_DUMP entry");
  }
  if (e.prefix.len > e.prefix.addr.max_len()) {
    return make_error(ErrorCode::kMalformed,
                      "TABLE_DUMP prefix length " + std::to_string(e.prefix.len));
  }
  e.peer_asn = as4 ? peer_as4 : peer_as;
  if (!r.bytes(alen, e.attributes)) {
    return make_error(ErrorCode::kTruncated,
                      "TABLE_DUMP attribute length " + std::to_string(alen) + " overruns record");
  }
  return Status::Ok();
}

}  // namespace

Status decode_table_dump(uint16_t subtype, Bytes body, TableDumpRecord& out) {
  if (subtype < 1 || subtype > 4) {
    return make_error(ErrorCode::kUnsupported,
                      "TABLE_DUMP subtype (AFI) " + std::to_string(subtype) + " unknown");
  }
  const bool v6 = subtype == 2 || subtype == 4;
  const bool as4 = subtype >= 3;
  out.as4 = as4;
  ByteReader r(body);
  out.entries.clear();
  out.trailing_error.clear();
  if (!r.u16(out.view) || !r.u16(out.sequence)) return truncated("TABLE_DUMP record");
  TableDumpEntry e;
  VIGIL_RETURN_IF_ERROR(decode_table_dump_entry(r, v6, as4, e));
  out.entries.push_back(e);
  while (!r.empty()) {
    ByteReader save = r;
    Status s = decode_table_dump_entry(r, v6, as4, e);
    if (!s) {
      out.trailing_error =
          std::to_string(save.remaining()) +
          " octets after the last TABLE_DUMP entry are not an entry: " + s.error().message;
      break;
    }
    out.entries.push_back(e);
  }
  return Status::Ok();
}

Status decode_bgp4mp(uint16_t subtype, Bytes body, Bgp4mpRecord& out) {
  out = Bgp4mpRecord{};
  ByteReader r(body);
  out.is_state = is_bgp4mp_state(subtype);
  out.as4 = subtype == kStateChangeAs4 || subtype == kMessageAs4 || subtype == kMessageAs4Local ||
            subtype == kMessageAs4AddPath || subtype == kMessageAs4LocalAddPath;
  out.add_path = subtype >= kMessageAddPath && subtype <= kMessageAs4LocalAddPath;
  out.local = subtype == kMessageLocal || subtype == kMessageAs4Local ||
              subtype == kMessageLocalAddPath || subtype == kMessageAs4LocalAddPath;
  if (out.as4) {
    if (!r.u32(out.peer_asn) || !r.u32(out.local_asn)) return truncated("BGP4MP AS numbers");
  } else {
    uint16_t p, l;
    if (!r.u16(p) || !r.u16(l)) return truncated("BGP4MP AS numbers");
    out.peer_asn = p;
    out.local_asn = l;
  }
  if (out.is_state && body.size() == 8 && !out.as4) {
    // Zebra wrote state changes as AS, AS, old, new (no interface, AFI or
    // addresses); the peer address is unknown.
    out.peer_address = IpAddr{};
    out.local_address = IpAddr{};
    out.afi = bgp::kAfiIPv4;
    (void)r.u16(out.old_state);
    (void)r.u16(out.new_state);
    out.zebra_short = true;
    return Status::Ok();
  }
  if (!r.u16(out.if_index) || !r.u16(out.afi)) return truncated("BGP4MP interface/AFI");
  if (out.afi == 0xffff && out.if_index == 0xffff) {
    // Another Zebra quirk: no addresses follow.
    out.peer_address = IpAddr{};
    out.local_address = IpAddr{};
    out.zebra_short = true;
    if (out.is_state) {
      if (!r.u16(out.old_state) || !r.u16(out.new_state)) return truncated("BGP4MP state change");
    } else {
      out.message = r.rest();
    }
    return Status::Ok();
  }
  if (out.afi != bgp::kAfiIPv4 && out.afi != bgp::kAfiIPv6) {
    return make_error(ErrorCode::kMalformed, "BGP4MP AFI " + std::to_string(out.afi) + " unknown");
  }
  const bool v6 = out.afi == bgp::kAfiIPv6;
  if (!read_addr(r, v6, out.peer_address) || !read_addr(r, v6, out.local_address)) {
    return truncated("BGP4MP addresses");
  }
  if (out.is_state) {
    if (!r.u16(out.old_state) || !r.u16(out.new_state)) return truncated("BGP4MP state change");
    out.message = {};
  } else {
    out.message = r.rest();
  }
  return Status::Ok();
}

Status decode_bgp4mp_entry(Bytes body, Bgp4mpEntryRecord& out) {
  ByteReader r(body);
  uint16_t peer_as, local_as, ifindex, afi, view, status, alen;
  if (!r.u16(peer_as) || !r.u16(local_as) || !r.u16(ifindex) || !r.u16(afi)) {
    return truncated("BGP4MP_ENTRY header");
  }
  if (afi != bgp::kAfiIPv4 && afi != bgp::kAfiIPv6) {
    return make_error(ErrorCode::kMalformed,
                      "BGP4MP_ENTRY AFI " + std::to_string(afi) + " unknown");
  }
  IpAddr local;
  uint8_t nh_len;
  if (!read_addr(r, afi == bgp::kAfiIPv6, out.peer_address) ||
      !read_addr(r, afi == bgp::kAfiIPv6, local) || !r.u16(view) || !r.u16(status) ||
      !r.u32(out.originated_time) || !r.u16(out.afi) || !r.u8(out.safi) || !r.u8(nh_len)) {
    return truncated("BGP4MP_ENTRY");
  }
  out.peer_asn = peer_as;
  Bytes nh;
  if (!r.bytes(nh_len, nh)) return truncated("BGP4MP_ENTRY next hop");
  out.has_next_hop = nh.size() == 4 || nh.size() == 16 || nh.size() == 32;
  if (nh.size() == 4) out.next_hop = IpAddr::v4_bytes(nh.data());
  if (nh.size() >= 16) out.next_hop = IpAddr::v6_bytes(nh.data());
  if (out.afi != bgp::kAfiIPv4 && out.afi != bgp::kAfiIPv6) {
    return make_error(ErrorCode::kUnsupported,
                      "BGP4MP_ENTRY route AFI " + std::to_string(out.afi) + " not decoded");
  }
  const Family fam = out.afi == bgp::kAfiIPv6 ? Family::kIPv6 : Family::kIPv4;
  Status s = bgp::decode_prefix(r, fam, out.prefix, &out.host_bits);
  if (!s) return make_error(ErrorCode::kMalformed, "BGP4MP_ENTRY: " + s.error().message);
  if (!r.u16(alen) || !r.bytes(alen, out.attributes)) {
    return truncated("BGP4MP_ENTRY attributes");
  }
  return Status::Ok();
}

Status decode_legacy_bgp(uint16_t subtype, Bytes body, LegacyBgpRecord& out) {
  ByteReader r(body);
  uint16_t peer_as;
  if (!r.u16(peer_as) || !read_addr(r, false, out.peer_address)) {
    return truncated("BGP (type 5) record");
  }
  out.peer_asn = peer_as;
  if (subtype == kBgpStateChange) {
    if (!r.u16(out.old_state) || !r.u16(out.new_state)) return truncated("BGP state change");
    return Status::Ok();
  }
  uint16_t local_as;
  if (!r.u16(local_as) || !read_addr(r, false, out.local_address)) {
    return truncated("BGP (type 5) record");
  }
  out.local_asn = local_as;
  out.body = r.rest();
  return Status::Ok();
}

}  // namespace vigil::mrt

// Path attribute decoding, one table entry per attribute type.
//
// RFC 7606 policy (§7 per attribute), applied when a value is malformed or its
// flags contradict the type (§3c):
//   ORIGIN, AS_PATH, NEXT_HOP, MED, LOCAL_PREF, COMMUNITIES, ORIGINATOR_ID,
//   CLUSTER_LIST, EXTENDED/IPv6 EXTENDED COMMUNITIES, LARGE_COMMUNITIES
//   (RFC 8092 §5), ONLY_TO_CUSTOMER (RFC 9234 §5)      -> treat-as-withdraw
//   ATOMIC_AGGREGATE, AGGREGATOR, AS4_PATH, AS4_AGGREGATOR (RFC 6793 §6),
//   AIGP                                                -> attribute discard
//   MP_REACH_NLRI, MP_UNREACH_NLRI (§7.3, §5.3)         -> session reset
//   attribute list overrun (§4)                         -> treat-as-withdraw
//   duplicate attribute (§3g): all but the first are discarded, except
//   MP_REACH/MP_UNREACH, whose repetition resets the session.
#include "wire/bgp/attributes.h"

#include <string>

namespace vigil::bgp {

namespace {

using Decoder = Status (*)(ByteReader v, const AttrDecodeOptions& opts, PathAttributes& out);

struct AttrSpec {
  uint8_t type;
  const char* name;
  bool optional;    // expected Optional flag
  bool transitive;  // expected Transitive flag (checked for well-known only)
  ErrorAction on_error;
  uint32_t present_bit;
  Decoder decode;
};

Error bad(std::string msg) { return make_error(ErrorCode::kMalformed, std::move(msg)); }

Status need_len(const ByteReader& v, size_t n, const char* what) {
  if (v.remaining() != n) {
    return bad(std::string(what) + " length " + std::to_string(v.remaining()) + ", expected " +
               std::to_string(n));
  }
  return Status::Ok();
}

Status need_multiple(const ByteReader& v, size_t n, const char* what) {
  if (v.remaining() % n != 0) {
    return bad(std::string(what) + " length " + std::to_string(v.remaining()) +
               " is not a multiple of " + std::to_string(n));
  }
  return Status::Ok();
}

// RFC 4271 §5.1.1
Status dec_origin(ByteReader v, const AttrDecodeOptions&, PathAttributes& out) {
  VIGIL_RETURN_IF_ERROR(need_len(v, 1, "ORIGIN"));
  uint8_t o = 0;
  (void)v.u8(o);
  if (o > 2) return bad("ORIGIN value " + std::to_string(o) + " undefined");
  out.origin = static_cast<Origin>(o);
  return Status::Ok();
}

// RFC 4271 §5.1.2, RFC 6793 §4
Status dec_as_path(ByteReader v, const AttrDecodeOptions& opts, PathAttributes& out) {
  return decode_as_path(v.rest(), opts.as4, out.as_path);
}

Status dec_as4_path(ByteReader v, const AttrDecodeOptions&, PathAttributes& out) {
  Status s = decode_as_path(v.rest(), true, out.as4_path);
  if (!s) return s;
  // RFC 6793 §6: confederation segments in AS4_PATH are malformed.
  for (const auto& seg : out.as4_path.segments) {
    if (seg.type == SegmentType::kConfedSequence || seg.type == SegmentType::kConfedSet) {
      out.as4_path.clear();
      return bad("AS4_PATH carries a confederation segment");
    }
  }
  return Status::Ok();
}

// RFC 4271 §5.1.3
Status dec_next_hop(ByteReader v, const AttrDecodeOptions&, PathAttributes& out) {
  VIGIL_RETURN_IF_ERROR(need_len(v, 4, "NEXT_HOP"));
  out.next_hop = IpAddr::v4_bytes(v.rest().data());
  return Status::Ok();
}

Status dec_u32(ByteReader v, const char* what, uint32_t& dst) {
  VIGIL_RETURN_IF_ERROR(need_len(v, 4, what));
  (void)v.u32(dst);
  return Status::Ok();
}

// RFC 4271 §5.1.4
Status dec_med(ByteReader v, const AttrDecodeOptions&, PathAttributes& out) {
  return dec_u32(v, "MULTI_EXIT_DISC", out.med);
}
// RFC 4271 §5.1.5
Status dec_local_pref(ByteReader v, const AttrDecodeOptions&, PathAttributes& out) {
  return dec_u32(v, "LOCAL_PREF", out.local_pref);
}
// RFC 4271 §5.1.6
Status dec_atomic(ByteReader v, const AttrDecodeOptions&, PathAttributes&) {
  return need_len(v, 0, "ATOMIC_AGGREGATE");
}

// RFC 4271 §5.1.7; RFC 6793 §3: 8 octets on 4-octet sessions.
Status dec_aggregator(ByteReader v, const AttrDecodeOptions& opts, PathAttributes& out) {
  const size_t want = opts.as4 ? 8 : 6;
  if (v.remaining() != want) {
    // Tolerate the other width: MRT writers are not always consistent.
    if (v.remaining() != 6 && v.remaining() != 8) {
      return bad("AGGREGATOR length " + std::to_string(v.remaining()) + ", expected " +
                 std::to_string(want));
    }
  }
  if (v.remaining() == 8) {
    (void)v.u32(out.aggregator.asn);
  } else {
    uint16_t a = 0;
    (void)v.u16(a);
    out.aggregator.asn = a;
  }
  out.aggregator.address = IpAddr::v4_bytes(v.rest().data());
  return Status::Ok();
}

// RFC 6793 §3
Status dec_as4_aggregator(ByteReader v, const AttrDecodeOptions&, PathAttributes& out) {
  VIGIL_RETURN_IF_ERROR(need_len(v, 8, "AS4_AGGREGATOR"));
  (void)v.u32(out.as4_aggregator.asn);
  out.as4_aggregator.address = IpAddr::v4_bytes(v.rest().data());
  return Status::Ok();
}

// RFC 1997; RFC 7606 §7.8: length must be a non-zero multiple of 4.
Status dec_communities(ByteReader v, const AttrDecodeOptions&, PathAttributes& out) {
  if (v.empty()) return bad("COMMUNITIES of zero length");
  VIGIL_RETURN_IF_ERROR(need_multiple(v, 4, "COMMUNITIES"));
  const size_t n = v.remaining() / 4;
  const uint8_t* p = v.rest().data();
  for (size_t i = 0; i < n; ++i) out.communities.push_back(ByteReader::load_u32(p + 4 * i));
  return Status::Ok();
}

// RFC 4456 §8
Status dec_originator(ByteReader v, const AttrDecodeOptions&, PathAttributes& out) {
  VIGIL_RETURN_IF_ERROR(need_len(v, 4, "ORIGINATOR_ID"));
  out.originator_id = IpAddr::v4_bytes(v.rest().data());
  return Status::Ok();
}
Status dec_cluster_list(ByteReader v, const AttrDecodeOptions&, PathAttributes& out) {
  if (v.empty()) return bad("CLUSTER_LIST of zero length");  // RFC 7606 §7.10
  VIGIL_RETURN_IF_ERROR(need_multiple(v, 4, "CLUSTER_LIST"));
  uint32_t id;
  while (v.u32(id)) out.cluster_list.push_back(id);
  return Status::Ok();
}

// RFC 4360 §2
Status dec_ext_communities(ByteReader v, const AttrDecodeOptions&, PathAttributes& out) {
  if (v.empty()) return bad("EXTENDED_COMMUNITIES of zero length");  // RFC 7606 §7.14
  VIGIL_RETURN_IF_ERROR(need_multiple(v, 8, "EXTENDED_COMMUNITIES"));
  std::array<uint8_t, 8> c;
  while (v.copy(c.data(), 8)) out.ext_communities.push_back(c);
  return Status::Ok();
}
// RFC 5701 §2
Status dec_ipv6_ext_communities(ByteReader v, const AttrDecodeOptions&, PathAttributes& out) {
  if (v.empty()) return bad("IPV6_EXTENDED_COMMUNITIES of zero length");  // RFC 7606 §7.15
  VIGIL_RETURN_IF_ERROR(need_multiple(v, 20, "IPV6_EXTENDED_COMMUNITIES"));
  std::array<uint8_t, 20> c;
  while (v.copy(c.data(), 20)) out.ipv6_ext_communities.push_back(c);
  return Status::Ok();
}
// RFC 8092 §3
Status dec_large_communities(ByteReader v, const AttrDecodeOptions&, PathAttributes& out) {
  if (v.empty()) return bad("LARGE_COMMUNITY of zero length");
  VIGIL_RETURN_IF_ERROR(need_multiple(v, 12, "LARGE_COMMUNITY"));
  LargeCommunity c;
  while (v.u32(c.global) && v.u32(c.local1) && v.u32(c.local2)) {
    out.large_communities.push_back(c);
  }
  return Status::Ok();
}
// RFC 9234 §5
Status dec_otc(ByteReader v, const AttrDecodeOptions&, PathAttributes& out) {
  return dec_u32(v, "ONLY_TO_CUSTOMER", out.only_to_customer);
}
// RFC 7311 §3: TLVs; type 1 = AIGP metric (8 octets, TLV length 11).
Status dec_aigp(ByteReader v, const AttrDecodeOptions&, PathAttributes& out) {
  bool found = false;
  while (!v.empty()) {
    uint8_t type;
    uint16_t len;
    if (!v.u8(type) || !v.u16(len)) return bad("AIGP TLV header truncated");
    if (len < 3) return bad("AIGP TLV length " + std::to_string(len) + " below 3");
    ByteReader tlv;
    if (!v.take(len - 3u, tlv)) return bad("AIGP TLV overruns attribute");
    if (type == 1) {
      if (tlv.remaining() != 8) return bad("AIGP metric TLV length is not 11");
      if (found) return bad("AIGP metric TLV repeated");
      (void)tlv.u64(out.aigp);
      found = true;
    }
  }
  if (!found) return bad("AIGP without a metric TLV");
  return Status::Ok();
}

Family family_of(uint16_t afi) { return afi == kAfiIPv6 ? Family::kIPv6 : Family::kIPv4; }
bool decodable(uint16_t afi, uint8_t safi) {
  return (afi == kAfiIPv4 || afi == kAfiIPv6) && (safi == kSafiUnicast || safi == kSafiMulticast);
}

Status dec_next_hops(Bytes nh, uint16_t afi, uint8_t safi, MpReach& m) {
  m.raw_next_hop = nh;
  m.next_hops.clear();
  if (!decodable(afi, safi)) return Status::Ok();
  switch (nh.size()) {
    case 4:
      m.next_hops.push_back(IpAddr::v4_bytes(nh.data()));
      return Status::Ok();
    case 16:
      m.next_hops.push_back(IpAddr::v6_bytes(nh.data()));
      return Status::Ok();
    case 32:  // RFC 2545 §3: global then link-local
      m.next_hops.push_back(IpAddr::v6_bytes(nh.data()));
      m.next_hops.push_back(IpAddr::v6_bytes(nh.data() + 16));
      return Status::Ok();
    default:
      return bad("MP_REACH_NLRI next hop length " + std::to_string(nh.size()) +
                 " invalid for AFI " + std::to_string(afi));
  }
}

// RFC 4760 §3; RFC 6396 §4.3.4 for the abbreviated MRT form.
Status dec_mp_reach(ByteReader v, const AttrDecodeOptions& opts, PathAttributes& out) {
  MpReach& m = out.mp_reach;
  const Bytes all = v.rest();
  if (opts.mrt_abbreviated_mp_reach && !all.empty() && all[0] + 1u == all.size()) {
    m.afi = opts.rib_family == Family::kIPv6 ? kAfiIPv6 : kAfiIPv4;
    m.safi = kSafiUnicast;
    return dec_next_hops(all.subspan(1), m.afi, m.safi, m);
  }
  uint8_t nh_len, reserved;
  Bytes nh;
  if (!v.u16(m.afi) || !v.u8(m.safi) || !v.u8(nh_len) || !v.bytes(nh_len, nh) || !v.u8(reserved)) {
    return bad("MP_REACH_NLRI header truncated");
  }
  VIGIL_RETURN_IF_ERROR(dec_next_hops(nh, m.afi, m.safi, m));
  if (!decodable(m.afi, m.safi)) {
    m.opaque_nlri = v.rest();
    return Status::Ok();
  }
  return decode_prefixes(v, family_of(m.afi), opts.add_path, m.nlri);
}

// RFC 4760 §4
Status dec_mp_unreach(ByteReader v, const AttrDecodeOptions& opts, PathAttributes& out) {
  MpUnreach& m = out.mp_unreach;
  if (!v.u16(m.afi) || !v.u8(m.safi)) return bad("MP_UNREACH_NLRI header truncated");
  if (!decodable(m.afi, m.safi)) {
    m.opaque_nlri = v.rest();
    return Status::Ok();
  }
  return decode_prefixes(v, family_of(m.afi), opts.add_path, m.nlri);
}

constexpr AttrSpec kSpecs[] = {
    {kAttrOrigin, "ORIGIN", false, true, ErrorAction::kTreatAsWithdraw, kHasOrigin, dec_origin},
    {kAttrAsPath, "AS_PATH", false, true, ErrorAction::kTreatAsWithdraw, kHasAsPath, dec_as_path},
    {kAttrNextHop, "NEXT_HOP", false, true, ErrorAction::kTreatAsWithdraw, kHasNextHop,
     dec_next_hop},
    {kAttrMed, "MULTI_EXIT_DISC", true, false, ErrorAction::kTreatAsWithdraw, kHasMed, dec_med},
    {kAttrLocalPref, "LOCAL_PREF", false, true, ErrorAction::kTreatAsWithdraw, kHasLocalPref,
     dec_local_pref},
    {kAttrAtomicAggregate, "ATOMIC_AGGREGATE", false, true, ErrorAction::kAttributeDiscard,
     kHasAtomicAggregate, dec_atomic},
    {kAttrAggregator, "AGGREGATOR", true, true, ErrorAction::kAttributeDiscard, kHasAggregator,
     dec_aggregator},
    {kAttrCommunities, "COMMUNITIES", true, true, ErrorAction::kTreatAsWithdraw, kHasCommunities,
     dec_communities},
    {kAttrOriginatorId, "ORIGINATOR_ID", true, false, ErrorAction::kTreatAsWithdraw,
     kHasOriginatorId, dec_originator},
    {kAttrClusterList, "CLUSTER_LIST", true, false, ErrorAction::kTreatAsWithdraw, kHasClusterList,
     dec_cluster_list},
    {kAttrMpReach, "MP_REACH_NLRI", true, false, ErrorAction::kSessionReset, kHasMpReach,
     dec_mp_reach},
    {kAttrMpUnreach, "MP_UNREACH_NLRI", true, false, ErrorAction::kSessionReset, kHasMpUnreach,
     dec_mp_unreach},
    {kAttrExtCommunities, "EXTENDED_COMMUNITIES", true, true, ErrorAction::kTreatAsWithdraw,
     kHasExtCommunities, dec_ext_communities},
    {kAttrAs4Path, "AS4_PATH", true, true, ErrorAction::kAttributeDiscard, kHasAs4Path,
     dec_as4_path},
    {kAttrAs4Aggregator, "AS4_AGGREGATOR", true, true, ErrorAction::kAttributeDiscard,
     kHasAs4Aggregator, dec_as4_aggregator},
    {kAttrIpv6ExtCommunities, "IPV6_EXTENDED_COMMUNITIES", true, true,
     ErrorAction::kTreatAsWithdraw, kHasIpv6ExtCommunities, dec_ipv6_ext_communities},
    {kAttrAigp, "AIGP", true, false, ErrorAction::kAttributeDiscard, kHasAigp, dec_aigp},
    {kAttrLargeCommunities, "LARGE_COMMUNITY", true, true, ErrorAction::kTreatAsWithdraw,
     kHasLargeCommunities, dec_large_communities},
    {kAttrOnlyToCustomer, "ONLY_TO_CUSTOMER", true, true, ErrorAction::kTreatAsWithdraw,
     kHasOnlyToCustomer, dec_otc},
};

// Direct index by type code for the hot path.
struct SpecIndex {
  const AttrSpec* by_type[256] = {};
  constexpr SpecIndex() {
    for (const auto& s : kSpecs) by_type[s.type] = &s;
  }
};
constexpr SpecIndex kIndex;

void warn(PathAttributes& out, uint8_t type, ErrorAction action, uint32_t offset, std::string msg) {
  if (action > out.action) out.action = action;
  out.warnings.push_back({type, action, offset, std::move(msg)});
}

// Clears what a failed decoder may have half-filled.
void reset_partial(uint8_t type, PathAttributes& out) {
  switch (type) {
    case kAttrAsPath:
      out.as_path.clear();
      break;
    case kAttrAs4Path:
      out.as4_path.clear();
      break;
    case kAttrCommunities:
      out.communities.clear();
      break;
    case kAttrClusterList:
      out.cluster_list.clear();
      break;
    case kAttrExtCommunities:
      out.ext_communities.clear();
      break;
    case kAttrIpv6ExtCommunities:
      out.ipv6_ext_communities.clear();
      break;
    case kAttrLargeCommunities:
      out.large_communities.clear();
      break;
    default:
      break;
  }
}

}  // namespace

const char* error_action_name(ErrorAction a) {
  switch (a) {
    case ErrorAction::kNone:
      return "none";
    case ErrorAction::kAttributeDiscard:
      return "attribute-discard";
    case ErrorAction::kTreatAsWithdraw:
      return "treat-as-withdraw";
    case ErrorAction::kAfiSafiDisable:
      return "afi-safi-disable";
    case ErrorAction::kSessionReset:
      return "session-reset";
  }
  return "none";
}

std::string attr_type_name(uint8_t type) {
  if (const AttrSpec* s = kIndex.by_type[type]) return s->name;
  return "type " + std::to_string(type);
}

void PathAttributes::clear() {
  present = 0;
  origin = Origin::kIgp;
  as_path.clear();
  as4_path.clear();
  next_hop = IpAddr{};
  med = local_pref = 0;
  aggregator = Aggregator{};
  as4_aggregator = Aggregator{};
  communities.clear();
  ext_communities.clear();
  ipv6_ext_communities.clear();
  large_communities.clear();
  originator_id = IpAddr{};
  cluster_list.clear();
  only_to_customer = 0;
  aigp = 0;
  mp_reach.afi = 0;
  mp_reach.safi = 0;
  mp_reach.next_hops.clear();
  mp_reach.nlri.clear();
  mp_reach.opaque_nlri = {};
  mp_reach.raw_next_hop = {};
  mp_unreach.afi = 0;
  mp_unreach.safi = 0;
  mp_unreach.nlri.clear();
  mp_unreach.opaque_nlri = {};
  unknown.clear();
  warnings.clear();
  action = ErrorAction::kNone;
}

const AsPath& PathAttributes::effective_as_path(bool as4_session, AsPath& scratch) const {
  if (as4_session || !has(kHasAs4Path) || !has(kHasAsPath)) return as_path;
  if (has(kHasAggregator) && has(kHasAs4Aggregator) && aggregator.asn != kAsTrans) {
    return as_path;
  }
  merge_as4_path(as_path, as4_path, scratch);
  return scratch;
}

const Aggregator& PathAttributes::effective_aggregator(bool as4_session) const {
  if (!as4_session && has(kHasAs4Aggregator) && aggregator.asn == kAsTrans) {
    return as4_aggregator;
  }
  return aggregator;
}

void decode_attributes(Bytes list, const AttrDecodeOptions& opts, PathAttributes& out) {
  ByteReader r(list);
  uint32_t seen = 0;  // types met so far, decoded or not (RFC 7606 §3g)
  while (!r.empty()) {
    const auto offset = static_cast<uint32_t>(r.position());
    uint8_t flags, type;
    if (!r.u8(flags) || !r.u8(type)) {
      warn(out, 0, ErrorAction::kTreatAsWithdraw, offset,
           "attribute header truncated (1 octet left)");
      return;
    }
    uint16_t len = 0;
    bool len_ok;
    if (flags & kFlagExtendedLength) {
      len_ok = r.u16(len);
    } else {
      uint8_t l8 = 0;
      len_ok = r.u8(l8);
      len = l8;
    }
    ByteReader value;
    if (!len_ok || !r.take(len, value)) {
      warn(out, type, ErrorAction::kTreatAsWithdraw, offset,
           attr_type_name(type) + " length " + std::to_string(len) +
               " overruns the attribute list (" + std::to_string(r.remaining()) + " octets left)");
      return;
    }
    const AttrSpec* spec = kIndex.by_type[type];
    if (spec == nullptr) {
      out.unknown.push_back({flags, type, value.rest()});
      continue;
    }
    if (seen & spec->present_bit) {
      const bool mp = type == kAttrMpReach || type == kAttrMpUnreach;
      warn(out, type, mp ? ErrorAction::kSessionReset : ErrorAction::kAttributeDiscard, offset,
           std::string(spec->name) + " repeated");
      continue;
    }
    seen |= spec->present_bit;
    const bool optional = (flags & kFlagOptional) != 0;
    const bool transitive = (flags & kFlagTransitive) != 0;
    if (optional != spec->optional || (!spec->optional && !transitive)) {
      warn(out, type, spec->on_error, offset,
           std::string(spec->name) + " has wrong flags 0x" +
               std::string(1, "0123456789abcdef"[flags >> 4]) +
               std::string(1, "0123456789abcdef"[flags & 15]));
      // Still decoded: many MRT sources carry odd flags on valid values, and
      // the action above already records what a speaker would do.
    }
    Status s = spec->decode(value, opts, out);
    if (!s) {
      reset_partial(type, out);
      warn(out, type, spec->on_error, offset, s.error().message);
      continue;
    }
    out.present |= spec->present_bit;
  }
}

}  // namespace vigil::bgp

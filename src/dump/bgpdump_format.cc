#include "dump/bgpdump_format.h"

#include "core/text.h"

namespace vigil::dump {

namespace {

void append_record_type(const Element& e, std::string& out) {
  switch (e.source) {
    case Source::kTableDump: out += "TABLE_DUMP"; break;
    case Source::kTableDumpV2: out += e.add_path ? "TABLE_DUMP2_AP" : "TABLE_DUMP2"; break;
    case Source::kBgp4mp: out += e.add_path ? "BGP4MP_AP" : "BGP4MP"; break;
    case Source::kBgp4mpEt: out += e.add_path ? "BGP4MP_ET_AP" : "BGP4MP_ET"; break;
    case Source::kLegacyBgp: out += "BGP"; break;
  }
}

void append_timestamp(const Element& e, std::string& out) {
  append_u32(out, e.timestamp);
  if (e.source == Source::kBgp4mpEt) {
    out.push_back('.');
    append_u64_padded(out, e.microseconds, 6);
  }
}

const char* origin_name(bgp::Origin o) {
  switch (o) {
    case bgp::Origin::kIgp: return "IGP";
    case bgp::Origin::kEgp: return "EGP";
    case bgp::Origin::kIncomplete: return "INCOMPLETE";
  }
  return "IGP";
}

void append_community(std::string& out, uint32_t c) {
  switch (c) {
    case 0xFFFFFF01: out += "no-export"; return;
    case 0xFFFFFF02: out += "no-advertise"; return;
    case 0xFFFFFF03: out += "no-export-subconfed"; return;
    default: break;
  }
  append_u32(out, c >> 16);
  out.push_back(':');
  append_u32(out, c & 0xffff);
}

}  // namespace

void BgpdumpFormatter::append_attr_suffix(const Element& e, std::string& out) {
  const bgp::PathAttributes& a = *e.attrs;
  const bool legacy = e.source == Source::kLegacyBgp;
  const bool v6 = !e.prefix.addr.is_v4();
  if (cached_for_ == &a && cached_legacy_ == legacy && cached_v6_ == v6) {
    out += cached_suffix_;
    return;
  }
  std::string& s = cached_suffix_;
  s.clear();
  if (a.has(bgp::kHasAsPath)) {
    const bgp::AsPath& path = e.as4_session ? a.as_path : a.effective_as_path(scratch_);
    bgp::append_as_path(s, path);
  }
  s.push_back('|');
  s += origin_name(a.origin);
  s.push_back('|');
  // Next hop: NEXT_HOP for IPv4 routes, MP_REACH's (global) for the others.
  if (!v6 && a.has(bgp::kHasNextHop)) {
    append_ip(s, a.next_hop);
  } else if (a.has(bgp::kHasMpReach) && !a.mp_reach.next_hops.empty()) {
    append_ip(s, a.mp_reach.next_hops[0]);
  } else if (a.has(bgp::kHasNextHop)) {
    append_ip(s, a.next_hop);
  }
  s.push_back('|');
  append_u32(s, a.has(bgp::kHasLocalPref) ? a.local_pref : 0);
  s.push_back('|');
  append_u32(s, a.has(bgp::kHasMed) ? a.med : 0);
  s.push_back('|');
  if (!legacy) {
    for (size_t i = 0; i < a.communities.size(); ++i) {
      if (i) s.push_back(' ');
      append_community(s, a.communities[i]);
    }
    s.push_back('|');
  }
  s += a.has(bgp::kHasAtomicAggregate) ? "AG" : "NAG";
  s.push_back('|');
  if (a.has(bgp::kHasAggregator)) {
    const bgp::Aggregator& ag =
        (!e.as4_session && a.has(bgp::kHasAs4Aggregator)) ? a.as4_aggregator : a.aggregator;
    append_u32(s, ag.asn);
    s.push_back(' ');
    append_ip(s, ag.address);
  }
  s.push_back('|');
  cached_for_ = &a;
  cached_legacy_ = legacy;
  cached_v6_ = v6;
  out += s;
}

void BgpdumpFormatter::format(std::span<const Element> elems, std::string& out) {
  cached_for_ = nullptr;
  for (const Element& e : elems) {
    append_record_type(e, out);
    out.push_back('|');
    append_timestamp(e, out);
    out.push_back('|');
    switch (e.type) {
      case ElemType::kState:
        out += "STATE|";
        append_ip(out, e.peer_address);
        out.push_back('|');
        append_u32(out, e.peer_asn);
        out.push_back('|');
        append_u32(out, e.old_state);
        out.push_back('|');
        append_u32(out, e.new_state);
        out.push_back('\n');
        continue;
      case ElemType::kWithdraw:
        out += "W|";
        break;
      case ElemType::kAnnounce:
        out += "A|";
        break;
      case ElemType::kRibEntry:
        out += "B|";
        break;
    }
    append_ip(out, e.peer_address);
    out.push_back('|');
    append_u32(out, e.peer_asn);
    out.push_back('|');
    append_prefix(out, e.prefix);
    if (e.type == ElemType::kWithdraw) {
      if (e.add_path) {
        out.push_back('|');
        append_u32(out, e.path_id);
      }
      out.push_back('\n');
      continue;
    }
    out.push_back('|');
    if (e.add_path) {
      append_u32(out, e.path_id);
      out.push_back('|');
    }
    append_attr_suffix(e, out);
    out.push_back('\n');
  }
}

}  // namespace vigil::dump

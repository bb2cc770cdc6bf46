#include "dump/bgpdump_format.h"

#include "core/text.h"

namespace vigil::dump {

namespace {

constexpr char kNoNextHop[] = "255.255.255.255";

void append_record_type(const Element& e, std::string& out) {
  switch (e.source) {
    case Source::kTableDump:
      out += "TABLE_DUMP";
      break;
    case Source::kTableDumpV2:
      out += e.add_path ? "TABLE_DUMP2_AP" : "TABLE_DUMP2";
      break;
    case Source::kBgp4mp:
    case Source::kBgp4mpEt:
      out += e.source == Source::kBgp4mpEt ? "BGP4MP_ET" : "BGP4MP";
      if (e.type != ElemType::kState) {
        if (e.local) out += "_LOCAL";
        if (e.add_path) out += "_AP";
      }
      break;
    case Source::kLegacyBgp:
      out += "BGP";
      break;
    case Source::kBgp4mpEntry:
      out += "BGP4MP_ENTRY";
      break;
  }
}

void append_timestamp(const Element& e, std::string& out) {
  append_u32(out, e.timestamp);
  if (e.source == Source::kBgp4mpEt) {
    out.push_back('.');
    // bgpdump prints %06ld of the raw field: padded, not capped.
    if (e.microseconds < 1000000) {
      append_u64_padded(out, e.microseconds, 6);
    } else {
      append_u32(out, e.microseconds);
    }
  }
}

const char* origin_name(const bgp::PathAttributes& a) {
  if (!a.has(bgp::kHasOrigin)) return "INCOMPLETE";
  switch (a.origin) {
    case bgp::Origin::kIgp:
      return "IGP";
    case bgp::Origin::kEgp:
      return "EGP";
    case bgp::Origin::kIncomplete:
      return "INCOMPLETE";
  }
  return "INCOMPLETE";
}

void append_community(std::string& out, uint32_t c) {
  switch (c) {
    case 0xFFFFFF01:
      out += "no-export";
      return;
    case 0xFFFFFF02:
      out += "no-advertise";
      return;
    case 0xFFFFFF03:
      out += "local-AS";
      return;
    default:
      break;
  }
  append_u32(out, c >> 16);
  out.push_back(':');
  append_u32(out, c & 0xffff);
}

}  // namespace

void append_ip_bgpdump(std::string& out, const IpAddr& a) {
  if (a.is_v4()) {
    append_ip(out, a);
    return;
  }
  const std::array<unsigned, 8> w = a.v6_words();
  const bool first80_zero = w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0;
  const uint32_t low32 = (uint32_t{w[6]} << 16) | w[7];
  auto dotted = [&](const char* prefix) {
    out += prefix;
    append_ip(out, IpAddr::v4_bytes(a.bytes.data() + 12));
  };
  if (first80_zero && w[5] == 0xffff) return dotted("::ffff:");
  if (first80_zero && w[5] == 0 && low32 > 1) return dotted("::");
  // Longest run of zero words (a single one counts), first on ties.
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (w[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && w[j] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (i != 0 && i != best + best_len) out.push_back(':');
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const unsigned nib = (w[i] >> shift) & 15;
      if (nib || started || shift == 0) {
        out.push_back(kHex[nib]);
        started = true;
      }
    }
  }
}

void BgpdumpFormatter::append_attr_suffix(const Element& e, std::string& out) {
  const bgp::PathAttributes& a = *e.attrs;
  const bool legacy = e.source == Source::kLegacyBgp;
  if (cached_for_ == &a && cached_legacy_ == legacy && cached_v6_ == e.from_mp) {
    out += cached_suffix_;
    return;
  }
  std::string& s = cached_suffix_;
  s.clear();
  if (a.has(bgp::kHasAsPath)) {
    bgp::append_as_path(s, a.effective_as_path(e.as4_session, scratch_));
  }
  s.push_back('|');
  s += origin_name(a);
  s.push_back('|');
  // bgpdump prints 255.255.255.255 when there is no next hop.
  if (const IpAddr* nh = route_next_hop(e)) {
    append_ip_bgpdump(s, *nh);
  } else {
    s += kNoNextHop;
  }
  s.push_back('|');
  append_u32(s, a.has(bgp::kHasLocalPref) ? a.local_pref : 0);
  s.push_back('|');
  append_u32(s, a.has(bgp::kHasMed) ? a.med : 0);
  s.push_back('|');
  for (size_t i = 0; i < a.communities.size(); ++i) {
    if (i) s.push_back(' ');
    append_community(s, a.communities[i]);
  }
  s.push_back('|');
  s += a.has(bgp::kHasAtomicAggregate) ? "AG" : "NAG";
  s.push_back('|');
  if (a.has(bgp::kHasAggregator)) {
    const bgp::Aggregator& ag = a.effective_aggregator(e.as4_session);
    if (ag.address != IpAddr::v4(0xffffffffu)) {
      append_u32(s, ag.asn);
      s.push_back(' ');
      append_ip(s, ag.address);
    }
  }
  s.push_back('|');
  cached_for_ = &a;
  cached_legacy_ = legacy;
  cached_v6_ = e.from_mp;
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
        append_ip_bgpdump(out, e.peer_address);
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
    append_ip_bgpdump(out, e.peer_address);
    out.push_back('|');
    append_u32(out, e.peer_asn);
    out.push_back('|');
    append_ip_bgpdump(out, e.prefix.addr);
    out.push_back('/');
    append_u32(out, e.prefix.len);
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

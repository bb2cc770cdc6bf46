#include "dump/json_format.h"

#include "core/text.h"
#include "wire/bgp/attributes.h"

namespace vigil::dump {

namespace {

const char* source_name(Source s) {
  switch (s) {
    case Source::kTableDump:
      return "TABLE_DUMP";
    case Source::kTableDumpV2:
      return "TABLE_DUMP_V2";
    case Source::kBgp4mp:
      return "BGP4MP";
    case Source::kBgp4mpEt:
      return "BGP4MP_ET";
    case Source::kLegacyBgp:
      return "BGP";
    case Source::kBgp4mpEntry:
      return "BGP4MP_ENTRY";
  }
  return "?";
}

void append_quoted_ip(std::string& out, const IpAddr& a) {
  out.push_back('"');
  append_ip(out, a);
  out.push_back('"');
}

void append_as_path_json(std::string& out, const bgp::AsPath& p) {
  out.push_back('[');
  bool first = true;
  for (const auto& seg : p.segments) {
    const uint32_t* a = p.asns.data() + seg.first;
    auto list = [&](const char* open, const char* close) {
      if (!first) out.push_back(',');
      first = false;
      out += open;
      for (uint32_t i = 0; i < seg.count; ++i) {
        if (i) out.push_back(',');
        append_u32(out, a[i]);
      }
      out += close;
    };
    switch (seg.type) {
      case bgp::SegmentType::kSequence:
        for (uint32_t i = 0; i < seg.count; ++i) {
          if (!first) out.push_back(',');
          first = false;
          append_u32(out, a[i]);
        }
        break;
      case bgp::SegmentType::kSet:
        list("[", "]");
        break;
      case bgp::SegmentType::kConfedSequence:
        list("{\"confed_sequence\":[", "]}");
        break;
      case bgp::SegmentType::kConfedSet:
        list("{\"confed_set\":[", "]}");
        break;
    }
  }
  out.push_back(']');
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

void JsonFormatter::append_attrs(const Element& e, std::string& out) {
  const bgp::PathAttributes& a = *e.attrs;
  const bgp::AsPath& path = a.effective_as_path(e.as4_session, scratch_);
  out += ",\"as_path\":";
  append_as_path_json(out, path);
  out += ",\"origin_asn\":";
  uint32_t origin;
  if (path.origin(origin)) {
    append_u32(out, origin);
  } else {
    out += "null";
  }
  out += ",\"next_hop\":";
  if (const IpAddr* nh = route_next_hop(e)) {
    append_quoted_ip(out, *nh);
  } else {
    out += "null";
  }
  out += ",\"origin\":";
  if (a.has(bgp::kHasOrigin)) {
    out += a.origin == bgp::Origin::kIgp   ? "\"IGP\""
           : a.origin == bgp::Origin::kEgp ? "\"EGP\""
                                           : "\"INCOMPLETE\"";
  } else {
    out += "null";
  }
  out += ",\"local_pref\":";
  if (a.has(bgp::kHasLocalPref))
    append_u32(out, a.local_pref);
  else
    out += "null";
  out += ",\"med\":";
  if (a.has(bgp::kHasMed))
    append_u32(out, a.med);
  else
    out += "null";
  out += ",\"communities\":[";
  for (size_t i = 0; i < a.communities.size(); ++i) {
    if (i) out.push_back(',');
    out.push_back('"');
    append_u32(out, a.communities[i] >> 16);
    out.push_back(':');
    append_u32(out, a.communities[i] & 0xffff);
    out.push_back('"');
  }
  out += "],\"large_communities\":[";
  for (size_t i = 0; i < a.large_communities.size(); ++i) {
    if (i) out.push_back(',');
    const auto& c = a.large_communities[i];
    out.push_back('"');
    append_u32(out, c.global);
    out.push_back(':');
    append_u32(out, c.local1);
    out.push_back(':');
    append_u32(out, c.local2);
    out.push_back('"');
  }
  out += "],\"atomic_aggregate\":";
  out += a.has(bgp::kHasAtomicAggregate) ? "true" : "false";
  out += ",\"aggregator\":";
  if (a.has(bgp::kHasAggregator)) {
    const bgp::Aggregator& ag = a.effective_aggregator(e.as4_session);
    out += "{\"asn\":";
    append_u32(out, ag.asn);
    out += ",\"ip\":";
    append_quoted_ip(out, ag.address);
    out.push_back('}');
  } else {
    out += "null";
  }
  out += ",\"otc\":";
  if (a.has(bgp::kHasOnlyToCustomer))
    append_u32(out, a.only_to_customer);
  else
    out += "null";
  out += ",\"warnings\":[";
  for (size_t i = 0; i < a.warnings.size(); ++i) {
    if (i) out.push_back(',');
    const auto& w = a.warnings[i];
    append_json_string(out, bgp::attr_type_name(w.type) + " (" + bgp::error_action_name(w.action) +
                                "): " + w.message);
  }
  out.push_back(']');
  if (a.action >= bgp::ErrorAction::kTreatAsWithdraw) {
    out += ",\"rfc7606\":\"";
    out += bgp::error_action_name(a.action);
    out.push_back('"');
  }
}

void JsonFormatter::format(std::span<const Element> elems, std::string& out) {
  for (const Element& e : elems) {
    out += "{\"type\":\"";
    out += elem_type_name(e.type);
    out += "\",\"timestamp\":";
    append_u32(out, e.timestamp);
    if (e.source == Source::kBgp4mpEt) {
      out.push_back('.');
      append_u64_padded(out, e.microseconds, 6);
    }
    out += ",\"record_type\":\"";
    out += source_name(e.source);
    out += "\",\"peer_ip\":";
    append_quoted_ip(out, e.peer_address);
    out += ",\"peer_asn\":";
    append_u32(out, e.peer_asn);
    if (e.type == ElemType::kState) {
      out += ",\"old_state\":";
      append_u32(out, e.old_state);
      out += ",\"new_state\":";
      append_u32(out, e.new_state);
    } else {
      out += ",\"prefix\":\"";
      append_prefix(out, e.prefix);
      out += "\",\"path_id\":";
      if (e.add_path)
        append_u32(out, e.path_id);
      else
        out += "null";
      if (e.type == ElemType::kRibEntry) {
        out += ",\"originated\":";
        append_u32(out, e.originated_time);
      }
      if (e.attrs) append_attrs(e, out);
      if (e.host_bits) out += ",\"nlri_host_bits\":true";
    }
    if (!file_.empty()) {
      out += ",\"file\":";
      append_json_string(out, file_);
    }
    out += ",\"offset\":";
    append_u64(out, e.record_offset);
    out += "}\n";
  }
}

}  // namespace vigil::dump

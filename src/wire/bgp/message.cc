#include "wire/bgp/message.h"

#include <string>

namespace vigil::bgp {

Result<MessageHeader> decode_header(Bytes message) {
  if (message.size() < kHeaderSize) {
    return make_error(ErrorCode::kTruncated, "BGP message of " + std::to_string(message.size()) +
                                                 " octets is shorter than its 19-octet header");
  }
  MessageHeader h;
  for (size_t i = 0; i < 16; ++i) {
    if (message[i] != 0xff) h.marker_ok = false;
  }
  h.length = ByteReader::load_u16(message.data() + 16);
  h.type = message[18];
  if (h.length < kHeaderSize) {
    return make_error(ErrorCode::kMalformed,
                      "BGP message length " + std::to_string(h.length) + " below 19");
  }
  if (h.length > message.size()) {
    return make_error(ErrorCode::kTruncated, "BGP message length " + std::to_string(h.length) +
                                                 " exceeds the " + std::to_string(message.size()) +
                                                 " octets available");
  }
  if (h.type < 1 || h.type > 5) {
    return make_error(ErrorCode::kMalformed,
                      "BGP message type " + std::to_string(h.type) + " unknown");
  }
  return h;
}

bool UpdateMessage::is_end_of_rib() const {
  // RFC 4724 §2: an empty UPDATE (IPv4), or one whose only attribute is an
  // empty MP_UNREACH_NLRI.
  if (!withdrawn.empty() || !announced.empty()) return false;
  // A malformed attribute is not "no attribute".
  if (!attrs.warnings.empty()) return false;
  if (attrs.present == 0 && attrs.unknown.empty()) return true;
  return attrs.present == kHasMpUnreach && attrs.mp_unreach.nlri.empty() &&
         attrs.mp_unreach.opaque_nlri.empty();
}

namespace {

bool mp_nlri_error(const PathAttributes& a) {
  for (const auto& w : a.warnings) {
    if (w.type == kAttrMpReach || w.type == kAttrMpUnreach) return true;
  }
  return false;
}

Status decode_update_once(Bytes body, const SessionOptions& opts, UpdateMessage& out);

}  // namespace

Status decode_update(Bytes body, const SessionOptions& opts, UpdateMessage& out) {
  Status s = decode_update_once(body, opts, out);
  if (opts.add_path || (s.ok() && !mp_nlri_error(out.attrs))) return s;
  SessionOptions retry = opts;
  retry.add_path = true;
  UpdateMessage second;
  Status s2 = decode_update_once(body, retry, second);
  if (!s2.ok() || mp_nlri_error(second.attrs)) return s;
  out = std::move(second);
  out.add_path_inferred = true;
  return Status::Ok();
}

namespace {

Status decode_update_once(Bytes body, const SessionOptions& opts, UpdateMessage& out) {
  out.clear();
  ByteReader r(body);
  uint16_t wlen = 0;
  ByteReader withdrawn;
  if (!r.u16(wlen) || !r.take(wlen, withdrawn)) {
    return make_error(ErrorCode::kMalformed, "UPDATE withdrawn routes length " +
                                                 std::to_string(wlen) + " overruns message");
  }
  uint16_t alen = 0;
  ByteReader attrs;
  if (!r.u16(alen) || !r.take(alen, attrs)) {
    return make_error(ErrorCode::kMalformed,
                      "UPDATE path attribute length " + std::to_string(alen) + " overruns message");
  }
  // RFC 7606 §5.3: NLRI errors reset the session; keep what decoded.
  Status ws = decode_prefixes(withdrawn, Family::kIPv4, opts.add_path, out.withdrawn);
  AttrDecodeOptions ao;
  ao.as4 = opts.as4;
  ao.add_path = opts.add_path;
  decode_attributes(attrs.rest(), ao, out.attrs);
  Status ns = decode_prefixes(r, Family::kIPv4, opts.add_path, out.announced);
  if (!ws) return make_error(ErrorCode::kMalformed, "withdrawn routes: " + ws.error().message);
  if (!ns) return make_error(ErrorCode::kMalformed, "NLRI: " + ns.error().message);
  // RFC 7606 §3d: missing well-known mandatory attributes -> treat-as-withdraw.
  // NEXT_HOP is needed only for the IPv4 NLRI field (RFC 4760 §3).
  if (!out.announced.empty() || !out.attrs.mp_reach.nlri.empty()) {
    const uint32_t need =
        kHasOrigin | kHasAsPath | (out.announced.empty() ? 0u : uint32_t{kHasNextHop});
    if ((out.attrs.present & need) != need) {
      out.attrs.warnings.push_back(
          {0, ErrorAction::kTreatAsWithdraw, 0, "missing well-known mandatory attribute"});
      if (out.attrs.action < ErrorAction::kTreatAsWithdraw) {
        out.attrs.action = ErrorAction::kTreatAsWithdraw;
      }
    }
  }
  return Status::Ok();
}

}  // namespace

// RFC 4271 §4.2; RFC 9072 extended optional parameters.
Status decode_open(Bytes body, OpenMessage& out) {
  out = OpenMessage{};
  ByteReader r(body);
  uint32_t id;
  uint8_t plen;
  if (!r.u8(out.version) || !r.u16(out.my_as) || !r.u16(out.hold_time) || !r.u32(id) ||
      !r.u8(plen)) {
    return make_error(ErrorCode::kTruncated, "OPEN shorter than its fixed fields");
  }
  out.bgp_id = IpAddr::v4(id);
  bool extended = false;
  uint16_t total = plen;
  if (plen == 255 && r.remaining() >= 3 && r.rest()[0] == 255) {
    uint8_t ff;
    (void)r.u8(ff);
    (void)r.u16(total);
    extended = true;
  }
  ByteReader params;
  if (!r.take(total, params)) {
    return make_error(ErrorCode::kMalformed, "OPEN optional parameters overrun message");
  }
  while (!params.empty()) {
    uint8_t type;
    uint16_t len = 0;
    bool ok = params.u8(type);
    if (extended) {
      ok = ok && params.u16(len);
    } else {
      uint8_t l8 = 0;
      ok = ok && params.u8(l8);
      len = l8;
    }
    ByteReader value;
    if (!ok || !params.take(len, value)) {
      return make_error(ErrorCode::kMalformed, "OPEN optional parameter overruns its field");
    }
    if (type != 2) {
      out.other_params.push_back(type);
      continue;
    }
    while (!value.empty()) {
      uint8_t code, clen;
      Bytes cval;
      if (!value.u8(code) || !value.u8(clen) || !value.bytes(clen, cval)) {
        return make_error(ErrorCode::kMalformed, "capability overruns its parameter");
      }
      out.capabilities.push_back({code, cval});
      Status s = decode_capability(code, cval, out.summary);
      if (!s) out.warnings.push_back(s.error().message);
    }
  }
  return Status::Ok();
}

Status decode_notification(Bytes body, NotificationMessage& out) {
  ByteReader r(body);
  if (!r.u8(out.code) || !r.u8(out.subcode)) {
    return make_error(ErrorCode::kTruncated, "NOTIFICATION shorter than 2 octets");
  }
  out.data = r.rest();
  return Status::Ok();
}

Status decode_route_refresh(Bytes body, RouteRefreshMessage& out) {
  ByteReader r(body);
  if (body.size() != 4 || !r.u16(out.afi) || !r.u8(out.subtype) || !r.u8(out.safi)) {
    return make_error(ErrorCode::kMalformed,
                      "ROUTE-REFRESH length " + std::to_string(body.size()) + ", expected 4");
  }
  return Status::Ok();
}

const char* notification_code_name(uint8_t code) {
  switch (code) {
    case 1:
      return "Message Header Error";
    case 2:
      return "OPEN Message Error";
    case 3:
      return "UPDATE Message Error";
    case 4:
      return "Hold Timer Expired";
    case 5:
      return "Finite State Machine Error";
    case 6:
      return "Cease";
    case 7:
      return "ROUTE-REFRESH Message Error";
    default:
      return "Unknown";
  }
}

}  // namespace vigil::bgp

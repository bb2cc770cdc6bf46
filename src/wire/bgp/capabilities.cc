#include "wire/bgp/capabilities.h"

#include <string>

namespace vigil::bgp {

namespace {
Error bad_len(const char* what, size_t len) {
  return make_error(ErrorCode::kMalformed,
                    std::string(what) + " capability length " + std::to_string(len) + " invalid");
}
}  // namespace

Status decode_capability(uint8_t code, Bytes value, CapabilitySummary& sum) {
  ByteReader r(value);
  switch (code) {
    case kCapMultiprotocol: {
      AfiSafi f;
      uint8_t reserved;
      if (value.size() != 4 || !r.u16(f.afi) || !r.u8(reserved) || !r.u8(f.safi)) {
        return bad_len("multiprotocol", value.size());
      }
      sum.multiprotocol.push_back(f);
      return Status::Ok();
    }
    case kCapRouteRefresh:
    case kCapRouteRefreshCisco:
      sum.route_refresh = true;
      return Status::Ok();
    case kCapEnhancedRouteRefresh:
      sum.enhanced_route_refresh = true;
      return Status::Ok();
    case kCapExtendedMessage:
      sum.extended_message = true;
      return Status::Ok();
    case kCapFourOctetAs:
      if (value.size() != 4 || !r.u32(sum.four_octet_asn)) {
        return bad_len("4-octet AS", value.size());
      }
      sum.four_octet_as = true;
      return Status::Ok();
    case kCapBgpRole: {
      uint8_t role;
      if (value.size() != 1 || !r.u8(role)) return bad_len("BGP role", value.size());
      if (role > 4) {
        return make_error(ErrorCode::kMalformed, "BGP role " + std::to_string(role) + " unknown");
      }
      sum.has_role = true;
      sum.role = static_cast<BgpRole>(role);
      return Status::Ok();
    }
    case kCapGracefulRestart: {
      uint16_t hdr;
      if (!r.u16(hdr) || r.remaining() % 4 != 0) {
        return bad_len("graceful restart", value.size());
      }
      sum.graceful_restart = true;
      sum.gr_flags = static_cast<uint8_t>(hdr >> 12);
      sum.gr_time = hdr & 0x0fff;
      GracefulRestartFamily g;
      while (r.u16(g.family.afi) && r.u8(g.family.safi) && r.u8(g.flags)) {
        sum.gr_families.push_back(g);
      }
      return Status::Ok();
    }
    case kCapAddPath: {
      if (value.empty() || value.size() % 4 != 0) return bad_len("ADD-PATH", value.size());
      AddPathFamily a;
      while (r.u16(a.family.afi) && r.u8(a.family.safi) && r.u8(a.send_receive)) {
        sum.add_path.push_back(a);
      }
      return Status::Ok();
    }
    default:
      return Status::Ok();
  }
}

}  // namespace vigil::bgp

#include "wire/bgp/nlri.h"

#include <string>

namespace vigil::bgp {

Status decode_prefix(ByteReader& r, Family family, Prefix& out, bool* host_bits) {
  uint8_t len;
  if (!r.u8(len)) return make_error(ErrorCode::kMalformed, "prefix length missing");
  const unsigned max = family == Family::kIPv4 ? 32 : 128;
  if (len > max) {
    return make_error(ErrorCode::kMalformed,
                      "prefix length " + std::to_string(len) + " exceeds " + std::to_string(max));
  }
  const size_t nbytes = (len + 7u) / 8u;
  Bytes b;
  if (!r.bytes(nbytes, b)) {
    return make_error(ErrorCode::kMalformed, "prefix overruns NLRI field");
  }
  out.addr = IpAddr{};
  out.addr.family = family;
  for (size_t i = 0; i < nbytes; ++i) out.addr.bytes[i] = b[i];
  out.len = len;
  bool extra = false;
  if (len % 8) {
    const uint8_t mask = static_cast<uint8_t>(0xff00u >> (len % 8));
    uint8_t& last = out.addr.bytes[nbytes - 1];
    extra = (last & ~mask) != 0;
    last &= mask;
  }
  if (host_bits) *host_bits = extra;
  return Status::Ok();
}

Status decode_prefixes(ByteReader r, Family family, bool add_path, std::vector<Nlri>& out) {
  while (!r.empty()) {
    Nlri n;
    if (add_path && !r.u32(n.path_id)) {
      return make_error(ErrorCode::kMalformed, "path identifier truncated");
    }
    VIGIL_RETURN_IF_ERROR(decode_prefix(r, family, n.prefix, &n.host_bits));
    out.push_back(n);
  }
  return Status::Ok();
}

}  // namespace vigil::bgp

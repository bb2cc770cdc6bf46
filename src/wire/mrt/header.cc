#include "wire/mrt/header.h"

#include <string>

namespace vigil::mrt {

Result<Header> decode_header(Bytes data) {
  ByteReader r(data);
  Header h;
  if (!r.u32(h.timestamp) || !r.u16(h.type) || !r.u16(h.subtype) || !r.u32(h.length)) {
    return make_error(ErrorCode::kTruncated,
                      "MRT header needs 12 octets, " + std::to_string(data.size()) + " left");
  }
  if (h.type == kTypeBgp4mpEt) {
    h.extended = true;
    if (h.length < 4) {
      return make_error(ErrorCode::kMalformed,
                        "BGP4MP_ET record length " + std::to_string(h.length) + " below 4");
    }
    (void)r.u32(h.microseconds);
  }
  return h;
}

bool is_known_type(uint16_t type, uint16_t subtype) {
  switch (type) {
    case kTypeBgp:
      return subtype <= kBgpKeepalive;
    case kTypeTableDump:
      return subtype >= 1 && subtype <= 4;
    case kTypeTableDumpV2:
      return subtype >= 1 && subtype <= 12;
    case kTypeBgp4mp:
    case kTypeBgp4mpEt:
      return subtype <= 11;
    default:
      return false;
  }
}

const char* type_name(uint16_t type) {
  switch (type) {
    case kTypeBgp:
      return "BGP";
    case kTypeTableDump:
      return "TABLE_DUMP";
    case kTypeTableDumpV2:
      return "TABLE_DUMP_V2";
    case kTypeBgp4mp:
      return "BGP4MP";
    case kTypeBgp4mpEt:
      return "BGP4MP_ET";
    default:
      return "UNKNOWN";
  }
}

}  // namespace vigil::mrt

// libFuzzer target: a path attribute list, decoded with options from the
// first octet, then every derived view (AS4 merge, text forms) computed.
#include <cstdint>
#include <string>

#include "dump/bgpdump_format.h"
#include "dump/json_format.h"
#include "wire/bgp/attributes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  vigil::bgp::AttrDecodeOptions opts;
  opts.as4 = data[0] & 1;
  opts.add_path = data[0] & 2;
  opts.mrt_abbreviated_mp_reach = data[0] & 4;
  opts.rib_family = (data[0] & 8) ? vigil::Family::kIPv6 : vigil::Family::kIPv4;
  vigil::bgp::PathAttributes attrs;
  vigil::bgp::decode_attributes(vigil::Bytes(data + 1, size - 1), opts, attrs);
  vigil::dump::Element e;
  e.type = vigil::dump::ElemType::kAnnounce;
  e.as4_session = opts.as4;
  e.from_mp = data[0] & 16;
  e.attrs = &attrs;
  std::string out;
  vigil::dump::BgpdumpFormatter b;
  b.format(std::span<const vigil::dump::Element>(&e, 1), out);
  vigil::dump::JsonFormatter j;
  j.format(std::span<const vigil::dump::Element>(&e, 1), out);
  return 0;
}

#include "refdata/rpki/vrp.h"

#include "core/text.h"

namespace vigil::refdata::rpki {

std::string to_string(const Vrp& v) {
  std::string s;
  append_prefix(s, v.prefix);
  if (v.max_length != v.prefix.len) {
    s.push_back('-');
    append_u32(s, v.max_length);
  }
  s += " AS";
  append_u32(s, v.asn);
  return s;
}

}  // namespace vigil::refdata::rpki

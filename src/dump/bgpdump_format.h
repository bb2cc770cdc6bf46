// bgpdump -m compatible text lines (RIPE NCC bgpdump 1.6.2), for scripts
// written against it. Differences that are deliberate are listed in
// docs/formats/bgpdump-compat.md.
//
//   TABLE_DUMP2|1401487200|B|196.223.14.55|30844|1.0.0.0/24|30844 15169|IGP|
//     196.223.14.55|0|0|30844:27|NAG||
//   BGP4MP|1609563900|W|202.249.2.185|25152|192.0.2.0/24
//   BGP4MP|1486801678|STATE|192.168.0.10|65000|3|2
#pragma once

#include <span>
#include <string>

#include "dump/element.h"
#include "wire/bgp/as_path.h"

namespace vigil::dump {

// bgpdump's own IPv6 text (not inet_ntop): a single zero word is
// compressed too, "::a.b.c.d" for IPv4-compatible and "::ffff:a.b.c.d" for
// mapped addresses. IPv4 as dotted quad.
void append_ip_bgpdump(std::string& out, const IpAddr& a);

class BgpdumpFormatter {
 public:
  // Appends one line per element (elements of one record). Attribute text is
  // built once per distinct PathAttributes within the call.
  void format(std::span<const Element> elems, std::string& out);

 private:
  void append_attr_suffix(const Element& e, std::string& out);
  const bgp::PathAttributes* cached_for_ = nullptr;
  bool cached_legacy_ = false;
  bool cached_v6_ = false;
  std::string cached_suffix_;
  bgp::AsPath scratch_;
};

}  // namespace vigil::dump

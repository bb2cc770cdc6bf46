#include "core/asn.h"

#include <charconv>

namespace vigil {

namespace {
bool parse_uint(std::string_view s, uint64_t max, uint64_t& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out <= max;
}
}  // namespace

Result<Asn> parse_asn(std::string_view text) {
  std::string_view t = text;
  if (t.size() > 2 && (t[0] == 'A' || t[0] == 'a') && (t[1] == 'S' || t[1] == 's'))
    t.remove_prefix(2);
  uint64_t v = 0;
  if (const size_t dot = t.find('.'); dot != std::string_view::npos) {
    uint64_t hi = 0, lo = 0;
    if (parse_uint(t.substr(0, dot), 0xffff, hi) && parse_uint(t.substr(dot + 1), 0xffff, lo)) {
      return static_cast<Asn>((hi << 16) | lo);
    }
  } else if (parse_uint(t, 0xffffffffull, v)) {
    return static_cast<Asn>(v);
  }
  return make_error(ErrorCode::kInvalidArgument, "bad ASN '" + std::string(text) + "'");
}

}  // namespace vigil

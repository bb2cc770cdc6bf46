#include "refdata/rpki/asn.h"

namespace vigil::refdata::rpki {

namespace {

// Decimal digits only, at most `max`; false on empty, non-digit or overflow.
bool parse_decimal(std::string_view s, uint64_t max, uint64_t& out) {
  if (s.empty() || s.size() > 10) return false;
  uint64_t v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > max) return false;
  out = v;
  return true;
}

Error bad(std::string_view text, const char* why) {
  std::string m = "AS number '";
  m.append(text.substr(0, 40));
  if (text.size() > 40) m += "...";
  m += "' ";
  m += why;
  return make_error(ErrorCode::kMalformed, std::move(m));
}

}  // namespace

Result<uint32_t> parse_asn(std::string_view text) {
  std::string_view s = text;
  if (s.size() >= 2 && (s[0] == 'A' || s[0] == 'a') && (s[1] == 'S' || s[1] == 's')) {
    s.remove_prefix(2);
    if (s.empty()) return bad(text, "has no number after 'AS'");
  }
  if (s.empty()) return bad(text, "is empty");
  if (const size_t dot = s.find('.'); dot != std::string_view::npos) {
    // asdot (RFC 5396 §1): high.low, each a 16-bit value.
    uint64_t hi = 0, lo = 0;
    if (!parse_decimal(s.substr(0, dot), 65535, hi) ||
        !parse_decimal(s.substr(dot + 1), 65535, lo)) {
      return bad(text, "is not asplain or asdot (RFC 5396)");
    }
    return static_cast<uint32_t>((hi << 16) | lo);
  }
  for (const char c : s) {
    if (c < '0' || c > '9') return bad(text, "is not a number");
  }
  uint64_t v = 0;
  if (!parse_decimal(s, 0xffffffffu, v)) return bad(text, "is out of range (0..4294967295)");
  return static_cast<uint32_t>(v);
}

std::string asn_to_string(uint32_t asn) { return "AS" + std::to_string(asn); }

}  // namespace vigil::refdata::rpki

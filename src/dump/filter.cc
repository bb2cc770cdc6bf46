#include "dump/filter.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>

#include "core/asn.h"

namespace vigil::dump {

Status ElementFilter::set_as_path_regex(const std::string& re) {
  try {
    path_re_.emplace(re, std::regex::extended | std::regex::optimize);
  } catch (const std::regex_error& e) {
    return make_error(ErrorCode::kInvalidArgument,
                      "bad AS-path regular expression '" + re + "': " + e.what());
  }
  path_re_text_ = re;
  return Status::Ok();
}

bool ElementFilter::empty() const {
  return prefixes.empty() && origin_asns.empty() && peer_asns.empty() && peer_ips.empty() &&
         types.empty() && !start_us && !end_us && !path_re_;
}

bool ElementFilter::matches(const Element& e) const {
  if (!types.empty() && std::find(types.begin(), types.end(), e.type) == types.end()) {
    return false;
  }
  if (start_us || end_us) {
    const uint64_t t = uint64_t{e.timestamp} * 1000000 + e.microseconds;
    if (start_us && t < *start_us) return false;
    if (end_us && t >= *end_us) return false;
  }
  if (!peer_asns.empty() &&
      std::find(peer_asns.begin(), peer_asns.end(), e.peer_asn) == peer_asns.end()) {
    return false;
  }
  if (!peer_ips.empty() &&
      std::find(peer_ips.begin(), peer_ips.end(), e.peer_address) == peer_ips.end()) {
    return false;
  }
  if (!prefixes.empty()) {
    if (e.type == ElemType::kState) return false;
    bool any = false;
    for (const auto& c : prefixes) {
      switch (c.match) {
        case PrefixMatch::kExact:
          any = c.prefix == e.prefix;
          break;
        case PrefixMatch::kMoreSpecific:
          any = c.prefix.contains(e.prefix);
          break;
        case PrefixMatch::kLessSpecific:
          any = e.prefix.contains(c.prefix);
          break;
        case PrefixMatch::kAny:
          any = c.prefix.contains(e.prefix) || e.prefix.contains(c.prefix);
          break;
      }
      if (any) break;
    }
    if (!any) return false;
  }
  if (!origin_asns.empty() || path_re_) {
    if (e.attrs == nullptr) return false;
    const bgp::AsPath& path = e.attrs->effective_as_path(e.as4_session, scratch_path_);
    if (!origin_asns.empty()) {
      uint32_t origin;
      if (!path.origin(origin)) return false;
      if (std::find(origin_asns.begin(), origin_asns.end(), origin) == origin_asns.end()) {
        return false;
      }
    }
    if (path_re_) {
      scratch_text_.clear();
      bgp::append_as_path(scratch_text_, path);
      if (!std::regex_search(scratch_text_, *path_re_)) return false;
    }
  }
  return true;
}

Result<uint64_t> parse_time(const std::string& text) {
  if (text.empty()) return make_error(ErrorCode::kInvalidArgument, "empty time");
  if (text.find_first_not_of("0123456789.") == std::string::npos) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || v < 0) {
      return make_error(ErrorCode::kInvalidArgument, "bad time '" + text + "'");
    }
    return static_cast<uint64_t>(std::llround(v * 1e6));
  }
  std::tm tm{};
  int y, mo, d, h = 0, mi = 0, s = 0;
  char sep = 0;
  const int n = std::sscanf(text.c_str(), "%d-%d-%d%c%d:%d:%d", &y, &mo, &d, &sep, &h, &mi, &s);
  if (n != 3 && n < 6) {
    return make_error(ErrorCode::kInvalidArgument,
                      "bad time '" + text + "' (want unix seconds or YYYY-MM-DDTHH:MM:SSZ)");
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
    return make_error(ErrorCode::kInvalidArgument, "time '" + text + "' out of range");
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  const time_t t = timegm(&tm);
  if (t < 0) return make_error(ErrorCode::kInvalidArgument, "time '" + text + "' before 1970");
  return static_cast<uint64_t>(t) * 1000000;
}

Result<ElemType> parse_elem_type(const std::string& t) {
  if (t == "a" || t == "A" || t == "announce") return ElemType::kAnnounce;
  if (t == "w" || t == "W" || t == "withdraw") return ElemType::kWithdraw;
  if (t == "r" || t == "R" || t == "B" || t == "rib") return ElemType::kRibEntry;
  if (t == "s" || t == "S" || t == "state") return ElemType::kState;
  return make_error(ErrorCode::kInvalidArgument,
                    "unknown element type '" + t + "' (announce, withdraw, rib, state)");
}

Result<uint32_t> parse_asn(const std::string& text) { return vigil::parse_asn(text); }

}  // namespace vigil::dump

// Element filters for `vigil dump`, in the spirit of bgpreader/bgpkit:
// prefix (exact, more- or less-specific), origin ASN, peer ASN / IP, element
// type, time range and an AS-path regular expression. All given criteria
// must hold (AND); a list within one criterion matches any (OR).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "core/ip.h"
#include "core/result.h"
#include "dump/element.h"
#include "wire/bgp/as_path.h"

namespace vigil::dump {

enum class PrefixMatch : uint8_t { kExact, kMoreSpecific, kLessSpecific, kAny };

struct PrefixCriterion {
  Prefix prefix;
  PrefixMatch match = PrefixMatch::kExact;
};

class ElementFilter {
 public:
  std::vector<PrefixCriterion> prefixes;
  std::vector<uint32_t> origin_asns;
  std::vector<uint32_t> peer_asns;
  std::vector<IpAddr> peer_ips;
  std::vector<ElemType> types;
  std::optional<uint64_t> start_us;  // inclusive, µs since the epoch
  std::optional<uint64_t> end_us;    // exclusive
  // Matched against the AS path text ("64500 64501 {64502,64503}").
  Status set_as_path_regex(const std::string& re);

  bool empty() const;
  // REQUIRES: e.attrs valid when e has attributes (callback lifetime).
  bool matches(const Element& e) const;

 private:
  std::optional<std::regex> path_re_;
  std::string path_re_text_;
  mutable std::string scratch_text_;
  mutable bgp::AsPath scratch_path_;
};

// Parses "1609563900", "1609563900.5", "2021-01-02T05:05:00Z" or
// "2021-01-02 05:05:00" (UTC) into µs since the epoch.
Result<uint64_t> parse_time(const std::string& text);
// Parses "a", "announce", "w", "withdraw", "r"/"rib", "s"/"state".
Result<ElemType> parse_elem_type(const std::string& text);
// Parses "64500" or "AS64500".
Result<uint32_t> parse_asn(const std::string& text);

}  // namespace vigil::dump

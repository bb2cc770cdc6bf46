// ROAs of the synthetic Internet and route origin validation against them.
//
// make_roas(): an origin AS publishes ROAs for all of its prefixes or for
// none (operators sign per organisation), with probability roa_coverage;
// the DNS root ASes always do (most root operators publish ROAs). A ROA's
// maxLength is the prefix length, except for loose_max_length_share of
// them, which allow 1-3 bits more (at most /24 and /48): the loose ROAs RFC
// 9319 warns about, under which a forged-origin more-specific is
// RPKI-valid.
//
// RoaIndex::validate() follows RFC 6811 §2: a ROA covers a route when its
// prefix contains the route's; it matches when it covers, the route is no
// longer than maxLength and the origins agree. Valid: some ROA matches;
// invalid: some covers, none matches; not-found: none covers.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ip.h"
#include "exercise/countries.h"
#include "exercise/topology.h"

namespace vigil::exercise {

struct RpkiOptions {
  double roa_coverage = 0.6;  // share of origin ASes that sign their prefixes
  double loose_max_length_share = 0.15;
};

struct Roa {
  Prefix prefix;
  uint8_t max_length = 0;
  uint32_t asn = 0;
  Region trust_anchor = Region::kArin;
};

// ROAs sorted by prefix, then ASN. Deterministic for the topology's seed.
std::vector<Roa> make_roas(const SyntheticInternet& net, const RpkiOptions& options);

enum class RovState : uint8_t { kNotFound, kValid, kInvalid };
std::string_view rov_state_name(RovState s);  // "not-found", "valid", "invalid"

class RoaIndex {
 public:
  explicit RoaIndex(std::span<const Roa> roas);
  RovState validate(const Prefix& route, uint32_t origin_asn) const;
  // True when some ROA covers `route`.
  bool covered(const Prefix& route) const;

 private:
  std::unordered_map<Prefix, std::vector<const Roa*>, PrefixHash> by_prefix_;
};

}  // namespace vigil::exercise

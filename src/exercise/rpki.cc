#include "exercise/rpki.h"

#include <algorithm>

#include "exercise/rng.h"

namespace vigil::exercise {

std::vector<Roa> make_roas(const SyntheticInternet& net, const RpkiOptions& options) {
  Rng rng(net.options.seed, kStreamRpki);
  std::vector<Roa> roas;
  for (uint32_t i = 0; i < net.ases.size(); ++i) {
    const AsInfo& a = net.ases[i];
    const bool signs = rng.chance(options.roa_coverage) || a.kind == AsKind::kDnsRoot;
    if (!signs) continue;
    for (const PrefixInfo& p : net.prefixes_of(i)) {
      const int cap = p.prefix.addr.is_v4() ? 24 : 48;
      int max_len = p.prefix.len;
      if (max_len < cap && rng.chance(options.loose_max_length_share)) {
        max_len = std::min(cap, max_len + 1 + static_cast<int>(rng.below(3)));
      }
      roas.push_back({p.prefix, static_cast<uint8_t>(max_len), a.asn, net.country_of(i).region});
    }
  }
  std::sort(roas.begin(), roas.end(), [](const Roa& x, const Roa& y) {
    if (x.prefix != y.prefix) return x.prefix < y.prefix;
    return x.asn < y.asn;
  });
  return roas;
}

std::string_view rov_state_name(RovState s) {
  switch (s) {
    case RovState::kValid:
      return "valid";
    case RovState::kInvalid:
      return "invalid";
    case RovState::kNotFound:
      break;
  }
  return "not-found";
}

RoaIndex::RoaIndex(std::span<const Roa> roas) {
  for (const Roa& r : roas) by_prefix_[r.prefix].push_back(&r);
}

RovState RoaIndex::validate(const Prefix& route, uint32_t origin_asn) const {
  bool covered = false;
  for (int len = 0; len <= route.len; ++len) {
    Prefix p = route;
    p.len = static_cast<uint8_t>(len);
    p = p.masked();
    const auto it = by_prefix_.find(p);
    if (it == by_prefix_.end()) continue;
    for (const Roa* r : it->second) {
      covered = true;
      if (r->asn != 0 && r->asn == origin_asn && route.len <= r->max_length) {
        return RovState::kValid;
      }
    }
  }
  return covered ? RovState::kInvalid : RovState::kNotFound;
}

bool RoaIndex::covered(const Prefix& route) const {
  for (int len = 0; len <= route.len; ++len) {
    Prefix p = route;
    p.len = static_cast<uint8_t>(len);
    if (by_prefix_.count(p.masked())) return true;
  }
  return false;
}

}  // namespace vigil::exercise

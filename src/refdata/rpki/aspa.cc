#include "refdata/rpki/aspa.h"

#include <algorithm>

namespace vigil::refdata::rpki {

const char* aspa_hop_name(AspaHop h) {
  switch (h) {
    case AspaHop::kNoAttestation:
      return "no-attestation";
    case AspaHop::kProviderPlus:
      return "provider+";
    case AspaHop::kNotProviderPlus:
      return "not-provider+";
  }
  return "?";
}

AspaSet AspaSet::build(std::span<const Aspa> aspas) {
  AspaSet s;
  s.map_.reserve(aspas.size());
  for (const Aspa& a : aspas) s.add(a.customer, a.providers);
  return s;
}

void AspaSet::add(uint32_t customer, std::span<const uint32_t> providers) {
  std::vector<uint32_t>& v = map_[customer];
  v.insert(v.end(), providers.begin(), providers.end());
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

AspaHop AspaSet::hop(uint32_t customer, uint32_t provider) const {
  const auto it = map_.find(customer);
  if (it == map_.end()) return AspaHop::kNoAttestation;
  if (provider == 0) return AspaHop::kNotProviderPlus;
  return std::binary_search(it->second.begin(), it->second.end(), provider)
             ? AspaHop::kProviderPlus
             : AspaHop::kNotProviderPlus;
}

const std::vector<uint32_t>* AspaSet::providers(uint32_t customer) const {
  const auto it = map_.find(customer);
  return it == map_.end() ? nullptr : &it->second;
}

}  // namespace vigil::refdata::rpki

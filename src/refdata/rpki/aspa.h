// Validated ASPA payloads and the hop check of ASPA path verification
// (draft-ietf-sidrops-aspa-verification; reference.md §3.4).
//
// An ASPA says: customer AS C has exactly these "Provider+" ASes (transit
// providers, non-transparent route servers, mutual-transit neighbours).
// Providers {AS0} alone means C has no providers at all.
//
//   AspaSet set = AspaSet::build(data.aspas);
//   set.hop(64500, 64501);  // kProviderPlus / kNotProviderPlus / kNoAttestation
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "refdata/rpki/vrp.h"

namespace vigil::refdata::rpki {

// Address family an ASPA applies to. Current ASPA profiles are
// family-independent (kAny); older rpki-client and Routinator output split
// ASPAs per family ("provider_authorizations": {"ipv4": [...]}, "afi").
enum class AspaAfi : uint8_t { kAny, kIPv4, kIPv6 };

// One ASPA as a loader read it (file order, nothing merged).
struct Aspa {
  uint32_t customer = 0;
  std::vector<uint32_t> providers;  // as listed; may contain 0 (AS0)
  AspaAfi afi = AspaAfi::kAny;
  uint16_t ta = kNoTrustAnchor;  // index into RpkiData::trust_anchors
  int64_t expires = 0;           // unix seconds, 0 = unknown
};

// hop(AS(i), AS(j)) of the verification draft (§5 in -22; reference.md §3.4).
enum class AspaHop : uint8_t {
  kNoAttestation,    // AS(i) has no ASPA
  kProviderPlus,     // AS(j) is in AS(i)'s provider set
  kNotProviderPlus,  // AS(i) has an ASPA and AS(j) is not in it
};
const char* aspa_hop_name(AspaHop h);  // "no-attestation", "provider+", "not-provider+"

// Customer AS -> union of its providers over every ASPA given for it (both
// families; AFI limits of older profiles are not kept, which can only turn a
// kNotProviderPlus into kProviderPlus). Not thread-safe for writers;
// concurrent const use is safe.
class AspaSet {
 public:
  static AspaSet build(std::span<const Aspa> aspas);

  // Adds providers to `customer`'s set (creating the entry: an ASPA with
  // only AS0, or an empty list, still attests "no providers").
  void add(uint32_t customer, std::span<const uint32_t> providers);

  // AS0 is never a provider: hop(c, 0) is kNotProviderPlus when c has an
  // ASPA.
  AspaHop hop(uint32_t customer, uint32_t provider) const;

  // Sorted, deduplicated providers of `customer` (AS0 kept if listed), or
  // nullptr when it has no ASPA. Valid until the next add().
  const std::vector<uint32_t>* providers(uint32_t customer) const;

  // Number of customer ASes with an ASPA.
  size_t size() const { return map_.size(); }
  bool empty() const { return map_.empty(); }

 private:
  std::unordered_map<uint32_t, std::vector<uint32_t>> map_;
};

}  // namespace vigil::refdata::rpki

// The countries of the synthetic Internet: ISO 3166-1 alpha-2 codes, the
// Regional Internet Registry that serves each, and a relative size.
//
// Sizes follow the rough shape of the real distribution of ASNs per
// country (a few very large countries, a long tail): the United States
// holds about a quarter of all ASNs, Brazil and Russia come next, then the
// large European and Asian markets. Generated ASes take a country with odds
// proportional to its weight; TopologyOptions::country_count keeps the
// heaviest N.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace vigil::exercise {

// The five RIRs, in the order their files are written.
enum class Region : uint8_t { kAfrinic, kApnic, kArin, kLacnic, kRipeNcc };
inline constexpr int kRegionCount = 5;

// The registry field of the RIR statistics files: "afrinic", "apnic",
// "arin", "lacnic", "ripencc".
std::string_view region_registry_name(Region r);
// The trust anchor names rpki-client prints: "afrinic", "apnic", "arin",
// "lacnic", "ripe".
std::string_view region_trust_anchor(Region r);

struct Country {
  std::string_view code;  // "US"
  Region region;
  uint32_t weight;  // relative number of ASes
};

// Every country the generator knows, heaviest first (40 entries).
std::span<const Country> country_table();

// The table index of `code` ("NL"), or -1.
int country_index(std::string_view code);

}  // namespace vigil::exercise

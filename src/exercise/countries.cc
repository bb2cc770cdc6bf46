#include "exercise/countries.h"

#include <array>

namespace vigil::exercise {

namespace {

constexpr std::array<Country, 40> kCountries = {{
    {"US", Region::kArin, 260},   {"BR", Region::kLacnic, 120}, {"RU", Region::kRipeNcc, 70},
    {"DE", Region::kRipeNcc, 40}, {"GB", Region::kRipeNcc, 38}, {"IN", Region::kApnic, 36},
    {"UA", Region::kRipeNcc, 30}, {"PL", Region::kRipeNcc, 28}, {"AU", Region::kApnic, 24},
    {"CA", Region::kArin, 24},    {"ID", Region::kApnic, 22},   {"CN", Region::kApnic, 20},
    {"NL", Region::kRipeNcc, 20}, {"FR", Region::kRipeNcc, 18}, {"IT", Region::kRipeNcc, 16},
    {"AR", Region::kLacnic, 14},  {"BD", Region::kApnic, 14},   {"ES", Region::kRipeNcc, 13},
    {"JP", Region::kApnic, 12},   {"TR", Region::kRipeNcc, 12}, {"MX", Region::kLacnic, 10},
    {"SE", Region::kRipeNcc, 10}, {"IR", Region::kRipeNcc, 10}, {"CH", Region::kRipeNcc, 10},
    {"HK", Region::kApnic, 9},    {"ZA", Region::kAfrinic, 9},  {"CO", Region::kLacnic, 8},
    {"CL", Region::kLacnic, 7},   {"SG", Region::kApnic, 7},    {"KR", Region::kApnic, 6},
    {"VN", Region::kApnic, 6},    {"PK", Region::kApnic, 5},    {"NG", Region::kAfrinic, 5},
    {"KE", Region::kAfrinic, 4},  {"EG", Region::kAfrinic, 3},  {"SA", Region::kRipeNcc, 3},
    {"AE", Region::kRipeNcc, 3},  {"MM", Region::kApnic, 2},    {"ET", Region::kAfrinic, 1},
    {"SY", Region::kRipeNcc, 1},
}};

}  // namespace

std::string_view region_registry_name(Region r) {
  switch (r) {
    case Region::kAfrinic:
      return "afrinic";
    case Region::kApnic:
      return "apnic";
    case Region::kArin:
      return "arin";
    case Region::kLacnic:
      return "lacnic";
    case Region::kRipeNcc:
      return "ripencc";
  }
  return "ripencc";
}

std::string_view region_trust_anchor(Region r) {
  return r == Region::kRipeNcc ? std::string_view("ripe") : region_registry_name(r);
}

std::span<const Country> country_table() { return kCountries; }

int country_index(std::string_view code) {
  for (size_t i = 0; i < kCountries.size(); ++i) {
    if (kCountries[i].code == code) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace vigil::exercise

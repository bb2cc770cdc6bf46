// The one place that lists vigil's detectors.
#include "detect/detector.h"
#include "detect/detectors/detectors.h"

namespace vigil::detect {

namespace {
struct Entry {
  const char* name;
  std::unique_ptr<Detector> (*make)();
};
constexpr Entry kDetectors[] = {
    {"watchlist", make_watchlist_detector},
    {"dns-root", make_dns_root_detector},
    {"moas", make_moas_detector},
    {"new-adjacency", make_adjacency_detector},
    {"bogon", make_bogon_detector},
    {"rpki", make_rpki_detector},
    {"aspa", make_aspa_detector},
    {"route-leak", make_route_leak_detector},
    {"visibility", make_visibility_detector},
    {"outage", make_outage_detector},
};
}  // namespace

std::vector<std::string> detector_names() {
  std::vector<std::string> out;
  for (const auto& e : kDetectors) out.emplace_back(e.name);
  return out;
}

std::unique_ptr<Detector> make_detector(const std::string& name) {
  for (const auto& e : kDetectors) {
    if (name == e.name) return e.make();
  }
  return nullptr;
}

}  // namespace vigil::detect

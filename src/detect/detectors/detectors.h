// Factories of the built-in detectors; registry.cc lists them by name.
#pragma once

#include <memory>

#include "detect/detector.h"

namespace vigil::detect {

std::unique_ptr<Detector> make_watchlist_detector();
std::unique_ptr<Detector> make_dns_root_detector();
std::unique_ptr<Detector> make_moas_detector();
std::unique_ptr<Detector> make_adjacency_detector();
std::unique_ptr<Detector> make_bogon_detector();
std::unique_ptr<Detector> make_rpki_detector();
std::unique_ptr<Detector> make_aspa_detector();
std::unique_ptr<Detector> make_route_leak_detector();
std::unique_ptr<Detector> make_visibility_detector();
std::unique_ptr<Detector> make_outage_detector();

}  // namespace vigil::detect

#include "exercise/baseline.h"

namespace vigil::exercise {

uint32_t PathPool::add(std::span<const uint32_t> path) {
  if (path.empty()) return 0;
  asns_.insert(asns_.end(), path.begin(), path.end());
  offsets_.push_back(static_cast<uint32_t>(asns_.size()));
  return static_cast<uint32_t>(offsets_.size() - 2);
}

std::vector<uint8_t> rov_flags(const SyntheticInternet& net) {
  std::vector<uint8_t> rov(net.ases.size(), 0);
  for (size_t i = 0; i < net.ases.size(); ++i) rov[i] = net.ases[i].rov ? 1 : 0;
  return rov;
}

BaselineRoutes compute_baseline(const SyntheticInternet& net, const OriginHook& hook) {
  BaselineRoutes out;
  const auto vps = static_cast<uint32_t>(net.vantage_points.size());
  out.vp_count = vps;
  out.ids.assign(net.ases.size() * size_t{vps}, 0);
  const std::vector<uint8_t> rov = rov_flags(net);
  Propagator prop(net.graph, rov);
  std::vector<Seed> seeds(1);
  std::vector<uint32_t> path;
  for (uint32_t o = 0; o < net.ases.size(); ++o) {
    if (net.ases[o].prefix_count == 0) continue;
    seeds[0].as = o;
    seeds[0].path.assign(1, net.ases[o].asn);
    prop.run(seeds);
    for (uint32_t v = 0; v < vps; ++v) {
      prop.path(net.vantage_points[v].as, path);
      out.ids[size_t{o} * vps + v] = out.paths.add(path);
    }
    if (hook) hook(o, prop);
  }
  return out;
}

}  // namespace vigil::exercise

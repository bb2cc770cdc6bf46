#include "detect/detector.h"

namespace vigil::detect {

std::vector<uint32_t> flat_path(const rib::Rib& rib, rib::AttrsId attrs) {
  std::vector<uint32_t> out;
  const rib::RouteAttrs& a = rib.store().attrs(attrs);
  if (a.path == 0) return out;
  const rib::PathData& p = rib.store().path(a.path);
  for (size_t i = 0; i < p.segment_count(); ++i) {
    const auto seg = p.segment(i);
    out.insert(out.end(), seg.asns, seg.asns + seg.count);
  }
  return out;
}

const std::vector<uint32_t>& DetectContext::path(rib::AttrsId attrs) const {
  for (int i = 0; i < 2; ++i) {
    if (cached_[i] == attrs && attrs != 0) return paths_[i];
  }
  const unsigned slot = next_++ & 1;
  cached_[slot] = attrs;
  paths_[slot].clear();
  const rib::RouteAttrs& a = rib.store().attrs(attrs);
  if (a.path != 0) {
    const rib::PathData& p = rib.store().path(a.path);
    for (size_t i = 0; i < p.segment_count(); ++i) {
      const auto seg = p.segment(i);
      paths_[slot].insert(paths_[slot].end(), seg.asns, seg.asns + seg.count);
    }
  }
  return paths_[slot];
}

bool route_origin(const rib::Rib& rib, rib::AttrsId attrs, uint32_t& origin) {
  const rib::RouteAttrs& a = rib.store().attrs(attrs);
  if (a.path == 0) return false;
  const rib::PathData& p = rib.store().path(a.path);
  origin = p.origin;
  return p.has_origin;
}

}  // namespace vigil::detect

#include "exercise/exercise.h"

#include <string>

namespace vigil::exercise {

Result<ExerciseData> build_exercise(const ExerciseSpec& spec) {
  if (spec.duration < 1 || spec.duration > 7 * 86400) {
    return make_error(ErrorCode::kInvalidArgument, "exercise: duration must be 1 s to 7 days");
  }
  if (spec.start_time < 86400 * 30 || uint64_t{spec.start_time} + spec.duration > UINT32_MAX) {
    return make_error(ErrorCode::kInvalidArgument, "exercise: start_time out of range");
  }
  ExerciseData ex;
  ex.spec = spec;
  VIGIL_TRY(ex.internet, generate(spec.topology));
  const SyntheticInternet& net = ex.internet;
  ex.roas = make_roas(net, spec.rpki);
  const RoaIndex roa_index(ex.roas);
  VIGIL_TRY(ex.events, resolve_events(net, roa_index, spec.events, spec.duration));
  VIGIL_TRY(auto flaps, make_link_flaps(net, spec.churn, spec.duration));
  for (auto& f : flaps) ex.events.push_back(std::move(f));
  if (ex.events.size() >= 65535) {
    return make_error(ErrorCode::kInvalidArgument, "exercise: too many events (65534 at most)");
  }

  Relevance relevance(net, ex.events);
  ex.baseline = compute_baseline(
      net, [&](uint32_t origin, const Propagator& prop) { relevance.observe(origin, prop); });
  for (size_t e = 0; e < spec.events.size(); ++e) {
    if (ex.events[e].type != EventType::kRouteLeak) continue;
    VIGIL_RETURN_IF_ERROR(choose_leak_prefixes(net, ex.events[e], e, relevance.leak_origins(e)));
  }

  TimelineInput in;
  in.net = &net;
  in.baseline = &ex.baseline;
  in.events = ex.events;
  in.relevance = &relevance;
  in.start_time = spec.start_time;
  in.duration = spec.duration;
  ex.timeline = compute_timeline(in);
  ex.truth = make_truth(net, ex.events, ex.timeline, spec.start_time);
  return ex;
}

std::vector<std::vector<uint32_t>> vp_routes_at(const ExerciseData& ex, const Prefix& prefix,
                                                uint64_t time_us) {
  const size_t vps = ex.internet.vantage_points.size();
  std::vector<std::vector<uint32_t>> out(vps);
  const uint32_t k = ex.internet.find_prefix(prefix);
  if (k != UINT32_MAX) {
    const uint32_t origin = ex.internet.prefixes[k].origin;
    for (size_t v = 0; v < vps; ++v) {
      const auto p = ex.baseline.path(origin, static_cast<uint32_t>(v));
      out[v].assign(p.begin(), p.end());
    }
  }
  const Timeline& tl = ex.timeline;
  for (const RouteChange& c : tl.changes) {
    if (c.time_us > time_us) break;
    bool hit = false;
    for (uint32_t i = 0; i < c.prefix_count && !hit; ++i)
      hit = tl.prefixes[c.first_prefix + i] == prefix;
    if (!hit) continue;
    const auto p = tl.paths.get(c.path);
    out[c.vp].assign(p.begin(), p.end());
  }
  return out;
}

VpRouteIndex::VpRouteIndex(const ExerciseData& ex) : ex_(ex) {
  const Timeline& tl = ex.timeline;
  for (uint32_t i = 0; i < tl.changes.size(); ++i) {
    const RouteChange& c = tl.changes[i];
    for (uint32_t k = 0; k < c.prefix_count; ++k) {
      by_prefix_[tl.prefixes[c.first_prefix + k]].push_back(i);
    }
  }
}

std::vector<std::span<const uint32_t>> VpRouteIndex::at(const Prefix& prefix,
                                                        uint64_t time_us) const {
  const size_t vps = ex_.internet.vantage_points.size();
  std::vector<std::span<const uint32_t>> out(vps);
  const uint32_t k = ex_.internet.find_prefix(prefix);
  if (k != UINT32_MAX) {
    const uint32_t origin = ex_.internet.prefixes[k].origin;
    for (size_t v = 0; v < vps; ++v) out[v] = ex_.baseline.path(origin, static_cast<uint32_t>(v));
  }
  if (auto it = by_prefix_.find(prefix); it != by_prefix_.end()) {
    for (uint32_t i : it->second) {  // in time order, as the timeline
      const RouteChange& c = ex_.timeline.changes[i];
      if (c.time_us > time_us) break;
      out[c.vp] = ex_.timeline.paths.get(c.path);
    }
  }
  return out;
}

}  // namespace vigil::exercise

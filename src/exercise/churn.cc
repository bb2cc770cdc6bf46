#include "exercise/churn.h"

#include <algorithm>
#include <cmath>

#include "exercise/rng.h"

namespace vigil::exercise {

Result<std::vector<ResolvedEvent>> make_link_flaps(const SyntheticInternet& net,
                                                   const ChurnOptions& options, uint32_t duration) {
  if (!(options.link_flaps_per_hour >= 0.0) || options.link_flaps_per_hour > 100000.0 ||
      options.min_down_seconds > options.max_down_seconds) {
    return make_error(ErrorCode::kInvalidArgument,
                      "churn: link_flaps_per_hour must be 0..100000 and min_down_seconds <= "
                      "max_down_seconds");
  }
  std::vector<ResolvedEvent> out;
  const auto count = static_cast<uint64_t>(
      std::llround(options.link_flaps_per_hour * static_cast<double>(duration) / 3600.0));
  if (count == 0 || duration == 0) return out;

  std::vector<std::pair<uint32_t, uint32_t>> links;
  const AsGraph& g = net.graph;
  for (uint32_t c = 0; c < g.size(); ++c) {
    if (g.providers(c).size() >= 2) {
      for (uint32_t p : g.providers(c)) links.emplace_back(p, c);
    }
    if (net.ases[c].kind != AsKind::kTransit) continue;
    for (uint32_t q : g.peers(c)) {
      if (c < q && net.ases[q].kind == AsKind::kTransit) links.emplace_back(c, q);
    }
  }
  if (links.empty()) return out;

  Rng rng(net.options.seed, kStreamChurn);
  for (uint64_t k = 0; k < count; ++k) {
    ResolvedEvent e;
    e.type = EventType::kLinkFlap;
    e.background = true;
    e.start = static_cast<uint32_t>(rng.below(duration));
    const auto down =
        static_cast<uint32_t>(rng.between(options.min_down_seconds, options.max_down_seconds));
    e.end = std::min<uint64_t>(duration, uint64_t{e.start} + std::max<uint32_t>(down, 1));
    e.has_end = true;
    e.down.links.push_back(links[rng.below(links.size())]);
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const ResolvedEvent& a, const ResolvedEvent& b) {
    return a.start < b.start;
  });
  return out;
}

}  // namespace vigil::exercise

#include "reference_routing.h"

#include <algorithm>
#include <cstdlib>

namespace vigil::exercise::test {

namespace {

bool better(const RefRoute& a, const RefRoute& b) {
  if (a.cls != b.cls) return a.cls > b.cls;
  if (a.path.size() != b.path.size()) return a.path.size() < b.path.size();
  return a.next_hop < b.next_hop;
}

}  // namespace

std::vector<RefRoute> reference_routes(const AsGraph& g, std::span<const Seed> seeds,
                                       const DownSet& down, std::span<const uint8_t> rov) {
  const size_t n = g.size();
  std::vector<uint8_t> is_down(n, 0);
  for (uint32_t a : down.ases) is_down[a] = 1;
  auto link_down = [&](uint32_t a, uint32_t b) {
    for (const auto& [x, y] : down.links) {
      if ((x == a && y == b) || (x == b && y == a)) return true;
    }
    return false;
  };
  std::vector<RefRoute> best(n);
  std::vector<uint8_t> is_seed(n, 0);
  for (size_t s = 0; s < seeds.size(); ++s) {
    if (is_down[seeds[s].as]) continue;
    best[seeds[s].as] = {4, seeds[s].path, static_cast<int>(s), UINT32_MAX};
    is_seed[seeds[s].as] = 1;
  }
  for (int round = 0; round < 10000; ++round) {
    bool changed = false;
    std::vector<RefRoute> next = best;
    for (uint32_t x = 0; x < n; ++x) {
      if (is_seed[x] || is_down[x]) continue;
      RefRoute choice;
      std::vector<uint32_t> nbs;
      for (auto run : {g.providers(x), g.peers(x), g.customers(x)})
        nbs.insert(nbs.end(), run.begin(), run.end());
      for (uint32_t nb : nbs) {
        if (is_down[nb] || link_down(x, nb) || best[nb].cls == 0) continue;
        const Rel rel = *g.relation(x, nb);  // how nb relates to x
        // nb exports its own and customer routes to all, others to customers.
        const bool exported = best[nb].cls >= 3 || rel == Rel::kProvider;
        if (!exported) continue;
        const auto& p = best[nb].path;
        if (std::find(p.begin(), p.end(), g.asn(x)) != p.end()) continue;
        if (!rov.empty() && rov[x] && seeds[static_cast<size_t>(best[nb].seed)].rpki_invalid) {
          continue;
        }
        RefRoute cand;
        cand.cls = rel == Rel::kCustomer ? 3 : rel == Rel::kPeer ? 2 : 1;
        cand.path.push_back(g.asn(x));
        cand.path.insert(cand.path.end(), p.begin(), p.end());
        cand.seed = best[nb].seed;
        cand.next_hop = nb;
        if (choice.cls == 0 || better(cand, choice)) choice = std::move(cand);
      }
      if (choice.cls != next[x].cls || choice.path != next[x].path) {
        next[x] = std::move(choice);
        changed = true;
      }
    }
    best = std::move(next);
    if (!changed) return best;
  }
  std::abort();  // no convergence: the policy would not be safe
}

}  // namespace vigil::exercise::test

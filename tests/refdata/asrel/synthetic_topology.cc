#include "refdata/asrel/synthetic_topology.h"

#include <algorithm>
#include <queue>
#include <random>
#include <set>
#include <unordered_map>
#include <utility>

namespace vigil::refdata::test {

namespace {

std::vector<uint32_t> numbered(uint32_t first, int n) {
  std::vector<uint32_t> v;
  v.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) v.push_back(first + static_cast<uint32_t>(i));
  return v;
}

// Distinct picks from `from`, as many as asked (or all of it).
std::vector<uint32_t> pick(std::mt19937& rng, const std::vector<uint32_t>& from, int n) {
  std::vector<uint32_t> out;
  while (static_cast<int>(out.size()) < std::min<int>(n, static_cast<int>(from.size()))) {
    const uint32_t x = from[rng() % from.size()];
    if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
  }
  return out;
}

}  // namespace

AsRelationships Hierarchy::truth() const {
  AsRelationshipsBuilder b;
  for (const AsLink& l : links) (void)b.add(l);
  return std::move(b).build();
}

Hierarchy make_hierarchy(uint32_t seed, const HierarchyShape& shape) {
  std::mt19937 rng(seed);
  Hierarchy h;
  h.tier1 = numbered(100, shape.tier1);
  h.tier2 = numbered(1000, shape.tier2);
  h.tier3 = numbered(5000, shape.tier3);
  h.stubs = numbered(10000, shape.stubs);
  std::set<std::pair<uint32_t, uint32_t>> seen;
  auto link = [&](uint32_t a, uint32_t b, LinkType t) {
    if (seen.insert({std::min(a, b), std::max(a, b)}).second) h.links.push_back({a, b, t});
  };
  for (size_t i = 0; i < h.tier1.size(); ++i) {
    for (size_t j = i + 1; j < h.tier1.size(); ++j) link(h.tier1[i], h.tier1[j], LinkType::kPeer);
  }
  for (const uint32_t t2 : h.tier2) {
    for (const uint32_t p : pick(rng, h.tier1, 2)) link(p, t2, LinkType::kProviderCustomer);
  }
  for (int i = 0; i < shape.tier2_peer_links; ++i) {
    const auto two = pick(rng, h.tier2, 2);
    link(two[0], two[1], LinkType::kPeer);
  }
  for (const uint32_t t3 : h.tier3) {
    for (const uint32_t p : pick(rng, h.tier2, 1 + static_cast<int>(rng() % 2))) {
      link(p, t3, LinkType::kProviderCustomer);
    }
  }
  for (const uint32_t s : h.stubs) {
    const int n = 1 + static_cast<int>(rng() % 2);
    for (int k = 0; k < n; ++k) {
      const auto& w = shape.stub_provider_weights;
      const auto r = static_cast<int>(rng() % static_cast<uint32_t>(w[0] + w[1] + w[2]));
      const auto& tier = r < w[0] ? h.tier1 : r < w[0] + w[1] ? h.tier2 : h.tier3;
      link(tier[rng() % tier.size()], s, LinkType::kProviderCustomer);
    }
  }
  return h;
}

std::vector<std::vector<uint32_t>> valley_free_paths(const AsRelationships& truth,
                                                     std::span<const uint32_t> vantage_points,
                                                     std::span<const uint32_t> origins) {
  std::vector<std::vector<uint32_t>> out;
  for (const uint32_t origin : origins) {
    // route[x] = x's path to origin (x first).
    std::unordered_map<uint32_t, std::vector<uint32_t>> route;
    route[origin] = {origin};
    // 1. Customer routes climb: breadth first, so shortest; within a layer
    //    the lowest next hop wins (parents are visited in ascending order).
    std::vector<uint32_t> layer{origin};
    while (!layer.empty()) {
      std::sort(layer.begin(), layer.end());
      std::vector<uint32_t> next;
      for (const uint32_t x : layer) {
        for (const uint32_t p : truth.providers(x)) {
          if (route.count(p) != 0) continue;
          std::vector<uint32_t> path{p};
          path.insert(path.end(), route[x].begin(), route[x].end());
          route[p] = std::move(path);
          next.push_back(p);
        }
      }
      layer = std::move(next);
    }
    // 2. Peer routes: one hop across from anyone holding a customer route.
    std::vector<std::pair<uint32_t, std::vector<uint32_t>>> via_peer;
    for (const auto& [x, path] : route) {
      for (const uint32_t q : truth.peers(x)) {
        if (route.count(q) != 0) continue;
        std::vector<uint32_t> p{q};
        p.insert(p.end(), path.begin(), path.end());
        via_peer.emplace_back(q, std::move(p));
      }
    }
    std::sort(via_peer.begin(), via_peer.end(), [](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      if (a.second.size() != b.second.size()) return a.second.size() < b.second.size();
      return a.second[1] < b.second[1];
    });
    for (auto& [q, p] : via_peer) route.try_emplace(q, std::move(p));
    // 3. Everyone exports down to customers: shortest first, then lowest
    //    next hop.
    using Item = std::pair<size_t, uint32_t>;  // (path length, AS)
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    for (const auto& [x, path] : route) queue.push({path.size(), x});
    while (!queue.empty()) {
      const uint32_t x = queue.top().second;
      queue.pop();
      for (const uint32_t c : truth.customers(x)) {
        if (route.count(c) != 0) continue;
        std::vector<uint32_t> path{c};
        path.insert(path.end(), route[x].begin(), route[x].end());
        queue.push({path.size(), c});
        route[c] = std::move(path);
      }
    }
    for (const uint32_t v : vantage_points) {
      if (v == origin) continue;
      const auto it = route.find(v);
      if (it != route.end()) out.push_back(it->second);
    }
  }
  return out;
}

}  // namespace vigil::refdata::test

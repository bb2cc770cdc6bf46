#include "exercise/routing.h"

#include <algorithm>

namespace vigil::exercise {

namespace {
uint64_t link_key(uint32_t a, uint32_t b) {
  return a < b ? (uint64_t{a} << 32 | b) : (uint64_t{b} << 32 | a);
}
}  // namespace

Propagator::Propagator(const AsGraph& graph, std::span<const uint8_t> rov)
    : g_(graph),
      rov_(rov),
      cls_(graph.size(), 0),
      len_(graph.size(), 0),
      next_(graph.size(), kNone),
      seed_(graph.size(), 0),
      down_(graph.size(), 0),
      on_path_(graph.size(), 0) {}

bool Propagator::blocked(uint32_t from, uint32_t to) const {
  const uint8_t s = seed_[from];
  if (on_path_[to] & (uint32_t{1} << s)) return true;  // the path already holds `to`
  if (!rov_.empty() && rov_[to] && seeds_[s].rpki_invalid) return true;
  if (!down_links_.empty() &&
      std::binary_search(down_links_.begin(), down_links_.end(), link_key(from, to))) {
    return true;
  }
  return false;
}

// Offers `from`'s route to `to` as a route of class `cls`; queues `to` in
// the bucket of its new length when it takes the route at a new length.
void Propagator::offer(uint32_t to, uint32_t from, RouteClass cls) {
  if (down_[to]) return;
  const auto c = static_cast<uint8_t>(cls);
  if (cls_[to] > c) return;
  const uint32_t len = len_[from] + 1u;
  if (cls_[to] == c) {
    if (len_[to] < len || (len_[to] == len && next_[to] <= from)) return;
  }
  if (blocked(from, to)) return;
  const bool queued = cls_[to] == c && len_[to] == len;
  cls_[to] = c;
  len_[to] = static_cast<uint16_t>(len);
  next_[to] = from;
  seed_[to] = seed_[from];
  if (queued || cls == RouteClass::kPeer) return;
  if (buckets_.size() <= len) buckets_.resize(len + 1);
  buckets_[len].push_back(to);
}

void Propagator::run(std::span<const Seed> seeds, const DownSet& down) {
  const size_t n = g_.size();
  std::fill(cls_.begin(), cls_.end(), 0);
  std::fill(len_.begin(), len_.end(), 0);
  std::fill(next_.begin(), next_.end(), kNone);
  for (uint32_t x : touched_) {
    down_[x] = 0;
    on_path_[x] = 0;
  }
  touched_.clear();
  seeds_.assign(seeds.begin(), seeds.end());
  down_links_.clear();
  for (const auto& [a, b] : down.links) down_links_.push_back(link_key(a, b));
  std::sort(down_links_.begin(), down_links_.end());
  for (uint32_t a : down.ases) {
    down_[a] = 1;
    touched_.push_back(a);
  }
  for (size_t s = 0; s < seeds_.size() && s < kMaxSeeds; ++s) {
    const auto& path = seeds_[s].path;
    for (size_t k = 1; k < path.size(); ++k) {
      const uint32_t i = g_.index_of(path[k]);
      if (i == AsGraph::kNone) continue;
      on_path_[i] |= uint32_t{1} << s;
      touched_.push_back(i);
    }
  }
  for (auto& b : buckets_) b.clear();

  // Phase 1: seeds, then customer routes up the c2p links.
  for (size_t s = 0; s < seeds_.size() && s < kMaxSeeds; ++s) {
    const uint32_t a = seeds_[s].as;
    if (down_[a]) continue;
    const auto len = static_cast<uint32_t>(seeds_[s].path.size());
    cls_[a] = static_cast<uint8_t>(RouteClass::kSeed);
    len_[a] = static_cast<uint16_t>(len);
    seed_[a] = static_cast<uint8_t>(s);
    if (buckets_.size() <= len) buckets_.resize(len + 1);
    buckets_[len].push_back(a);
  }
  for (size_t len = 1; len < buckets_.size(); ++len) {
    for (size_t k = 0; k < buckets_[len].size(); ++k) {
      const uint32_t u = buckets_[len][k];
      if (len_[u] != len || cls_[u] < static_cast<uint8_t>(RouteClass::kCustomer)) continue;
      for (uint32_t p : g_.providers(u)) offer(p, u, RouteClass::kCustomer);
    }
  }

  // Phase 2: one peer hop from ASes with customer (or own) routes.
  for (uint32_t x = 0; x < n; ++x) {
    if (cls_[x] != 0 || down_[x]) continue;
    for (uint32_t y : g_.peers(x)) {
      if (cls_[y] >= static_cast<uint8_t>(RouteClass::kCustomer)) offer(x, y, RouteClass::kPeer);
    }
  }

  // Phase 3: provider routes down the p2c links, shortest first.
  for (auto& b : buckets_) b.clear();
  for (uint32_t x = 0; x < n; ++x) {
    if (cls_[x] < static_cast<uint8_t>(RouteClass::kPeer)) continue;
    if (buckets_.size() <= len_[x]) buckets_.resize(len_[x] + 1u);
    buckets_[len_[x]].push_back(x);
  }
  for (size_t len = 1; len < buckets_.size(); ++len) {
    for (size_t k = 0; k < buckets_[len].size(); ++k) {
      const uint32_t u = buckets_[len][k];
      if (len_[u] != len) continue;
      for (uint32_t c : g_.customers(u)) offer(c, u, RouteClass::kProvider);
    }
  }
}

void Propagator::path(uint32_t as, std::vector<uint32_t>& out) const {
  out.clear();
  if (cls_[as] == 0) return;
  uint32_t x = as;
  while (cls_[x] != static_cast<uint8_t>(RouteClass::kSeed)) {
    out.push_back(g_.asn(x));
    x = next_[x];
  }
  const auto& tail = seeds_[seed_[x]].path;
  out.insert(out.end(), tail.begin(), tail.end());
}

bool Propagator::carries_transit(uint32_t as) const {
  for (auto run : {g_.providers(as), g_.peers(as), g_.customers(as)}) {
    for (uint32_t nb : run) {
      if (next_[nb] == as) return true;
    }
  }
  return false;
}

PathCheck check_path(std::span<const uint32_t> path, const AsGraph& graph) {
  PathCheck out;
  if (path.empty()) return out;
  for (size_t k = 0; k < path.size(); ++k) {
    if (graph.index_of(path[k]) == AsGraph::kNone) return {PathCheck::kUnknownAs, k};
  }
  bool descending = false;  // seen a peer or provider-to-customer step
  for (size_t k = path.size() - 1; k-- > 0;) {
    const uint32_t receiver = path[k];
    const uint32_t sender = path[k + 1];
    if (receiver == sender) continue;  // prepending
    const auto rel = graph.relation_asn(receiver, sender);
    if (!rel) return {PathCheck::kUnknownLink, k};
    if (*rel == Rel::kProvider) {
      descending = true;  // sent down to a customer
    } else if (descending) {
      return {PathCheck::kValley, k + 1};  // up or across after a peer/down step
    } else if (*rel == Rel::kPeer) {
      descending = true;
    }
  }
  return out;
}

}  // namespace vigil::exercise

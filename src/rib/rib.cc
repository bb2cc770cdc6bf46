#include "rib/rib.h"

#include <algorithm>

namespace vigil::rib {

namespace {

bool route_less(const RouteEntry& r, PeerIndex peer, uint32_t path_id) {
  return r.peer < peer || (r.peer == peer && r.path_id < path_id);
}

}  // namespace

PeerIndex Rib::peer(const IpAddr& address, uint32_t asn) {
  std::string key(reinterpret_cast<const char*>(address.bytes.data()), 16);
  key.push_back(static_cast<char>(address.family));
  key.append(reinterpret_cast<const char*>(&asn), sizeof asn);
  auto [it, added] = peer_index_.try_emplace(key, static_cast<PeerIndex>(peers_.size()));
  if (added) {
    PeerInfo info;
    info.address = address;
    info.asn = asn;
    peers_.push_back(info);
  }
  return it->second;
}

void Rib::count_peer(PeerIndex peer, const Prefix& p, int delta) {
  PeerInfo& info = peers_[peer];
  uint32_t& n = p.addr.is_v4() ? info.routes_v4 : info.routes_v6;
  n = static_cast<uint32_t>(static_cast<int64_t>(n) + delta);
}

// Adds (delta = +1) or removes (-1) one route's share of the derived views:
// the prefix's origin counts, the per-AS prefix view and the AS graph.
void Rib::add_route_views(const Prefix& p, PrefixEntry& e, const RouteEntry& r, int delta) {
  const RouteAttrs& a = store_.attrs(r.attrs);
  if (a.path == 0) return;
  const PathData& path = store_.path(a.path);
  if (path.has_origin) {
    auto it = std::lower_bound(e.origins.begin(), e.origins.end(), path.origin,
                               [](const OriginCount& o, uint32_t asn) { return o.asn < asn; });
    // The per-AS view changes only when an origin appears for or leaves
    // the prefix (its route count goes 0 -> 1 or 1 -> 0).
    if (delta > 0) {
      if (it == e.origins.end() || it->asn != path.origin) {
        it = e.origins.insert(it, OriginCount{path.origin, 0});
        by_origin_[path.origin].insert(p);
      }
      ++it->routes;
    } else if (it != e.origins.end() && it->asn == path.origin && --it->routes == 0) {
      e.origins.erase(it);
      auto set = by_origin_.find(path.origin);
      set->second.erase(p);
      if (set->second.empty()) by_origin_.erase(set);
    }
  }
  // AS adjacencies along the path, sequences only, prepends collapsed.
  for (size_t si = 0; si < path.segment_count(); ++si) {
    const PathData::Segment seg = path.segment(si);
    if (seg.type != bgp::SegmentType::kSequence) continue;
    for (uint32_t i = 1; i < seg.count; ++i) {
      const uint32_t a1 = seg.asns[i - 1], a2 = seg.asns[i];
      if (a1 == a2) continue;
      const uint64_t key = edge_key(a1, a2);
      if (delta > 0) {
        EdgeStats& s = edges_[key];
        if (s.routes == 0 && s.first_seen == 0) s.first_seen = r.time;
        ++s.routes;
        auto pit = std::find_if(s.peers.begin(), s.peers.end(),
                                [&](const auto& pc) { return pc.first == r.peer; });
        if (pit == s.peers.end()) {
          s.peers.emplace_back(r.peer, 1);
        } else {
          ++pit->second;
        }
      } else {
        auto eit = edges_.find(key);
        if (eit == edges_.end()) continue;
        EdgeStats& s = eit->second;
        --s.routes;
        auto pit = std::find_if(s.peers.begin(), s.peers.end(),
                                [&](const auto& pc) { return pc.first == r.peer; });
        if (pit != s.peers.end() && --pit->second == 0) s.peers.erase(pit);
        // The edge stays known (first_seen is history) with zero routes.
      }
    }
  }
}

void Rib::announce(PeerIndex peer, const Prefix& prefix, uint32_t path_id, AttrsId attrs,
                   uint32_t time) {
  PrefixEntry* e = trie_.find(prefix);
  if (e == nullptr) e = trie_.emplace(prefix, PrefixEntry{}).first;
  auto it = std::lower_bound(e->routes.begin(), e->routes.end(), std::make_pair(peer, path_id),
                             [](const RouteEntry& r, const std::pair<PeerIndex, uint32_t>& k) {
                               return route_less(r, k.first, k.second);
                             });
  const auto origins_before = e->origins;
  Change c{ChangeKind::kAdded, prefix, peer, path_id, 0, attrs, time, e};
  if (it != e->routes.end() && it->peer == peer && it->path_id == path_id) {
    if (it->attrs == attrs) {
      // Same route again: refresh the time, drop the extra reference.
      it->time = time;
      store_.release(attrs);
      return;
    }
    c.kind = ChangeKind::kChanged;
    c.old_attrs = it->attrs;
    // The derived views depend only on the AS path: skip them when it stays.
    const bool same_path = store_.attrs(it->attrs).path == store_.attrs(attrs).path;
    if (!same_path) add_route_views(prefix, *e, *it, -1);
    it->attrs = attrs;
    it->time = time;
    if (!same_path) add_route_views(prefix, *e, *it, +1);
    if (sink_) sink_(c);
    store_.release(c.old_attrs);
  } else {
    RouteEntry r{attrs, path_id, time, peer, 0};
    it = e->routes.insert(it, r);
    ++routes_;
    count_peer(peer, prefix, +1);
    add_route_views(prefix, *e, r, +1);
    if (sink_) sink_(c);
  }
  if (sink_ && e->origins != origins_before) {
    sink_(Change{ChangeKind::kOriginsChanged, prefix, peer, path_id, 0, 0, time, e});
  }
}

void Rib::remove_at(const Prefix& p, PrefixEntry& e, size_t i, uint32_t time) {
  const RouteEntry r = e.routes[i];
  const auto origins_before = e.origins;
  add_route_views(p, e, r, -1);
  e.routes.erase(e.routes.begin() + static_cast<ptrdiff_t>(i));
  --routes_;
  count_peer(r.peer, p, -1);
  if (sink_) {
    sink_(Change{ChangeKind::kRemoved, p, r.peer, r.path_id, r.attrs, 0, time, &e});
    if (e.origins != origins_before) {
      sink_(Change{ChangeKind::kOriginsChanged, p, r.peer, r.path_id, 0, 0, time, &e});
    }
  }
  store_.release(r.attrs);
}

void Rib::withdraw(PeerIndex peer, const Prefix& prefix, uint32_t path_id, uint32_t time) {
  PrefixEntry* e = trie_.find(prefix);
  if (e == nullptr) return;
  auto it = std::lower_bound(e->routes.begin(), e->routes.end(), std::make_pair(peer, path_id),
                             [](const RouteEntry& r, const std::pair<PeerIndex, uint32_t>& k) {
                               return route_less(r, k.first, k.second);
                             });
  if (it == e->routes.end() || it->peer != peer || it->path_id != path_id) return;
  remove_at(prefix, *e, static_cast<size_t>(it - e->routes.begin()), time);
  if (e->routes.empty()) trie_.erase(prefix);
}

void Rib::peer_down(PeerIndex peer, uint32_t time) {
  PeerInfo& info = peers_[peer];
  info.up = false;
  info.last_change = time;
  if (info.routes_v4 + info.routes_v6 == 0) return;
  std::vector<Prefix> emptied;
  trie_.for_each([&](const Prefix& p, PrefixEntry& e) {
    for (size_t i = e.routes.size(); i-- > 0;) {
      if (e.routes[i].peer == peer) remove_at(p, e, i, time);
    }
    if (e.routes.empty()) emptied.push_back(p);
  });
  for (const Prefix& p : emptied) trie_.erase(p);
}

void Rib::peer_up(PeerIndex peer, uint32_t time) {
  peers_[peer].up = true;
  peers_[peer].last_change = time;
}

std::vector<Prefix> Rib::originated_by(uint32_t asn) const {
  std::vector<Prefix> out;
  auto it = by_origin_.find(asn);
  if (it == by_origin_.end()) return out;
  out.reserve(it->second.size());
  for (const auto& p : it->second) out.push_back(p);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<OriginCount> Rib::origin_peers(const Prefix& p) const {
  std::vector<OriginCount> out;
  const PrefixEntry* e = trie_.find(p);
  if (e == nullptr) return out;
  // (origin, peer) pairs, routes being sorted by peer.
  std::vector<std::pair<uint32_t, PeerIndex>> pairs;
  for (const RouteEntry& r : e->routes) {
    const RouteAttrs& a = store_.attrs(r.attrs);
    if (a.path == 0 || !store_.path(a.path).has_origin) continue;
    pairs.emplace_back(store_.path(a.path).origin, r.peer);
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  for (const auto& [asn, peer] : pairs) {
    if (out.empty() || out.back().asn != asn) out.push_back({asn, 0});
    ++out.back().routes;
  }
  return out;
}

void Rib::visibility(const Prefix& p, uint32_t& peers, uint32_t& full_feed) const {
  peers = full_feed = 0;
  const PrefixEntry* e = trie_.find(p);
  if (e == nullptr) return;
  PeerIndex last = 0;
  bool any = false;
  for (const RouteEntry& r : e->routes) {  // sorted by peer
    if (any && r.peer == last) continue;
    any = true;
    last = r.peer;
    ++peers;
    if (peers_[r.peer].full_feed()) ++full_feed;
  }
}

RibStats Rib::stats() const {
  RibStats s;
  s.peers = peers_.size();
  s.routes = routes_;
  s.trie_bytes = trie_.memory_bytes();
  trie_.for_each([&](const Prefix& p, const PrefixEntry& e) {
    (p.addr.is_v4() ? s.prefixes_v4 : s.prefixes_v6) += 1;
    s.route_bytes += e.routes.capacity() * sizeof(RouteEntry);
    s.origin_view_bytes += e.origins.capacity() * sizeof(OriginCount);
  });
  for (const auto& [asn, m] : by_origin_) {
    s.origin_view_bytes +=
        m.size() * (sizeof(Prefix) + 2 * sizeof(void*)) + m.bucket_count() * sizeof(void*);
  }
  s.graph_bytes = edges_.size() * (sizeof(uint64_t) + sizeof(EdgeStats) + 2 * sizeof(void*)) +
                  edges_.bucket_count() * sizeof(void*);
  for (const auto& [k, e] : edges_) s.graph_bytes += e.peers.capacity() * sizeof(e.peers[0]);
  s.attrs = store_.stats();
  return s;
}

}  // namespace vigil::rib

// Rib: every peer's Adj-RIB-In in one prefix trie, with interned attributes
// and derived views kept up to date on every change.
//
//   prefix trie ──► PrefixEntry { routes: [ (peer, path id, time, AttrsId) … ],
//                                 origins: [ (origin AS, routes) … ] }
//   AttrStore  ──► RouteAttrs ──► PathData, CommunitySet   (shared, refcounted)
//   per AS     ──► prefixes it originates (count of routes per prefix)
//   AS graph   ──► edge (a,b) seen in paths: first seen, routes, peers
//
// Every change is reported to an optional ChangeSink (the change log the
// detectors consume): route added / changed / removed, and a prefix's
// origin set changed.
//
// Not thread-safe. Pointers and references returned by queries are valid
// until the next change.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/ip.h"
#include "rib/attr_store.h"
#include "rib/prefix_trie.h"

namespace vigil::rib {

using PeerIndex = uint16_t;

struct PeerInfo {
  IpAddr address;
  uint32_t asn = 0;
  uint32_t routes_v4 = 0;  // routes (prefix, path id) held now
  uint32_t routes_v6 = 0;
  bool up = true;
  uint32_t last_change = 0;
  // IODA's definition: > 400k IPv4 or > 10k IPv6 prefixes.
  bool full_feed() const { return routes_v4 > 400000 || routes_v6 > 10000; }
};

// One route of one peer. 16 octets.
struct RouteEntry {
  AttrsId attrs = 0;
  uint32_t path_id = 0;  // ADD-PATH identifier, 0 without ADD-PATH
  uint32_t time = 0;     // when this peer last announced it
  PeerIndex peer = 0;
  uint16_t reserved = 0;
};
static_assert(sizeof(RouteEntry) == 16);

struct OriginCount {
  uint32_t asn = 0;
  uint32_t routes = 0;  // routes (peer, path id) with this origin
  bool operator==(const OriginCount&) const = default;
};

struct PrefixEntry {
  std::vector<RouteEntry> routes;    // sorted by (peer, path_id)
  std::vector<OriginCount> origins;  // sorted by asn; AS_SET-final paths are not counted
};

enum class ChangeKind : uint8_t { kAdded, kChanged, kRemoved, kOriginsChanged };

struct Change {
  ChangeKind kind = ChangeKind::kAdded;
  Prefix prefix;
  PeerIndex peer = 0;
  uint32_t path_id = 0;
  AttrsId old_attrs = 0;  // kChanged, kRemoved (valid during the callback)
  AttrsId new_attrs = 0;  // kAdded, kChanged
  uint32_t time = 0;
  // The prefix's entry after the change (routes, origins), so that a
  // listener need not look the prefix up again. Valid during the callback.
  const PrefixEntry* entry = nullptr;
};
using ChangeSink = std::function<void(const Change&)>;

struct EdgeStats {
  uint32_t first_seen = 0;
  uint32_t routes = 0;                                // routes whose path contains the edge now
  std::vector<std::pair<PeerIndex, uint32_t>> peers;  // routes per peer
};

struct RibStats {
  size_t prefixes_v4 = 0, prefixes_v6 = 0, routes = 0, peers = 0;
  size_t trie_bytes = 0, route_bytes = 0, origin_view_bytes = 0, graph_bytes = 0;
  MemoryStats attrs;
  size_t total_bytes() const {
    return trie_bytes + route_bytes + origin_view_bytes + graph_bytes + attrs.path_bytes +
           attrs.community_bytes + attrs.attr_bytes;
  }
};

class Rib {
 public:
  void set_change_sink(ChangeSink sink) { sink_ = std::move(sink); }

  // Index of the peer (address, ASN), added on first use. At most 65535.
  PeerIndex peer(const IpAddr& address, uint32_t asn);
  const std::vector<PeerInfo>& peers() const { return peers_; }

  // Installs a route, replacing the peer's previous route for (prefix,
  // path_id) (implicit withdraw). Takes over one reference on `attrs`.
  // REQUIRES: prefix has no host bits; attrs from store().
  void announce(PeerIndex peer, const Prefix& prefix, uint32_t path_id, AttrsId attrs,
                uint32_t time);
  // Removes the peer's route for (prefix, path_id); no-op when absent.
  void withdraw(PeerIndex peer, const Prefix& prefix, uint32_t path_id, uint32_t time);
  // The session left Established: drops every route of the peer.
  void peer_down(PeerIndex peer, uint32_t time);
  void peer_up(PeerIndex peer, uint32_t time);

  AttrStore& store() { return store_; }
  const AttrStore& store() const { return store_; }

  // Queries.
  const PrefixEntry* find(const Prefix& p) const { return trie_.find(p); }
  const PrefixTrie<PrefixEntry>& trie() const { return trie_; }
  // Prefixes whose routes name `asn` as origin (any peer), sorted.
  std::vector<Prefix> originated_by(uint32_t asn) const;
  const std::unordered_map<uint64_t, EdgeStats>& edges() const { return edges_; }
  static uint64_t edge_key(uint32_t a, uint32_t b) { return (uint64_t{a} << 32) | b; }
  // Per origin AS of p: how many distinct peers carry a route from it
  // (PrefixEntry::origins counts routes, which differ with ADD-PATH).
  std::vector<OriginCount> origin_peers(const Prefix& p) const;
  // Distinct peers with a route for p, and how many of them are full-feed.
  void visibility(const Prefix& p, uint32_t& peers, uint32_t& full_feed_peers) const;

  RibStats stats() const;
  size_t route_count() const { return routes_; }

 private:
  void add_route_views(const Prefix& p, PrefixEntry& e, const RouteEntry& r, int delta);
  void count_peer(PeerIndex peer, const Prefix& p, int delta);
  void remove_at(const Prefix& p, PrefixEntry& e, size_t i, uint32_t time);

  std::vector<PeerInfo> peers_;
  std::unordered_map<std::string, PeerIndex> peer_index_;
  PrefixTrie<PrefixEntry> trie_;
  AttrStore store_;
  // origin AS -> prefixes with at least one route from it
  std::unordered_map<uint32_t, std::unordered_set<Prefix, PrefixHash>> by_origin_;
  std::unordered_map<uint64_t, EdgeStats> edges_;
  size_t routes_ = 0;
  ChangeSink sink_;
};

}  // namespace vigil::rib

#include "rib/snapshot.h"

#include <algorithm>
#include <tuple>

#include "wire/bgp/encode.h"
#include "wire/mrt/writer.h"

namespace vigil::rib {

namespace {

std::vector<uint8_t> encode_attrs(const AttrStore& store, const RouteAttrs& a, const Prefix& p) {
  bgp::AttrEncoder enc(true);
  if (a.flags & RouteAttrs::kHasOrigin) enc.origin(a.origin);
  if (a.path != 0) {
    enc.as_path_segments(store.path(a.path).to_as_path());
  } else {
    enc.as_path({});
  }
  const bool nh = a.next_hop != 0;
  const IpAddr next_hop = nh ? store.next_hop(a) : IpAddr{};
  if (nh && p.addr.is_v4() && next_hop.is_v4()) enc.next_hop(next_hop);
  if (a.flags & RouteAttrs::kHasMed) enc.med(a.med);
  if (a.flags & RouteAttrs::kHasLocalPref) enc.local_pref(a.local_pref);
  if (a.flags & RouteAttrs::kAtomicAggregate) enc.atomic_aggregate();
  if (a.flags & RouteAttrs::kHasAggregator)
    enc.aggregator(a.aggregator_asn, IpAddr::v4(a.aggregator_ip));
  if (a.communities != 0) {
    const CommunitySet& c = store.communities(a.communities);
    if (!c.standard.empty()) enc.communities(c.standard);
  }
  if (nh && !(p.addr.is_v4() && next_hop.is_v4())) {
    enc.mp_reach_abbreviated(std::span<const IpAddr>(&next_hop, 1));
  }
  if (a.communities != 0) {
    const CommunitySet& c = store.communities(a.communities);
    if (!c.large.empty()) enc.large_communities(c.large);
  }
  if (a.flags & RouteAttrs::kHasOtc) enc.only_to_customer(a.otc);
  return enc.bytes();
}

}  // namespace

void write_snapshot(const Rib& rib, uint32_t timestamp,
                    const std::function<void(std::span<const uint8_t>)>& write) {
  mrt::Writer w;
  // Canonical peer order (address, ASN), only peers holding routes: the same
  // state gives the same bytes whatever order the peers were first seen in.
  std::vector<PeerIndex> order;
  for (size_t i = 0; i < rib.peers().size(); ++i) {
    const PeerInfo& p = rib.peers()[i];
    if (p.routes_v4 + p.routes_v6 > 0) order.push_back(static_cast<PeerIndex>(i));
  }
  std::sort(order.begin(), order.end(), [&](PeerIndex a, PeerIndex b) {
    const PeerInfo& x = rib.peers()[a];
    const PeerInfo& y = rib.peers()[b];
    return std::tie(x.address, x.asn) < std::tie(y.address, y.asn);
  });
  std::vector<uint16_t> rank(rib.peers().size(), 0);
  std::vector<mrt::Peer> peers;
  for (size_t i = 0; i < order.size(); ++i) {
    rank[order[i]] = static_cast<uint16_t>(i);
    const PeerInfo& p = rib.peers()[order[i]];
    mrt::Peer mp;
    mp.bgp_id = p.address.is_v4() ? p.address : IpAddr::v4(0);
    mp.address = p.address;
    mp.asn = p.asn;
    peers.push_back(mp);
  }
  w.peer_index_table(timestamp, IpAddr::v4(0), "vigil", peers);
  std::vector<size_t> idx;
  uint32_t sequence = 0;
  std::vector<std::vector<uint8_t>> attr_bytes;
  std::vector<mrt::RibEntryOut> entries;
  rib.trie().for_each([&](const Prefix& p, const PrefixEntry& e) {
    attr_bytes.clear();
    entries.clear();
    idx.resize(e.routes.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
      return std::make_pair(rank[e.routes[a].peer], e.routes[a].path_id) <
             std::make_pair(rank[e.routes[b].peer], e.routes[b].path_id);
    });
    bool add_path = false;
    for (size_t i : idx) {
      attr_bytes.push_back(encode_attrs(rib.store(), rib.store().attrs(e.routes[i].attrs), p));
      add_path |= e.routes[i].path_id != 0;
    }
    for (size_t k = 0; k < idx.size(); ++k) {
      const RouteEntry& r = e.routes[idx[k]];
      entries.push_back({rank[r.peer], r.time, attr_bytes[k], r.path_id});
    }
    w.rib(timestamp, sequence++, p, entries, add_path);
    if (w.bytes().size() >= (1u << 20)) {
      write(w.bytes());
      w.clear();
    }
  });
  if (!w.bytes().empty()) write(w.bytes());
}

}  // namespace vigil::rib

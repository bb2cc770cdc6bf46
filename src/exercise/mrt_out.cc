#include "exercise/mrt_out.h"

#include <algorithm>
#include <span>

#include "exercise/rng.h"
#include "wire/bgp/encode.h"
#include "wire/mrt/writer.h"

namespace vigil::exercise {

namespace {

constexpr size_t kV4PerMessage = 500;  // <= 5 octets each
constexpr size_t kV6PerMessage = 150;  // <= 17 octets each

std::vector<mrt::Peer> peers_of(const SyntheticInternet& net) {
  std::vector<mrt::Peer> peers;
  for (const VantagePoint& vp : net.vantage_points) {
    mrt::Peer p;
    p.bgp_id = vp.address;
    p.address = vp.address;
    p.asn = net.ases[vp.as].asn;
    peers.push_back(p);
  }
  return peers;
}

bgp::ByteVec route_attrs(std::span<const uint32_t> path, const VantagePoint& vp, bool v4, bool rib,
                         std::span<const Prefix> nlri) {
  bgp::AttrEncoder enc(true);
  enc.origin(bgp::Origin::kIgp).as_path(path);
  if (v4) {
    enc.next_hop(vp.address);
  } else if (rib) {
    enc.mp_reach_abbreviated(std::span<const IpAddr>(&vp.next_hop_v6, 1));
  } else {
    enc.mp_reach(bgp::kAfiIPv6, bgp::kSafiUnicast, std::span<const IpAddr>(&vp.next_hop_v6, 1),
                 nlri);
  }
  return enc.bytes();
}

}  // namespace

std::vector<uint8_t> encode_rib(const ExerciseData& ex) {
  const SyntheticInternet& net = ex.internet;
  const uint32_t t0 = ex.spec.start_time;
  mrt::Writer w;
  const auto peers = peers_of(net);
  w.peer_index_table(t0, ex.spec.collector_address, "vigil-exercise", peers);

  std::vector<uint32_t> order(net.prefixes.size());
  for (uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return net.prefixes[a].prefix < net.prefixes[b].prefix;
  });
  std::vector<bgp::ByteVec> attrs(net.vantage_points.size());
  std::vector<mrt::RibEntryOut> entries;
  uint32_t sequence = 0;
  for (uint32_t k : order) {
    const PrefixInfo& p = net.prefixes[k];
    entries.clear();
    for (uint32_t v = 0; v < net.vantage_points.size(); ++v) {
      const auto path = ex.baseline.path(p.origin, v);
      if (path.empty()) continue;
      attrs[v] = route_attrs(path, net.vantage_points[v], p.prefix.addr.is_v4(), true, {});
      const uint64_t age =
          mix64(net.options.seed ^ mix64(PrefixHash()(p.prefix) + v)) % (30 * 86400);
      entries.push_back({static_cast<uint16_t>(v), t0 - static_cast<uint32_t>(age), attrs[v]});
    }
    if (entries.empty()) continue;
    w.rib(t0, sequence++, p.prefix, entries);
  }
  return w.bytes();
}

std::vector<uint8_t> encode_updates(const ExerciseData& ex) {
  const SyntheticInternet& net = ex.internet;
  const Timeline& tl = ex.timeline;
  mrt::Writer w;
  const uint32_t local_asn = net.options.collector_asn;
  const IpAddr& local = ex.spec.collector_address;
  std::vector<Prefix> v4, v6;
  auto put = [&](const RouteChange& c, const bgp::ByteVec& msg) {
    const VantagePoint& vp = net.vantage_points[c.vp];
    w.bgp4mp_message(static_cast<uint32_t>(c.time_us / 1000000),
                     static_cast<uint32_t>(c.time_us % 1000000), true, net.ases[vp.as].asn,
                     local_asn, vp.address, local, msg);
  };
  for (const RouteChange& c : tl.changes) {
    v4.clear();
    v6.clear();
    for (uint32_t i = 0; i < c.prefix_count; ++i) {
      const Prefix& p = tl.prefixes[c.first_prefix + i];
      (p.addr.is_v4() ? v4 : v6).push_back(p);
    }
    const VantagePoint& vp = net.vantage_points[c.vp];
    const auto path = tl.paths.get(c.path);
    for (size_t at = 0; at < v4.size(); at += kV4PerMessage) {
      const std::span<const Prefix> chunk(v4.data() + at, std::min(kV4PerMessage, v4.size() - at));
      if (c.path == 0) {
        put(c, bgp::encode_update(chunk, {}, {}));
      } else {
        put(c, bgp::encode_update({}, route_attrs(path, vp, true, false, {}), chunk));
      }
    }
    for (size_t at = 0; at < v6.size(); at += kV6PerMessage) {
      const std::span<const Prefix> chunk(v6.data() + at, std::min(kV6PerMessage, v6.size() - at));
      if (c.path == 0) {
        bgp::AttrEncoder enc;
        enc.mp_unreach(bgp::kAfiIPv6, bgp::kSafiUnicast, chunk);
        put(c, bgp::encode_update({}, enc.bytes(), {}));
      } else {
        put(c, bgp::encode_update({}, route_attrs(path, vp, false, false, chunk), {}));
      }
    }
  }
  return w.bytes();
}

}  // namespace vigil::exercise

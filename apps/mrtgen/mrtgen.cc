// vigil-mrtgen: writes a small, deterministic, synthetic MRT RIB dump and
// update file for the demo and for repository fixtures. Real data lives in
// ../shared/data; this tool exists so that vigil works with none.
//
//   vigil-mrtgen --seed 1 --peers 4 --prefixes 2000 -o DIR
//   -> DIR/rib.mrt (TABLE_DUMP_V2) and DIR/updates.mrt (BGP4MP_ET)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "wire/bgp/encode.h"
#include "wire/mrt/writer.h"

namespace {

using vigil::IpAddr;
using vigil::Prefix;
namespace bgp = vigil::bgp;
namespace mrt = vigil::mrt;

struct Options {
  uint32_t seed = 1;
  int peers = 4;
  int prefixes = 2000;
  int updates = 5000;
  std::string dir = ".";
};

bool write_file(const std::string& path, const std::vector<uint8_t>& data) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    std::perror(path.c_str());
    return false;
  }
  const bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  return std::fclose(f) == 0 && ok;
}

struct Route {
  Prefix prefix;
  std::vector<uint32_t> path_tail;  // ASes after the peer's own
  std::vector<uint32_t> communities;
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "vigil-mrtgen: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--seed")
      o.seed = static_cast<uint32_t>(std::atoi(next()));
    else if (a == "--peers")
      o.peers = std::atoi(next());
    else if (a == "--prefixes")
      o.prefixes = std::atoi(next());
    else if (a == "--updates")
      o.updates = std::atoi(next());
    else if (a == "-o")
      o.dir = next();
    else {
      std::fprintf(
          stderr,
          "usage: vigil-mrtgen [--seed N] [--peers N] [--prefixes N] [--updates N] -o DIR\n");
      return 2;
    }
  }
  if (o.peers < 1 || o.peers > 200 || o.prefixes < 1 || o.prefixes > 1000000 || o.updates < 0) {
    std::fprintf(stderr, "vigil-mrtgen: sizes out of range\n");
    return 2;
  }
  std::mt19937 rng(o.seed);
  auto pick = [&](uint32_t lo, uint32_t hi) {
    return std::uniform_int_distribution<uint32_t>(lo, hi)(rng);
  };
  const uint32_t t0 = 1700000000;

  // Peers: alternate IPv4 and IPv6 sessions, some with 4-octet ASNs.
  std::vector<mrt::Peer> peers;
  for (int i = 0; i < o.peers; ++i) {
    mrt::Peer p;
    p.bgp_id = IpAddr::v4(0xC6336400u + static_cast<uint32_t>(i) + 1);  // 198.51.100.x
    if (i % 2 == 0) {
      p.address = p.bgp_id;
    } else {
      p.address = *IpAddr::parse("2001:db8:ffff::" + std::to_string(i + 1));
    }
    p.asn = i % 3 == 2 ? 4200000000u + static_cast<uint32_t>(i) : 64500u + static_cast<uint32_t>(i);
    peers.push_back(p);
  }

  // Routes: IPv4 from 10/8 space (as documentation-only routes would be too
  // few) and IPv6 from 2001:db8::/32, with origins, transit ASes and
  // communities.
  std::vector<Route> routes;
  for (int i = 0; i < o.prefixes; ++i) {
    Route r;
    if (i % 5 == 4) {
      r.prefix.addr = *IpAddr::parse("2001:db8::");
      r.prefix.addr.bytes[4] = static_cast<uint8_t>(i >> 8);
      r.prefix.addr.bytes[5] = static_cast<uint8_t>(i);
      r.prefix.len = 48;
    } else {
      r.prefix.addr = IpAddr::v4(0x0A000000u | (static_cast<uint32_t>(i) << 8));
      r.prefix.len = static_cast<uint8_t>(i % 7 == 0 ? 22 : 24);
      r.prefix = r.prefix.masked();
    }
    const int hops = static_cast<int>(pick(1, 4));
    for (int h = 0; h < hops; ++h)
      r.path_tail.push_back(pick(1, 3) == 1 ? pick(100, 65000) : 174 + pick(0, 3) * 1000);
    r.path_tail.push_back(65000 + static_cast<uint32_t>(i % 400));  // origin
    if (pick(0, 2) == 0) r.communities = {(65000u << 16) | pick(1, 999), 0xFFFFFF01u};
    routes.push_back(std::move(r));
  }

  auto attrs_for = [&](const Route& r, const mrt::Peer& peer, bool rib) {
    bgp::AttrEncoder enc(true);
    std::vector<uint32_t> path{peer.asn};
    path.insert(path.end(), r.path_tail.begin(), r.path_tail.end());
    enc.origin(bgp::Origin::kIgp).as_path(path);
    if (r.prefix.addr.is_v4()) enc.next_hop(peer.address.is_v4() ? peer.address : peer.bgp_id);
    enc.med(pick(0, 1) ? 0 : pick(1, 500));
    if (!r.communities.empty()) enc.communities(r.communities);
    if (!r.prefix.addr.is_v4()) {
      const IpAddr nh = peer.address.is_v4() ? *IpAddr::parse("2001:db8:ffff::1") : peer.address;
      if (rib) {
        enc.mp_reach_abbreviated(std::span<const IpAddr>(&nh, 1));
      } else {
        enc.mp_reach(bgp::kAfiIPv6, bgp::kSafiUnicast, std::span<const IpAddr>(&nh, 1),
                     std::span<const Prefix>(&r.prefix, 1));
      }
    }
    return enc.bytes();
  };

  // RIB: every peer carries every route.
  mrt::Writer rib;
  rib.peer_index_table(t0, IpAddr::v4(0xC0000201u), "vigil-demo", peers);
  std::vector<std::vector<uint8_t>> attr_store(peers.size());
  for (size_t i = 0; i < routes.size(); ++i) {
    std::vector<mrt::RibEntryOut> entries;
    for (size_t p = 0; p < peers.size(); ++p) {
      attr_store[p] = attrs_for(routes[i], peers[p], true);
      entries.push_back({static_cast<uint16_t>(p), t0 - pick(0, 86400), attr_store[p]});
    }
    rib.rib(t0, static_cast<uint32_t>(i), routes[i].prefix, entries);
  }

  // Updates: announcements with changed paths, withdrawals, one session flap.
  mrt::Writer upd;
  const IpAddr local4 = IpAddr::v4(0xC0000201u);
  const IpAddr local6 = *IpAddr::parse("2001:db8:ffff::fe");
  uint32_t ts = t0 + 60;
  for (int u = 0; u < o.updates; ++u) {
    const mrt::Peer& peer = peers[pick(0, static_cast<uint32_t>(peers.size() - 1))];
    Route r = routes[pick(0, static_cast<uint32_t>(routes.size() - 1))];
    const bool v4 = r.prefix.addr.is_v4();
    const IpAddr& local = peer.address.is_v4() ? local4 : local6;
    ts += pick(0, 2);
    const uint32_t usec = pick(0, 999999);
    if (u == o.updates / 2) {
      upd.bgp4mp_state(ts, usec, true, peer.asn, 65535, peer.address, local, 6, 1);
      upd.bgp4mp_state(ts + 5, usec, true, peer.asn, 65535, peer.address, local, 1, 6);
      continue;
    }
    if (pick(0, 9) == 0) {
      // Withdrawal.
      std::vector<uint8_t> msg;
      if (v4) {
        msg = bgp::encode_update(std::span<const Prefix>(&r.prefix, 1), {}, {});
      } else {
        bgp::AttrEncoder enc;
        enc.mp_unreach(bgp::kAfiIPv6, bgp::kSafiUnicast, std::span<const Prefix>(&r.prefix, 1));
        msg = bgp::encode_update({}, enc.bytes(), {});
      }
      upd.bgp4mp_message(ts, usec, true, peer.asn, 65535, peer.address, local, msg);
      continue;
    }
    r.path_tail.insert(r.path_tail.begin(), pick(100, 65000));
    const auto attrs = attrs_for(r, peer, false);
    std::vector<uint8_t> msg =
        v4 ? bgp::encode_update({}, attrs, std::span<const Prefix>(&r.prefix, 1))
           : bgp::encode_update({}, attrs, {});
    upd.bgp4mp_message(ts, usec, true, peer.asn, 65535, peer.address, local, msg);
  }
  if (!write_file(o.dir + "/rib.mrt", rib.bytes()) ||
      !write_file(o.dir + "/updates.mrt", upd.bytes())) {
    return 1;
  }
  std::printf("wrote %s/rib.mrt (%zu bytes) and %s/updates.mrt (%zu bytes)\n", o.dir.c_str(),
              rib.bytes().size(), o.dir.c_str(), upd.bytes().size());
  return 0;
}

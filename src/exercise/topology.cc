#include "exercise/topology.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <unordered_set>

#include "exercise/address_space.h"
#include "exercise/dns_roots.h"
#include "exercise/rng.h"

namespace vigil::exercise {

std::string_view as_kind_name(AsKind k) {
  switch (k) {
    case AsKind::kTier1:
      return "tier1";
    case AsKind::kTransit:
      return "transit";
    case AsKind::kStub:
      return "stub";
    case AsKind::kDnsRoot:
      return "dns-root";
  }
  return "stub";
}

TopologyOptions TopologyOptions::tiny(uint64_t seed) {
  TopologyOptions o;
  o.seed = seed;
  o.as_count = 50;
  o.prefix_count = 120;
  o.vantage_points = 6;
  o.country_count = 8;
  return o;
}

TopologyOptions TopologyOptions::large(uint64_t seed) {
  TopologyOptions o;
  o.seed = seed;
  o.as_count = 10000;
  o.prefix_count = 100000;
  o.vantage_points = 20;
  return o;
}

uint32_t SyntheticInternet::find_prefix(const Prefix& p) const {
  const auto it = prefix_index.find(p);
  return it == prefix_index.end() ? UINT32_MAX : it->second;
}

namespace {

Error bad(const std::string& what) {
  return make_error(ErrorCode::kInvalidArgument, "topology: " + what);
}

bool share_ok(double v) { return v >= 0.0 && v <= 1.0; }

// A node while the graph is built (provisional id = position in `nodes`).
struct Node {
  uint32_t asn = 0;
  AsKind kind = AsKind::kStub;
  uint8_t level = 0;
  uint16_t country = 0;
  char root = 0;
};

// Prefix lengths and their relative odds.
constexpr std::array<uint32_t, 9> kV4Big = {10, 6, 8, 10, 14, 12, 15, 8, 17};  // /16../24
constexpr std::array<uint32_t, 9> kV4Small = {1, 1, 1, 2, 5, 6, 14, 12, 58};   // /16../24
constexpr std::array<int, 5> kV6Lengths = {32, 36, 40, 44, 48};
constexpr std::array<uint32_t, 5> kV6Big = {60, 5, 10, 5, 20};
constexpr std::array<uint32_t, 5> kV6Small = {15, 3, 7, 10, 65};

class Generator {
 public:
  explicit Generator(const TopologyOptions& o) : o_(o), rng_(o.seed, kStreamTopology) {}

  Result<SyntheticInternet> run();

 private:
  uint32_t draw_asn(uint64_t lo, uint64_t hi);
  uint16_t draw_country() { return static_cast<uint16_t>(pick_cumulative(rng_, country_cum_)); }
  uint32_t add_node(AsKind kind, uint8_t level, uint16_t country, uint32_t asn, char root = 0);
  // Links `child` to a provider in `level`; false when no fresh one is found.
  bool link_provider(uint32_t child, int level);
  void make_provider_candidate(uint32_t id);
  Status allocate_prefixes(SyntheticInternet& net);
  void choose_vantage_points(SyntheticInternet& net);

  const TopologyOptions& o_;
  Rng rng_;
  std::vector<Node> nodes_;
  AsGraphBuilder builder_;
  std::unordered_set<uint32_t> used_asns_;
  std::vector<uint64_t> country_cum_;
  // Preferential attachment: per level, each provider once plus once per
  // customer; the same per (level, country).
  std::vector<std::vector<uint32_t>> tickets_;
  std::vector<std::vector<std::vector<uint32_t>>> domestic_tickets_;
  std::vector<std::vector<uint32_t>> members_;  // per level
};

uint32_t Generator::draw_asn(uint64_t lo, uint64_t hi) {
  for (;;) {
    const auto a = static_cast<uint32_t>(rng_.between(lo, hi));
    if (!is_public_asn(a) || a == o_.collector_asn || used_asns_.count(a)) continue;
    const auto reserved = dns_root_reserved_asns();
    if (std::find(reserved.begin(), reserved.end(), a) != reserved.end()) continue;
    used_asns_.insert(a);
    return a;
  }
}

uint32_t Generator::add_node(AsKind kind, uint8_t level, uint16_t country, uint32_t asn,
                             char root) {
  nodes_.push_back({asn, kind, level, country, root});
  builder_.add_as(asn);
  return static_cast<uint32_t>(nodes_.size() - 1);
}

void Generator::make_provider_candidate(uint32_t id) {
  const Node& n = nodes_[id];
  tickets_[n.level].push_back(id);
  domestic_tickets_[n.level][n.country].push_back(id);
  members_[n.level].push_back(id);
}

bool Generator::link_provider(uint32_t child, int level) {
  auto& all = tickets_[static_cast<size_t>(level)];
  auto& dom = domestic_tickets_[static_cast<size_t>(level)][nodes_[child].country];
  if (all.empty()) return false;
  for (int attempt = 0; attempt < 12; ++attempt) {
    const bool domestic = !dom.empty() && rng_.chance(o_.domestic_share);
    const uint32_t p = domestic ? dom[rng_.below(dom.size())] : all[rng_.below(all.size())];
    if (p == child || builder_.linked(nodes_[p].asn, nodes_[child].asn)) continue;
    builder_.add_p2c(nodes_[p].asn, nodes_[child].asn);
    all.push_back(p);
    domestic_tickets_[static_cast<size_t>(level)][nodes_[p].country].push_back(p);
    return true;
  }
  return false;
}

Result<SyntheticInternet> Generator::run() {
  const uint32_t roots = o_.dns_roots ? static_cast<uint32_t>(dns_root_servers().size()) : 0;
  if (o_.as_count < roots + 10) return bad("as_count must be at least 10 plus the 13 root ASes");
  if (o_.as_count > 2000000) return bad("as_count above 2,000,000");
  if (o_.transit_levels < 1 || o_.transit_levels > 6) return bad("transit_levels must be 1..6");
  if (o_.country_count < 1 || o_.country_count > country_table().size()) {
    return bad("country_count must be 1.." + std::to_string(country_table().size()));
  }
  if (!share_ok(o_.transit_share) || !share_ok(o_.multihomed_share) ||
      !share_ok(o_.domestic_share) || !share_ok(o_.ipv6_share) || !share_ok(o_.rov_share) ||
      !share_ok(o_.vp_tier1_share) || !share_ok(o_.vp_stub_share) ||
      o_.vp_tier1_share + o_.vp_stub_share > 1.0) {
    return bad("shares must be within 0..1 (vp_tier1_share + vp_stub_share too)");
  }
  const uint32_t others = o_.as_count - roots;
  const uint32_t tier1 =
      o_.tier1_count ? o_.tier1_count : std::min<uint32_t>(16, 3 + o_.as_count / 1000);
  if (tier1 < 2 || tier1 > others / 2) return bad("tier1_count must be 2..half the ASes");
  const uint32_t levels = o_.transit_levels;
  uint32_t transit = static_cast<uint32_t>(std::llround(o_.transit_share * (others - tier1)));
  transit = std::max(transit, levels);
  if (transit + tier1 >= others) return bad("no ASes left for stubs");
  const uint32_t stubs = others - tier1 - transit;
  if (o_.vantage_points < 1 || o_.vantage_points > others || o_.vantage_points > 65535) {
    return bad("vantage_points must be 1..the number of non-root ASes");
  }
  if (o_.prefix_count < others + o_.vantage_points) {
    return bad("prefix_count must be at least the number of non-root ASes plus vantage points (" +
               std::to_string(others + o_.vantage_points) + ")");
  }
  if (o_.prefix_count > 20000000) return bad("prefix_count above 20,000,000");

  // Countries in use and their cumulative weights.
  for (uint32_t c = 0; c < o_.country_count; ++c) {
    country_cum_.push_back((country_cum_.empty() ? 0 : country_cum_.back()) +
                           country_table()[c].weight);
  }
  const size_t level_count = levels + 2;  // tier-1, transit tiers, stubs
  tickets_.resize(level_count);
  members_.resize(level_count);
  domestic_tickets_.assign(level_count, std::vector<std::vector<uint32_t>>(country_table().size()));

  // Tier-1 clique.
  for (uint32_t i = 0; i < tier1; ++i) {
    const uint32_t id = add_node(AsKind::kTier1, 0, draw_country(), draw_asn(1, 9999));
    for (uint32_t j = 0; j < id; ++j) builder_.add_p2p(nodes_[j].asn, nodes_[id].asn);
    make_provider_candidate(id);
  }

  // Transit tiers: sizes 1 each, the rest in proportion to the depth.
  std::vector<uint32_t> level_size(levels + 1, 1);
  level_size[0] = 0;
  {
    const uint32_t spare = transit - levels;
    const uint32_t denom = levels * (levels + 1) / 2;
    uint32_t given = 0;
    for (uint32_t l = 1; l <= levels; ++l) {
      const uint32_t add = spare * l / denom;
      level_size[l] += add;
      given += add;
    }
    level_size[levels] += spare - given;
  }
  for (uint32_t l = 1; l <= levels; ++l) {
    std::vector<uint32_t> created;
    for (uint32_t k = 0; k < level_size[l]; ++k) {
      const bool wide = rng_.chance(0.8);
      const uint32_t asn = wide ? draw_asn(1000, 64495) : draw_asn(131072, 399999);
      const uint32_t id = add_node(AsKind::kTransit, static_cast<uint8_t>(l), draw_country(), asn);
      const uint32_t want =
          1 + static_cast<uint32_t>(rng_.weighted(std::array<uint32_t, 3>{45, 40, 15}));
      uint32_t got = 0;
      for (uint32_t t = 0; t < want * 3 && got < want; ++t) {
        int from = static_cast<int>(l) - 1;
        if (l >= 2 && !rng_.chance(0.75)) from = static_cast<int>(rng_.below(l - 1));
        if (link_provider(id, from)) ++got;
      }
      if (got == 0) {
        builder_.add_p2c(nodes_[tickets_[0][0]].asn, asn);  // never orphaned
        tickets_[0].push_back(tickets_[0][0]);
      }
      created.push_back(id);
    }
    for (uint32_t id : created) make_provider_candidate(id);
  }

  // Peering within each transit tier.
  for (uint32_t l = 1; l <= levels; ++l) {
    const auto& same = members_[l];
    if (same.size() < 2) continue;
    std::vector<std::vector<uint32_t>> by_country(country_table().size());
    for (uint32_t id : same) by_country[nodes_[id].country].push_back(id);
    for (uint32_t a : same) {
      const size_t want = rng_.weighted(std::array<uint32_t, 4>{35, 35, 20, 10});
      for (size_t k = 0; k < want; ++k) {
        for (int attempt = 0; attempt < 6; ++attempt) {
          const auto& dom = by_country[nodes_[a].country];
          const bool domestic = dom.size() > 1 && rng_.chance(o_.domestic_share);
          const uint32_t b = domestic ? dom[rng_.below(dom.size())] : same[rng_.below(same.size())];
          if (b == a || builder_.linked(nodes_[a].asn, nodes_[b].asn)) continue;
          builder_.add_p2p(nodes_[a].asn, nodes_[b].asn);
          break;
        }
      }
    }
  }

  // Stubs: deeper tiers likelier providers, tier-1 rarely.
  std::vector<uint32_t> stub_level_odds(levels + 1);
  stub_level_odds[0] = 3;
  for (uint32_t l = 1; l <= levels; ++l) stub_level_odds[l] = 10 + 10 * l;
  const auto stub_level = static_cast<uint8_t>(levels + 1);
  for (uint32_t k = 0; k < stubs; ++k) {
    const uint32_t asn = rng_.chance(0.5) ? draw_asn(1000, 64495) : draw_asn(131072, 399999);
    const uint32_t id = add_node(AsKind::kStub, stub_level, draw_country(), asn);
    const uint32_t want = rng_.chance(o_.multihomed_share) ? 2 : 1;
    uint32_t got = 0;
    for (uint32_t t = 0; t < want * 3 && got < want; ++t) {
      if (link_provider(id, static_cast<int>(rng_.weighted(stub_level_odds)))) ++got;
    }
    if (got == 0) builder_.add_p2c(nodes_[members_[levels].front()].asn, asn);
  }

  // DNS root servers: customers of 2-3 tier-1 or first-tier transit ASes.
  if (o_.dns_roots) {
    std::vector<uint32_t> upstream = members_[0];
    upstream.insert(upstream.end(), members_[1].begin(), members_[1].end());
    for (const DnsRootServer& r : dns_root_servers()) {
      int c = country_index(r.country);
      const uint32_t id = add_node(AsKind::kDnsRoot, stub_level,
                                   static_cast<uint16_t>(c < 0 ? 0 : c), r.asn, r.letter);
      for (uint32_t p : rng_.sample(upstream, 2 + rng_.below(2))) {
        builder_.add_p2c(nodes_[p].asn, nodes_[id].asn);
      }
    }
  }

  SyntheticInternet net;
  net.options = o_;
  net.graph = std::move(builder_).build();
  net.ases.resize(nodes_.size());
  for (const Node& n : nodes_) {
    AsInfo& a = net.ases[net.graph.index_of(n.asn)];
    a.asn = n.asn;
    a.kind = n.kind;
    a.level = n.level;
    a.country = n.country;
    a.dns_root = n.root;
  }
  for (uint32_t i = 0; i < net.ases.size(); ++i) {
    net.ases[i].rov = rng_.chance(o_.rov_share);
    if (net.ases[i].kind == AsKind::kTier1) net.tier1.push_back(i);
  }
  choose_vantage_points(net);
  VIGIL_RETURN_IF_ERROR(allocate_prefixes(net));
  return net;
}

void Generator::choose_vantage_points(SyntheticInternet& net) {
  Rng rng(o_.seed, kStreamVantagePoints);
  std::vector<uint32_t> by_kind[3];
  for (uint32_t i = 0; i < net.ases.size(); ++i) {
    const AsKind k = net.ases[i].kind;
    if (k != AsKind::kDnsRoot) by_kind[static_cast<int>(k)].push_back(i);
  }
  const uint32_t n = o_.vantage_points;
  uint32_t want[3];
  want[0] = static_cast<uint32_t>(std::llround(n * o_.vp_tier1_share));
  want[2] = static_cast<uint32_t>(std::llround(n * o_.vp_stub_share));
  want[0] = std::min<uint32_t>(want[0], n);
  want[2] = std::min<uint32_t>(want[2], n - want[0]);
  want[1] = n - want[0] - want[2];
  std::vector<uint32_t> chosen;
  for (int k = 0; k < 3; ++k) {
    for (uint32_t i : rng.sample(by_kind[k], want[k])) chosen.push_back(i);
  }
  // Short of one kind: fill from transit, then stubs, then tier-1.
  for (int k : {1, 2, 0}) {
    if (chosen.size() >= n) break;
    for (uint32_t i : by_kind[k]) {
      if (chosen.size() >= n) break;
      if (std::find(chosen.begin(), chosen.end(), i) == chosen.end()) chosen.push_back(i);
    }
  }
  for (uint32_t i : chosen) net.vantage_points.push_back({i, {}, {}});
}

Status Generator::allocate_prefixes(SyntheticInternet& net) {
  Rng rng(o_.seed, kStreamPrefixes);
  const size_t n = net.ases.size();
  std::vector<uint32_t> v4(n, 0), v6(n, 0);
  std::vector<uint8_t> is_vp(n, 0);
  for (const VantagePoint& vp : net.vantage_points) is_vp[vp.as] = 1;
  uint64_t budget = o_.prefix_count;
  std::vector<uint64_t> cum(n, 0);
  uint64_t total = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const AsInfo& a = net.ases[i];
    uint64_t w = 0;
    if (a.kind != AsKind::kDnsRoot) {
      v4[i] = 1;
      --budget;
      if (is_vp[i]) {
        v6[i] = 1;
        --budget;
      }
      switch (a.kind) {
        case AsKind::kTier1:
          w = 200;
          break;
        case AsKind::kTransit:
          w = 20 + 4 * net.graph.customers(i).size();
          break;
        default:
          w = rng.chance(0.05) ? 40 : 2;
      }
    }
    total += w;
    cum[i] = total;
  }
  for (uint64_t k = 0; k < budget; ++k) {
    const size_t i = pick_cumulative(rng, cum);
    if (rng.chance(o_.ipv6_share)) {
      ++v6[i];
    } else {
      ++v4[i];
    }
  }

  AddressAllocator alloc(rng);
  std::vector<std::vector<Prefix>> own(n);
  for (uint32_t i = 0; i < n; ++i) {
    const char root = net.ases[i].dns_root;
    if (root == 0) continue;
    for (const DnsRootServer& r : dns_root_servers()) {
      if (r.letter != root) continue;
      for (std::string_view text : {r.v4, r.v6}) {
        const auto p = Prefix::parse(text);
        if (!p) return bad("bad root prefix " + std::string(text));
        own[i].push_back(*p);
        alloc.reserve(*p);
      }
    }
  }
  for (uint32_t i = 0; i < n; ++i) {
    const AsInfo& a = net.ases[i];
    const bool big = a.kind == AsKind::kTier1 || a.kind == AsKind::kTransit;
    const Region region = country_table()[a.country].region;
    for (uint32_t k = 0; k < v4[i]; ++k) {
      const int len = 16 + static_cast<int>(rng.weighted(big ? kV4Big : kV4Small));
      const auto p = alloc.allocate_v4(region, len, rng);
      if (!p) return bad("IPv4 address pools exhausted; ask for fewer or longer prefixes");
      own[i].push_back(*p);
    }
    for (uint32_t k = 0; k < v6[i]; ++k) {
      const int len = kV6Lengths[rng.weighted(big ? kV6Big : kV6Small)];
      const auto p = alloc.allocate_v6(region, len, rng);
      if (!p) return bad("IPv6 address pools exhausted");
      own[i].push_back(*p);
    }
  }
  for (uint32_t i = 0; i < n; ++i) {
    std::sort(own[i].begin(), own[i].end());
    net.ases[i].first_prefix = static_cast<uint32_t>(net.prefixes.size());
    net.ases[i].prefix_count = static_cast<uint32_t>(own[i].size());
    for (const Prefix& p : own[i]) net.prefixes.push_back({p, i});
  }
  net.prefix_index.reserve(net.prefixes.size());
  for (uint32_t k = 0; k < net.prefixes.size(); ++k) {
    net.prefix_index.emplace(net.prefixes[k].prefix, k);
  }
  for (VantagePoint& vp : net.vantage_points) {
    for (const PrefixInfo& p : net.prefixes_of(vp.as)) {
      IpAddr a = p.prefix.addr;
      if (a.is_v4() && vp.address.v4_host_order() == 0) {
        a.bytes[3] |= 1;
        vp.address = a;
      } else if (!a.is_v4() && vp.next_hop_v6.family != Family::kIPv6) {
        a.bytes[15] = 1;
        vp.next_hop_v6 = a;
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<SyntheticInternet> generate(const TopologyOptions& options) {
  Generator g(options);
  return g.run();
}

}  // namespace vigil::exercise

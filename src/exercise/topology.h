// The synthetic Internet: an AS graph shaped like the real one, prefixes,
// countries and the vantage points of one route collector. Deterministic:
// the same TopologyOptions (seed included) give the same Internet, byte for
// byte, on every platform (exercise/rng.h says why and how).
//
//   auto net = generate(TopologyOptions::tiny(7));
//   if (!net) return net.error();
//   for (const VantagePoint& vp : net->vantage_points) ...
//
// Shape (generate()):
//   * tier-1: a full mesh of peers (tier1_count, default 3 + as_count/1000,
//     at most 16) — the clique at the top that AS-Rank assumes (Luckie et
//     al., IMC 2013).
//   * transit: transit_levels tiers under the clique (deeper tiers larger).
//     Each transit AS buys from 1-3 providers, mostly in the tier just
//     above, picked with preferential attachment (odds 1 + customers so
//     far, giving the heavy-tailed degrees of the real graph) and, with
//     probability domestic_share, in its own country when that tier has an
//     AS there. Transit ASes peer with 0-3 others of their own tier.
//     Providers are always in a higher tier, so there is no p2c cycle.
//   * stubs: 1 provider, or 2 with probability multihomed_share, from any
//     transit tier (deeper ones likelier) or, rarely, a tier-1.
//   * DNS root servers (dns_roots): the 13 root ASes and their real
//     prefixes (exercise/dns_roots.h), each a customer of 2-3 tier-1 or
//     first-tier transit ASes.
//   * countries: each AS draws one from the heaviest country_count entries
//     of country_table() with odds proportional to their weights.
//   * ASNs: public only (is_public_asn); tier-1s from 1-9999, transit mostly
//     16-bit, stubs half 16-bit and half 32-bit (131072-399999); never one
//     of the DNS root list's origins nor collector_asn.
//   * prefixes: every AS but the roots gets one IPv4 prefix; vantage point
//     ASes also one IPv6 prefix (their sessions need a next hop of each
//     family); the rest of prefix_count goes to ASes with odds tier-1 200,
//     transit 20 + 4 per customer, stub 2 (one stub in twenty: 40), each
//     IPv6 with probability ipv6_share. Lengths: IPv4 /16-/24 and IPv6
//     /32-/48, shorter for tier-1 and transit. Space comes from the RIR
//     of the AS's country (AddressAllocator), never special-purpose, never
//     overlapping another prefix or a root prefix.
//   * vantage points: `vantage_points` ASes (not roots), about
//     vp_tier1_share of them tier-1, vp_stub_share stubs, the rest transit;
//     each a full-feed session to the collector from an address in the AS's
//     first IPv4 prefix (x.y.z.1), next hop for IPv6 routes in its first
//     IPv6 prefix (::1).
//   * rov: each AS drops RPKI-invalid routes with probability rov_share
//     (default 0: every route propagates as far as policy lets it).
//
// Lifetimes: a SyntheticInternet is a plain value; spans it returns point
// into it. Errors: kInvalidArgument for options out of range or when the
// address pools run out.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ip.h"
#include "core/result.h"
#include "exercise/as_graph.h"
#include "exercise/countries.h"

namespace vigil::exercise {

enum class AsKind : uint8_t { kTier1, kTransit, kStub, kDnsRoot };
std::string_view as_kind_name(AsKind k);  // "tier1", "transit", "stub", "dns-root"

struct TopologyOptions {
  uint64_t seed = 1;
  uint32_t as_count = 1000;       // every AS, DNS root ASes included
  uint32_t prefix_count = 10000;  // generated prefixes (the 26 root prefixes come on top)
  uint32_t tier1_count = 0;       // 0: 3 + as_count / 1000, at most 16
  uint32_t transit_levels = 3;    // 1..6
  double transit_share = 0.15;    // of the ASes that are neither tier-1 nor roots
  double multihomed_share = 0.35;
  double domestic_share = 0.6;
  double ipv6_share = 0.2;
  uint32_t country_count = 40;  // 1..40
  bool dns_roots = true;
  uint32_t vantage_points = 20;
  double vp_tier1_share = 0.25;
  double vp_stub_share = 0.25;
  double rov_share = 0.0;
  // The collector the vantage points feed (RIPE RIS's ASN by default).
  uint32_t collector_asn = 12654;

  // ~50 ASes (13 of them roots), 120 prefixes, 6 vantage points: tests.
  static TopologyOptions tiny(uint64_t seed = 1);
  // 10,000 ASes, 100,000 prefixes, 20 vantage points: the benchmark.
  static TopologyOptions large(uint64_t seed = 1);
};

struct AsInfo {
  uint32_t asn = 0;
  AsKind kind = AsKind::kStub;
  uint8_t level = 0;          // 0 tier-1, 1..transit_levels transit, transit_levels + 1 stubs/roots
  uint16_t country = 0;       // index into country_table()
  bool rov = false;           // drops RPKI-invalid routes
  char dns_root = 0;          // 'A'..'M' for root server ASes
  uint32_t first_prefix = 0;  // its prefixes: SyntheticInternet::prefixes[first, first + count)
  uint32_t prefix_count = 0;
};

struct PrefixInfo {
  Prefix prefix;
  uint32_t origin = 0;  // AS index
};

struct VantagePoint {
  uint32_t as = 0;     // AS index
  IpAddr address;      // session address (IPv4), also the BGP identifier
  IpAddr next_hop_v6;  // next hop of its IPv6 routes
};

struct SyntheticInternet {
  TopologyOptions options;
  AsGraph graph;
  std::vector<AsInfo> ases;                  // by graph index (ascending ASN)
  std::vector<PrefixInfo> prefixes;          // grouped by origin (ascending index), sorted within
  std::vector<VantagePoint> vantage_points;  // the collector's peer index order
  std::vector<uint32_t> tier1;               // AS indices, ascending

  std::span<const PrefixInfo> prefixes_of(uint32_t as) const {
    return {prefixes.data() + ases[as].first_prefix, ases[as].prefix_count};
  }
  const Country& country_of(uint32_t as) const { return country_table()[ases[as].country]; }
  // The position of an announced prefix in `prefixes`, or UINT32_MAX.
  uint32_t find_prefix(const Prefix& p) const;

  std::unordered_map<Prefix, uint32_t, PrefixHash> prefix_index;
};

Result<SyntheticInternet> generate(const TopologyOptions& options);

}  // namespace vigil::exercise

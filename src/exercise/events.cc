#include "exercise/events.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "exercise/dns_roots.h"
#include "exercise/rng.h"

namespace vigil::exercise {

namespace {

constexpr std::array<std::string_view, 9> kTypeNames = {
    "exact-prefix-hijack", "sub-prefix-hijack", "forged-origin-hijack",
    "route-leak",          "country-shutdown",  "as-outage",
    "dns-root-hijack",     "rpki-invalid",      "link-flap",
};

constexpr uint32_t kNoAs = ResolvedEvent::kNoAs;

int max_len(const Prefix& p) { return p.addr.is_v4() ? 24 : 48; }

// `p` with `extra` more bits, set to `index`'s low `extra` bits.
Prefix subnet(const Prefix& p, int extra, uint64_t index) {
  Prefix q = p;
  q.len = static_cast<uint8_t>(p.len + extra);
  for (int b = 0; b < extra; ++b) {
    const int pos = p.len + b;
    if ((index >> (extra - 1 - b)) & 1) q.addr.bytes[pos / 8] |= uint8_t(0x80u >> (pos % 8));
  }
  return q;
}

Prefix draw_more_specific(const Prefix& p, Rng& rng) {
  const int room = std::min(3, max_len(p) - p.len);
  const int extra = 1 + static_cast<int>(rng.below(static_cast<uint64_t>(room)));
  return subnet(p, extra, rng.below(uint64_t{1} << extra));
}

class Resolver {
 public:
  Resolver(const SyntheticInternet& net, const RoaIndex& roas, uint32_t duration)
      : net_(net), roas_(roas), duration_(duration) {
    for (const VantagePoint& vp : net.vantage_points) is_vp_.push_back(vp.as);
    std::sort(is_vp_.begin(), is_vp_.end());
  }

  Result<ResolvedEvent> resolve(const EventSpec& s, size_t index);

 private:
  Error fail(const std::string& what) const {
    return make_error(ErrorCode::kInvalidArgument, "event " + std::to_string(index_ + 1) + " (" +
                                                       std::string(event_type_name(type_)) +
                                                       "): " + what);
  }
  bool vp(uint32_t as) const { return std::binary_search(is_vp_.begin(), is_vp_.end(), as); }
  bool ordinary(uint32_t as) const {
    const AsKind k = net_.ases[as].kind;
    return k == AsKind::kTransit || k == AsKind::kStub;
  }
  Result<uint32_t> as_of(uint32_t asn, const char* role) const {
    const uint32_t i = net_.graph.index_of(asn);
    if (i == AsGraph::kNone) {
      return fail(std::string(role) + " AS" + std::to_string(asn) + " is not in the topology");
    }
    return i;
  }
  bool suitable(const Prefix& p, bool need_room, bool need_roa, bool ipv6) const {
    if (p.addr.is_v4() == ipv6) return false;
    if (need_room && p.len >= max_len(p)) return false;
    if (need_roa && !roas_.covered(p)) return false;
    return true;
  }
  // A random suitable prefix of `as` (index into net.prefixes) or UINT32_MAX.
  uint32_t pick_prefix(uint32_t as, bool need_room, bool need_roa, bool ipv6, Rng& rng) const;
  Result<uint32_t> pick_attacker(uint32_t victim, Rng& rng) const;
  Status resolve_hijack(const EventSpec& s, ResolvedEvent& e, Rng& rng);
  Status resolve_leak(const EventSpec& s, ResolvedEvent& e, Rng& rng);
  Status resolve_shutdown(const EventSpec& s, ResolvedEvent& e, Rng& rng);
  Status resolve_outage(const EventSpec& s, ResolvedEvent& e, Rng& rng);

  const SyntheticInternet& net_;
  const RoaIndex& roas_;
  uint32_t duration_;
  std::vector<uint32_t> is_vp_;
  size_t index_ = 0;
  EventType type_ = EventType::kExactPrefixHijack;
};

uint32_t Resolver::pick_prefix(uint32_t as, bool need_room, bool need_roa, bool ipv6,
                               Rng& rng) const {
  std::vector<uint32_t> ok;
  const uint32_t first = net_.ases[as].first_prefix;
  for (uint32_t k = 0; k < net_.ases[as].prefix_count; ++k) {
    if (suitable(net_.prefixes[first + k].prefix, need_room, need_roa, ipv6))
      ok.push_back(first + k);
  }
  return ok.empty() ? UINT32_MAX : ok[rng.below(ok.size())];
}

Result<uint32_t> Resolver::pick_attacker(uint32_t victim, Rng& rng) const {
  std::vector<uint32_t> c;
  for (uint32_t i = 0; i < net_.ases.size(); ++i) {
    if (ordinary(i) && i != victim) c.push_back(i);
  }
  if (c.empty()) return fail("no AS can be the attacker");
  return c[rng.below(c.size())];
}

Status Resolver::resolve_hijack(const EventSpec& s, ResolvedEvent& e, Rng& rng) {
  const bool dns = s.type == EventType::kDnsRootHijack;
  const bool more_specific =
      s.type == EventType::kSubPrefixHijack ||
      ((s.type == EventType::kForgedOriginHijack || dns || s.type == EventType::kRpkiInvalid) &&
       s.more_specific);
  const bool need_roa = s.type == EventType::kRpkiInvalid;
  uint32_t victim = kNoAs;
  uint32_t victim_prefix = UINT32_MAX;
  std::optional<Prefix> announced;  // a more-specific the spec names itself

  if (s.victim) {
    VIGIL_TRY(victim, as_of(s.victim, "victim"));
  }
  if (s.prefix) {
    victim_prefix = net_.find_prefix(*s.prefix);
    if (victim_prefix == UINT32_MAX && more_specific) {
      for (uint32_t k = 0; k < net_.prefixes.size(); ++k) {
        const Prefix& p = net_.prefixes[k].prefix;
        if (p.len < s.prefix->len && p.contains(*s.prefix)) {
          victim_prefix = k;
          announced = *s.prefix;
          break;
        }
      }
    }
    if (victim_prefix == UINT32_MAX) {
      return fail("prefix " + s.prefix->to_string() +
                  (more_specific ? " is neither announced nor inside an announced prefix"
                                 : " is not announced in the topology"));
    }
    const uint32_t origin = net_.prefixes[victim_prefix].origin;
    if (victim != kNoAs && victim != origin) {
      return fail("prefix " + net_.prefixes[victim_prefix].prefix.to_string() +
                  " is originated by AS" + std::to_string(net_.ases[origin].asn) + ", not AS" +
                  std::to_string(s.victim));
    }
    victim = origin;
    const Prefix& vp = net_.prefixes[victim_prefix].prefix;
    if (more_specific && !announced && vp.len >= max_len(vp)) {
      return fail("prefix " + vp.to_string() +
                  " has no room for a more-specific (/24, /48 at most)");
    }
    if (need_roa && !roas_.covered(announced ? *announced : vp)) {
      return fail("prefix " + vp.to_string() + " is not covered by a ROA");
    }
  } else if (dns) {
    char letter = s.dns_root;
    const auto roots = dns_root_servers();
    if (letter == 0) letter = roots[rng.below(roots.size())].letter;
    const DnsRootServer* root = nullptr;
    for (const DnsRootServer& r : roots) {
      if (r.letter == letter) root = &r;
    }
    if (!root) return fail(std::string("no DNS root server '") + letter + "'");
    victim_prefix = net_.find_prefix(*Prefix::parse(s.ipv6 ? root->v6 : root->v4));
    if (victim_prefix == UINT32_MAX) return fail("the topology has no DNS root ASes (dns_roots)");
    victim = net_.prefixes[victim_prefix].origin;
    if (more_specific &&
        net_.prefixes[victim_prefix].prefix.len >= max_len(net_.prefixes[victim_prefix].prefix)) {
      return fail(std::string("root ") + letter + "'s prefix has no room for a more-specific");
    }
  } else {
    if (victim != kNoAs) {
      victim_prefix = pick_prefix(victim, more_specific, need_roa, s.ipv6, rng);
      if (victim_prefix == UINT32_MAX) {
        return fail("AS" + std::to_string(s.victim) + " has no suitable prefix");
      }
    } else {
      std::vector<uint32_t> order;
      for (uint32_t i = 0; i < net_.ases.size(); ++i) {
        if (ordinary(i) && net_.ases[i].asn != s.attacker) order.push_back(i);
      }
      rng.shuffle(order);
      for (uint32_t i : order) {
        victim_prefix = pick_prefix(i, more_specific, need_roa, s.ipv6, rng);
        if (victim_prefix != UINT32_MAX) {
          victim = i;
          break;
        }
      }
      if (victim == kNoAs) return fail("no AS has a suitable prefix");
    }
  }
  if (s.dns_root && !dns) return fail("dns_root applies to dns-root-hijack only");
  if (dns) {
    if (net_.ases[victim].kind != AsKind::kDnsRoot) {
      return fail("prefix " + net_.prefixes[victim_prefix].prefix.to_string() +
                  " is not a DNS root server prefix");
    }
    if (s.dns_root && s.dns_root != net_.ases[victim].dns_root) {
      return fail("prefix " + net_.prefixes[victim_prefix].prefix.to_string() + " is not root " +
                  std::string(1, s.dns_root) + "'s");
    }
    e.dns_root = net_.ases[victim].dns_root;
  }

  uint32_t attacker = kNoAs;
  if (s.attacker) {
    VIGIL_TRY(attacker, as_of(s.attacker, "attacker"));
  } else {
    VIGIL_TRY(attacker, pick_attacker(victim, rng));
  }
  if (attacker == victim) return fail("attacker and victim are the same AS");

  const Prefix& vp = net_.prefixes[victim_prefix].prefix;
  Announcement a;
  a.prefix = more_specific ? (announced ? *announced : draw_more_specific(vp, rng)) : vp;
  a.as = attacker;
  a.path = {net_.ases[attacker].asn};
  if (s.type == EventType::kForgedOriginHijack) a.path.push_back(net_.ases[victim].asn);
  e.rpki = roas_.validate(a.prefix, a.path.back());
  a.rpki_invalid = e.rpki == RovState::kInvalid;
  e.attacker = attacker;
  e.victim = victim;
  if (more_specific) e.covering = vp;
  e.country = net_.ases[attacker].country;
  e.announcements.push_back(std::move(a));
  return Status::Ok();
}

Status Resolver::resolve_leak(const EventSpec& s, ResolvedEvent& e, Rng& rng) {
  uint32_t leaker = kNoAs;
  if (s.leaker) {
    VIGIL_TRY(leaker, as_of(s.leaker, "leaker"));
  } else {
    // Multihomed transit first: what it learns from one provider it leaks
    // to the other, whose customers and peers then prefer the leak (the
    // type-1 hairpin of RFC 7908, the shape of most large leaks).
    std::vector<uint32_t> multihomed, other;
    for (uint32_t i = 0; i < net_.ases.size(); ++i) {
      if (net_.ases[i].kind != AsKind::kTransit) continue;
      const size_t up = net_.graph.providers(i).size();
      if (up >= 2) {
        multihomed.push_back(i);
      } else if (up + net_.graph.peers(i).size() >= 2) {
        other.push_back(i);
      }
    }
    const auto& c = multihomed.empty() ? other : multihomed;
    if (c.empty()) return fail("no transit AS has two providers or peers to leak between");
    leaker = c[rng.below(c.size())];
  }
  if (net_.graph.providers(leaker).size() + net_.graph.peers(leaker).size() < 2) {
    return fail("AS" + std::to_string(net_.ases[leaker].asn) +
                " has fewer than two providers and peers: nothing to leak to");
  }
  if (s.leak_prefixes == 0) return fail("leak_prefixes must be at least 1");
  e.leaker = leaker;
  e.leak_count = s.leak_prefixes;
  e.country = net_.ases[leaker].country;
  return Status::Ok();
}

Status Resolver::resolve_shutdown(const EventSpec& s, ResolvedEvent& e, Rng& rng) {
  if (!(s.share > 0.0 && s.share <= 1.0)) return fail("share must be in (0, 1]");
  const size_t countries = net_.options.country_count;
  std::vector<std::vector<uint32_t>> eligible(countries);
  for (uint32_t i = 0; i < net_.ases.size(); ++i) {
    if (ordinary(i) && !vp(i) && net_.ases[i].country < countries) {
      eligible[net_.ases[i].country].push_back(i);
    }
  }
  int c = -1;
  if (!s.country.empty()) {
    c = country_index(s.country);
    if (c < 0 || static_cast<size_t>(c) >= countries) {
      return fail("country " + s.country + " is not one of the topology's");
    }
    if (eligible[static_cast<size_t>(c)].empty()) {
      return fail("country " + s.country + " has no AS that can go dark");
    }
  } else {
    std::vector<int> ok;
    for (size_t k = 0; k < countries; ++k) {
      if (eligible[k].size() >= 2) ok.push_back(static_cast<int>(k));
    }
    if (ok.empty()) return fail("no country has two ASes that can go dark");
    c = ok[rng.below(ok.size())];
  }
  const auto& pool = eligible[static_cast<size_t>(c)];
  const size_t k = std::max<size_t>(
      1, static_cast<size_t>(std::llround(s.share * static_cast<double>(pool.size()))));
  e.down.ases = rng.sample(pool, k);
  std::sort(e.down.ases.begin(), e.down.ases.end());
  e.country = c;
  return Status::Ok();
}

Status Resolver::resolve_outage(const EventSpec& s, ResolvedEvent& e, Rng& rng) {
  uint32_t as = kNoAs;
  if (s.victim) {
    VIGIL_TRY(as, as_of(s.victim, "AS"));
    if (vp(as)) return fail("AS" + std::to_string(s.victim) + " is a vantage point");
  } else {
    std::vector<uint32_t> transit, stubs;
    for (uint32_t i = 0; i < net_.ases.size(); ++i) {
      if (vp(i)) continue;
      if (net_.ases[i].kind == AsKind::kTransit) transit.push_back(i);
      if (net_.ases[i].kind == AsKind::kStub) stubs.push_back(i);
    }
    const bool pick_transit = !transit.empty() && (stubs.empty() || rng.chance(0.5));
    const auto& pool = pick_transit ? transit : stubs;
    if (pool.empty()) return fail("no AS can go dark");
    as = pool[rng.below(pool.size())];
  }
  e.victim = as;
  e.down.ases = {as};
  e.country = net_.ases[as].country;
  return Status::Ok();
}

Result<ResolvedEvent> Resolver::resolve(const EventSpec& s, size_t index) {
  index_ = index;
  type_ = s.type;
  Rng rng(net_.options.seed, kEventStreamBase + index);
  ResolvedEvent e;
  e.type = s.type;
  if (s.start >= duration_) return fail("start must be before the end of the exercise");
  if (s.end && (*s.end <= s.start || *s.end > duration_)) {
    return fail("end must be after start and at most the duration");
  }
  const bool announces = s.type != EventType::kRouteLeak && s.type != EventType::kCountryShutdown &&
                         s.type != EventType::kAsOutage;
  if (!announces && (s.prefix || s.attacker)) {
    return fail("prefix and attacker do not apply to this type");
  }
  if (s.type != EventType::kCountryShutdown && !s.country.empty()) {
    return fail("country applies to country-shutdown only");
  }
  if (s.type != EventType::kRouteLeak && s.leaker) return fail("leaker applies to route-leak only");
  e.start = s.start;
  e.end = s.end ? *s.end : duration_;
  e.has_end = s.end.has_value();
  switch (s.type) {
    case EventType::kExactPrefixHijack:
    case EventType::kSubPrefixHijack:
    case EventType::kForgedOriginHijack:
    case EventType::kDnsRootHijack:
    case EventType::kRpkiInvalid:
      VIGIL_RETURN_IF_ERROR(resolve_hijack(s, e, rng));
      break;
    case EventType::kRouteLeak:
      VIGIL_RETURN_IF_ERROR(resolve_leak(s, e, rng));
      break;
    case EventType::kCountryShutdown:
      VIGIL_RETURN_IF_ERROR(resolve_shutdown(s, e, rng));
      break;
    case EventType::kAsOutage:
      VIGIL_RETURN_IF_ERROR(resolve_outage(s, e, rng));
      break;
    case EventType::kLinkFlap:
      return fail("link flaps are background churn (ChurnOptions), not events");
  }
  return e;
}

}  // namespace

std::string_view event_type_name(EventType t) { return kTypeNames[static_cast<size_t>(t)]; }

std::optional<EventType> parse_event_type(std::string_view text) {
  for (size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == text) return static_cast<EventType>(i);
  }
  return std::nullopt;
}

Result<std::vector<ResolvedEvent>> resolve_events(const SyntheticInternet& net,
                                                  const RoaIndex& roas,
                                                  std::span<const EventSpec> specs,
                                                  uint32_t duration) {
  Resolver r(net, roas, duration);
  std::vector<ResolvedEvent> out;
  for (size_t i = 0; i < specs.size(); ++i) {
    VIGIL_TRY(auto e, r.resolve(specs[i], i));
    out.push_back(std::move(e));
  }
  return out;
}

Status choose_leak_prefixes(const SyntheticInternet& net, ResolvedEvent& leak, size_t index,
                            std::span<const uint32_t> candidate_origins) {
  std::vector<uint32_t> prefixes;
  for (uint32_t o : candidate_origins) {
    const uint32_t first = net.ases[o].first_prefix;
    for (uint32_t k = 0; k < net.ases[o].prefix_count; ++k) prefixes.push_back(first + k);
  }
  if (prefixes.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "event " + std::to_string(index + 1) +
                                                       " (route-leak): AS" +
                                                       std::to_string(net.ases[leak.leaker].asn) +
                                                       " learns no route from a provider or peer");
  }
  Rng rng(net.options.seed, kEventStreamBase + index + 0x10000);
  std::vector<uint32_t> chosen = rng.sample(prefixes, leak.leak_count);
  std::sort(chosen.begin(), chosen.end());
  leak.announcements.clear();
  for (uint32_t k : chosen)
    leak.announcements.push_back({net.prefixes[k].prefix, leak.leaker, {}, false});
  return Status::Ok();
}

bool down_matters(const ResolvedEvent& e, const Propagator& prop, const AsGraph& graph,
                  std::span<const uint8_t> vp) {
  for (uint32_t x : e.down.ases) {
    if (!prop.has_route(x)) continue;
    if (prop.route_class(x) == RouteClass::kSeed || prop.carries_transit(x)) return true;
  }
  auto heard = [&](uint32_t x) { return vp[x] != 0 || !graph.customers(x).empty(); };
  for (const auto& [a, b] : e.down.links) {
    if (prop.next_hop(b) == a && heard(b)) return true;
    if (prop.next_hop(a) == b && heard(a)) return true;
  }
  return false;
}

}  // namespace vigil::exercise

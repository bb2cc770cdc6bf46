#include "exercise/timeline.h"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "exercise/rng.h"

namespace vigil::exercise {

Relevance::Relevance(const SyntheticInternet& net, std::span<const ResolvedEvent> events)
    : net_(net),
      events_(events),
      vp_(net.ases.size(), 0),
      by_origin_(net.ases.size()),
      leak_origins_(events.size()) {
  for (const VantagePoint& vp : net.vantage_points) vp_[vp.as] = 1;
  for (uint32_t e = 0; e < events.size(); ++e) {
    if (events[e].takes_down()) down_events_.push_back(e);
    if (events[e].type == EventType::kRouteLeak) leak_events_.push_back(e);
  }
}

void Relevance::observe(uint32_t origin, const Propagator& prop) {
  for (uint32_t e : down_events_) {
    if (down_matters(events_[e], prop, net_.graph, vp_)) by_origin_[origin].push_back(e);
  }
  for (uint32_t e : leak_events_) {
    const RouteClass c = prop.route_class(events_[e].leaker);
    if (c == RouteClass::kPeer || c == RouteClass::kProvider) leak_origins_[e].push_back(origin);
  }
}

namespace {

constexpr uint32_t kNoAs = ResolvedEvent::kNoAs;

struct Unit {
  uint64_t key = 0;         // for delays
  uint32_t origin = kNoAs;  // legitimate origin (kNoAs: a prefix only an event announces)
  bool single = false;      // one prefix announced by events
  std::vector<Prefix> prefixes;
  std::vector<uint32_t> events;
};

struct State {
  uint32_t t = 0;
  std::vector<std::vector<uint32_t>> paths;  // per vantage point
  std::vector<uint16_t> tags;                // seed tag per vantage point (0: legitimate or none)
};

class Builder {
 public:
  explicit Builder(const TimelineInput& in)
      : in_(in),
        net_(*in.net),
        rov_(rov_flags(net_)),
        prop_(net_.graph, rov_),
        vps_(net_.vantage_points.size()),
        acc_(in.events.size() * vps_),
        vp_(net_.ases.size(), 0) {
    for (const VantagePoint& vp : net_.vantage_points) vp_[vp.as] = 1;
    for (uint32_t e = 0; e < in.events.size(); ++e) {
      if (in.events[e].takes_down()) down_events_.push_back(e);
    }
  }

  Timeline run();

 private:
  struct Acc {
    bool seen = false;
    uint64_t first = 0;
    uint64_t last = 0;
    uint32_t prefixes = 0;
    int32_t current = 0;
  };

  void process(Unit& u);
  void compute(const Unit& u, const std::vector<uint32_t>& events, uint32_t t, State& st);
  void emit(const Unit& u, const std::vector<State>& states);
  bool shows_leak(const std::vector<uint32_t>& path, uint16_t tag) const;
  uint64_t delay_us(const Unit& u, uint32_t t, size_t vp, size_t hops, bool withdraw) const;
  Acc& acc(uint32_t event, size_t vp) { return acc_[event * vps_ + vp]; }

  const TimelineInput& in_;
  const SyntheticInternet& net_;
  std::vector<uint8_t> rov_;
  Propagator prop_;
  size_t vps_;
  std::vector<Acc> acc_;
  std::vector<uint8_t> vp_;
  std::vector<uint32_t> down_events_;
  std::vector<Seed> seeds_;
  DownSet down_;
  Timeline out_;
};

Timeline Builder::run() {
  // Prefix units: one per prefix some event announces.
  std::map<Prefix, std::vector<uint32_t>> announced;
  for (uint32_t e = 0; e < in_.events.size(); ++e) {
    for (const Announcement& a : in_.events[e].announcements) announced[a.prefix].push_back(e);
  }
  std::vector<Unit> units;
  for (const auto& [prefix, events] : announced) {
    Unit u;
    u.single = true;
    u.key = mix64(PrefixHash()(prefix));
    u.prefixes = {prefix};
    u.events = events;
    const uint32_t k = net_.find_prefix(prefix);
    if (k != UINT32_MAX) {
      u.origin = net_.prefixes[k].origin;
      const auto more = in_.relevance->down_events_of(u.origin);
      u.events.insert(u.events.end(), more.begin(), more.end());
    }
    units.push_back(std::move(u));
  }
  // Origin units: the rest of an origin's prefixes, when a down event matters.
  for (uint32_t o = 0; o < net_.ases.size(); ++o) {
    const auto events = in_.relevance->down_events_of(o);
    if (events.empty()) continue;
    Unit u;
    u.origin = o;
    u.key = mix64(0x6f726967696eull ^ net_.ases[o].asn);
    for (const PrefixInfo& p : net_.prefixes_of(o)) {
      if (!announced.count(p.prefix)) u.prefixes.push_back(p.prefix);
    }
    if (u.prefixes.empty()) continue;
    u.events.assign(events.begin(), events.end());
    units.push_back(std::move(u));
  }
  out_.units = units.size();
  for (Unit& u : units) process(u);

  std::sort(out_.changes.begin(), out_.changes.end(),
            [](const RouteChange& a, const RouteChange& b) {
              if (a.time_us != b.time_us) return a.time_us < b.time_us;
              if (a.vp != b.vp) return a.vp < b.vp;
              return a.first_prefix < b.first_prefix;
            });
  out_.sightings.resize(in_.events.size());
  for (uint32_t e = 0; e < in_.events.size(); ++e) {
    const ResolvedEvent& ev = in_.events[e];
    for (size_t v = 0; v < vps_; ++v) {
      const Acc& a = acc(e, v);
      if (!a.seen) continue;
      Sighting s;
      s.vp = static_cast<uint16_t>(v);
      s.first_us = a.first;
      s.prefixes = a.prefixes;
      if (ev.takes_down()) {
        const bool ends = ev.has_end && ev.end < in_.duration;
        s.last_us = !ends ? 0 : a.last ? a.last : (uint64_t{in_.start_time} + ev.end) * 1000000;
      } else {
        s.last_us = a.current > 0 ? 0 : a.last;
      }
      out_.sightings[e].push_back(s);
    }
  }
  return std::move(out_);
}

void Builder::compute(const Unit& u, const std::vector<uint32_t>& events, uint32_t t, State& st) {
  seeds_.clear();
  down_.ases.clear();
  down_.links.clear();
  if (u.origin != kNoAs) seeds_.push_back({u.origin, {net_.ases[u.origin].asn}, 0, false});
  std::vector<std::pair<uint32_t, const Announcement*>> leaks;
  auto seeded = [&](uint32_t as) {
    return std::any_of(seeds_.begin(), seeds_.end(), [&](const Seed& s) { return s.as == as; });
  };
  for (uint32_t e : events) {
    const ResolvedEvent& ev = in_.events[e];
    if (!ev.active_at(t)) continue;
    down_.ases.insert(down_.ases.end(), ev.down.ases.begin(), ev.down.ases.end());
    down_.links.insert(down_.links.end(), ev.down.links.begin(), ev.down.links.end());
    if (!u.single) continue;
    for (const Announcement& a : ev.announcements) {
      if (a.prefix != u.prefixes[0]) continue;
      if (a.path.empty()) {
        leaks.emplace_back(e, &a);
      } else if (!seeded(a.as) && seeds_.size() < Propagator::kMaxSeeds) {
        seeds_.push_back({a.as, a.path, static_cast<uint16_t>(e + 1), a.rpki_invalid});
      }
    }
  }
  if (!leaks.empty()) {
    prop_.run(seeds_, down_);
    ++out_.runs;
    std::vector<Seed> extra;
    for (const auto& [e, a] : leaks) {
      const RouteClass c = prop_.route_class(a->as);
      if (c != RouteClass::kPeer && c != RouteClass::kProvider) continue;
      if (seeded(a->as) || seeds_.size() + extra.size() >= Propagator::kMaxSeeds) continue;
      Seed s;
      s.as = a->as;
      s.tag = static_cast<uint16_t>(e + 1);
      prop_.path(a->as, s.path);
      extra.push_back(std::move(s));
    }
    seeds_.insert(seeds_.end(), extra.begin(), extra.end());
  }
  prop_.run(seeds_, down_);
  ++out_.runs;
  st.t = t;
  st.paths.resize(vps_);
  st.tags.assign(vps_, 0);
  for (size_t v = 0; v < vps_; ++v) {
    const uint32_t as = net_.vantage_points[v].as;
    prop_.path(as, st.paths[v]);
    if (!prop_.has_route(as)) continue;
    const uint16_t tag = prop_.seed_tag(as);
    if (tag && in_.events[tag - 1u].type == EventType::kRouteLeak &&
        !shows_leak(st.paths[v], tag)) {
      continue;  // reaches the leaker from below: an ordinary route
    }
    st.tags[v] = tag;
  }
}

// A route through a leaker's re-announcement shows the leak only when it
// left the leaker towards a provider or peer.
bool Builder::shows_leak(const std::vector<uint32_t>& path, uint16_t tag) const {
  const uint32_t leaker = in_.events[tag - 1u].leaker;
  const uint32_t asn = net_.ases[leaker].asn;
  for (size_t i = 1; i < path.size(); ++i) {
    if (path[i] != asn) continue;
    const auto rel = net_.graph.relation_asn(asn, path[i - 1]);
    return rel && *rel != Rel::kCustomer;
  }
  return false;
}

void Builder::process(Unit& u) {
  std::vector<uint32_t>& events = u.events;
  std::vector<State> states;
  for (;;) {
    std::sort(events.begin(), events.end());
    events.erase(std::unique(events.begin(), events.end()), events.end());
    std::vector<uint32_t> points;
    for (uint32_t e : events) {
      const ResolvedEvent& ev = in_.events[e];
      points.push_back(ev.start);
      if (ev.has_end && ev.end < in_.duration) points.push_back(ev.end);
    }
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    states.assign(points.size(), State{});
    bool grew = false;
    for (size_t i = 0; i < points.size() && !grew; ++i) {
      const uint32_t t = points[i];
      const uint32_t next = i + 1 < points.size() ? points[i + 1] : in_.duration;
      compute(u, events, t, states[i]);
      for (uint32_t d : down_events_) {
        const ResolvedEvent& ev = in_.events[d];
        if (ev.start >= next || ev.end <= t) continue;  // not active in [t, next)
        if (std::binary_search(events.begin(), events.end(), d)) continue;
        if (down_matters(ev, prop_, net_.graph, vp_)) {
          events.push_back(d);
          grew = true;
        }
      }
    }
    if (!grew) break;
  }
  emit(u, states);
}

uint64_t Builder::delay_us(const Unit& u, uint32_t t, size_t vp, size_t hops, bool withdraw) const {
  uint64_t h = mix64(net_.options.seed ^ mix64(u.key ^ mix64((uint64_t{t} << 20) ^ vp)));
  uint64_t d = 1000000 + h % 1000000;
  h = mix64(h);
  d += hops * (100000 + h % 900000);
  if (withdraw) {
    h = mix64(h);
    d += 3000000 + h % 12000000;
  }
  return d;
}

void Builder::emit(const Unit& u, const std::vector<State>& states) {
  const auto first = static_cast<uint32_t>(out_.prefixes.size());
  const auto count = static_cast<uint32_t>(u.prefixes.size());
  out_.prefixes.insert(out_.prefixes.end(), u.prefixes.begin(), u.prefixes.end());

  std::vector<std::vector<uint32_t>> prev(vps_);
  std::vector<uint16_t> prev_tags(vps_, 0);
  if (u.origin != kNoAs) {
    for (size_t v = 0; v < vps_; ++v) {
      const auto p = in_.baseline->path(u.origin, static_cast<uint32_t>(v));
      prev[v].assign(p.begin(), p.end());
    }
  }
  std::vector<uint64_t> last(vps_, 0);
  std::unordered_set<uint64_t> counted;  // (event, vp) pairs whose prefixes are counted
  auto count_once = [&](uint32_t e, size_t v) {
    if (counted.insert(uint64_t{e} << 16 | v).second) acc(e, v).prefixes += count;
  };
  for (const State& st : states) {
    for (size_t v = 0; v < vps_; ++v) {
      if (st.paths[v] == prev[v]) continue;
      const bool withdraw = st.paths[v].empty();
      const size_t hops = withdraw ? prev[v].size() : st.paths[v].size();
      uint64_t us =
          (uint64_t{in_.start_time} + st.t) * 1000000 + delay_us(u, st.t, v, hops, withdraw);
      us = std::max(us, last[v] + 1);
      last[v] = us;
      out_.changes.push_back(
          {us, static_cast<uint16_t>(v), out_.paths.add(st.paths[v]), first, count});

      const uint16_t old_tag = prev_tags[v];
      const uint16_t new_tag = st.tags[v];
      if (old_tag != new_tag) {
        if (old_tag) {
          Acc& a = acc(old_tag - 1u, v);
          --a.current;
          a.last = std::max(a.last, us);
        }
        if (new_tag) {
          Acc& a = acc(new_tag - 1u, v);
          a.first = a.seen ? std::min(a.first, us) : us;
          a.seen = true;
          ++a.current;
          count_once(new_tag - 1u, v);
        }
      }
      for (uint32_t e : u.events) {
        const ResolvedEvent& ev = in_.events[e];
        if (!ev.takes_down()) continue;
        if (ev.start == st.t) {
          Acc& a = acc(e, v);
          a.first = a.seen ? std::min(a.first, us) : us;
          a.seen = true;
          count_once(e, v);
        } else if (ev.has_end && ev.end == st.t && acc(e, v).seen) {
          acc(e, v).last = std::max(acc(e, v).last, us);
        }
      }
      prev[v] = st.paths[v];
      prev_tags[v] = new_tag;
    }
  }
}

}  // namespace

Timeline compute_timeline(const TimelineInput& in) {
  Builder b(in);
  return b.run();
}

}  // namespace vigil::exercise

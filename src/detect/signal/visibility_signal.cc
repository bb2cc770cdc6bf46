#include "detect/signal/visibility_signal.h"

#include <algorithm>
#include <cmath>

namespace vigil::detect::signal {

namespace {

// A counted prefix as a range of units (/24s for IPv4, /48s for IPv6).
struct Units {
  int family = 0;  // 0 IPv4, 1 IPv6
  uint64_t start = 0;
  uint64_t count = 0;
  uint64_t end() const { return start + count; }
};

// REQUIRES: p.len <= 24 (IPv4) or <= 48 (IPv6).
Units units_of(const Prefix& p) {
  Units u;
  if (p.addr.is_v4()) {
    u.start = p.addr.v4_host_order() >> 8;
    u.count = uint64_t{1} << (24 - p.len);
    return u;
  }
  uint64_t hi = 0;
  for (int i = 0; i < 8; ++i) hi = (hi << 8) | p.addr.bytes[i];
  u.family = 1;
  u.start = hi >> 16;
  u.count = uint64_t{1} << (48 - p.len);
  return u;
}

// A prefix of at most /24 (IPv4) or /48 (IPv6) without host bits, packed
// in one word: family in bit 63, the first 32 (IPv4) or 48 (IPv6) address
// bits, the length in the low 8 bits. Distinct prefixes give distinct
// words. False for any other prefix.
bool pack_pending(const Prefix& p, uint64_t& key) {
  for (int i = p.addr.is_v4() ? 4 : 6; i < 16; ++i) {
    if (p.addr.bytes[i] != 0) return false;
  }
  if (p.addr.is_v4()) {
    const uint32_t a = p.addr.v4_host_order();
    if (p.len > 24 || (a & (0xffffffffu >> p.len)) != 0) return false;
    key = uint64_t{a} << 8 | p.len;
    return true;
  }
  if (p.len > 48) return false;
  uint64_t hi = 0;
  for (int i = 0; i < 6; ++i) hi = (hi << 8) | p.addr.bytes[i];
  if (p.len < 48 && (hi & ((uint64_t{1} << (48 - p.len)) - 1)) != 0) return false;
  key = uint64_t{1} << 63 | hi << 8 | p.len;
  return true;
}

Prefix unpack_pending(uint64_t key) {
  Prefix p;
  p.len = static_cast<uint8_t>(key & 0xff);
  if ((key >> 63) == 0) {
    p.addr = IpAddr::v4(static_cast<uint32_t>(key >> 8));
    return p;
  }
  IpAddr a;
  a.family = Family::kIPv6;
  const uint64_t hi = (key >> 8) & ((uint64_t{1} << 48) - 1);
  for (int i = 0; i < 6; ++i) a.bytes[i] = static_cast<uint8_t>(hi >> (8 * (5 - i)));
  p.addr = a;
  return p;
}

bool contains_key(const std::vector<uint64_t>& keys, uint64_t k) {
  return std::find(keys.begin(), keys.end(), k) != keys.end();
}

}  // namespace

const char* peer_rule_name(PeerRule r) {
  switch (r) {
    case PeerRule::kNone:
      return "none";
    case PeerRule::kFullFeed:
      return "full-feed";
    case PeerRule::kFallback:
      return "fallback";
  }
  return "?";
}

VisibilitySignal::VisibilitySignal(const rib::Rib& rib, const refdata::Registry* registry,
                                   SignalOptions opts)
    : rib_(rib), registry_(registry), opts_(opts), visible_(rib::PrefixTrieOptions{false}) {}

bool VisibilitySignal::counted(const Prefix& p) const {
  if (p.addr.is_v4()) return p.len >= opts_.min_len_v4 && p.len <= opts_.max_len_v4 && p.len <= 24;
  return p.len >= opts_.min_len_v6 && p.len <= opts_.max_len_v6 && p.len <= 48;
}

bool VisibilitySignal::is_signal_peer(rib::PeerIndex peer, bool v6) const {
  return peer < member_.size() && (member_[peer] & (v6 ? 2 : 1)) != 0;
}

bool VisibilitySignal::visible(const rib::PrefixEntry& e, bool v6) const {
  const uint32_t members = members_[v6 ? 1 : 0];
  if (members == 0) return false;
  const uint8_t bit = v6 ? 2 : 1;
  uint32_t seen = 0;
  bool any = false;
  rib::PeerIndex last = 0;
  for (const rib::RouteEntry& r : e.routes) {  // sorted by peer
    if (any && r.peer == last) continue;       // ADD-PATH: one vote per peer
    any = true;
    last = r.peer;
    if (r.peer < member_.size() && (member_[r.peer] & bit) != 0) ++seen;
  }
  return static_cast<double>(seen) > opts_.visible_fraction * members;
}

uint16_t VisibilitySignal::country_of(const Prefix& p) const {
  if (registry_ == nullptr) return 0;
  const refdata::PrefixAnswer ans = registry_->lookup_prefix(p);
  refdata::CountryCode cc;
  if (ans.country) {
    cc = *ans.country;
  } else if (ans.delegation != nullptr && ans.delegation->delegated()) {
    cc = ans.delegation->cc;
  }
  if (cc.empty() || cc.is_regional() || cc.is_unknown()) return 0;
  return static_cast<uint16_t>(cc.index() + 1);
}

VisibilitySignal::Attribution VisibilitySignal::attribute(const Prefix& p,
                                                          const rib::PrefixEntry& e,
                                                          const Attribution* known) const {
  Attribution a;
  if (!e.origins.empty()) a.asn = e.origins[0].asn;
  a.origins = static_cast<uint8_t>(std::min<size_t>(e.origins.size(), 2));
  a.country = known != nullptr ? known->country : country_of(p);
  return a;
}

void VisibilitySignal::keys_of(const rib::PrefixEntry& e, uint16_t country,
                               std::vector<uint64_t>& keys) {
  keys.clear();
  for (const rib::OriginCount& o : e.origins) keys.push_back(as_key(o.asn));
  if (country != 0) {
    keys.push_back(country_key(refdata::CountryCode::from_index(country - 1)));
  }
}

void VisibilitySignal::expand(const Prefix& p, const Attribution& a,
                              std::vector<uint64_t>& keys) const {
  keys.clear();
  if (a.origins != 0) keys.push_back(as_key(a.asn));
  if (a.origins > 1) {
    if (auto it = extra_origins_.find(p); it != extra_origins_.end()) {
      for (uint32_t asn : it->second) keys.push_back(as_key(asn));
    }
  }
  if (a.country != 0) {
    keys.push_back(country_key(refdata::CountryCode::from_index(a.country - 1)));
  }
}

void VisibilitySignal::on_change(const rib::Change& c) {
  switch (c.kind) {
    case rib::ChangeKind::kChanged:
      // Same peer, same prefix: the count of peers stands, and a new origin
      // arrives as kOriginsChanged.
      return;
    case rib::ChangeKind::kOriginsChanged:
      // Only a visible prefix is re-attributed, and a change of origins
      // alone does not change visibility: test the Rib's entry, which comes
      // with the change, rather than the colder visible_ trie. (A
      // prefix that stopped being visible lost a route: noted already.)
      if (visible_.size() == 0 || !counted(c.prefix)) return;
      if (c.entry == nullptr || !visible(*c.entry, !c.prefix.addr.is_v4())) return;
      note(c.prefix);
      return;
    case rib::ChangeKind::kAdded:
    case rib::ChangeKind::kRemoved:
      if (!counted(c.prefix) || !is_signal_peer(c.peer, !c.prefix.addr.is_v4())) return;
      if (c.entry != nullptr && !may_flip(c)) return;
      note(c.prefix);
      return;
  }
}

void VisibilitySignal::note(const Prefix& p) {
  uint64_t key = 0;
  if (pack_pending(p, key)) {
    pending_.push_back(key);
  } else {
    pending_other_.push_back(p);
  }
}

// Whether a route added or removed by a signal peer can have made the
// prefix visible or invisible: only when it was the peer's first (added)
// or last (removed) route for the prefix — its vote changed — and the
// count of votes crossed the line. Most changes are a peer replacing its
// route, or a vote far from the line, and note nothing. Exact, because the
// signal peers change only in refresh(), which rescans.
bool VisibilitySignal::may_flip(const rib::Change& c) const {
  const bool v6 = !c.prefix.addr.is_v4();
  const uint32_t members = members_[v6 ? 1 : 0];
  if (members == 0) return false;  // nothing is visible until a refresh
  const uint8_t bit = v6 ? 2 : 1;
  uint32_t seen = 0, own = 0;
  bool any = false;
  rib::PeerIndex last = 0;
  for (const rib::RouteEntry& r : c.entry->routes) {  // sorted by peer
    own += r.peer == c.peer ? 1 : 0;
    if (any && r.peer == last) continue;
    any = true;
    last = r.peer;
    if (r.peer < member_.size() && (member_[r.peer] & bit) != 0) ++seen;
  }
  const bool added = c.kind == rib::ChangeKind::kAdded;
  if (added ? own != 1 : own != 0) return false;  // the peer's vote stands
  const uint32_t before = added ? seen - 1 : seen + 1;
  const double line = opts_.visible_fraction * members;
  return (static_cast<double>(seen) > line) != (static_cast<double>(before) > line);
}

void VisibilitySignal::flush() {
  // Each update keeps the totals equal to what visible_ holds, whatever
  // state the other noted prefixes are in, so the order does not matter.
  std::sort(pending_.begin(), pending_.end());
  pending_.erase(std::unique(pending_.begin(), pending_.end()), pending_.end());
  for (uint64_t key : pending_) update_prefix(unpack_pending(key));
  pending_.clear();
  std::sort(pending_other_.begin(), pending_other_.end());
  pending_other_.erase(std::unique(pending_other_.begin(), pending_other_.end()),
                       pending_other_.end());
  for (const Prefix& p : pending_other_) update_prefix(p);
  pending_other_.clear();
}

// Recomputes p's visibility and attribution and moves its space between
// entities accordingly.
void VisibilitySignal::update_prefix(const Prefix& p) {
  const bool v6 = !p.addr.is_v4();
  const rib::PrefixEntry* e = rib_.find(p);
  const bool vis = e != nullptr && visible(*e, v6);
  const Attribution* found = visible_.find(p);
  if (!vis && found == nullptr) return;
  const bool had = found != nullptr;
  // The common case: a prefix with one origin stays visible with the same
  // origin (the country comes with the space): nothing moves.
  if (had && vis && found->origins == 1 && e->origins.size() == 1 &&
      e->origins[0].asn == found->asn) {
    return;
  }
  Attribution old;
  if (had) old = *found;
  Attribution now;
  if (vis) now = attribute(p, *e, had ? &old : nullptr);

  if (had) {
    expand(p, old, old_keys_);
  } else {
    old_keys_.clear();
  }
  if (vis) {
    keys_of(*e, now.country, new_keys_);
  } else {
    new_keys_.clear();
  }
  diff_keys();
  if (had && vis && deltas_.empty()) return;  // same entities: nothing moves
  if (!deltas_.empty()) apply_deltas(p);
  store(p, had ? &old : nullptr, vis ? &now : nullptr, e);
}

// deltas_ = old_keys_ \ new_keys_ (sign -1) and new_keys_ \ old_keys_ (+1).
void VisibilitySignal::diff_keys() {
  deltas_.clear();
  for (uint64_t k : old_keys_) {
    if (!contains_key(new_keys_, k)) deltas_.push_back(Delta{k, -1});
  }
  for (uint64_t k : new_keys_) {
    if (!contains_key(old_keys_, k)) deltas_.push_back(Delta{k, +1});
  }
}

// For each entity of deltas_: unless a visible ancestor of p already counts
// for it, it gains or loses |p| minus what its visible more-specifics of p
// cover. Reads visible_ before p's own entry changes (p itself is skipped).
void VisibilitySignal::apply_deltas(const Prefix& p) {
  visible_.for_each_covering(p, [&](const Prefix& q, const Attribution& a) {
    if (q == p) return;
    expand(q, a, walk_keys_);
    for (Delta& d : deltas_) d.covered = d.covered || contains_key(walk_keys_, d.key);
  });
  const bool any_open =
      std::any_of(deltas_.begin(), deltas_.end(), [](const Delta& d) { return !d.covered; });
  if (!any_open) return;
  const Units pu = units_of(p);
  if (p.len < (p.addr.is_v4() ? 24 : 48)) {
    visible_.for_each_more_specific(p, [&](const Prefix& q, const Attribution& a) {
      if (q == p) return;
      expand(q, a, walk_keys_);
      const Units qu = units_of(q);
      for (Delta& d : deltas_) {
        if (d.covered || qu.start < d.cover_end || !contains_key(walk_keys_, d.key)) continue;
        d.inner += qu.count;
        d.cover_end = qu.end();
      }
    });
  }
  for (const Delta& d : deltas_) {
    if (d.covered) continue;
    add_units(d.key, pu.family, d.sign * static_cast<int64_t>(pu.count - d.inner));
  }
}

void VisibilitySignal::store(const Prefix& p, const Attribution* old, const Attribution* now,
                             const rib::PrefixEntry* e) {
  // Only prefixes with several origins have an entry in extra_origins_.
  const bool had_extra = old != nullptr && old->origins > 1;
  if (now == nullptr) {
    visible_.erase(p);
    if (had_extra) extra_origins_.erase(p);
    return;
  }
  visible_.insert_or_assign(p, *now);
  if (now->origins > 1) {
    auto& extra = extra_origins_[p];
    extra.clear();
    for (size_t i = 1; i < e->origins.size(); ++i) extra.push_back(e->origins[i].asn);
  } else if (had_extra) {
    extra_origins_.erase(p);
  }
}

void VisibilitySignal::add_units(uint64_t key, int family, int64_t delta) {
  if (delta == 0) return;
  Totals& t = totals_[key];
  t.units[family] = static_cast<uint64_t>(static_cast<int64_t>(t.units[family]) + delta);
  if (!t.dirty) {
    t.dirty = true;
    dirty_.push_back(key);
  }
}

EntityTotals VisibilitySignal::totals(uint64_t key) const {
  auto it = totals_.find(key);
  if (it == totals_.end()) return {};
  return EntityTotals{it->second.units[0], it->second.units[1]};
}

std::vector<uint64_t> VisibilitySignal::take_dirty() {
  for (uint64_t k : dirty_) totals_[k].dirty = false;
  std::vector<uint64_t> out;
  out.swap(dirty_);
  return out;
}

// Recomputes member_ per family (rules in the header). Returns whether any
// peer joined or left.
bool VisibilitySignal::choose_peers() {
  const auto& peers = rib_.peers();
  member_.resize(peers.size(), 0);
  bool changed = false;
  for (int f = 0; f < 2; ++f) {
    const uint8_t bit = static_cast<uint8_t>(1u << f);
    const uint32_t full = f == 0 ? opts_.full_feed_v4 : opts_.full_feed_v6;
    uint32_t largest = 0;
    bool any_full = false;
    for (const rib::PeerInfo& info : peers) {
      if (!info.up) continue;
      const uint32_t n = f == 0 ? info.routes_v4 : info.routes_v6;
      largest = std::max(largest, n);
      any_full = any_full || n > full;
    }
    PeerRule rule = PeerRule::kNone;
    if (any_full) {
      rule = PeerRule::kFullFeed;
    } else if (largest > 0 && largest >= opts_.fallback_min_routes) {
      rule = PeerRule::kFallback;
    }
    uint32_t count = 0;
    for (size_t i = 0; i < peers.size(); ++i) {
      const rib::PeerInfo& info = peers[i];
      const uint32_t n = f == 0 ? info.routes_v4 : info.routes_v6;
      const bool was = (member_[i] & bit) != 0;
      bool is = false;
      if (info.up && rule == PeerRule::kFullFeed) {
        is = n > full;
      } else if (info.up && rule == PeerRule::kFallback) {
        const bool keep = was && rule_[f] == PeerRule::kFallback;
        const double need = (keep ? opts_.fallback_keep : opts_.fallback_join) * largest;
        is = n >= opts_.fallback_min_routes && static_cast<double>(n) >= need;
      }
      changed = changed || is != was;
      member_[i] = static_cast<uint8_t>(is ? member_[i] | bit : member_[i] & ~bit);
      count += is ? 1 : 0;
    }
    rule_[f] = rule;
    members_[f] = count;
  }
  return changed;
}

RefreshResult VisibilitySignal::refresh() {
  flush();  // the figures "before" a rescan include the bin's last changes
  RefreshResult r;
  r.peers_changed = choose_peers();
  if (r.peers_changed) rescan(r);
  return r;
}

// Rebuilds visible_ and every entity's totals from the whole table in one
// ordered pass: in (family, address, length) order a prefix either starts
// a new covered range for an entity or lies inside the last one.
void VisibilitySignal::rescan(RefreshResult& result) {
  ++rescans_;
  result.rescanned = true;
  // Countries already looked up, in the order the sweep visits prefixes.
  // (Without a registry there is no country to keep.)
  std::vector<std::pair<Prefix, uint16_t>> known;
  if (registry_ != nullptr) {
    known.reserve(visible_.size());
    visible_.for_each(
        [&](const Prefix& p, const Attribution& a) { known.emplace_back(p, a.country); });
  }
  size_t next_known = 0;
  visible_.clear();
  extra_origins_.clear();
  for (auto& [key, t] : totals_) {
    for (int f = 0; f < 2; ++f) {
      t.before[f] = t.units[f];
      t.units[f] = 0;
      t.cover_end[f] = 0;
    }
  }
  rib_.trie().for_each([&](const Prefix& p, const rib::PrefixEntry& e) {
    if (!counted(p) || !visible(e, !p.addr.is_v4())) return;
    while (next_known < known.size() && known[next_known].first < p) ++next_known;
    Attribution cached;
    const bool hit = next_known < known.size() && known[next_known].first == p;
    if (hit) cached.country = known[next_known].second;
    const Attribution a = attribute(p, e, hit ? &cached : nullptr);
    visible_.emplace(p, a);
    if (a.origins > 1) {
      auto& extra = extra_origins_[p];
      for (size_t i = 1; i < e.origins.size(); ++i) extra.push_back(e.origins[i].asn);
    }
    keys_of(e, a.country, new_keys_);
    const Units u = units_of(p);
    for (uint64_t k : new_keys_) {
      Totals& t = totals_[k];
      if (u.start < t.cover_end[u.family]) continue;
      t.units[u.family] += u.count;
      t.cover_end[u.family] = u.end();
    }
  });
  for (auto& [key, t] : totals_) {
    if (t.units[0] != t.before[0]) result.rebased.push_back(Rebased{key, t.before[0], t.units[0]});
    if ((t.units[0] != t.before[0] || t.units[1] != t.before[1]) && !t.dirty) {
      t.dirty = true;
      dirty_.push_back(key);
    }
  }
}

}  // namespace vigil::detect::signal

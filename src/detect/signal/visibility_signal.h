// VisibilitySignal: IODA's BGP signal, kept up to date from the routing
// state's change log. For every origin AS and every country it counts the
// address space that is *visible*:
//
//   signal peers P_F   per family F (IPv4, IPv6): the full-feed peers
//                      (> 400k IPv4 / > 10k IPv6 routes, PeerInfo's
//                      numbers applied per family), or a fallback (below)
//   visible(p)        ⇔ #{peers in P_F with a route for p} > 0.5 · |P_F|
//   S_X               = number of IPv4 /24 blocks covered by at least one
//                       visible prefix attributed to X (the UNION of the
//                       space: a /16 and its /24s count 256, not 257);
//                       IPv6 likewise in /48 units
//   attribution       a visible prefix counts for every origin AS of its
//                     routes (PrefixEntry::origins, any peer; MOAS counts for
//                     each origin; AS_SET-final paths for none) and for the
//                     country of its space in the registry (lookup_prefix:
//                     the one country of every overlapping delegation, else
//                     the most specific covering delegation's; regional
//                     EU/AP and ZZ are no country). Without a registry:
//                     per AS only.
//   counted prefixes  IPv4 /8../24 and IPv6 /16../48. Longer prefixes do
//                     not cover a whole unit (and are mostly filtered);
//                     shorter ones are default routes or bogus aggregates.
//
// Per family, not PeerInfo::full_feed() as such: RIS and RouteViews peers
// often run separate IPv4 and IPv6 sessions (separate vigil peers), and a
// v6-only full-feed session counted against IPv4 prefixes would halve
// their visibility.
//
// Fallback (update-only replays, small collectors, tests): when no peer of
// a family is full-feed, P_F = the peers (up) whose table in F holds at
// least `fallback_join` (0.2) of the largest table in F, and at least
// `fallback_min_routes` (1) routes; a member stays while it holds
// `fallback_keep` (0.1) of the largest (hysteresis, so that peers near the
// line do not cause a rescan every bin). In an update-only replay a peer's
// "table" is what it announced since the start, so its size measures churn
// as much as coverage: on RIS rrc06 (2021-01-02, 4 h) the three IPv4
// sessions end with 32.1k, 9.2k and 9.2k routes, and a rule of half the
// largest would leave a single vantage point. SignalOptions configures all
// of it.
//
// Design and cost
//   * The signal peers are chosen only by refresh(), which the owner calls
//     at bin boundaries (every 5 minutes of data time). Between refreshes,
//     on_change() only notes which prefixes may have changed (a push onto
//     a vector: the signal is read once per bin, and a busy prefix changes
//     many times per bin, at many peers), and only those that may have:
//       - route added/removed by a signal peer: noted only when it was the
//         peer's first/last route for p and the count of signal peers
//         carrying p crossed the visibility line (one pass over p's
//         routes, which the change hands over: ~#peers entries of 16
//         octets, in cache);
//       - origins of p changed (any peer): noted if p is visible;
//       - changes by other peers, attribute-only changes: nothing.
//     flush() — called by refresh() — updates the signal incrementally,
//     once per distinct noted prefix, against the Rib as it is then.
//     When p becomes visible or invisible (or changes attribution), each of
//     its entities X gains or loses |p| minus the part of p already covered
//     for X: one walk up p's ancestors in the visible-prefix trie (≤ 24
//     levels) and one over p's visible more-specifics (none for a /24 or a
//     /48; for a /8 with many visible more-specifics it is their number).
//   * A rescan (one ordered pass over the whole routing table: per prefix a
//     recount, then the union by a sweep in address order, O(prefixes),
//     plus a registry lookup for each newly visible prefix) happens only in
//     refresh() and only when the set of signal peers changed:
//       - once after a RIB dump (there are no signal peers before the first
//         refresh, so loading the dump costs one early return per change);
//       - when a full-feed peer comes or goes, a few times a day per
//         collector (a session going down first removes its routes one by
//         one through the incremental path: ~0.1 µs each);
//       - in update-only replays while the fallback set settles (3 rescans
//         in the 4 h rrc06 replay).
//     Measured: ~0.12 s for the 2014 jinx table (500k prefixes, with the
//     registry), so ~0.25 s for today's ~900k. refresh() reports, per
//     entity, the figure just before and just after, so that the owner can
//     rescale history that is no longer comparable.
//   * Memory: the visible-prefix trie (8-octet values, no IPv4 index: ~45
//     octets per visible prefix with glue; +23 MB on the jinx table), a side
//     map for prefixes with several origins, and ~40 octets per entity.
//
// Preconditions and lifetimes: `rib` (and `registry`, which may be null)
// must outlive the signal; every change of `rib` must reach on_change() in
// order (the signal reads the Rib during the callback), from the Rib's
// first change on or followed by a refresh() (which rescans). Results are
// returned by value. Not thread-safe. Errors: none; nothing throws except
// std::bad_alloc.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/ip.h"
#include "refdata/registry/registry.h"
#include "rib/prefix_trie.h"
#include "rib/rib.h"

namespace vigil::detect::signal {

enum class PeerRule : uint8_t {
  kNone,      // no peer qualifies: nothing is visible
  kFullFeed,  // IODA's full-feed peers
  kFallback,  // peers with a large share of the largest table
};
const char* peer_rule_name(PeerRule r);  // "none", "full-feed", "fallback"

struct SignalOptions {
  // A prefix is visible when strictly more than this share of the signal
  // peers carries a route for it (IODA: 0.5).
  double visible_fraction = 0.5;
  // Full-feed thresholds per family (PeerInfo::full_feed()'s numbers).
  uint32_t full_feed_v4 = 400000;
  uint32_t full_feed_v6 = 10000;
  // Fallback when no peer of a family is full-feed (see above).
  double fallback_join = 0.2;
  double fallback_keep = 0.1;
  uint32_t fallback_min_routes = 1;
  // Counted prefix lengths (see above).
  uint8_t min_len_v4 = 8, max_len_v4 = 24;
  uint8_t min_len_v6 = 16, max_len_v6 = 48;
};

// Entities are keyed by one integer: an AS is its number, a country
// 2^32 + CountryCode::index().
inline uint64_t as_key(uint32_t asn) { return asn; }
inline uint64_t country_key(refdata::CountryCode cc) {
  return (uint64_t{1} << 32) + static_cast<uint64_t>(cc.index());
}
inline bool is_country_key(uint64_t key) { return key >> 32 != 0; }
inline refdata::CountryCode key_country(uint64_t key) {
  return refdata::CountryCode::from_index(static_cast<int>(key & 0xffffffffu));
}

// An entity's visible space now.
struct EntityTotals {
  uint64_t v4_slash24s = 0;
  uint64_t v6_slash48s = 0;
};

// What a rescan changed: entities whose IPv4 figure moved only because the
// signal peers changed (their history is not comparable any more).
struct Rebased {
  uint64_t key = 0;
  uint64_t before = 0;
  uint64_t after = 0;
};

struct RefreshResult {
  bool rescanned = false;
  bool peers_changed = false;
  std::vector<Rebased> rebased;
};

class VisibilitySignal {
 public:
  VisibilitySignal(const rib::Rib& rib, const refdata::Registry* registry, SignalOptions opts = {});

  // Call for every change of the Rib, during its change callback.
  void on_change(const rib::Change& c);
  // Brings the totals up to date with the changes noted since the last
  // flush (each prefix once, against the Rib as it is now).
  void flush();
  // flush(), then re-chooses the signal peers and rescans when they
  // changed. Call at bin boundaries, before reading the totals.
  RefreshResult refresh();

  // As of the last flush() or refresh(). Zeros for an entity that never
  // had visible space.
  EntityTotals totals(uint64_t key) const;
  // Entities whose totals changed since the last call (each once).
  std::vector<uint64_t> take_dirty();

  uint32_t signal_peers(bool v6) const { return members_[v6 ? 1 : 0]; }
  PeerRule peer_rule(bool v6) const { return rule_[v6 ? 1 : 0]; }
  bool is_signal_peer(rib::PeerIndex peer, bool v6) const;
  size_t visible_prefixes() const { return visible_.size(); }
  size_t rescans() const { return rescans_; }
  const SignalOptions& options() const { return opts_; }

 private:
  // A visible prefix's attribution: its first origin, how many origins it
  // has (0, 1, or 2 = several: the others are in extra_origins_) and its
  // country (index + 1, 0: none).
  struct Attribution {
    uint32_t asn = 0;
    uint16_t country = 0;
    uint8_t origins = 0;
    uint8_t reserved = 0;
  };
  struct Totals {
    uint64_t units[2] = {0, 0};      // [0] IPv4 /24s, [1] IPv6 /48s
    uint64_t cover_end[2] = {0, 0};  // rescan sweep scratch
    uint64_t before[2] = {0, 0};     // rescan scratch
    bool dirty = false;
  };
  // Per-entity scratch of one incremental update.
  struct Delta {
    uint64_t key = 0;
    int sign = 0;  // +1 gained p, -1 lost it
    bool covered = false;
    uint64_t inner = 0;
    uint64_t cover_end = 0;
  };

  bool counted(const Prefix& p) const;
  void note(const Prefix& p);
  bool visible(const rib::PrefixEntry& e, bool v6) const;
  bool may_flip(const rib::Change& c) const;
  void update_prefix(const Prefix& p);
  Attribution attribute(const Prefix& p, const rib::PrefixEntry& e, const Attribution* known) const;
  uint16_t country_of(const Prefix& p) const;
  static void keys_of(const rib::PrefixEntry& e, uint16_t country, std::vector<uint64_t>& keys);
  void expand(const Prefix& p, const Attribution& a, std::vector<uint64_t>& keys) const;
  // Records p's attribution (`now`; null: no longer visible) in place of
  // `old` (null: was not visible).
  void store(const Prefix& p, const Attribution* old, const Attribution* now,
             const rib::PrefixEntry* e);
  void diff_keys();
  void apply_deltas(const Prefix& p);
  void add_units(uint64_t key, int family, int64_t delta);
  bool choose_peers();
  void rescan(RefreshResult& result);

  const rib::Rib& rib_;
  const refdata::Registry* registry_;
  SignalOptions opts_;
  std::vector<uint8_t> member_;  // per peer: bit 0 IPv4 member, bit 1 IPv6
  uint32_t members_[2] = {0, 0};
  PeerRule rule_[2] = {PeerRule::kNone, PeerRule::kNone};
  rib::PrefixTrie<Attribution> visible_;
  std::unordered_map<Prefix, std::vector<uint32_t>, PrefixHash> extra_origins_;
  std::unordered_map<uint64_t, Totals> totals_;
  std::vector<uint64_t> dirty_;
  // Noted by on_change(), applied by flush(): counted prefixes packed in a
  // word (pack_pending: cheap to sort and dedupe), the rare others whole.
  std::vector<uint64_t> pending_;
  std::vector<Prefix> pending_other_;
  size_t rescans_ = 0;
  // Scratch, kept to avoid allocations per change.
  std::vector<uint64_t> old_keys_, new_keys_, walk_keys_;
  std::vector<Delta> deltas_;
};

}  // namespace vigil::detect::signal

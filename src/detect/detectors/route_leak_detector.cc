// "route-leak": routes that travelled against the business relationships
// of the ASes on their path (docs/route-leaks.md).
//
//  1. Valley-free violations (leak/valley_free.h) against the relationships
//     of ctx.ref.relationships (a CAIDA file), or, without them, against
//     relationships inferred with Gao's algorithm from the distinct paths
//     seen while learning (once, when learning ends), with the Tier-1 clique
//     put on top (leak::with_clique_on_top). One alert per (prefix, leaker)
//     at a peer, cleared when the route is withdrawn or replaced by one
//     without that leaker. Only classified violations (RFC 7908 types 1-4)
//     alert; a (pre, leaker, next) triple that already occurred in the
//     baseline is the norm (a relationship error or a partial-transit deal)
//     and does not. With inferred relationships a finding also needs both of
//     the leaker's links on kMinLinkSupport distinct baseline paths, and a
//     leaker outside the clique.
//  2. RFC 9234 Only-To-Customer: a route whose OTC value names an AS X on its
//     path and that was later sent up or sideways (per the relationships) is
//     a leak by the AS that did it (leak::check_otc). It takes precedence
//     over the valley finding for the same route and is never allowlisted.
//  3. Table leaks: an AS that, within kTableLeakWindow seconds, carries
//     routes for at least kTableLeakMinPrefixes prefixes of baseline origins
//     whose routes it never transited in the baseline, at kTableLeakMinPeers
//     peers or more. One aggregate alert per AS, cleared when fewer than half
//     that many such routes remain.
//
// Cost: everything path-dependent (valley verdict, new transits) is worked
// out once per path content (DetectContext path numbers) and generation;
// the common verdict "nothing to see" rides in the path's PathFlag bits,
// so most changes end without touching this detector's tables. OTC is
// checked only on routes that carry the attribute.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "detect/detectors/detectors.h"
#include "detect/detectors/u64_set.h"
#include "detect/leak/valley_free.h"
#include "refdata/asrel/as_relationships.h"
#include "refdata/asrel/gao_inference.h"

namespace vigil::detect {

namespace {

using leak::LeakType;

// Table-leak defaults (docs/route-leaks.md has the measurements behind
// them): big leaks move tens of thousands of prefixes in minutes, while a
// busy transit AS picks up a few hundred new prefixes per window as paths
// change.
constexpr uint32_t kTableLeakMinPrefixes = 2000;
constexpr uint32_t kTableLeakWindow = 600;
constexpr uint32_t kTableLeakMinPeers = 1;
// Inferred relationships: distinct baseline paths a link must be seen in
// before a valley built on it alerts.
constexpr uint32_t kMinLinkSupport = 2;

// The route's AS path for classification: AS_SEQUENCE segments up to the
// first AS_SET (cut there, as the valley check needs an order);
// confederation segments are skipped. False when there is no path.
bool sequence_path(const rib::AttrStore& store, const rib::RouteAttrs& a,
                   std::vector<uint32_t>& out) {
  out.clear();
  if (a.path == 0) return false;
  const rib::PathData& p = store.path(a.path);
  for (size_t i = 0; i < p.segment_count(); ++i) {
    const auto seg = p.segment(i);
    if (seg.type == bgp::SegmentType::kSet) break;
    if (seg.type != bgp::SegmentType::kSequence) continue;
    out.insert(out.end(), seg.asns, seg.asns + seg.count);
  }
  return !out.empty();
}

std::string as_text(uint32_t asn) { return "AS" + std::to_string(asn); }

// The roles named by an RFC 7908 type: where the leaker learned the route
// and where it sent it.
const char* learned_from(LeakType t) {
  return t == LeakType::kHairpin || t == LeakType::kProviderToPeer ? "provider" : "peer";
}
const char* sent_to(LeakType t) {
  return t == LeakType::kHairpin || t == LeakType::kPeerToProvider ? "provider" : "peer";
}

// What one route's attributes say.
struct Finding {
  bool alert = false;
  bool otc = false;  // attested by the OTC attribute
  LeakType type = LeakType::kNone;
  uint32_t leaker = 0, pre = 0, next = 0;
  uint32_t otc_value = 0;
};

struct Triple {
  uint32_t pre, leaker, next;
  bool operator==(const Triple&) const = default;
};
struct TripleHash {
  size_t operator()(const Triple& t) const {
    uint64_t h = (uint64_t{t.pre} << 32 | t.leaker) * 0x9e3779b97f4a7c15ull ^ t.next;
    h ^= h >> 29;
    return static_cast<size_t>(h * 0xbf58476d1ce4e5b9ull);
  }
};

// Distinct paths seen while learning, stored back to back.
class PathLog {
 public:
  void add(std::span<const uint32_t> path) {
    asns_.insert(asns_.end(), path.begin(), path.end());
    ends_.push_back(static_cast<uint32_t>(asns_.size()));
  }
  size_t size() const { return ends_.size(); }
  std::span<const uint32_t> at(size_t i) const {
    const uint32_t begin = i == 0 ? 0 : ends_[i - 1];
    return {asns_.data() + begin, ends_[i] - begin};
  }
  std::vector<std::vector<uint32_t>> copy() const {
    std::vector<std::vector<uint32_t>> out;
    out.reserve(size());
    for (size_t i = 0; i < size(); ++i) out.emplace_back(at(i).begin(), at(i).end());
    return out;
  }

 private:
  std::vector<uint32_t> asns_;
  std::vector<uint32_t> ends_;
};

// What the detector knows of one AS path once the baseline is closed: all
// of it depends only on the path and the generation (baseline and
// relationships), so it is worked out once per path content.
struct PathInfo {
  leak::ValleyResult valley;
  bool valley_alert = false;  // the valley is a finding (classified, not the norm, supported)
  bool new_transit = false;   // some AS transits the origin's routes for the first time
  // Those ASes, when there are at most kMaxTransits (else worked out again
  // from the path at each route).
  static constexpr size_t kMaxTransits = 4;
  uint8_t transits = 0;  // how many of transit[] hold; kMaxTransits + 1: too many
  uint32_t transit[kMaxTransits] = {};
};

// The PathInfo cached per path number (DetectContext::new_path/old_path:
// one number per distinct path content) is valid for the generation
// (baseline and relationships) it was computed in.
struct CachedPathInfo {
  uint32_t gen = 0;  // 0: never computed (generations start at 1)
  PathInfo info;
};

// Table leaks. The baseline is every (transit AS, origin AS) pair of the
// paths seen while learning; after it, a route whose path has an AS
// transiting the routes of a baseline origin it never transited before is a
// "new transit" of that AS. Per AS, the distinct prefixes of such routes are
// counted in a window. Origins absent from the baseline are not judged (an
// update-only baseline misses most of them).
class TableLeakMonitor {
 public:
  // A distinct path seen while learning (peer first, sequence only).
  void learn(std::span<const uint32_t> path) {
    if (path.empty()) return;
    origins_.insert(path.back());
    for_each_transit(path, [&](uint32_t asn) { pairs_.insert(pair_key(asn, path.back())); });
  }

  // The ASes that transit `path`'s origin for the first time, into `pi`.
  void new_transits(std::span<const uint32_t> path, PathInfo& pi) const {
    for_each_new_transit(path, [&](uint32_t asn) {
      pi.new_transit = true;
      if (pi.transits < PathInfo::kMaxTransits) {
        pi.transit[pi.transits] = asn;
      }
      if (pi.transits <= PathInfo::kMaxTransits) ++pi.transits;
    });
  }

  // route_gone() and route_added() for a path whose new transits are
  // known (PathInfo::transit).
  void transits_gone(std::span<const uint32_t> asns, uint32_t time, AlertSink& out) {
    for (uint32_t asn : asns) {
      auto s = states_.find(asn);
      if (s != states_.end()) gone(asn, s->second, time, out);
    }
  }
  void transits_added(std::span<const uint32_t> asns, const rib::Change& c,
                      const DetectContext& ctx, AlertSink& out) {
    for (uint32_t asn : asns) new_transit(asn, c, ctx, out);
  }

  // A route with new transits went away.
  void route_gone(std::span<const uint32_t> path, uint32_t time, AlertSink& out) {
    for_each_new_transit(path, [&](uint32_t asn) {
      auto s = states_.find(asn);
      if (s != states_.end()) gone(asn, s->second, time, out);
    });
  }

  // A route with new transits arrived.
  void route_added(std::span<const uint32_t> path, const rib::Change& c, const DetectContext& ctx,
                   AlertSink& out) {
    for_each_new_transit(path, [&](uint32_t asn) { new_transit(asn, c, ctx, out); });
  }

 private:
  struct AsState {
    uint32_t window_start = 0;
    // This window's prefixes, with repeats until the next dedupe (a hash
    // set here cost a node per route and a free per node at each window).
    std::vector<Prefix> prefixes;
    size_t distinct = 0;                // after the last dedupe
    size_t next_check = 0;              // dedupe when prefixes reaches this size
    size_t reported = 0;                // distinct count of the last alert
    std::vector<rib::PeerIndex> peers;  // seen this window
    uint64_t live = 0;                  // routes now carried through a new transit of this AS
    bool alerted = false;
  };

  static uint64_t pair_key(uint32_t transit, uint32_t origin) {
    return uint64_t{transit} << 32 | origin;
  }

  // Calls fn(asn) for each AS between the collector's peer and the origin
  // (prepends once). The peer itself is left out: a peer re-sending its
  // table after a session reset is not a leak.
  template <typename Fn>
  static void for_each_transit(std::span<const uint32_t> path, Fn&& fn) {
    if (path.size() < 3) return;
    const uint32_t first = path.front(), origin = path.back();
    for (size_t i = 1; i + 1 < path.size(); ++i) {
      const uint32_t a = path[i];
      if (a == first || a == origin || a == path[i - 1]) continue;
      fn(a);
    }
  }

  template <typename Fn>
  void for_each_new_transit(std::span<const uint32_t> path, Fn&& fn) const {
    if (path.size() < 3 || !origins_.contains(path.back())) return;
    for_each_transit(path, [&](uint32_t asn) {
      if (!pairs_.contains(pair_key(asn, path.back()))) fn(asn);
    });
  }

  void new_transit(uint32_t asn, const rib::Change& c, const DetectContext& ctx, AlertSink& out) {
    AsState& s = states_[asn];
    ++s.live;
    if (c.time >= s.window_start + kTableLeakWindow || s.prefixes.empty()) {
      s.window_start = c.time;
      s.prefixes.clear();  // keeps its capacity
      s.distinct = s.reported = 0;
      s.next_check = kTableLeakMinPrefixes;
      s.peers.clear();
    }
    s.prefixes.push_back(c.prefix);
    if (std::find(s.peers.begin(), s.peers.end(), c.peer) == s.peers.end()) {
      s.peers.push_back(c.peer);
    }
    if (s.prefixes.size() < s.next_check) return;
    // Dedupe; the next check comes after half as many more routes again, so
    // sorting stays O(log n) per route even in a 70k-route leak.
    std::sort(s.prefixes.begin(), s.prefixes.end());
    s.prefixes.erase(std::unique(s.prefixes.begin(), s.prefixes.end()), s.prefixes.end());
    s.distinct = s.prefixes.size();
    s.next_check = s.distinct + std::max<size_t>(kTableLeakMinPrefixes / 4, s.distinct / 2);
    if (s.distinct < kTableLeakMinPrefixes || s.peers.size() < kTableLeakMinPeers) return;
    // Raised once when the threshold is crossed, then restated with the
    // latest figures every further kTableLeakMinPrefixes prefixes.
    if (s.alerted && s.distinct < s.reported + kTableLeakMinPrefixes) return;
    s.alerted = true;
    s.reported = s.distinct;
    raise(asn, s, c, ctx, out);
  }

  void gone(uint32_t asn, AsState& s, uint32_t time, AlertSink& out) {
    if (s.live > 0) --s.live;
    if (s.alerted && s.live < kTableLeakMinPrefixes / 2) {
      s.alerted = false;
      out.clear(AlertType::kRouteLeak, Prefix(), asn, kAggregatePeer, time);
    }
  }

  static void raise(uint32_t asn, const AsState& s, const rib::Change& c, const DetectContext& ctx,
                    AlertSink& out) {
    Alert a;
    a.type = AlertType::kRouteLeak;
    a.severity = Severity::kMedium;
    a.has_prefix = false;
    a.asn = asn;
    a.aggregate_peers = static_cast<uint32_t>(s.peers.size());
    a.time = c.time;
    a.code = "table-leak";
    a.evidence = ctx.evidence;
    a.explanation = as_text(asn) + " began transiting " + std::to_string(s.distinct) +
                    " prefixes of origins it never transited in the baseline within " +
                    std::to_string(c.time - s.window_start) + " s, seen at " +
                    std::to_string(s.peers.size()) + " peer(s): a possible table leak.";
    out.raise(std::move(a));
  }

  U64Set origins_;  // ASNs
  U64Set pairs_;    // pair_key(transit, origin); never ~0 (transit != origin)
  std::unordered_map<uint32_t, AsState> states_;
};

class RouteLeakDetector : public Detector {
 public:
  const char* name() const override { return "route-leak"; }
  bool wants_time() const override { return true; }

  void on_time(uint32_t, const DetectContext& ctx, AlertSink&) override {
    if (!ctx.learning && baseline_open_) close_baseline(ctx);
  }

  void on_change(const rib::Change& c, const DetectContext& ctx, AlertSink& out) override {
    if (c.kind == rib::ChangeKind::kOriginsChanged) return;
    if (ctx.learning) {
      learn(c, ctx);
      return;
    }
    if (baseline_open_) close_baseline(ctx);
    if (unremarkable(c.old_attrs, ctx.old_path, ctx) &&
        unremarkable(c.new_attrs, ctx.new_path, ctx)) {
      return;  // most changes: find() would say nothing about either route
    }
    const PathInfo* before_info = nullptr;
    const Finding before =
        c.old_attrs != 0 ? find(c.old_attrs, ctx.old_path, ctx, before_info) : Finding{};
    const bool before_new = before_info != nullptr && before_info->new_transit;
    // A copy: the next find() may grow the cache that before_info points into.
    const PathInfo before_copy = before_new ? *before_info : PathInfo{};
    const PathInfo* after_info = nullptr;
    const Finding after =
        c.new_attrs != 0 ? find(c.new_attrs, ctx.new_path, ctx, after_info) : Finding{};
    if (before.alert && !(after.alert && after.leaker == before.leaker)) {
      out.clear(AlertType::kRouteLeak, c.prefix, before.leaker, c.peer, c.time);
    }
    if (after.alert) raise(after, c, ctx, out);
    if (before_new) {
      if (before_copy.transits <= PathInfo::kMaxTransits) {
        table_.transits_gone({before_copy.transit, before_copy.transits}, c.time, out);
      } else if (sequence_path(ctx.rib.store(), ctx.rib.store().attrs(c.old_attrs), scratch_)) {
        table_.route_gone(scratch_, c.time, out);
      }
    }
    if (after_info != nullptr && after_info->new_transit) {
      if (after_info->transits <= PathInfo::kMaxTransits) {
        table_.transits_added({after_info->transit, after_info->transits}, c, ctx, out);
      } else if (sequence_path(ctx.rib.store(), ctx.rib.store().attrs(c.new_attrs), scratch_)) {
        table_.route_added(scratch_, c, ctx, out);
      }
    }
  }

 private:
  const refdata::AsRelationships& rels(const DetectContext& ctx) const {
    return ctx.ref.relationships != nullptr ? *ctx.ref.relationships : inferred_;
  }

  void learn(const rib::Change& c, const DetectContext& ctx) {
    baseline_open_ = true;
    if (quiet_rule().enabled) set_quiet_rule({});
    if (c.new_attrs == 0 || !ctx.new_path.first_sight) return;
    if (sequence_path(ctx.rib.store(), ctx.rib.store().attrs(c.new_attrs), scratch_)) {
      paths_.add(scratch_);
      table_.learn(scratch_);
    }
  }

  // Learning ended: infer the relationships (unless given), then take the
  // violations of the baseline paths as the norm.
  void close_baseline(const DetectContext& ctx) {
    baseline_open_ = false;
    if (ctx.ref.relationships == nullptr) {
      auto r = refdata::infer_relationships_gao(paths_.copy());
      if (r.ok()) inferred_ = leak::with_clique_on_top(r->relationships, leak::default_clique());
    }
    allowed_.clear();
    support_.clear();
    if (ctx.ref.relationships == nullptr) count_support();
    for (size_t i = 0; i < paths_.size(); ++i) {
      const auto v = leak::classify_path(paths_.at(i), rels(ctx));
      if (v.cls == leak::PathClass::kViolation) allowed_.insert({v.pre, v.leaker, v.next});
    }
    ++gen_;
    ctx.unmark_all_paths(kLeakChecked | kLeakNotable);
    // From now on, changes between paths judged unremarkable (and without
    // OTC) need no call: unremarkable() holds for both routes.
    QuietRule r;
    r.enabled = true;
    r.path_mask = kLeakChecked | kLeakNotable;
    r.path_quiet = kLeakChecked;
    r.conditions = kQuietNoOtc | kQuietNotLearning;
    set_quiet_rule(r);
  }

  static uint64_t link_key(uint32_t a, uint32_t b) {
    return a < b ? (uint64_t{a} << 32 | b) : (uint64_t{b} << 32 | a);
  }
  // Distinct baseline paths through each link (prepends collapsed).
  void count_support() {
    for (size_t i = 0; i < paths_.size(); ++i) {
      const auto p = paths_.at(i);
      for (size_t k = 1; k < p.size(); ++k) {
        if (p[k] != p[k - 1]) ++support_[link_key(p[k - 1], p[k])];
      }
    }
  }
  uint32_t support(uint32_t a, uint32_t b) const {
    auto it = support_.find(link_key(a, b));
    return it == support_.end() ? 0 : it->second;
  }
  // With inferred relationships, a valley counts only when both of the
  // leaker's links rest on kMinLinkSupport distinct baseline paths (a
  // relationship read off a single path is a guess; Gao's own threshold L = 1
  // treats one contrary path as noise) and the leaker is not a clique member
  // (with_clique_on_top makes those providers of everyone outside it).
  bool inferred_finding_holds(const leak::ValleyResult& v) const {
    const auto clique = leak::default_clique();
    if (std::find(clique.begin(), clique.end(), v.leaker) != clique.end()) return false;
    return support(v.pre, v.leaker) >= kMinLinkSupport &&
           support(v.leaker, v.next) >= kMinLinkSupport;
  }

  // The cached PathInfo of a route's path, `n` its path number; the
  // verdict "nothing to see" is also kept in the path's PathFlag bits.
  const PathInfo& info(rib::AttrsId id, const PathNumbers::Number& n, const DetectContext& ctx) {
    CachedPathInfo& slot = cache_.at(n.number, ctx.path_epoch);
    if (slot.gen == gen_) return slot.info;
    PathInfo pi;
    if (sequence_path(ctx.rib.store(), ctx.rib.store().attrs(id), scratch_)) {
      pi.valley = leak::classify_path(scratch_, rels(ctx));
      table_.new_transits(scratch_, pi);
      const leak::ValleyResult& v = pi.valley;
      pi.valley_alert = v.cls == leak::PathClass::kViolation && v.type != LeakType::kUnknown &&
                        allowed_.count({v.pre, v.leaker, v.next}) == 0 &&
                        (ctx.ref.relationships != nullptr || inferred_finding_holds(v));
    }
    slot = {gen_, pi};
    // Routes of other paths yield no finding (OTC aside) and no transit.
    const bool notable = pi.new_transit || pi.valley_alert;
    ctx.mark_path(n.number, kLeakChecked | (notable ? kLeakNotable : 0u));
    return slot.info;
  }

  // Whether find() would return no finding and no PathInfo for the route
  // with attributes `id` (0: none) and path number `n`: no AS_PATH, or a
  // path judged unremarkable in this generation, without OTC.
  static bool unremarkable(rib::AttrsId id, const PathNumbers::Number& n,
                           const DetectContext& ctx) {
    if (id == 0 || n.number == 0) return true;
    if ((n.flags & (kLeakChecked | kLeakNotable)) != kLeakChecked) return false;
    const rib::RouteAttrs& a = ctx.rib.store().attrs(id);
    return (a.flags & rib::RouteAttrs::kHasOtc) == 0 || a.otc == 0;
  }

  // What the route with attributes `id` (path number `n`) says; `pi` is
  // set to its path's PathInfo unless the path was judged unremarkable.
  Finding find(rib::AttrsId id, const PathNumbers::Number& n, const DetectContext& ctx,
               const PathInfo*& pi) {
    Finding f;
    const rib::RouteAttrs& a = ctx.rib.store().attrs(id);
    if (a.path == 0 || n.number == 0) return f;
    const bool otc = (a.flags & rib::RouteAttrs::kHasOtc) != 0 && a.otc != 0;
    // Most paths: judged already, no valley to report and no new transit.
    if (!otc && (n.flags & (kLeakChecked | kLeakNotable)) == kLeakChecked) return f;
    pi = &info(id, n, ctx);
    if (otc && sequence_path(ctx.rib.store(), a, scratch_)) {
      const auto o = leak::check_otc(scratch_, a.otc, rels(ctx));
      if (o.verdict == leak::OtcVerdict::kLeak) {
        return {true, true, o.type, o.leaker, o.pre, o.next, a.otc};
      }
    }
    if (!pi->valley_alert) return f;
    const leak::ValleyResult& v = pi->valley;
    return {true, false, v.type, v.leaker, v.pre, v.next, 0};
  }

  void raise(const Finding& f, const rib::Change& c, const DetectContext& ctx, AlertSink& out) {
    Alert a;
    a.type = AlertType::kRouteLeak;
    a.severity = Severity::kMedium;
    a.prefix = c.prefix;
    a.watched_prefix = c.prefix;
    a.asn = f.leaker;
    a.expected_asns = {f.pre, f.next};
    a.peer = c.peer;
    a.time = c.time;
    a.evidence = ctx.evidence;
    a.code = f.otc ? "RFC9234-OTC" : std::string(leak::leak_type_code(f.type));
    a.explanation = f.otc ? otc_sentence(f, c.prefix, ctx) : valley_sentence(f, c.prefix, ctx);
    out.raise(std::move(a));
  }

  std::string source(const DetectContext& ctx) const {
    return ctx.ref.relationships != nullptr ? "the given AS relationships"
                                            : "AS relationships inferred from the baseline paths";
  }

  std::string valley_sentence(const Finding& f, const Prefix& p, const DetectContext& ctx) const {
    return as_text(f.leaker) + " passed " + p.to_string() + " from its " + learned_from(f.type) +
           " " + as_text(f.pre) + " to its " + sent_to(f.type) + " " + as_text(f.next) + " (" +
           std::string(leak::leak_type_description(f.type)) + ", RFC 7908 type " +
           std::to_string(static_cast<int>(f.type)) + "; per " + source(ctx) + ").";
  }

  std::string otc_sentence(const Finding& f, const Prefix& p, const DetectContext& ctx) const {
    const bool to_peer = rels(ctx).relationship(f.leaker, f.next) == refdata::AsRel::kPeer;
    return as_text(f.leaker) + " sent " + p.to_string() + ", learned from " + as_text(f.pre) +
           " and marked Only-To-Customer by " + as_text(f.otc_value) + " (RFC 9234), to its " +
           (to_peer ? "peer " : "provider ") + as_text(f.next) + " (per " + source(ctx) + ").";
  }

  bool baseline_open_ = false;
  PathLog paths_;
  refdata::AsRelationships inferred_;
  std::unordered_set<Triple, TripleHash> allowed_;
  std::unordered_map<uint64_t, uint32_t> support_;
  uint32_t gen_ = 1;
  PathNumberMap<CachedPathInfo> cache_;
  TableLeakMonitor table_;
  std::vector<uint32_t> scratch_;
};

}  // namespace

std::unique_ptr<Detector> make_route_leak_detector() {
  return std::make_unique<RouteLeakDetector>();
}

}  // namespace vigil::detect

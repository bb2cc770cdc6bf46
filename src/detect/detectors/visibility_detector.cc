// "visibility": a monitored prefix — an exact prefix of the watchlist, or a
// DNS root-server prefix (dns_root.h) — withdrawn at many peers.
//
// Per monitored prefix the detector keeps the peers that carry a route for
// it and the peers that withdrew it. When the withdrawals reach
// DetectorSettings::visibility_min_peers (default 3), or every peer that
// carried it withdrew it (a small collector never hides a loss), each of
// those peers raises a visibility-loss alert; a peer that announces it
// again clears its alert, so the incident turns "withdrawn" when the prefix
// is back everywhere. A peer whose session went down is not a withdrawal of
// the prefix (the collector lost the peer) and is forgotten.
#include <optional>
#include <set>
#include <unordered_map>

#include "detect/detectors/detectors.h"
#include "detect/dns_root.h"
#include "rib/cover_filter.h"

namespace vigil::detect {

namespace {

struct Watched {
  const refdata::WatchEntry* entry = nullptr;
  std::set<rib::PeerIndex> carrying;
  std::set<rib::PeerIndex> lost;
  bool alerting = false;
};

class VisibilityDetector : public Detector {
 public:
  const char* name() const override { return "visibility"; }
  unsigned change_kinds() const override {
    return kind_bit(rib::ChangeKind::kAdded) | kind_bit(rib::ChangeKind::kRemoved);
  }

  void on_change(const rib::Change& c, const DetectContext& ctx, AlertSink& out) override {
    if (!built_) build(ctx);
    if (c.kind == rib::ChangeKind::kOriginsChanged || c.kind == rib::ChangeKind::kChanged) return;
    if (!filter_.may_cover(c.prefix)) return;  // most changes, without hashing
    auto it = watched_.find(c.prefix);
    if (it == watched_.end()) return;
    Watched& w = it->second;
    if (c.kind == rib::ChangeKind::kAdded) {
      w.carrying.insert(c.peer);
      if (w.lost.erase(c.peer) && w.alerting) {
        out.clear(AlertType::kVisibilityLoss, c.prefix, 0, c.peer, c.time);
      }
      if (w.lost.empty()) w.alerting = false;
      return;
    }
    // kRemoved
    w.carrying.erase(c.peer);
    if (!ctx.rib.peers()[c.peer].up) {
      if (w.lost.erase(c.peer) && w.alerting) {
        out.clear(AlertType::kVisibilityLoss, c.prefix, 0, c.peer, c.time);
      }
      return;
    }
    // Another path id of the same peer may still carry it (ADD-PATH).
    if (carried_by(ctx, c.prefix, c.peer)) {
      w.carrying.insert(c.peer);
      return;
    }
    w.lost.insert(c.peer);
    const size_t had = w.lost.size() + w.carrying.size();
    const size_t need = std::min<size_t>(ctx.settings.visibility_min_peers, had);
    if (ctx.learning || w.lost.size() < need) return;
    if (!w.alerting) {
      w.alerting = true;
      for (rib::PeerIndex p : w.lost) raise(c, p, w, ctx, out);
    } else {
      raise(c, c.peer, w, ctx, out);
    }
  }

 private:
  void build(const DetectContext& ctx) {
    built_ = true;
    auto add = [&](const refdata::Watchlist& list) {
      for (const auto& e : list.entries()) {
        if (e.ignore || e.origins.empty()) continue;
        watched_.try_emplace(e.prefix).first->second.entry = &e;
        filter_.add(e.prefix);
      }
    };
    if (ctx.watchlist != nullptr) add(*ctx.watchlist);
    add(dns_root_watchlist());
    // Changes of prefixes outside the monitored ones need no call.
    QuietRule r;
    r.enabled = true;
    r.space = &filter_;
    set_quiet_rule(r);
  }

  static bool carried_by(const DetectContext& ctx, const Prefix& p, rib::PeerIndex peer) {
    const auto* e = ctx.rib.find(p);
    if (e == nullptr) return false;
    for (const auto& r : e->routes) {
      if (r.peer == peer) return true;
    }
    return false;
  }

  void raise(const rib::Change& c, rib::PeerIndex peer, const Watched& w, const DetectContext& ctx,
             AlertSink& out) {
    Alert a;
    a.type = AlertType::kVisibilityLoss;
    a.severity = Severity::kHigh;
    a.prefix = c.prefix;
    a.watched_prefix = w.entry->prefix;
    a.asn = 0;
    for (const auto& [lo, hi] : w.entry->origins.ranges) {
      for (uint64_t x = lo; x <= hi && a.expected_asns.size() < 32; ++x) {
        a.expected_asns.push_back(static_cast<uint32_t>(x));
      }
    }
    a.peer = peer;
    a.time = c.time;
    a.evidence = ctx.evidence;
    std::optional<Prefix> cover;  // the most specific routed prefix containing it
    ctx.rib.trie().for_each_covering(c.prefix, [&](const Prefix& q, const rib::PrefixEntry& e) {
      if (q != c.prefix && !e.routes.empty()) cover = q;
    });
    const std::string covering = cover ? "; the covering " + cover->to_string() + " is still routed"
                                       : "; no covering route remains";
    a.explanation = c.prefix.to_string() +
                    (w.entry->description.empty() ? "" : " (" + w.entry->description + ")") +
                    " was withdrawn at " + std::to_string(w.lost.size()) + " of the " +
                    std::to_string(w.lost.size() + w.carrying.size()) + " peers that carried it" +
                    covering + ".";
    out.raise(std::move(a));
  }

  bool built_ = false;
  std::unordered_map<Prefix, Watched, PrefixHash> watched_;
  rib::CoverFilter filter_;  // the watched prefixes' /16 blocks
};

}  // namespace

std::unique_ptr<Detector> make_visibility_detector() {
  return std::make_unique<VisibilityDetector>();
}

}  // namespace vigil::detect

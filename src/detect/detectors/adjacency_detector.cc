// "new-adjacency": AS links never seen while learning (GRIP's "edges"). A
// forged path or a new upstream shows up as a link that did not exist; each
// new link alerts once, naming the AS that claims it, and the alert clears
// when no route uses the link any more. Links are examined once per path
// content (DetectContext path numbers); only paths that carry a link
// outside the baseline are looked at again when their last route goes.
#include <algorithm>
#include <vector>

#include "core/text.h"
#include "detect/detectors/detectors.h"
#include "detect/detectors/u64_set.h"

namespace vigil::detect {

namespace {

class AdjacencyDetector : public Detector {
 public:
  const char* name() const override { return "new-adjacency"; }
  AdjacencyDetector() {
    // A path seen before, on routes whose paths carry no link outside the
    // baseline: nothing to examine or clear (numbering epoch 1; after a
    // restart of the numbers every path is examined, check_all_).
    QuietRule r;
    r.enabled = true;
    r.conditions = kQuietSeenPath | kQuietFirstEpoch;
    r.path_mask = kNewLinkPath;
    r.path_quiet = 0;
    set_quiet_rule(r);
  }

  void on_change(const rib::Change& c, const DetectContext& ctx, AlertSink& out) override {
    if (c.kind == rib::ChangeKind::kOriginsChanged) return;
    if (ctx.path_epoch != epoch_) {
      // Path numbers restarted: every path may carry a reported link.
      epoch_ = ctx.path_epoch;
      check_all_ = epoch_ != 1;
      QuietRule r = quiet_rule();
      r.enabled = !check_all_;
      set_quiet_rule(r);
    }
    if (c.old_attrs != 0 && !ctx.learning && carries_reported(ctx.old_path) &&
        ctx.rib.store().path_last_use(c.old_attrs)) {
      clear_gone_links(c, ctx, out);
    }
    // A path seen before has had its links examined then.
    if (c.new_attrs == 0 || !ctx.new_path.first_sight) return;
    const auto& path = ctx.path(c.new_attrs);
    bool carries = false;
    for (size_t i = 1; i < path.size(); ++i) {
      if (path[i - 1] == path[i]) continue;
      const uint64_t key = rib::Rib::edge_key(path[i - 1], path[i]);
      // Links are known in either direction: one key for both.
      const uint64_t link = path[i - 1] < path[i] ? key : rib::Rib::edge_key(path[i], path[i - 1]);
      if (ctx.learning) {
        known_.insert(link);
        continue;
      }
      if (known_.contains(link)) continue;
      carries = true;
      if (!reported_.try_emplace(key, Reported{c.prefix, c.peer}).second) continue;
      raise(c, path[i - 1], path[i], ctx, out);
    }
    if (carries) ctx.mark_path(ctx.new_path.number, kNewLinkPath);
  }

 private:
  // Where the one alert of a link was raised: its incident's prefix and
  // peer, which clearing must name.
  struct Reported {
    Prefix prefix;
    rib::PeerIndex peer = 0;
  };

  void raise(const rib::Change& c, uint32_t from, uint32_t to, const DetectContext& ctx,
             AlertSink& out) {
    Alert a;
    a.type = AlertType::kNewAdjacency;
    a.severity = Severity::kLow;
    a.prefix = c.prefix;
    a.watched_prefix = c.prefix;
    a.asn = from;
    a.expected_asns = {to};
    a.peer = c.peer;
    a.time = c.time;
    a.evidence = ctx.evidence;
    // Thousands of these on a busy day: built in place.
    std::string& e = a.explanation;
    e.reserve(128);
    e += "AS";
    append_u32(e, from);
    e += " appears as a neighbour of AS";
    append_u32(e, to);
    e += " (in the path to ";
    append_prefix(e, c.prefix);
    e += "), a link never seen in the baseline.";
    out.raise(std::move(a));
  }

  // The old route was the last user of its path: a reported link on it
  // that no route uses any more ends its incident.
  void clear_gone_links(const rib::Change& c, const DetectContext& ctx, AlertSink& out) {
    const auto& old = ctx.path(c.old_attrs);
    for (size_t i = 1; i < old.size(); ++i) {
      const uint64_t key = rib::Rib::edge_key(old[i - 1], old[i]);
      const Reported* r = reported_.find(key);
      if (r == nullptr) continue;
      auto it = ctx.rib.edges().find(key);
      if (it == ctx.rib.edges().end() || it->second.routes == 0) {
        out.clear(AlertType::kNewAdjacency, r->prefix, old[i - 1], r->peer, c.time);
      }
    }
  }

  // Paths (by number) with a link that is not in the baseline: the only
  // ones whose last route can end a new-adjacency incident.
  bool carries_reported(const PathNumbers::Number& n) const {
    if (reported_.empty()) return false;
    return check_all_ || (n.flags & kNewLinkPath) != 0;
  }

  U64Set known_;               // links seen while learning (lower ASN first)
  U64Map<Reported> reported_;  // directed links alerted
  uint32_t epoch_ = 1;
  bool check_all_ = false;
};

}  // namespace

std::unique_ptr<Detector> make_adjacency_detector() {
  return std::make_unique<AdjacencyDetector>();
}

}  // namespace vigil::detect

// "new-adjacency": AS links never seen while learning (GRIP's "edges"). A
// forged path or a new upstream shows up as a link that did not exist; each
// new link alerts once, naming the AS that claims it, and the alert clears
// when no route uses the link any more.
#include "detect/detectors/detectors.h"
#include "detect/detectors/u64_set.h"

namespace vigil::detect {

namespace {

class AdjacencyDetector : public Detector {
 public:
  const char* name() const override { return "new-adjacency"; }

  void on_change(const rib::Change& c, const DetectContext& ctx, AlertSink& out) override {
    if (c.kind == rib::ChangeKind::kOriginsChanged) return;
    // A link can only lose its last route when the old path does.
    if (c.old_attrs != 0 && !ctx.learning && !reported_.empty() &&
        ctx.rib.store().path_last_use(c.old_attrs)) {
      const auto& old = ctx.path(c.old_attrs);
      for (size_t i = 1; i < old.size(); ++i) {
        const uint64_t key = rib::Rib::edge_key(old[i - 1], old[i]);
        if (!reported_.contains(key)) continue;
        auto it = ctx.rib.edges().find(key);
        if (it == ctx.rib.edges().end() || it->second.routes == 0) {
          out.clear(AlertType::kNewAdjacency, c.prefix, old[i - 1], c.peer, c.time);
        }
      }
    }
    // A path already in the store has had its links examined when it
    // first arrived.
    if (c.new_attrs == 0 || !ctx.rib.store().path_first_use(c.new_attrs)) return;
    const auto& path = ctx.path(c.new_attrs);
    for (size_t i = 1; i < path.size(); ++i) {
      if (path[i - 1] == path[i]) continue;
      const uint64_t key = rib::Rib::edge_key(path[i - 1], path[i]);
      // Links are known in either direction: one key for both.
      const uint64_t link = path[i - 1] < path[i] ? key : rib::Rib::edge_key(path[i], path[i - 1]);
      if (ctx.learning) {
        known_.insert(link);
        continue;
      }
      if (known_.contains(link) || !reported_.insert(key)) continue;
      Alert a;
      a.type = AlertType::kNewAdjacency;
      a.severity = Severity::kLow;
      a.prefix = c.prefix;
      a.watched_prefix = c.prefix;
      a.asn = path[i - 1];
      a.expected_asns = {path[i]};
      a.peer = c.peer;
      a.time = c.time;
      a.evidence = ctx.evidence;
      a.explanation = "AS" + std::to_string(path[i - 1]) + " appears as a neighbour of AS" +
                      std::to_string(path[i]) + " (in the path to " + c.prefix.to_string() +
                      "), a link never seen in the baseline.";
      out.raise(std::move(a));
    }
  }

 private:
  U64Set known_;     // links seen while learning (lower ASN first)
  U64Set reported_;  // directed links already alerted
};

}  // namespace

std::unique_ptr<Detector> make_adjacency_detector() {
  return std::make_unique<AdjacencyDetector>();
}

}  // namespace vigil::detect

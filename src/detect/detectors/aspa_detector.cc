// "aspa": ASPA path verification (draft-ietf-sidrops-aspa-verification,
// refdata/rpki/aspa_verify.h) of every new AS path against the ASPA
// objects given with --vrps (rpki-client's JSON carries them).
//
// Direction: a route collector receives a peer's full table, as a customer
// would, so paths are verified with the downstream algorithm (§6.3): a
// path is Invalid only when no single up-then-down shape fits the attested
// hops — some AS's ASPA says the next AS up is not its provider on both
// sides of the apex, i.e. a leak or a forged link. The neighbour check
// (first AS = peer AS) is not applied: route servers do not prepend.
// Paths with an AS_SET, Invalid by the draft (§6.2 step 3), are left to the
// other detectors: AS_SETs are aggregation, not an attack, and would drown
// the alerts.
//
// The verdict depends only on the path, so it is computed once per path
// content (DetectContext path numbers) and cached.
#include <algorithm>
#include <vector>

#include "detect/detectors/detectors.h"
#include "refdata/rpki/aspa_verify.h"

namespace vigil::detect {

namespace {

using refdata::rpki::AspaDirection;
using refdata::rpki::AspaReason;
using refdata::rpki::AspaState;

// An Invalid path has a valley between two attested hops (origin = AS(1)):
//
//   AS(u) ──down/sideways──► AS(u+1) ... AS(d-1) ──up/sideways──► AS(d)
//
// u = max_up_ramp: AS(u)'s ASPA does not list AS(u+1) as a provider;
// d = N - max_down_ramp + 1: AS(d)'s ASPA does not list AS(d-1). Some AS
// from AS(u+1) to AS(d-1) sent the route back up; AS(d-1) is named as the
// leaker (it passed the route to AS(d), which is not its customer).
struct Verdict {
  bool computed = false;
  bool invalid = false;
  uint32_t leaker = 0;                  // AS(d-1)
  uint32_t down_from = 0, down_to = 0;  // AS(u), AS(u+1)
  uint32_t up_to = 0;                   // AS(d)
};

class AspaDetector : public Detector {
 public:
  const char* name() const override { return "aspa"; }
  bool active(const ReferenceData& refs) const override {
    return refs.aspas != nullptr && !refs.aspas->empty();
  }

  void on_change(const rib::Change& c, const DetectContext& ctx, AlertSink& out) override {
    const auto* aspas = ctx.ref.aspas;
    if (aspas == nullptr || aspas->empty() || c.kind == rib::ChangeKind::kOriginsChanged) return;
    if (c.old_attrs != 0) {
      const Verdict* v = lookup(ctx, c.old_attrs, ctx.old_path.number);
      if (v != nullptr && v->invalid) {
        out.clear(AlertType::kAspaInvalid, c.prefix, v->leaker, c.peer, c.time);
      }
    }
    if (c.new_attrs == 0) return;
    const Verdict* v = lookup(ctx, c.new_attrs, ctx.new_path.number);
    if (v == nullptr || !v->invalid) return;
    Alert a;
    a.type = AlertType::kAspaInvalid;
    a.severity = Severity::kMedium;
    a.prefix = c.prefix;
    a.watched_prefix = c.prefix;
    a.asn = v->leaker;
    a.expected_asns = {v->down_from, v->up_to};
    a.peer = c.peer;
    a.time = c.time;
    a.code = "aspa-valley";
    a.evidence = ctx.evidence;
    const auto& path = ctx.path(c.new_attrs);
    std::string p;
    for (uint32_t x : path) p += (p.empty() ? "" : " ") + std::to_string(x);
    a.explanation = "The path " + p + " to " + c.prefix.to_string() +
                    " is ASPA-invalid (a valley): AS" + std::to_string(v->down_from) +
                    "'s ASPA shows the route went down or sideways to AS" +
                    std::to_string(v->down_to) + ", and AS" + std::to_string(v->up_to) +
                    "'s ASPA shows AS" + std::to_string(v->leaker) +
                    " then passed it up to a non-customer: a leak or a forged link.";
    out.raise(std::move(a));
  }

 private:
  // The verdict of the route's path (`number` its path number), computed
  // once per path content. Null for routes without a path.
  const Verdict* lookup(const DetectContext& ctx, rib::AttrsId attrs, uint32_t number) {
    if (number == 0) return nullptr;
    Verdict& v = cache_.at(number, ctx.path_epoch);
    if (!v.computed) {
      v = verify(ctx, ctx.rib.store().attrs(attrs).path);
      v.computed = true;
    }
    return &v;
  }

  static Verdict verify(const DetectContext& ctx, rib::PathId pid) {
    Verdict v;
    const rib::PathData& p = ctx.rib.store().path(pid);
    std::vector<uint32_t> seq;
    for (size_t i = 0; i < p.segment_count(); ++i) {
      const auto seg = p.segment(i);
      if (seg.type == bgp::SegmentType::kSet || seg.type == bgp::SegmentType::kConfedSet) {
        return v;  // see the header: AS_SET paths are not reported here
      }
      if (seg.type == bgp::SegmentType::kSequence)
        seq.insert(seq.end(), seg.asns, seg.asns + seg.count);
    }
    if (seq.empty()) return v;
    const auto r = refdata::rpki::verify_aspa(*ctx.ref.aspas, seq, AspaDirection::kDownstream);
    if (r.state != AspaState::kInvalid || r.reason != AspaReason::kValley) return v;
    std::vector<uint32_t> as;  // collapsed, as[i] = AS(i+1), origin first
    for (auto it = seq.rbegin(); it != seq.rend(); ++it) {
      if (as.empty() || as.back() != *it) as.push_back(*it);
    }
    const size_t n = as.size(), u = r.ramps.max_up, d = n + 1 - r.ramps.max_down;
    // Invalid means u + max_down < n, so 1 <= u < d - 1 < d <= n.
    if (u < 1 || d < u + 2 || d > n) return v;
    v.invalid = true;
    v.down_from = as[u - 1];
    v.down_to = as[u];
    v.leaker = as[d - 2];
    v.up_to = as[d - 1];
    return v;
  }

  PathNumberMap<Verdict> cache_;
};

}  // namespace

std::unique_ptr<Detector> make_aspa_detector() { return std::make_unique<AspaDetector>(); }

}  // namespace vigil::detect

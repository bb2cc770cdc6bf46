// "rpki": route origin validation (RFC 6811) of every route against the
// VRPs given with --vrps. An RPKI-invalid route raises an alert at the peer
// that carries it, naming the reason as ARTEMIS does:
//   IA  no VRP covering the prefix names the origin AS (high severity: the
//       signature of an origin hijack, or of a ROA the holder forgot);
//   IL  a VRP names the origin but its maxLength is shorter than the route
//       (medium: a sub-prefix hijack keeping the right origin, or
//       traffic-engineering more-specifics without a ROA).
// A route whose path ends in an AS_SET has origin NONE (RFC 6811 §2) and is
// invalid when covered. The alert clears when the route is withdrawn or
// replaced by a valid one.
#include <algorithm>
#include <optional>

#include "detect/detectors/detectors.h"
#include "refdata/rpki/vrp_set.h"

namespace vigil::detect {

namespace {

using refdata::rpki::CoveringVrp;
using refdata::rpki::RovReason;
using refdata::rpki::RovResult;
using refdata::rpki::RovState;
using refdata::rpki::VrpSet;

// The route's RFC 6811 origin (nullopt: NONE), from the path numbers.
std::optional<uint32_t> origin_of(const PathNumbers::Number& n, bool& has_path) {
  has_path = n.number != 0;
  if (!has_path || !n.has_origin) return std::nullopt;
  return n.origin;
}

std::string vrp_text(const refdata::rpki::Vrp& v) {
  return v.prefix.to_string() + "-" + std::to_string(v.max_length) + " AS" + std::to_string(v.asn);
}

class RpkiDetector : public Detector {
 public:
  const char* name() const override { return "rpki"; }
  bool active(const ReferenceData& refs) const override { return refs.vrps != nullptr; }

  void on_change(const rib::Change& c, const DetectContext& ctx, AlertSink& out) override {
    const VrpSet* vrps = ctx.ref.vrps;
    if (vrps == nullptr || c.kind == rib::ChangeKind::kOriginsChanged) return;
    bool has_path = false;
    if (c.old_attrs != 0) {
      const auto origin = origin_of(ctx.old_path, has_path);
      if (has_path && vrps->validate(c.prefix, origin).state == RovState::kInvalid) {
        out.clear(AlertType::kRpkiInvalid, c.prefix, origin.value_or(0), c.peer, c.time);
      }
    }
    if (c.new_attrs == 0) return;
    const auto origin = origin_of(ctx.new_path, has_path);
    // A route without AS_PATH comes from the collector's own AS (iBGP); it
    // has no origin to validate here.
    if (!has_path) return;
    const RovResult r = vrps->validate(c.prefix, origin);
    if (r.state != RovState::kInvalid) return;
    raise(c, ctx, *vrps, origin, r, out);
  }

 private:
  void raise(const rib::Change& c, const DetectContext& ctx, const VrpSet& vrps,
             std::optional<uint32_t> origin, RovResult r, AlertSink& out) {
    vrps.validate(c.prefix, origin, covering_);
    Alert a;
    a.type = AlertType::kRpkiInvalid;
    a.prefix = c.prefix;
    a.watched_prefix = covering_.empty() ? c.prefix : covering_.back().vrp.prefix;
    a.asn = origin.value_or(0);
    for (const auto& cv : covering_) {
      if (std::find(a.expected_asns.begin(), a.expected_asns.end(), cv.vrp.asn) ==
          a.expected_asns.end()) {
        a.expected_asns.push_back(cv.vrp.asn);
      }
    }
    a.peer = c.peer;
    a.time = c.time;
    a.code = refdata::rpki::rov_code(r);
    a.evidence = ctx.evidence;
    std::string roas;
    for (size_t i = 0; i < covering_.size() && i < 4; ++i) {
      roas += (i ? ", " : "") + vrp_text(covering_[i].vrp);
    }
    if (covering_.size() > 4) roas += " and " + std::to_string(covering_.size() - 4) + " more";
    const std::string who = origin ? "AS" + std::to_string(*origin) : "an AS_SET (origin NONE)";
    if (r.reason == RovReason::kLength) {
      a.severity = Severity::kMedium;
      a.explanation = c.prefix.to_string() + " from " + who +
                      " is RPKI-invalid (length): the ROAs naming that origin (" + roas +
                      ") do not allow a prefix this long.";
    } else {
      a.severity = Severity::kHigh;
      a.explanation = c.prefix.to_string() + " from " + who +
                      " is RPKI-invalid (origin): the covering ROAs (" + roas +
                      ") authorise other ASes.";
    }
    out.raise(std::move(a));
  }

  std::vector<CoveringVrp> covering_;  // scratch
};

}  // namespace

std::unique_ptr<Detector> make_rpki_detector() { return std::make_unique<RpkiDetector>(); }

}  // namespace vigil::detect

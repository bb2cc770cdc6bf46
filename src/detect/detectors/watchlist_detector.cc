// "watchlist": configuration-based hijack detection (ARTEMIS taxonomy) for
// the prefixes of the watchlist; see detect/watchlist/classify.h.
// "dns-root": the same over the built-in DNS root-server list (dns_root.h).
#include "detect/detectors/detectors.h"
#include "detect/dns_root.h"
#include "detect/watchlist/classify.h"

namespace vigil::detect {

namespace {

AlertType type_of(const Classification& c) {
  if (c.prefix_kind == HijackPrefixKind::kSquatting) return AlertType::kSquatting;
  if (c.policy_violation) return AlertType::kPolicyViolation;
  if (c.prefix_kind == HijackPrefixKind::kSubPrefix) return AlertType::kSubprefixHijack;
  return c.path_kind == HijackPathKind::kOrigin ? AlertType::kOriginHijack : AlertType::kPathHijack;
}

std::string asn_list(const refdata::AsnSet& s) {
  std::string out;
  for (const auto& [lo, hi] : s.ranges) {
    if (!out.empty()) out += ", ";
    out += "AS" + std::to_string(lo);
    if (hi != lo) out += "-AS" + std::to_string(hi);
  }
  return out.empty() ? (s.any ? "any AS" : "nobody") : out;
}

class WatchlistDetector : public Detector {
 public:
  // `fixed`: a built-in list to use instead of the configured one.
  WatchlistDetector(const char* name, const refdata::Watchlist* fixed)
      : name_(name), fixed_(fixed) {}
  const char* name() const override { return name_; }
  bool active(const ReferenceData& refs) const override {
    return fixed_ != nullptr || refs.watchlist != nullptr;
  }

  void on_change(const rib::Change& c, const DetectContext& ctx, AlertSink& out) override {
    const refdata::Watchlist* list = fixed_ != nullptr ? fixed_ : ctx.watchlist;
    if (list == nullptr || c.kind == rib::ChangeKind::kOriginsChanged) return;
    // Prefixes outside the list's space: the engine need not call again.
    if (!quiet_rule().enabled) {
      QuietRule r;
      r.enabled = true;
      r.space = &list->cover_filter();
      set_quiet_rule(r);
    }
    if (!list->any_covering(c.prefix)) return;  // the common case, cheaply
    // The old route's alert, if any, no longer holds at this peer.
    if (c.old_attrs != 0) {
      if (auto old = classify(*list, c.prefix, ctx.path(c.old_attrs))) {
        out.clear(type_of(*old), c.prefix, old->hijacker.value_or(0), c.peer, c.time);
      }
    }
    if (c.new_attrs == 0) return;
    const auto& path = ctx.path(c.new_attrs);
    auto cl = classify(*list, c.prefix, path);
    if (!cl) return;
    Alert a;
    a.type = type_of(*cl);
    a.prefix = c.prefix;
    a.watched_prefix = cl->configured_prefix;
    a.asn = cl->hijacker.value_or(0);
    for (const auto& [lo, hi] : cl->entry->origins.ranges) {
      for (uint64_t x = lo; x <= hi && a.expected_asns.size() < 32; ++x) {
        a.expected_asns.push_back(static_cast<uint32_t>(x));
      }
    }
    a.peer = c.peer;
    a.time = c.time;
    a.code = cl->code();
    a.evidence = ctx.evidence;
    const std::string watched = cl->configured_prefix.to_string();
    const std::string origin = path.empty() ? "?" : "AS" + std::to_string(path.back());
    switch (a.type) {
      case AlertType::kOriginHijack:
        a.severity = Severity::kHigh;
        a.explanation = "AS" + std::to_string(a.asn) + " originates " + c.prefix.to_string() +
                        ", which the watchlist reserves to " + asn_list(cl->entry->origins) + ".";
        break;
      case AlertType::kPathHijack:
        a.severity = Severity::kHigh;
        a.explanation = c.prefix.to_string() + " is announced with the right origin (" + origin +
                        ") but through AS" + std::to_string(a.asn) +
                        ", which is not one of its configured neighbours (" +
                        asn_list(cl->entry->neighbors) + ").";
        break;
      case AlertType::kSubprefixHijack:
        a.severity =
            cl->path_kind == HijackPathKind::kLegitimate ? Severity::kLow : Severity::kHigh;
        a.explanation = cl->path_kind == HijackPathKind::kLegitimate
                            ? c.prefix.to_string() + ", a more-specific of watched " + watched +
                                  ", is announced by its legitimate origin " + origin +
                                  "; nobody configured it (de-aggregation, a leak, or a defence)."
                            : c.prefix.to_string() + ", a more-specific of watched " + watched +
                                  ", is announced via " +
                                  (cl->path_kind == HijackPathKind::kOrigin
                                       ? "origin AS" + std::to_string(a.asn) + " instead of " +
                                             asn_list(cl->entry->origins)
                                       : "first hop AS" + std::to_string(a.asn) +
                                             ", not a configured neighbour") +
                                  ": a sub-prefix hijack attracts all traffic for it.";
        break;
      case AlertType::kSquatting:
        a.severity = Severity::kHigh;
        a.explanation = "AS" + std::to_string(a.asn) + " announces " + c.prefix.to_string() +
                        " inside " + watched + ", which nobody should announce.";
        break;
      case AlertType::kPolicyViolation:
        a.severity = Severity::kMedium;
        a.explanation = c.prefix.to_string() +
                        " should not travel beyond its neighbours (no-export)," + " but AS" +
                        std::to_string(a.asn) + " passed it on: the path has " +
                        std::to_string(path.size()) + " hops.";
        break;
      default:
        break;
    }
    out.raise(std::move(a));
  }

 private:
  const char* name_;
  const refdata::Watchlist* fixed_;
};

}  // namespace

std::unique_ptr<Detector> make_watchlist_detector() {
  return std::make_unique<WatchlistDetector>("watchlist", nullptr);
}

std::unique_ptr<Detector> make_dns_root_detector() {
  return std::make_unique<WatchlistDetector>("dns-root", &dns_root_watchlist());
}

}  // namespace vigil::detect

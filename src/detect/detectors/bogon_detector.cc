// "bogon": routes for special-purpose address space (RFC 6890 and the IANA
// registries it set up) or whose AS path carries reserved ASNs (AS 0 RFC
// 7607, AS_TRANS RFC 6793, documentation RFC 5398, private use RFC 6996,
// last ASNs RFC 7300).
#include <algorithm>
#include <array>
#include <vector>

#include "core/asn.h"
#include "detect/detectors/detectors.h"
#include "rib/cover_filter.h"
#include "rib/prefix_trie.h"

namespace vigil::detect {

namespace {

// The special-purpose blocks, with a filter that rejects most routes
// without a trie lookup.
struct BogonSpace {
  rib::PrefixTrie<char> trie{rib::PrefixTrieOptions{.ipv4_lpm_index = false}};
  rib::CoverFilter filter;
  // The bogon block containing p, if any.
  rib::PrefixTrie<char>::ConstMatch covering(const Prefix& p) const {
    if (!filter.may_cover(p)) return {};
    return trie.longest_match(p);
  }
};

const BogonSpace& bogon_prefixes() {
  static const BogonSpace space = [] {
    BogonSpace b;
    for (const char* s :
         {"0.0.0.0/8",       "10.0.0.0/8",     "100.64.0.0/10", "127.0.0.0/8",    "169.254.0.0/16",
          "172.16.0.0/12",   "192.0.0.0/24",   "192.0.2.0/24",  "192.168.0.0/16", "198.18.0.0/15",
          "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4",   "240.0.0.0/4",    "::/8",
          "100::/64",        "2001:2::/48",    "2001:db8::/32", "fc00::/7",       "fe80::/10",
          "ff00::/8"}) {
      b.trie.emplace(*Prefix::parse(s), 1);
      b.filter.add(*Prefix::parse(s));
    }
    return b;
  }();
  return space;
}

class BogonDetector : public Detector {
 public:
  const char* name() const override { return "bogon"; }
  BogonDetector() {
    // Outside special-purpose space, with paths known to be free of
    // reserved ASNs: nothing to raise or clear.
    QuietRule r;
    r.enabled = true;
    r.space = &space_.filter;
    r.path_mask = kBogonChecked | kBogonReserved;
    r.path_quiet = kBogonChecked;
    set_quiet_rule(r);
  }

  void on_change(const rib::Change& c, const DetectContext& ctx, AlertSink& out) override {
    if (c.kind == rib::ChangeKind::kOriginsChanged) return;
    const bool bogon_prefix = static_cast<bool>(space_.covering(c.prefix));
    if (c.old_attrs != 0 && (bogon_prefix || has_reserved(ctx, c.old_attrs, ctx.old_path))) {
      for (uint32_t asn : reasons(ctx, c.prefix, c.old_attrs)) {
        out.clear(AlertType::kBogon, c.prefix, asn, c.peer, c.time);
      }
    }
    if (c.new_attrs == 0 || ctx.learning) return;
    if (!bogon_prefix && !has_reserved(ctx, c.new_attrs, ctx.new_path)) return;
    const auto& path = ctx.path(c.new_attrs);
    uint32_t origin = 0;
    const bool has_origin = route_origin(ctx.rib, c.new_attrs, origin);
    if (const auto b = space_.covering(c.prefix)) {
      raise(c, ctx, out, has_origin ? origin : 0,
            c.prefix.to_string() + " lies in special-purpose space " + b.prefix.to_string() +
                " (RFC 6890) and should never be routed on the Internet; origin " +
                (has_origin ? "AS" + std::to_string(origin) : std::string("unknown")) + ".");
    }
    for (size_t i = 0; i < path.size(); ++i) {
      if (!is_reserved_asn(path[i]) || (i > 0 && path[i] == path[i - 1])) continue;
      raise(c, ctx, out, path[i],
            "the path to " + c.prefix.to_string() + " carries reserved AS" +
                std::to_string(path[i]) + " (private, documentation or special-purpose ASNs " +
                "must not appear on the Internet).");
    }
  }

 private:
  // Whether the route's AS path (`n` its path number) carries a reserved
  // ASN; worked out once per path content and kept in its PathFlag bits.
  static bool has_reserved(const DetectContext& ctx, rib::AttrsId attrs,
                           const PathNumbers::Number& n) {
    if (n.number == 0) return false;
    if ((n.flags & kBogonChecked) != 0) return (n.flags & kBogonReserved) != 0;
    const bool reserved = scan(ctx, attrs);
    ctx.mark_path(n.number, kBogonChecked | (reserved ? kBogonReserved : 0u));
    return reserved;
  }

  static bool scan(const DetectContext& ctx, rib::AttrsId attrs) {
    const rib::RouteAttrs& a = ctx.rib.store().attrs(attrs);
    if (a.path == 0) return false;
    const rib::PathData& p = ctx.rib.store().path(a.path);
    for (size_t i = 0; i < p.segment_count(); ++i) {
      const auto seg = p.segment(i);
      for (uint32_t k = 0; k < seg.count; ++k) {
        if (is_reserved_asn(seg.asns[k])) return true;
      }
    }
    return false;
  }

  // The ASNs alerts for this route were keyed on.
  std::vector<uint32_t> reasons(const DetectContext& ctx, const Prefix& p, rib::AttrsId attrs) {
    std::vector<uint32_t> out;
    uint32_t origin = 0;
    const bool has_origin = route_origin(ctx.rib, attrs, origin);
    if (space_.covering(p)) out.push_back(has_origin ? origin : 0);
    for (uint32_t a : ctx.path(attrs)) {
      if (is_reserved_asn(a)) out.push_back(a);
    }
    return out;
  }

  static void raise(const rib::Change& c, const DetectContext& ctx, AlertSink& out, uint32_t asn,
                    std::string why) {
    Alert a;
    a.type = AlertType::kBogon;
    a.severity = Severity::kLow;
    a.prefix = c.prefix;
    a.watched_prefix = c.prefix;
    a.asn = asn;
    a.peer = c.peer;
    a.time = c.time;
    a.evidence = ctx.evidence;
    a.explanation = std::move(why);
    out.raise(std::move(a));
  }

  const BogonSpace& space_ = bogon_prefixes();  // held: no static guard per change
};

}  // namespace

std::unique_ptr<Detector> make_bogon_detector() { return std::make_unique<BogonDetector>(); }

}  // namespace vigil::detect

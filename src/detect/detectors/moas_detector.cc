// "moas": origin conflicts against a learned baseline, for every prefix (no
// watchlist needed). GRIP's "moas" and "submoas":
//   - a prefix of the baseline announced by an origin it never had;
//   - a prefix absent from the baseline whose closest covering baseline
//     prefix has other origins (a more-specific from someone else).
// The baseline is every (prefix, origin) seen while learning.
#include <unordered_map>
#include <unordered_set>

#include "detect/detectors/detectors.h"
#include "rib/cover_filter.h"
#include "rib/prefix_trie.h"

namespace vigil::detect {

namespace {

class MoasDetector : public Detector {
 public:
  const char* name() const override { return "moas"; }
  MoasDetector() {
    // A route replaced by one with the same origin: the conflicts (or
    // their absence) stand.
    QuietRule r;
    r.enabled = true;
    r.conditions = kQuietSameOrigin;
    set_quiet_rule(r);
  }

  void on_change(const rib::Change& c, const DetectContext& ctx, AlertSink& out) override {
    if (c.kind == rib::ChangeKind::kOriginsChanged) return;
    // Origins come with the path numbers (no path lookup).
    const PathNumbers::Number& before = ctx.old_path;
    const PathNumbers::Number& after = ctx.new_path;
    if (c.kind == rib::ChangeKind::kChanged && before.has_origin == after.has_origin &&
        before.origin == after.origin) {
      return;  // same origin as before: the conflicts (or their absence) stand
    }
    // Only prefixes that raised an alert can have one to clear (asking the
    // incident tracker for every replaced route would cost more).
    if (c.old_attrs != 0 && !ctx.learning && before.has_origin && alerted(c.prefix)) {
      out.clear(AlertType::kMoas, c.prefix, before.origin, c.peer, c.time);
      out.clear(AlertType::kSubMoas, c.prefix, before.origin, c.peer, c.time);
    }
    if (c.new_attrs == 0 || !after.has_origin) return;
    const uint32_t origin = after.origin;
    if (!ctx.learning && c.entry != nullptr && !alerted(c.prefix) &&
        other_routes_have(*c.entry, origin)) {
      // Another route of this prefix has this origin and no alert was ever
      // raised here: the origin is in the baseline (or nothing covers it).
      return;
    }
    if (ctx.learning) {
      // In the first learning phase every route of the prefix came through
      // here: another with this origin means the pair is learned already.
      if (ctx.first_learning && c.entry != nullptr && other_routes_have(*c.entry, origin)) return;
      learn(*baseline_.emplace(c.prefix).first, origin);
      return;
    }
    if (const Origins* known = baseline_.find(c.prefix)) {
      if (has(*known, origin)) return;
      raise(AlertType::kMoas, c, c.prefix, list(*known), origin, ctx, out);
      return;
    }
    const auto cover = baseline_.longest_match(c.prefix);
    if (!cover || has(*cover.value, origin)) return;
    raise(AlertType::kSubMoas, c, cover.prefix, list(*cover.value), origin, ctx, out);
  }

 private:
  // Whether routes other than the one just added carry `origin` for the
  // prefix (the entry's origin counts include the new route).
  static bool other_routes_have(const rib::PrefixEntry& e, uint32_t origin) {
    for (const auto& o : e.origins) {
      if (o.asn == origin) return o.routes > 1;
    }
    return false;
  }

  bool alerted(const Prefix& p) const {
    return !alerted_.empty() && alerted_filter_.may_cover(p) && alerted_.find(p) != nullptr;
  }

  void raise(AlertType type, const rib::Change& c, const Prefix& known_prefix,
             const std::vector<uint32_t>& known, uint32_t origin, const DetectContext& ctx,
             AlertSink& out) {
    if (alerted_.emplace(c.prefix, 1).second) alerted_filter_.add(c.prefix);
    Alert a;
    a.type = type;
    a.severity = Severity::kMedium;
    a.prefix = c.prefix;
    a.watched_prefix = known_prefix;
    a.asn = origin;
    a.expected_asns = known;
    a.peer = c.peer;
    a.time = c.time;
    a.evidence = ctx.evidence;
    std::string was;
    for (uint32_t k : known) was += (was.empty() ? "AS" : ", AS") + std::to_string(k);
    a.explanation = type == AlertType::kMoas
                        ? "AS" + std::to_string(origin) + " now originates " +
                              c.prefix.to_string() + ", which only " + was +
                              " originated in the baseline."
                        : "AS" + std::to_string(origin) + " originates " + c.prefix.to_string() +
                              ", a more-specific of " + known_prefix.to_string() +
                              " (originated by " + was + " in the baseline).";
    out.raise(std::move(a));
  }

  // A baseline prefix's origins: most have one, kept in the trie's value;
  // the others in multi_ (no allocation per prefix).
  struct Origins {
    static constexpr uint32_t kEmpty = 0xffffffffu, kOne = 0xfffffffeu;
    uint32_t one = 0;         // the origin, when multi == kOne
    uint32_t multi = kEmpty;  // kEmpty, kOne, or an index into multi_
  };
  bool has(const Origins& o, uint32_t asn) const {
    if (o.multi == Origins::kOne) return o.one == asn;
    if (o.multi == Origins::kEmpty) return false;
    const auto& v = multi_[o.multi];
    return std::find(v.begin(), v.end(), asn) != v.end();
  }
  void learn(Origins& o, uint32_t asn) {
    if (has(o, asn)) return;
    if (o.multi == Origins::kEmpty) {
      o = {asn, Origins::kOne};
    } else if (o.multi == Origins::kOne) {
      o.multi = static_cast<uint32_t>(multi_.size());
      multi_.push_back({o.one, asn});
    } else {
      multi_[o.multi].push_back(asn);
    }
  }
  std::vector<uint32_t> list(const Origins& o) const {
    if (o.multi == Origins::kOne) return {o.one};
    if (o.multi == Origins::kEmpty) return {};
    return multi_[o.multi];
  }

  rib::PrefixTrie<Origins> baseline_;
  std::vector<std::vector<uint32_t>> multi_;  // origins of multi-origin prefixes
  // Prefixes that raised a MOAS or sub-MOAS alert (a few per hour).
  rib::PrefixTrie<char> alerted_{rib::PrefixTrieOptions{.ipv4_lpm_index = false}};
  rib::CoverFilter alerted_filter_;  // in front of alerted_: most prefixes never alerted
};

}  // namespace

std::unique_ptr<Detector> make_moas_detector() { return std::make_unique<MoasDetector>(); }

}  // namespace vigil::detect

// "outage": IODA-style BGP outages per AS and country-level shutdowns, from
// the visibility signal (detect/signal/visibility_signal.h; docs/outages.md).
//
// Every 5 minutes of data time (a bin) the signal S_X — visible IPv4 /24s of
// AS or country X, sampled at the end of the bin — is compared with its
// median over the previous W bins:
//
//   outage of AS X   S_X(b) < θ · median for k consecutive bins, where the
//                    median is at least `min_as_slash24s`, rests on at least
//                    `min_history_bins` bins, and X did not spend a quarter
//                    of the window below θ · median already (flapping: the
//                    median is no baseline); cleared once S_X is back to
//                    `recover` · the median at onset (frozen: during a long
//                    outage the rolling median would sink to the outage).
//   shutdown of C    (the same rule on C's signal with the country
//                    thresholds) OR (at least `min_ases_out` of C's ASes —
//                    registry country of the AS — are in outage and they are
//                    at least `ases_fraction` of C's ASes with
//                    `min_as_slash24s` visible /24s); cleared when neither
//                    holds.
//
// Defaults (OutageOptions, reasons in docs/outages.md): W = 24 bins (2 h),
// θ = 0.5, k = 3 (15 min), 12 bins (1 h) of history, 8 /24s per AS, 32 per
// country, 3 ASes and half of a country's, at least 3 signal peers.
//
// Nothing is raised while the engine learns (history accumulates) or while
// the signal rests on fewer than 3 peers (with 1 or 2, one peer's
// withdrawal hides a prefix). When the signal peers change (a rescan), each
// entity's history is rescaled by after/before so that a change of vantage
// points is not an outage; history that cannot be rescaled (before = 0, or
// a factor outside [1/2, 2]) starts again.
//
// Bins are closed by on_time() when data time enters a later bin; the last,
// partial bin of a replay is not sampled (Engine::finish() cannot be told
// from another record with the same time).
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <unordered_map>
#include <vector>

#include "detect/detectors/detectors.h"
#include "detect/signal/visibility_signal.h"
#include "refdata/registry/registry.h"

namespace vigil::detect {

namespace {

using signal::as_key;
using signal::country_key;
using signal::is_country_key;
using signal::key_country;

struct OutageOptions {
  uint32_t bin_seconds = 300;      // IODA's 5-minute bins
  uint32_t window_bins = 24;       // W: median over the previous 2 h
  uint32_t min_history_bins = 12;  // at least 1 h of comparable history
  uint32_t consecutive_bins = 3;   // k: 15 minutes below the threshold
  double as_threshold = 0.5;       // θ for an AS: lost more than half
  uint32_t min_as_slash24s = 8;    // smaller ASes are not judged
  double country_threshold = 0.5;  // θ for a country
  uint32_t min_country_slash24s = 32;
  uint32_t min_ases_out = 3;      // "many ASes drop together"
  double ases_fraction = 0.5;     // ... and at least half of them
  double recover = 0.8;           // back to 80 % of the reference
  double max_rescale = 2.0;       // rescale history by at most x2 or /2
  double max_flapping = 0.25;     // share of the window below θ·median
  uint32_t min_signal_peers = 3;  // no single vantage point makes a prefix invisible
};

// Per entity (AS or country): the signal's recent values and the state of
// the outage rule.
struct History {
  // (first bin, value) change points, ascending; a value holds until the
  // next point. Only the window's worth is kept.
  std::vector<std::pair<uint32_t, uint32_t>> runs;
  uint32_t since = 0;  // first bin of comparable history
  uint32_t below = 0;  // consecutive bins below θ · median
  uint32_t onset = 0;  // first of those bins
  uint32_t onset_median = 0;
  bool out = false;                 // the ratio rule holds (AS: in outage)
  uint32_t reference = 0;           // median at onset, while `out`
  bool shutdown = false;            // countries: a shutdown alert is open
  uint16_t country = 0;             // ASes: registry country index + 1, 0 none
  uint32_t evaluated = UINT32_MAX;  // last bin evaluated
};

uint32_t clamp32(uint64_t v) { return v > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(v); }

// Lower weighted median of the values held in bins [from, to).
// REQUIRES: from < to.
uint32_t window_median(const History& h, uint32_t from, uint32_t to) {
  std::vector<std::pair<uint32_t, uint32_t>> pieces;  // (value, bins)
  for (size_t i = 0; i < h.runs.size(); ++i) {
    const uint32_t start = std::max(h.runs[i].first, from);
    const uint32_t end = std::min(i + 1 < h.runs.size() ? h.runs[i + 1].first : to, to);
    if (end > start) pieces.emplace_back(h.runs[i].second, end - start);
  }
  if (pieces.empty()) return 0;
  std::sort(pieces.begin(), pieces.end());
  uint64_t total = 0;
  for (const auto& pc : pieces) total += pc.second;
  uint64_t seen = 0;
  for (const auto& pc : pieces) {
    seen += pc.second;
    if (2 * seen >= total) return pc.first;
  }
  return pieces.back().first;
}

std::string utc_hhmm(uint32_t t, bool with_date) {
  const time_t tt = static_cast<time_t>(t);
  struct tm tm {};
  gmtime_r(&tt, &tm);
  char buf[64];
  if (with_date) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min);
  } else {
    std::snprintf(buf, sizeof buf, "%02d:%02d", tm.tm_hour, tm.tm_min);
  }
  return buf;
}

std::string percent(uint64_t part, uint64_t whole) {
  const double pct = whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / whole;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f %%", pct);
  return buf;
}

Severity outage_severity(uint32_t reference, uint32_t now) {
  const uint32_t lost = reference > now ? reference - now : 0;
  const double share = reference == 0 ? 0.0 : static_cast<double>(lost) / reference;
  if (lost >= 256 || (share >= 0.9 && lost >= 64)) return Severity::kHigh;
  if (lost >= 16 || share >= 0.9) return Severity::kMedium;
  return Severity::kLow;
}

class OutageDetector : public Detector {
 public:
  const char* name() const override { return "outage"; }
  // Changes of attributes only (kChanged) never move the signal.
  unsigned change_kinds() const override {
    return kind_bit(rib::ChangeKind::kAdded) | kind_bit(rib::ChangeKind::kRemoved) |
           kind_bit(rib::ChangeKind::kOriginsChanged);
  }
  bool wants_time() const override { return true; }

  void on_change(const rib::Change& c, const DetectContext& ctx, AlertSink&) override {
    ensure_signal(ctx);
    signal_->on_change(c);
  }

  void on_time(uint32_t now, const DetectContext& ctx, AlertSink& out) override {
    ensure_signal(ctx);
    const uint32_t bin = now / opts_.bin_seconds;
    if (!started_) {
      started_ = true;
      bin_ = bin;
      return;
    }
    if (bin <= bin_) return;
    // Close the bin that ended, then any empty ones after it (the values
    // hold; only the rules' counters move, so a few bins suffice).
    const uint32_t empty_bins =
        std::min(bin - bin_ - 1, opts_.window_bins + opts_.consecutive_bins);
    for (uint32_t b = bin_; b <= bin_ + empty_bins; ++b) close_bin(b, ctx, out);
    bin_ = bin;
  }

 private:
  void ensure_signal(const DetectContext& ctx) {
    if (!signal_) signal_ = std::make_unique<signal::VisibilitySignal>(ctx.rib, ctx.ref.registry);
  }

  uint32_t bin_end(uint32_t b) const { return (b + 1) * opts_.bin_seconds; }

  History& history(uint64_t key, uint32_t b, const refdata::Registry* reg) {
    auto [it, added] = hist_.try_emplace(key);
    if (added) {
      it->second.since = b;
      if (!is_country_key(key) && reg != nullptr) it->second.country = as_country(reg, key);
    }
    return it->second;
  }

  static uint16_t as_country(const refdata::Registry* reg, uint64_t key) {
    const refdata::Delegation* d = reg->lookup_asn(static_cast<uint32_t>(key));
    if (d == nullptr || !d->delegated() || d->cc.empty() || d->cc.is_regional() ||
        d->cc.is_unknown()) {
      return 0;
    }
    return static_cast<uint16_t>(d->cc.index() + 1);
  }

  // One bin: refresh the signal peers, rescale history a rescan made
  // incomparable, evaluate the ASes then the countries, record the values.
  void close_bin(uint32_t b, const DetectContext& ctx, AlertSink& out) {
    const signal::RefreshResult r = signal_->refresh();
    for (const signal::Rebased& rb : r.rebased) rebase(rb, b);
    std::vector<uint64_t> keys = signal_->take_dirty();
    keys.insert(keys.end(), watch_.begin(), watch_.end());
    watch_.clear();
    std::vector<uint64_t> countries;
    for (uint64_t k : keys) {
      if (is_country_key(k)) {
        countries.push_back(k);
      } else {
        evaluate_as(k, b, ctx, out);
      }
    }
    for (const auto& [cc, n] : as_outages_) {
      if (n > 0) countries.push_back(country_key(refdata::CountryCode::from_index(cc - 1)));
    }
    if (!countries.empty()) {
      count_sizeable_ases();
      for (uint64_t k : countries) evaluate_country(k, b, ctx, out);
    }
  }

  // The signal peers changed: make the entity's past comparable with the
  // new figure, or start its history again.
  void rebase(const signal::Rebased& rb, uint32_t b) {
    auto it = hist_.find(rb.key);
    if (it == hist_.end()) return;
    History& h = it->second;
    const double f = rb.before == 0 ? 0.0 : static_cast<double>(rb.after) / rb.before;
    if (f < 1.0 / opts_.max_rescale || f > opts_.max_rescale) {
      h.runs.clear();
      h.since = b;
      h.below = 0;
      return;
    }
    for (auto& run : h.runs) run.second = clamp32(static_cast<uint64_t>(run.second * f + 0.5));
    h.onset_median = clamp32(static_cast<uint64_t>(h.onset_median * f + 0.5));
    h.reference = clamp32(static_cast<uint64_t>(h.reference * f + 0.5));
  }

  // Whether the entity spent at least `max_flapping` of bins [from, to)
  // below `level`: its median is then no baseline (a prefix that comes and
  // goes every few bins), and it is not judged.
  bool flapping(const History& h, uint32_t from, uint32_t to, double level) const {
    uint32_t low = 0;
    for (size_t i = 0; i < h.runs.size(); ++i) {
      const uint32_t start = std::max(h.runs[i].first, from);
      const uint32_t end = std::min(i + 1 < h.runs.size() ? h.runs[i + 1].first : to, to);
      if (end > start && h.runs[i].second < level) low += end - start;
    }
    return low >= opts_.max_flapping * (to - from);
  }

  // First bin of the window of bin b (bins [start, b) are compared).
  uint32_t window_start(const History& h, uint32_t b) const {
    return std::max(h.since, b > opts_.window_bins ? b - opts_.window_bins : 0);
  }

  // The ratio rule for one entity at bin b with value s. Returns +1 when it
  // starts to hold, -1 when it stops, 0 otherwise. Records s.
  int step(History& h, uint32_t b, uint32_t s, double threshold, uint32_t min_size, bool learning) {
    int transition = 0;
    if (h.out) {
      if (s >= opts_.recover * h.reference) {
        h.out = false;
        h.below = 0;
        transition = -1;
      }
    } else if (learning || signal_->signal_peers(false) < opts_.min_signal_peers) {
      h.below = 0;
    } else {
      const uint32_t from = window_start(h, b);
      if (b >= from + opts_.min_history_bins) {
        const uint32_t m = window_median(h, from, b);
        const bool judged = m >= min_size && !flapping(h, from, b, threshold * m);
        if (judged && s < threshold * m) {
          if (h.below++ == 0) {
            h.onset = b;
            h.onset_median = m;
          }
        } else {
          h.below = 0;
        }
      }
      if (h.below >= opts_.consecutive_bins) {
        h.out = true;
        h.reference = h.onset_median;
        transition = +1;
      }
    }
    record(h, b, s);
    return transition;
  }

  void record(History& h, uint32_t b, uint32_t s) {
    h.evaluated = b;
    if (h.runs.empty() || h.runs.back().second != s) {
      if (!h.runs.empty() && h.runs.back().first == b) {
        h.runs.back().second = s;
      } else {
        h.runs.emplace_back(b, s);
      }
    }
    // Keep the run that holds at the start of the next bin's window.
    const uint32_t next_from = b + 1 > opts_.window_bins ? b + 1 - opts_.window_bins : 0;
    size_t drop = 0;
    while (drop + 1 < h.runs.size() && h.runs[drop + 1].first <= next_from) ++drop;
    if (drop > 0) h.runs.erase(h.runs.begin(), h.runs.begin() + static_cast<ptrdiff_t>(drop));
  }

  void evaluate_as(uint64_t key, uint32_t b, const DetectContext& ctx, AlertSink& out) {
    History& h = history(key, b, ctx.ref.registry);
    if (h.evaluated == b) return;
    const uint32_t s = clamp32(signal_->totals(key).v4_slash24s);
    const int t = step(h, b, s, opts_.as_threshold, opts_.min_as_slash24s, ctx.learning);
    const uint32_t asn = static_cast<uint32_t>(key);
    if (t > 0) {
      if (h.country != 0) ++as_outages_[h.country];
      raise_outage(asn, h, b, s, ctx, out);
    } else if (t < 0) {
      if (h.country != 0) --as_outages_[h.country];
      out.clear(AlertType::kOutage, Prefix(), asn, kAggregatePeer, bin_end(b));
    }
    if (h.out || h.below > 0) watch_.push_back(key);
  }

  void raise_outage(uint32_t asn, const History& h, uint32_t b, uint32_t s,
                    const DetectContext& ctx, AlertSink& out) {
    Alert a;
    a.type = AlertType::kOutage;
    a.severity = outage_severity(h.reference, s);
    a.has_prefix = false;
    a.asn = asn;
    a.aggregate_peers = signal_->signal_peers(false);
    a.time = bin_end(b);
    a.code = "bgp-signal";
    a.evidence = ctx.evidence;
    const uint32_t lost = h.reference > s ? h.reference - s : 0;
    a.explanation = "AS" + std::to_string(asn) + " lost " + std::to_string(lost) + " of its " +
                    std::to_string(h.reference) + " visible /24s (" + percent(lost, h.reference) +
                    ") between " + drop_interval(h.onset) + "; its median over the previous " +
                    window_text() + " was " + std::to_string(h.reference) +
                    " (signal: " + peers_text() + ").";
    out.raise(std::move(a));
  }

  std::string drop_interval(uint32_t onset) const {
    return utc_hhmm(onset * opts_.bin_seconds, true) + " and " + utc_hhmm(bin_end(onset), false) +
           " UTC";
  }

  std::string window_text() const {
    const uint32_t minutes = opts_.window_bins * opts_.bin_seconds / 60;
    return minutes % 60 == 0 ? std::to_string(minutes / 60) + " h"
                             : std::to_string(minutes) + " min";
  }

  std::string peers_text() const {
    return std::to_string(signal_->signal_peers(false)) + " " +
           signal::peer_rule_name(signal_->peer_rule(false)) + " peers";
  }

  // For countries with ASes in outage: how many of their ASes are large
  // enough to be judged (reference while in outage, else the last value).
  void count_sizeable_ases() {
    sizeable_.clear();
    bool needed = false;
    for (const auto& [cc, n] : as_outages_) needed = needed || n >= opts_.min_ases_out;
    if (!needed) return;
    for (const auto& [key, h] : hist_) {
      if (is_country_key(key) || h.country == 0) continue;
      const uint32_t level = h.out ? h.reference : (h.runs.empty() ? 0 : h.runs.back().second);
      if (level >= opts_.min_as_slash24s) ++sizeable_[h.country];
    }
  }

  void evaluate_country(uint64_t key, uint32_t b, const DetectContext& ctx, AlertSink& out) {
    History& h = history(key, b, ctx.ref.registry);
    if (h.evaluated == b) return;
    const uint32_t s = clamp32(signal_->totals(key).v4_slash24s);
    step(h, b, s, opts_.country_threshold, opts_.min_country_slash24s, ctx.learning);
    const uint16_t cc = static_cast<uint16_t>(key_country(key).index() + 1);
    const uint32_t n_out = count_of(as_outages_, cc);
    const uint32_t n_sizeable = count_of(sizeable_, cc);
    const bool many = n_out >= opts_.min_ases_out && n_out >= opts_.ases_fraction * n_sizeable;
    const bool holds = h.out || many;
    if (holds && !h.shutdown && !ctx.learning) {
      h.shutdown = true;
      raise_shutdown(key, h, b, s, n_out, n_sizeable, ctx, out);
    } else if (!holds && h.shutdown) {
      h.shutdown = false;
      out.clear_country(AlertType::kShutdown, key_country(key).to_string(), bin_end(b));
    }
    if (h.out || h.below > 0 || h.shutdown) watch_.push_back(key);
  }

  static uint32_t count_of(const std::unordered_map<uint16_t, uint32_t>& m, uint16_t cc) {
    auto it = m.find(cc);
    return it == m.end() ? 0 : it->second;
  }

  void raise_shutdown(uint64_t key, const History& h, uint32_t b, uint32_t s, uint32_t n_out,
                      uint32_t n_sizeable, const DetectContext& ctx, AlertSink& out) {
    // The reference: the frozen median when the country's own signal fell,
    // else the latest median (the ASes fell without the country signal).
    uint32_t ref = h.out ? h.reference : h.below > 0 ? h.onset_median : 0;
    if (ref == 0) {
      const uint32_t from = window_start(h, b);
      ref = from < b ? window_median(h, from, b) : s;
    }
    const uint32_t lost = ref > s ? ref - s : 0;
    Alert a;
    a.type = AlertType::kShutdown;
    a.severity = ref > 0 && lost * 5 >= ref * 4 ? Severity::kCritical : Severity::kHigh;
    a.has_prefix = false;
    a.asn = 0;
    a.country = key_country(key).to_string();
    a.aggregate_peers = signal_->signal_peers(false);
    a.time = bin_end(b);
    a.code = "bgp-signal";
    a.evidence = ctx.evidence;
    a.explanation = a.country + " lost " + std::to_string(lost) + " of its " + std::to_string(ref) +
                    " visible /24s (" + percent(lost, ref) + ")";
    if (h.out) a.explanation += " between " + drop_interval(h.onset);
    a.explanation += "; " + std::to_string(n_out) + " of its " + std::to_string(n_sizeable) +
                     " ASes with at least " + std::to_string(opts_.min_as_slash24s) +
                     " visible /24s are in outage (signal: " + peers_text() + ").";
    out.raise(std::move(a));
  }

  OutageOptions opts_;
  std::unique_ptr<signal::VisibilitySignal> signal_;
  bool started_ = false;
  uint32_t bin_ = 0;  // the bin being filled
  std::unordered_map<uint64_t, History> hist_;
  std::vector<uint64_t> watch_;                        // entities to evaluate even if unchanged
  std::unordered_map<uint16_t, uint32_t> as_outages_;  // country -> ASes in outage
  std::unordered_map<uint16_t, uint32_t> sizeable_;    // country -> ASes judged
};

}  // namespace

std::unique_ptr<Detector> make_outage_detector() { return std::make_unique<OutageDetector>(); }

}  // namespace vigil::detect

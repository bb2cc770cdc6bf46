// Detector plug-ins. Each consumes the routing state's change log (every
// route added, changed or removed, and origin-set changes) and raises or
// clears alerts. Detectors are created by name through the registry
// (registry.h) so that the pipeline and the CLI never list them by hand.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "detect/alert.h"
#include "detect/path_numbers.h"
#include "detect/reference_data.h"
#include "refdata/watchlist/watchlist.h"
#include "rib/cover_filter.h"
#include "rib/rib.h"

namespace vigil::detect {

// Tunables of the built-in detectors (EngineOptions::detectors).
struct DetectorSettings {
  // "visibility": alert when a monitored prefix is withdrawn at this many
  // peers — or at every peer that carried it, when fewer did (so a small
  // collector never hides a loss all its peers see).
  uint32_t visibility_min_peers = 3;
};

// What a detector may look at. References valid during the call.
struct DetectContext {
  DetectContext(const rib::Rib& r, const ReferenceData& refs, const Evidence& e, bool learn)
      : rib(r), ref(refs), watchlist(refs.watchlist), evidence(e), learning(learn) {}

  const rib::Rib& rib;
  const ReferenceData& ref;                       // every pointer may be null
  const refdata::Watchlist* watchlist = nullptr;  // ref.watchlist
  const Evidence& evidence;                       // the record being applied
  DetectorSettings settings;
  // Stable numbers of the change's old and new AS path contents
  // (path_numbers.h), set by the engine before each change: detectors cache
  // path-only results by number (a vector index) and do path-only work
  // when new_path.first_sight. Numbers restart when path_epoch changes.
  PathNumbers::Number old_path, new_path;
  uint32_t path_epoch = 1;
  // The engine's numbering, for detectors' per-content verdict bits
  // (PathFlag). Set by the engine; the numbers of this change are live.
  void mark_path(uint32_t number, uint32_t bits) const {
    numbers->set_flags(rib.store(), number, bits);
  }
  void unmark_all_paths(uint32_t bits) const { numbers->clear_flags(rib.store(), bits); }
  PathNumbers* numbers = nullptr;
  // True while the baseline is being learned (a RIB dump, or the first
  // updates): detectors that compare against history record, not alert.
  bool learning = false;
  // True while learning, until the first record outside learning: every
  // route in the Rib came in while learning.
  bool first_learning = false;

  // The AS path of a route's attributes as a flat list (peer first),
  // computed once per change and shared by the detectors. The reference is
  // valid until the next call with another id.
  const std::vector<uint32_t>& path(rib::AttrsId attrs) const;
  // Call before each change: attribute ids are reused once released.
  void new_change() { cached_[0] = cached_[1] = 0; }

 private:
  mutable rib::AttrsId cached_[2] = {0, 0};
  mutable std::vector<uint32_t> paths_[2];
  mutable unsigned next_ = 0;
};

// Conditions of a QuietRule about the change as a whole (bits).
enum QuietCondition : uint32_t {
  kQuietNotLearning = 1u << 0,  // the baseline is not being learned
  kQuietNoOtc = 1u << 1,        // neither route carries the OTC attribute (RFC 9234)
  kQuietSeenPath = 1u << 2,     // the new path is no first sight (PathNumbers)
  kQuietSameOrigin = 1u << 3,   // kChanged, and the new route keeps the origin
  kQuietFirstEpoch = 1u << 4,   // the path numbering is in its first epoch
};

// When a detector has nothing to do with a change, declared as data so that
// the engine can skip its on_change() without calling it (a virtual call
// per change and detector adds up over a full table's churn). The detector
// keeps its rule current (Detector::set_quiet_rule); the engine skips a
// change when the rule is enabled and every condition it sets holds, and
// skips a change outright when every detector of its kind is quiet. A rule
// must only name changes on which on_change() would do nothing at all.
struct QuietRule {
  bool enabled = false;
  uint32_t conditions = 0;  // QuietCondition bits that must all hold
  // The change's prefix lies outside this space (CoverFilter says "certainly
  // not"). Null: no condition on the prefix.
  const rib::CoverFilter* space = nullptr;
  // Each route of the change that has an AS path (old and new) has
  // (path flags & path_mask) == path_quiet (PathFlag bits). 0: none.
  uint32_t path_mask = 0;
  uint32_t path_quiet = 0;
};

class Detector {
 public:
  virtual ~Detector() = default;
  // Read by the engine before each change (see QuietRule).
  const QuietRule& quiet_rule() const { return quiet_; }
  virtual const char* name() const = 0;
  virtual void on_change(const rib::Change& c, const DetectContext& ctx, AlertSink& out) = 0;
  // Called before a record when the data time moved forward (the largest
  // record time so far, which never goes backwards within a replay), before
  // the first record, when learning starts or stops, and once more at the
  // end of the replay (Engine::finish) with the last time seen. Time-binned detectors
  // (outages) and those that act when the baseline ends (inferring AS
  // relationships) work here. `ctx.learning` is already updated for the
  // record about to be applied.
  virtual void on_time(uint32_t now, const DetectContext& ctx, AlertSink& out) {
    (void)now, (void)ctx, (void)out;
  }
  // Whether on_time() does anything (saves a virtual call per record).
  virtual bool wants_time() const { return false; }
  // The kinds of change on_change() wants, as bits (1 << ChangeKind); the
  // engine calls it for no other (a virtual call per change and detector
  // adds up over a full table's churn). Default: routes added, changed,
  // removed.
  virtual unsigned change_kinds() const {
    return kind_bit(rib::ChangeKind::kAdded) | kind_bit(rib::ChangeKind::kChanged) |
           kind_bit(rib::ChangeKind::kRemoved);
  }
  // Whether the detector has anything to do with this reference data (the
  // rpki detector without VRPs has not); inactive ones are not called.
  virtual bool active(const ReferenceData& refs) const {
    (void)refs;
    return true;
  }
  static constexpr unsigned kind_bit(rib::ChangeKind k) { return 1u << static_cast<unsigned>(k); }

 protected:
  // Replaces the detector's rule; the engine notices. Rules change rarely
  // (once set up, at the end of learning, ...): not per change.
  void set_quiet_rule(const QuietRule& r) {
    quiet_ = r;
    ++*rules_serial_;
  }

 private:
  friend class Engine;
  QuietRule quiet_;  // never enabled unless the detector says so
  uint32_t own_serial_ = 0;
  uint32_t* rules_serial_ = &own_serial_;  // the engine's, once it holds the detector
};

// Every registered detector's name, and a factory.
std::vector<std::string> detector_names();
std::unique_ptr<Detector> make_detector(const std::string& name);

// Helpers shared by detectors: the route's AS path as a flat list (peer
// first) and its origin, from the interned attributes.
std::vector<uint32_t> flat_path(const rib::Rib& rib, rib::AttrsId attrs);
bool route_origin(const rib::Rib& rib, rib::AttrsId attrs, uint32_t& origin);

}  // namespace vigil::detect

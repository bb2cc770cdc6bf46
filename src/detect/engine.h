// Engine: runs detectors on a Rib's change log and feeds an IncidentTracker.
// It knows nothing of files: the caller applies MRT elements to the Rib (as
// dump::RibLoader does) and tells the engine, before each record, where the
// record came from and whether it belongs to a RIB dump.
//
//   rib::Rib rib;
//   detect::Engine engine(rib, &watchlist, {"watchlist", "moas"}, opts);
//   for each record: engine.begin_record(evidence, is_rib_dump); loader.apply(elems);
//   engine.incidents().reported()
//
// Baseline: RIB-dump records are always learning; update records are
// learning when no RIB dump came first and they fall within the first
// `baseline_seconds` of updates.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/byte_reader.h"
#include "detect/detector.h"
#include "detect/incident.h"
#include "refdata/watchlist/watchlist.h"
#include "rib/rib.h"

namespace vigil::detect {

struct EngineOptions {
  uint32_t baseline_seconds = 900;
  IncidentOptions incidents;
  // Alerts of medium severity or more on a DNS root-server prefix (or
  // inside one) become critical and say which root server (dns_root.h).
  bool dns_root = true;
  DetectorSettings detectors;
  // Skip detectors' on_change() where their QuietRule says they have
  // nothing to do (detector.h). Off: every detector sees every change of
  // its kinds (the same results, slower; for tests that check that).
  bool quiet_rules = true;
};

class Engine {
 public:
  // Installs itself as `rib`'s change sink. The reference data (every
  // pointer may be null) must outlive the engine. Incidents get the country
  // of their offending AS from refs.registry. Errors: an unknown detector
  // name.
  static Result<std::unique_ptr<Engine>> create(rib::Rib& rib, const ReferenceData& refs,
                                                const std::vector<std::string>& detector_names,
                                                EngineOptions opts = {});
  // The same with only a watchlist (may be null).
  static Result<std::unique_ptr<Engine>> create(rib::Rib& rib, const refdata::Watchlist* watchlist,
                                                const std::vector<std::string>& detector_names,
                                                EngineOptions opts = {});

  // Before each record: where it came from, whether it belongs to a RIB
  // dump, and its exact bytes (for the evidence keeper; may be empty).
  // `raw` must stay valid until the record's elements are applied.
  void begin_record(const Evidence& evidence, bool rib_dump_record, Bytes raw = {});

  // Keeps the raw bytes of records that alerts rest on: called once per
  // record, at its first alert about a route (aggregate alerts about an AS
  // or a country rest on a signal, not on one record), with the record's
  // Evidence and bytes; returns the leaf index the bytes were kept under
  // (an evidence log), or an error, which stops nothing: the alert keeps
  // no leaf and keeper_errors() counts it.
  using EvidenceKeeper = std::function<Result<uint64_t>(const Evidence&, Bytes raw)>;
  void set_evidence_keeper(EvidenceKeeper keeper) { keeper_ = std::move(keeper); }
  size_t keeper_errors() const { return keeper_errors_; }
  // Sees every alert after it joined its incident (for a store's alert
  // table). The references are valid during the call.
  using AlertObserver = std::function<void(const Incident&, const Alert&)>;
  void set_alert_observer(AlertObserver f) { observer_ = std::move(f); }
  // After the last record: lets time-binned detectors close the bins that
  // ended. `end_time` (Unix seconds), when later than the last record's
  // time, is when the data ends: a replay that knows it (an exercise of a
  // given duration, an archive of a given span) passes it so that bins
  // after the last record — quiet ones, where an outage shows — close too.
  void finish(uint32_t end_time = 0);

  const IncidentTracker& incidents() const { return incidents_; }
  IncidentTracker& incidents() { return incidents_; }
  bool learning() const { return ctx_.learning; }

 private:
  Engine(rib::Rib& rib, const ReferenceData& refs, EngineOptions opts);
  void on_change(const rib::Change& c);

  // Between the detectors and the tracker: DNS root escalation.
  class Escalator : public AlertSink {
   public:
    Escalator(Engine& e, IncidentTracker& t, bool dns_root)
        : engine_(e), tracker_(t), dns_root_(dns_root) {}
    void raise(Alert a) override;
    void clear(AlertType type, const Prefix& prefix, uint32_t asn, rib::PeerIndex peer,
               uint32_t time) override {
      tracker_.clear(type, prefix, asn, peer, time);
    }
    void clear_country(AlertType type, const std::string& country, uint32_t time) override {
      tracker_.clear_country(type, country, time);
    }

   private:
    Engine& engine_;
    IncidentTracker& tracker_;
    bool dns_root_;
  };
  // The leaf the current record was kept under (asking the keeper once).
  uint64_t keep_current_record();

  rib::Rib& rib_;
  ReferenceData refs_;
  EngineOptions opts_;
  std::vector<std::unique_ptr<Detector>> detectors_;
  std::vector<Detector*> timed_;       // active detectors with wants_time()
  std::vector<Detector*> by_kind_[4];  // active detectors per ChangeKind
  // What QuietRule conditions look at, worked out once per change.
  struct ChangeFacts {
    uint32_t holds = 0;        // QuietCondition bits that hold
    bool any_path = false;     // a route of the change has an AS path
    uint32_t flags_or = 0;     // PathFlag bits of those paths, OR'ed
    uint32_t flags_and = ~0u;  // ... and AND'ed
  };
  static bool quiet(const QuietRule& r, const rib::Change& c, const ChangeFacts& f);
  // Per ChangeKind, the rules of all its detectors folded into one: when it
  // holds, the change needs no detector at all (the common case), tested
  // without visiting each detector. Rebuilt when a rule changes.
  struct AllQuiet {
    bool possible = false;  // every detector of the kind has an enabled rule
    uint32_t conditions = 0;
    uint32_t path_mask = 0, path_quiet = 0;
    static constexpr size_t kMaxSpaces = 4;
    const rib::CoverFilter* spaces[kMaxSpaces] = {};
    size_t spaces_used = 0;
  };
  void rebuild_all_quiet();
  AllQuiet all_quiet_[4];
  uint32_t rules_serial_ = 0;        // bumped by Detector::set_quiet_rule
  uint32_t all_quiet_serial_ = ~0u;  // rules_serial_ that all_quiet_ reflects
  uint32_t last_time_ = 0;
  bool timed_started_ = false;  // on_time() was called once
  bool left_learning_ = false;  // a record outside learning was seen
  IncidentTracker incidents_;
  Escalator sink_;
  Evidence evidence_;
  Bytes raw_;               // the current record's bytes (begin_record)
  bool asked_ = false;      // the keeper was asked about the current record
  EvidenceKeeper keeper_;   // may be empty
  AlertObserver observer_;  // may be empty
  size_t keeper_errors_ = 0;
  PathNumbers path_numbers_;
  DetectContext ctx_;
  bool saw_rib_dump_ = false;
  uint32_t first_update_time_ = 0;
  bool have_first_update_ = false;
};

}  // namespace vigil::detect

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

#include <memory>
#include <string>
#include <vector>

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

  void begin_record(const Evidence& evidence, bool rib_dump_record);
  // After the last record: lets time-binned detectors close their last bin.
  void finish();

  const IncidentTracker& incidents() const { return incidents_; }
  IncidentTracker& incidents() { return incidents_; }
  bool learning() const { return ctx_.learning; }

 private:
  Engine(rib::Rib& rib, const ReferenceData& refs, EngineOptions opts);
  void on_change(const rib::Change& c);

  // Between the detectors and the tracker: DNS root escalation.
  class Escalator : public AlertSink {
   public:
    Escalator(IncidentTracker& t, bool dns_root) : tracker_(t), dns_root_(dns_root) {}
    void raise(Alert a) override;
    void clear(AlertType type, const Prefix& prefix, uint32_t asn, rib::PeerIndex peer,
               uint32_t time) override {
      tracker_.clear(type, prefix, asn, peer, time);
    }
    void clear_country(AlertType type, const std::string& country, uint32_t time) override {
      tracker_.clear_country(type, country, time);
    }

   private:
    IncidentTracker& tracker_;
    bool dns_root_;
  };

  rib::Rib& rib_;
  ReferenceData refs_;
  EngineOptions opts_;
  std::vector<std::unique_ptr<Detector>> detectors_;
  std::vector<Detector*> timed_;       // active detectors with wants_time()
  std::vector<Detector*> by_kind_[4];  // active detectors per ChangeKind
  uint32_t last_time_ = 0;
  IncidentTracker incidents_;
  Escalator sink_;
  Evidence evidence_;
  PathNumbers path_numbers_;
  DetectContext ctx_;
  bool saw_rib_dump_ = false;
  uint32_t first_update_time_ = 0;
  bool have_first_update_ = false;
};

}  // namespace vigil::detect

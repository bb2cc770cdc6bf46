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
};

class Engine {
 public:
  // Installs itself as `rib`'s change sink. `watchlist` may be null and
  // must outlive the engine. Errors: an unknown detector name.
  static Result<std::unique_ptr<Engine>> create(rib::Rib& rib, const refdata::Watchlist* watchlist,
                                                const std::vector<std::string>& detector_names,
                                                EngineOptions opts = {});

  void begin_record(const Evidence& evidence, bool rib_dump_record);

  const IncidentTracker& incidents() const { return incidents_; }
  bool learning() const { return ctx_.learning; }

 private:
  Engine(rib::Rib& rib, const refdata::Watchlist* watchlist, EngineOptions opts);
  void on_change(const rib::Change& c);

  rib::Rib& rib_;
  EngineOptions opts_;
  std::vector<std::unique_ptr<Detector>> detectors_;
  IncidentTracker incidents_;
  Evidence evidence_;
  DetectContext ctx_;
  bool saw_rib_dump_ = false;
  uint32_t first_update_time_ = 0;
  bool have_first_update_ = false;
};

}  // namespace vigil::detect

// The replay behind `vigil detect` (and `vigil exercise run`): reference
// files loaded, an engine over a fresh routing state, every file applied,
// and — with a store — the evidence kept. The caller prints or scores the
// incidents and, with a store, calls keeping->finish().
//
// Lifetime: everything lives in DetectRun (the engine points into its
// routing state and reference data); keep it as long as the incidents are
// used.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apps/vigil/evidence_keeping.h"
#include "apps/vigil/reference_files.h"
#include "core/result.h"
#include "detect/engine.h"
#include "refdata/asrel/as_relationships.h"
#include "refdata/registry/registry.h"
#include "refdata/watchlist/watchlist.h"
#include "rib/rib.h"

namespace vigil::app {

struct DetectOptions {
  std::vector<std::string> files;
  std::string config;
  std::string vrps;
  std::string as_rel;
  std::string registry;
  std::string detector_list;
  uint32_t baseline_seconds = 900;
  uint32_t min_peers = 1;
  uint32_t visibility_peers = 3;
  uint32_t fade_off = 3600;
  bool no_dns_root = false;
  bool show_ignored = false;
  bool json = false;
  bool quiet = false;
  std::string store;
  std::string evidence;
};

// Everything loaded from the reference files; outlives the engine.
struct LoadedReferences {
  std::optional<refdata::Watchlist> watchlist;
  std::optional<RpkiFiles> rpki;
  std::optional<refdata::AsRelationships> relationships;
  std::optional<refdata::Registry> registry;
  detect::ReferenceData refs() const {
    detect::ReferenceData r;
    if (watchlist) r.watchlist = &*watchlist;
    if (rpki) {
      r.vrps = &rpki->vrps;
      if (!rpki->aspas.empty()) r.aspas = &rpki->aspas;
    }
    if (relationships) r.relationships = &*relationships;
    if (registry) r.registry = &*registry;
    return r;
  }
};

struct DetectRun {
  LoadedReferences loaded;
  rib::Rib rib;
  std::unique_ptr<detect::Engine> engine;
  std::unique_ptr<EvidenceKeeping> keeping;  // with a store
  int status = 0;                            // 1 when a file could not be read whole
};

// Loads, replays and finishes (Engine::finish(end_time): 0 = the last
// record's time). Errors (bad options or reference files, an unusable
// store) stop before any replay; a bad input file is reported on stderr
// (prefixed by `who`) and sets status = 1, and the others are still read.
Result<std::unique_ptr<DetectRun>> run_detection(const DetectOptions& o, const char* who,
                                                 uint32_t end_time = 0);

std::vector<std::string> split_commas(const std::string& s);

}  // namespace vigil::app

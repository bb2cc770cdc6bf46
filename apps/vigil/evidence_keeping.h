// What `vigil detect --store URI [--evidence DIR]` keeps beyond its report:
//
//   records an alert rests on ──► evidence log (src/evidence): one leaf per
//                                  record, exact bytes, signed tree head
//   incidents, their alerts,  ──► store (src/store): SQLite file or
//   evidence references,           PostgreSQL, shared with `vigil evidence`
//   sources
//
// The evidence directory defaults to "<store file>.evidence" for a SQLite
// store; a PostgreSQL store needs --evidence (the log is local files).
//
// A TABLE_DUMP_V2 RIB record cannot be read without its file's
// PEER_INDEX_TABLE, so before the first RIB record of a file that an alert
// rests on, that table is kept too (once per file) and every incident
// resting on the file's RIB records also references it: an exported bundle
// is then an MRT file bgpdump reads.
//
// Lifetime: one per `vigil detect` run. The engine's keeper and observer
// (keeper(), observer()) point into this object. Not thread-safe.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "detect/engine.h"
#include "dump/mrt_stream.h"
#include "evidence/log.h"
#include "rib/rib.h"
#include "store/store.h"

namespace vigil::app {

class EvidenceKeeping {
 public:
  // Opens the store and the evidence log ("" = the default above).
  static Result<std::unique_ptr<EvidenceKeeping>> open(const std::string& store_uri,
                                                       const std::string& evidence_dir);

  // Before each record of `file` (remembers PEER_INDEX_TABLEs).
  void see_record(const std::string& file, const dump::RecordView& rec);
  // For Engine::set_evidence_keeper / set_alert_observer.
  detect::Engine::EvidenceKeeper keeper();
  detect::Engine::AlertObserver observer(const rib::Rib& rib);

  // After the replay: commits and signs the log, then writes the incidents
  // (every one, ignored ones too), their alerts and evidence references,
  // and the files as sources, in one store transaction per kind.
  Status finish(const detect::IncidentTracker& incidents, const rib::Rib& rib,
                const std::vector<std::string>& files);

  const std::string& evidence_dir() const { return evidence_dir_; }
  uint64_t leaves_added() const { return leaves_added_; }
  size_t alerts_seen() const { return alerts_.size(); }

 private:
  Result<uint64_t> keep(const detect::Evidence& ev, Bytes raw);
  Result<uint64_t> append(const std::string& source, uint32_t time, Bytes raw);

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<evidence::EvidenceLog> log_;
  std::string evidence_dir_;
  // Per file: its last PEER_INDEX_TABLE and the leaf it was kept under.
  struct FileTables {
    std::vector<uint8_t> peer_index;
    uint64_t leaf = detect::Evidence::kNoLeaf;
    uint64_t offset = 0;  // in the file
    uint32_t time = 0;    // the time it was kept under
  };
  std::map<std::string, FileTables> tables_;
  std::map<std::string, std::pair<uint32_t, uint32_t>> seen_;  // file -> first, last record time
  // RIB record leaf -> where its peer index table is (leaf, offset, time).
  std::map<uint64_t, detect::Evidence> context_;
  std::vector<store::AlertRecord> alerts_;
  uint64_t leaves_added_ = 0;
};

}  // namespace vigil::app

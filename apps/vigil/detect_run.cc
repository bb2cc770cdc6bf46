#include "apps/vigil/detect_run.h"

#include <cstdio>

#include "dump/mrt_stream.h"
#include "dump/rib_loader.h"
#include "io/input.h"
#include "wire/mrt/header.h"

namespace vigil::app {

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  for (size_t start = 0; !s.empty() && start <= s.size();) {
    const size_t comma = s.find(',', start);
    out.push_back(s.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

namespace {

Status load_references(const DetectOptions& o, const char* who, LoadedReferences& out) {
  const WarnFn warn = [&](const std::string& w) {
    if (!o.quiet) std::fprintf(stderr, "%s: warning: %s\n", who, w.c_str());
  };
  if (!o.config.empty()) {
    VIGIL_TRY(auto w, load_watchlist_file(o.config, warn));
    out.watchlist = std::move(w);
  }
  if (!o.vrps.empty()) {
    VIGIL_TRY(auto r, load_rpki_file(o.vrps, warn));
    out.rpki = std::move(r);
  }
  if (!o.as_rel.empty()) {
    VIGIL_TRY(auto r, load_as_rel_file(o.as_rel, warn));
    out.relationships = std::move(r);
  }
  if (!o.registry.empty()) {
    VIGIL_TRY(auto r, load_registry(o.registry, warn));
    out.registry = std::move(r);
  }
  return Status::Ok();
}

// The acknowledge/ignore rules of the watchlist file, checked.
Status add_incident_rules(const refdata::Watchlist& w, detect::IncidentTracker& tracker) {
  for (const auto& spec : w.incident_rules()) {
    detect::IncidentRule r;
    r.action = spec.ignore ? detect::Disposition::kIgnored : detect::Disposition::kAcknowledged;
    if (!spec.type.empty()) {
      r.type = detect::parse_alert_type(spec.type);
      if (!r.type) {
        return make_error(ErrorCode::kInvalidArgument,
                          spec.where + ": unknown incident type '" + spec.type + "'");
      }
    }
    r.prefix = spec.prefix;
    r.asn = spec.asn;
    r.id = spec.id;
    r.reason = spec.reason;
    tracker.add_rule(std::move(r));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<DetectRun>> run_detection(const DetectOptions& o, const char* who,
                                                 uint32_t end_time) {
  std::unique_ptr<DetectRun> run(new DetectRun());
  LoadedReferences& loaded = run->loaded;
  if (Status s = load_references(o, who, loaded); !s) return s.error();
  rib::Rib& rib = run->rib;
  detect::EngineOptions eopts;
  eopts.baseline_seconds = o.baseline_seconds;
  eopts.incidents.min_peers = o.min_peers;
  eopts.incidents.fade_off_seconds = o.fade_off;
  eopts.dns_root = !o.no_dns_root;
  eopts.detectors.visibility_min_peers = o.visibility_peers;
  auto created = detect::Engine::create(rib, loaded.refs(), split_commas(o.detector_list), eopts);
  if (!created) return created.error();
  run->engine = std::move(*created);
  detect::Engine* engine = run->engine.get();
  if (loaded.watchlist) {
    if (Status s = add_incident_rules(*loaded.watchlist, engine->incidents()); !s) {
      return s.error();
    }
  }
  std::unique_ptr<EvidenceKeeping>& keeping = run->keeping;
  if (!o.store.empty()) {
    auto k = EvidenceKeeping::open(o.store, o.evidence);
    if (!k) return k.error();
    keeping = std::move(*k);
    engine->set_evidence_keeper(keeping->keeper());
    engine->set_alert_observer(keeping->observer(rib));
  } else if (!o.evidence.empty()) {
    return make_error(ErrorCode::kInvalidArgument, "--evidence needs --store");
  }
  dump::RibLoader loader(rib);
  int& status = run->status;
  for (const auto& file : o.files) {
    auto src = io::open_input(file);
    if (!src) {
      std::fprintf(stderr, "%s: %s\n", who, src.error().message.c_str());
      status = 1;
      continue;
    }
    dump::MrtStream stream(std::make_unique<io::BufferedReader>(io::make_threaded(std::move(*src))),
                           file);
    detect::Evidence evidence{file, 0, 0};  // one copy of the name per file
    Status s = stream.run(
        [&](const dump::RecordView& rec, std::span<const dump::Element> elems) {
          const bool rib_record =
              rec.header.type == mrt::kTypeTableDump || rec.header.type == mrt::kTypeTableDumpV2 ||
              (rec.header.type == mrt::kTypeBgp4mp && rec.header.subtype == mrt::kEntry);
          evidence.offset = rec.offset;
          evidence.time = rec.header.timestamp;
          if (keeping) keeping->see_record(file, rec);
          engine->begin_record(evidence, rib_record, rec.raw);
          loader.apply(elems);
        },
        [&](const dump::Diagnostic& d) {
          if (!o.quiet) std::fprintf(stderr, "%s: %s\n", who, d.to_string().c_str());
        });
    if (!s) {
      std::fprintf(stderr, "%s: %s: %s\n", who, file.c_str(), s.error().to_string().c_str());
      status = 1;
    }
  }
  engine->finish(end_time);
  return run;
}

}  // namespace vigil::app

// vigil detect: replay MRT archives (RIB dumps and/or updates, in order),
// keep the routing state, run the detectors on every change, and print the
// incidents.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "apps/vigil/commands.h"
#include "apps/vigil/detect_run.h"
#include "apps/vigil/evidence_keeping.h"
#include "apps/vigil/reference_files.h"
#include "apps/vigil/time_text.h"
#include "detect/detector.h"
#include "detect/engine.h"
#include "detect/incident.h"
#include "dump/json_format.h"
#include "dump/mrt_stream.h"
#include "dump/rib_loader.h"
#include "io/input.h"
#include "rib/rib.h"

namespace vigil::app {

namespace {

void print_json(const detect::Incident& in, const rib::Rib& rib) {
  std::string out = "{\"id\":";
  dump::append_json_string(out, in.id);
  out += ",\"type\":\"";
  out += detect::alert_type_name(in.type);
  if (in.has_prefix) {
    out += "\",\"prefix\":\"" + in.prefix.to_string() + "\"";
    out += ",\"watched_prefix\":\"" + in.watched_prefix.to_string() + "\"";
  } else {
    out += "\",\"prefix\":null,\"watched_prefix\":null";
  }
  out += ",\"asn\":" + (in.asn ? std::to_string(in.asn) : std::string("null"));
  out += ",\"expected_asns\":[";
  for (size_t i = 0; i < in.expected_asns.size(); ++i) {
    out += (i ? "," : "") + std::to_string(in.expected_asns[i]);
  }
  out += "],\"first_seen\":\"" + iso_time(in.first_seen) + "\",\"last_seen\":\"" +
         iso_time(in.last_seen) + "\",\"status\":\"";
  out += detect::incident_status_name(in.status);
  out += "\",\"disposition\":\"";
  out += detect::disposition_name(in.disposition);
  out += "\"";
  if (in.disposition != detect::Disposition::kNone) {
    out += ",\"disposition_reason\":";
    dump::append_json_string(out, in.disposition_reason);
  }
  out += ",\"peers\":" + std::to_string(in.peer_count());
  out += ",\"peers_now\":" + std::to_string(in.has_prefix ? in.peers_now.size() : 0);
  out += ",\"peer_list\":[";
  bool first = true;
  for (auto p : in.peers_ever) {
    if (p == detect::kAggregatePeer || p >= rib.peers().size()) continue;
    out += first ? "\"" : ",\"";
    first = false;
    out += rib.peers()[p].address.to_string() + " AS" + std::to_string(rib.peers()[p].asn) + "\"";
  }
  out += "],\"severity\":\"";
  out += detect::severity_name(in.severity);
  out += "\",\"norms\":[";
  const auto norms = detect::norms_for(in.type);
  for (size_t i = 0; i < norms.size(); ++i) out += (i ? ",\"" : "\"") + norms[i] + "\"";
  out += "],\"country\":";
  out += in.country.empty() ? "null" : "\"" + in.country + "\"";
  out += ",\"code\":";
  dump::append_json_string(out, in.code);
  out += ",\"explanation\":";
  dump::append_json_string(out, in.explanation);
  out += ",\"alerts\":" + std::to_string(in.alerts) + ",\"evidence\":[";
  for (size_t i = 0; i < in.evidence.size(); ++i) {
    out += i ? ",{\"file\":" : "{\"file\":";
    dump::append_json_string(out, in.evidence[i].file);
    out += ",\"offset\":" + std::to_string(in.evidence[i].offset) +
           ",\"time\":" + std::to_string(in.evidence[i].time) + "}";
  }
  out += "]}\n";
  std::fputs(out.c_str(), stdout);
}

std::string subject(const detect::Incident& in) {
  if (in.has_prefix) return in.prefix.to_string();
  if (in.asn == 0 && !in.country.empty()) return "country " + in.country;
  return "AS" + std::to_string(in.asn);
}

void print_table(const std::vector<const detect::Incident*>& list,
                 const detect::IncidentTracker& incidents, const rib::Rib& rib) {
  std::map<std::string, int> per_type;
  std::map<std::string, int> per_severity;
  for (const auto* in : list) {
    ++per_type[detect::alert_type_name(in->type)];
    ++per_severity[detect::severity_name(in->severity)];
  }
  std::printf("%zu incidents from %zu alerts (%zu routes, %zu peers at the end)", list.size(),
              incidents.alert_count(), rib.route_count(), rib.peers().size());
  if (incidents.ignored_count() > 0) {
    std::printf("; %zu ignored by rules (--show-ignored)", incidents.ignored_count());
  }
  std::printf("\n");
  for (const auto& [t, n] : per_type) std::printf("  %-18s %d\n", t.c_str(), n);
  std::printf(" by severity:");
  for (const char* s : {"critical", "high", "medium", "low", "info"}) {
    if (per_severity.count(s)) std::printf(" %s %d", s, per_severity[s]);
  }
  std::printf("\n\n%-20s %-17s %-22s %-11s %-3s %5s %-8s %-9s %s\n", "first seen", "type",
              "subject", "AS", "cc", "peers", "severity", "status", "why");
  for (const auto* in : list) {
    std::string status = detect::incident_status_name(in->status);
    if (in->disposition != detect::Disposition::kNone) {
      status += in->disposition == detect::Disposition::kAcknowledged ? "/ack" : "/ignored";
    }
    std::printf("%-20s %-17s %-22s %-11s %-3s %5zu %-8s %-9s %s\n",
                iso_time(in->first_seen).c_str(), detect::alert_type_name(in->type),
                subject(*in).c_str(), in->asn ? ("AS" + std::to_string(in->asn)).c_str() : "-",
                in->country.empty() ? "-" : in->country.c_str(), in->peer_count(),
                detect::severity_name(in->severity), status.c_str(), in->explanation.c_str());
  }
}

}  // namespace

int run_detect(int argc, char** argv) {
  DetectOptions o;
  CLI::App app{
      "Replay MRT archives (RIB dumps and updates, recognised by content) and report "
      "incidents: hijacks against a watchlist and the DNS root servers, MOAS and sub-MOAS "
      "conflicts, new AS links and bogons against a learned baseline, RPKI-invalid and "
      "ASPA-invalid routes, route leaks, visibility loss, AS outages and country shutdowns.",
      "vigil detect"};
  app.add_option("files", o.files, "MRT files, in time order")->required();
  app.add_option("--config", o.config,
                 "watchlist: vigil YAML (with acknowledge/ignore rules), BGPalerter "
                 "prefixes.yml or ARTEMIS config.yaml");
  app.add_option("--vrps", o.vrps,
                 "RPKI validator output (rpki-client JSON with ASPAs, Routinator JSON/CSV, "
                 "StayRTR JSON) for the rpki and aspa detectors");
  app.add_option("--as-rel", o.as_rel,
                 "CAIDA AS relationships (serial-1/2) for route leaks; without it they are "
                 "inferred from the baseline's paths (Gao)");
  app.add_option("--registry", o.registry,
                 "RIR delegated statistics (a directory of delegated-* files, or one file): "
                 "country of offending ASes, per-country outage signals");
  app.add_option(
      "--detectors", o.detector_list, "comma-separated detectors to run (default: all): " + [] {
        std::string names;
        for (const auto& n : detect::detector_names()) {
          names += (names.empty() ? "" : ", ") + n;
        }
        return names;
      }());
  app.add_option("--baseline", o.baseline_seconds,
                 "with update files only: learn the baseline from the first N seconds (default "
                 "900); with a RIB dump, the dump is the baseline");
  app.add_option("--min-peers", o.min_peers,
                 "report route incidents seen by at least N peers (default 1)");
  app.add_option("--visibility-peers", o.visibility_peers,
                 "visibility loss: withdrawn at N peers, or at all that carried it (default 3)");
  app.add_option("--fade-off", o.fade_off,
                 "seconds a withdrawn incident stays 'withdrawn' before 'resolved' (default 3600)");
  app.add_flag("--no-dns-root", o.no_dns_root,
               "do not raise alerts on DNS root-server prefixes to critical");
  app.add_flag("--show-ignored", o.show_ignored, "also list incidents that ignore rules match");
  app.add_option("--store", o.store,
                 "keep incidents, alerts and evidence references in a store: a SQLite file "
                 "(created if absent) or postgresql://…; the raw records alerts rest on go to "
                 "an evidence log (--evidence)");
  app.add_option("--evidence", o.evidence,
                 "the evidence log's directory (default with a SQLite store: STORE.evidence)");
  app.add_flag("--json", o.json, "one incident per line as JSON");
  app.add_flag("-q,--quiet", o.quiet, "do not print per-record warnings");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  auto run = run_detection(o, "vigil detect");
  if (!run) {
    std::fprintf(stderr, "vigil detect: %s\n", run.error().message.c_str());
    return 2;
  }
  int status = (*run)->status;
  rib::Rib& rib = (*run)->rib;
  const auto* engine = &(*run)->engine;
  auto& keeping = (*run)->keeping;
  const detect::IncidentTracker& incidents = (*engine)->incidents();
  if (keeping) {
    if ((*engine)->keeper_errors() > 0) {
      std::fprintf(stderr, "vigil detect: %zu records could not be kept in the evidence log\n",
                   (*engine)->keeper_errors());
      status = 1;
    }
    if (Status s = keeping->finish(incidents, rib, o.files); !s) {
      std::fprintf(stderr, "vigil detect: store: %s\n", s.error().to_string().c_str());
      return 1;
    }
    std::fprintf(stderr, "vigil detect: stored %zu incidents in %s; %llu records added to %s\n",
                 incidents.reported(true).size(), o.store.c_str(),
                 static_cast<unsigned long long>(keeping->leaves_added()),
                 keeping->evidence_dir().c_str());
  }
  const auto list = incidents.reported(o.show_ignored);
  if (o.json) {
    for (const auto* in : list) print_json(*in, rib);
  } else {
    print_table(list, incidents, rib);
  }
  return status;
}

}  // namespace vigil::app

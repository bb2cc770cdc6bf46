// vigil detect: replay MRT archives (RIB dumps and/or updates, in order),
// keep the routing state, run the detectors on every change, and print the
// incidents.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "apps/vigil/commands.h"
#include "detect/detector.h"
#include "detect/engine.h"
#include "detect/incident.h"
#include "dump/json_format.h"
#include "dump/mrt_stream.h"
#include "dump/rib_loader.h"
#include "io/input.h"
#include "refdata/watchlist/watchlist.h"
#include "rib/rib.h"

namespace vigil::app {

namespace {

struct DetectOptions {
  std::vector<std::string> files;
  std::string config;
  std::vector<std::string> detectors;
  uint32_t baseline_seconds = 900;
  uint32_t min_peers = 1;
  bool json = false;
  bool quiet = false;
};

std::string iso_time(uint32_t t) {
  const std::time_t tt = t;
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error(ErrorCode::kIo, path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void print_json(const detect::Incident& in, const rib::Rib& rib) {
  std::string out = "{\"id\":";
  dump::append_json_string(out, in.id);
  out += ",\"type\":\"";
  out += detect::alert_type_name(in.type);
  out += "\",\"prefix\":\"" + in.prefix.to_string() + "\"";
  out += ",\"watched_prefix\":\"" + in.watched_prefix.to_string() + "\"";
  out += ",\"asn\":" + (in.asn ? std::to_string(in.asn) : std::string("null"));
  out += ",\"expected_asns\":[";
  for (size_t i = 0; i < in.expected_asns.size(); ++i) {
    out += (i ? "," : "") + std::to_string(in.expected_asns[i]);
  }
  out += "],\"first_seen\":\"" + iso_time(in.first_seen) + "\",\"last_seen\":\"" +
         iso_time(in.last_seen) + "\",\"status\":\"";
  out += detect::incident_status_name(in.status);
  out += "\",\"peers\":" + std::to_string(in.peers_ever.size());
  out += ",\"peers_now\":" + std::to_string(in.peers_now.size());
  out += ",\"peer_list\":[";
  bool first = true;
  for (auto p : in.peers_ever) {
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

}  // namespace

int run_detect(int argc, char** argv) {
  DetectOptions o;
  CLI::App app{
      "Replay MRT archives (RIB dumps and updates, recognised by content) and report "
      "incidents: hijacks against a watchlist, MOAS and sub-MOAS conflicts, new AS "
      "links and bogons against a learned baseline.",
      "vigil detect"};
  app.add_option("files", o.files, "MRT files, in time order")->required();
  app.add_option("--config", o.config,
                 "watchlist: vigil YAML, BGPalerter prefixes.yml or ARTEMIS config.yaml");
  std::string detector_list;
  app.add_option("--detectors", detector_list,
                 "comma-separated detectors to run (default: all): watchlist, moas, "
                 "new-adjacency, bogon");
  app.add_option("--baseline", o.baseline_seconds,
                 "with update files only: learn the baseline from the first N seconds (default "
                 "900); with a RIB dump, the dump is the baseline");
  app.add_option("--min-peers", o.min_peers,
                 "report incidents seen by at least N peers (default 1)");
  app.add_flag("--json", o.json, "one incident per line as JSON");
  app.add_flag("-q,--quiet", o.quiet, "do not print per-record warnings");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  refdata::Watchlist watchlist;
  bool have_watchlist = false;
  if (!o.config.empty()) {
    auto text = read_text(o.config);
    if (!text) {
      std::fprintf(stderr, "vigil detect: %s\n", text.error().message.c_str());
      return 2;
    }
    auto w = refdata::parse_watchlist(*text, o.config);
    if (!w) {
      std::fprintf(stderr, "vigil detect: %s\n", w.error().message.c_str());
      return 2;
    }
    for (const auto& warn : w->warnings())
      std::fprintf(stderr, "vigil detect: warning: %s\n", warn.c_str());
    watchlist = std::move(*w);
    have_watchlist = true;
  }
  for (size_t start = 0; !detector_list.empty() && start <= detector_list.size();) {
    const size_t comma = detector_list.find(',', start);
    o.detectors.push_back(detector_list.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  rib::Rib rib;
  detect::EngineOptions eopts;
  eopts.baseline_seconds = o.baseline_seconds;
  eopts.incidents.min_peers = o.min_peers;
  auto engine =
      detect::Engine::create(rib, have_watchlist ? &watchlist : nullptr, o.detectors, eopts);
  if (!engine) {
    std::fprintf(stderr, "vigil detect: %s\n", engine.error().message.c_str());
    return 2;
  }
  dump::RibLoader loader(rib);
  int status = 0;
  for (const auto& file : o.files) {
    auto src = io::open_input(file);
    if (!src) {
      std::fprintf(stderr, "vigil detect: %s\n", src.error().message.c_str());
      status = 1;
      continue;
    }
    dump::MrtStream stream(std::make_unique<io::BufferedReader>(io::make_threaded(std::move(*src))),
                           file);
    Status s = stream.run(
        [&](const dump::RecordView& rec, std::span<const dump::Element> elems) {
          const bool rib_record =
              rec.header.type == mrt::kTypeTableDump || rec.header.type == mrt::kTypeTableDumpV2 ||
              (rec.header.type == mrt::kTypeBgp4mp && rec.header.subtype == mrt::kEntry);
          (*engine)->begin_record({file, rec.offset, rec.header.timestamp}, rib_record);
          loader.apply(elems);
        },
        [&](const dump::Diagnostic& d) {
          if (!o.quiet) std::fprintf(stderr, "vigil detect: %s\n", d.to_string().c_str());
        });
    if (!s) {
      std::fprintf(stderr, "vigil detect: %s: %s\n", file.c_str(), s.error().to_string().c_str());
      status = 1;
    }
  }
  const detect::IncidentTracker& incidents = (*engine)->incidents();
  const auto list = incidents.reported();
  if (o.json) {
    for (const auto* in : list) print_json(*in, rib);
    return status;
  }
  std::map<std::string, int> per_type;
  for (const auto* in : list) ++per_type[detect::alert_type_name(in->type)];
  std::printf("%zu incidents from %zu alerts (%zu routes, %zu peers at the end)\n", list.size(),
              incidents.alert_count(), rib.route_count(), rib.peers().size());
  for (const auto& [t, n] : per_type) std::printf("  %-18s %d\n", t.c_str(), n);
  std::printf("\n%-20s %-17s %-22s %-11s %5s %-8s %-9s %s\n", "first seen", "type", "prefix", "AS",
              "peers", "severity", "status", "why");
  for (const auto* in : list) {
    std::printf("%-20s %-17s %-22s %-11s %5zu %-8s %-9s %s\n", iso_time(in->first_seen).c_str(),
                detect::alert_type_name(in->type), in->prefix.to_string().c_str(),
                in->asn ? ("AS" + std::to_string(in->asn)).c_str() : "-", in->peers_ever.size(),
                detect::severity_name(in->severity), detect::incident_status_name(in->status),
                in->explanation.c_str());
  }
  return status;
}

}  // namespace vigil::app

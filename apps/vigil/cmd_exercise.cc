// vigil exercise: inject incidents into a synthetic Internet, run the whole
// detection pipeline on the result, and score it.
//
//   vigil exercise generate SCENARIO -o DIR
//   vigil exercise run SCENARIO... [-o DIR] [--json] [--store S] [--keep]
//
// Scenario files: scenario.h, docs/exercises.md, examples/exercises/.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "apps/vigil/commands.h"
#include "apps/vigil/detect_run.h"
#include "apps/vigil/scenario.h"
#include "apps/vigil/scorecard.h"
#include "dump/json_format.h"
#include "exercise/real_background.h"
#include "exercise/writer.h"

namespace vigil::app {

namespace {

namespace fs = std::filesystem;

// Events whose victim watches its prefixes: hijacks, and an AS going dark
// (its operator — or a CSIRT — watches its space).
bool victim_watches(exercise::EventType t) {
  using exercise::EventType;
  return t == EventType::kExactPrefixHijack || t == EventType::kSubPrefixHijack ||
         t == EventType::kForgedOriginHijack || t == EventType::kDnsRootHijack ||
         t == EventType::kRpkiInvalid || t == EventType::kAsOutage;
}

// The defenders' watchlist: each hijack victim watches the prefix it owns
// (the covering one for more-specific attacks) with its real neighbours.
std::string victims_watchlist(const std::vector<exercise::TruthRecord>& truth,
                              const exercise::SyntheticInternet* net) {
  std::string y = "# The victims of the scenario's events watch their own prefixes.\nprefixes:\n";
  size_t n = 0;
  for (const auto& t : truth) {
    if (t.background || !victim_watches(t.type) || t.victim_asn == 0 || t.prefixes.empty()) {
      continue;
    }
    const Prefix p = t.covering ? *t.covering : t.prefixes.front();
    std::string neighbours;  // known on a synthetic Internet only
    const auto& ases = net != nullptr ? net->ases : std::vector<exercise::AsInfo>{};
    auto it = std::lower_bound(ases.begin(), ases.end(), t.victim_asn,
                               [](const exercise::AsInfo& a, uint32_t asn) { return a.asn < asn; });
    if (net != nullptr && it != ases.end() && it->asn == t.victim_asn) {
      const auto idx = static_cast<uint32_t>(it - ases.begin());
      for (auto list : {net->graph.providers(idx), net->graph.peers(idx)}) {
        for (uint32_t nb : list) {
          neighbours += (neighbours.empty() ? "" : ", ") + std::to_string(ases[nb].asn);
        }
      }
    }
    y += "  - prefix: " + p.to_string() + "\n    origins: [" + std::to_string(t.victim_asn) + "]\n";
    if (!neighbours.empty()) y += "    neighbors: [" + neighbours + "]\n";
    y += "    description: victim of event " + std::to_string(t.id) + "\n";
    ++n;
  }
  return n == 0 ? std::string() : y;
}

// A scenario's data: a synthetic exercise, or events injected into real
// files.
struct Generated {
  std::optional<exercise::ExerciseData> data;  // synthetic only
  std::vector<exercise::TruthRecord> truth;
  uint32_t end_time = 0;  // where the data end (Unix seconds)
  size_t injected = 0;    // real backgrounds: messages injected
  std::string watchlist;  // file, "" when none
};

Result<Generated> generate(const Scenario& sc, const std::string& dir) {
  Generated g;
  if (sc.background) {
    exercise::RealBackground bg{sc.background->rib, sc.background->updates};
    auto r = exercise::inject_real(bg, sc.spec.events, sc.spec.topology.seed, dir);
    if (!r) return Error{r.error().code, sc.file + ": " + r.error().message};
    g.truth = std::move(r->truth);
    g.end_time = std::max(r->end_time, r->start_time + sc.spec.duration);
    g.injected = r->injected_messages;
  } else {
    auto ex = exercise::build_exercise(sc.spec);
    if (!ex) return Error{ex.error().code, sc.file + ": " + ex.error().message};
    if (Status s = exercise::write_exercise(*ex, dir); !s) return s.error();
    g.truth = ex->truth;
    g.end_time = sc.spec.start_time + sc.spec.duration;
    g.data = std::move(*ex);
  }
  if (sc.watch_victims) {
    const std::string y = victims_watchlist(g.truth, g.data ? &g.data->internet : nullptr);
    if (!y.empty()) {
      g.watchlist = dir + "/watch.yml";
      std::ofstream f(g.watchlist);
      f << y;
      if (!f) return make_error(ErrorCode::kIo, g.watchlist + ": cannot write");
    }
  }
  return g;
}

std::string ttd_text(int64_t s) {
  if (s < 0) return "-";
  return std::to_string(s) + " s";
}

struct Verdict {
  bool pass = true;
  std::vector<std::string> why;
};

Verdict judge(const Scenario& sc, const Scorecard& card) {
  Verdict v;
  const double n = static_cast<double>(card.events.size());
  if (n > 0 && card.detected() < sc.pass.detected * n) {
    v.pass = false;
    v.why.push_back("detected " + std::to_string(card.detected()) + " of " +
                    std::to_string(card.events.size()));
  }
  if (n > 0 && card.right_type() < sc.pass.right_type * n) {
    v.pass = false;
    v.why.push_back("right type for " + std::to_string(card.right_type()) + " of " +
                    std::to_string(card.events.size()));
  }
  // On real data, incidents that match no injected event are the
  // background's own ("background alerts"), not false alarms.
  if (!sc.background && card.false_alarms.size() > sc.pass.max_false_alarms) {
    v.pass = false;
    v.why.push_back(std::to_string(card.false_alarms.size()) + " false alarms (at most " +
                    std::to_string(sc.pass.max_false_alarms) + ")");
  }
  if (sc.pass.max_time_to_detect) {
    for (const auto& e : card.events) {
      if (e.right_type && e.time_to_detect > *sc.pass.max_time_to_detect) {
        v.pass = false;
        v.why.push_back("event " + std::to_string(e.truth->id) + " took " +
                        ttd_text(e.time_to_detect));
      }
    }
  }
  return v;
}

void print_card(const Scenario& sc, const Generated& g, const Scorecard& card, const Verdict& v,
                const std::string& dir, double seconds) {
  std::printf("== %s: %s\n", sc.name.c_str(), sc.description.c_str());
  if (g.data) {
    const auto& net = g.data->internet;
    std::printf(
        "   synthetic Internet: %zu ASes, %zu prefixes, %zu vantage points; %u s of data; "
        "%zu incidents reported; %.2f s\n",
        net.ases.size(), net.prefixes.size(), net.vantage_points.size(), sc.spec.duration,
        card.incidents, seconds);
  } else {
    std::printf(
        "   real background: %s%s; %zu messages injected; %zu incidents reported; %.2f s\n",
        sc.background->rib.c_str(),
        sc.background->updates.empty()
            ? ""
            : (" + " + std::to_string(sc.background->updates.size()) + " update files").c_str(),
        g.injected, card.incidents, seconds);
  }
  std::printf("   %-3s %-21s %-9s %-10s %-7s %6s %5s  %s\n", "#", "injected", "detected", "type",
              "ttd", "peers", "of", "incident types");
  for (const auto& e : card.events) {
    const auto& t = *e.truth;
    std::string types;
    for (const auto& x : e.types) types += (types.empty() ? "" : ",") + x;
    std::printf(
        "   %-3u %-21s %-9s %-10s %-7s %6u %5zu  %s\n", t.id,
        std::string(exercise::event_type_name(t.type)).c_str(), e.detected ? "yes" : "MISSED",
        e.right_type ? "right" : (e.detected ? "WRONG" : "-"), ttd_text(e.time_to_detect).c_str(),
        e.peers, t.seen_by.size(), types.empty() ? "-" : types.c_str());
  }
  std::printf("   %s: %zu", sc.background ? "background alerts" : "false alarms",
              card.false_alarms.size());
  if (card.background_incidents > 0) {
    std::printf(" (%zu of them during background link flaps)", card.background_incidents);
  }
  std::printf("\n");
  for (size_t i = 0; i < card.false_alarms.size() && i < 5; ++i) {
    const auto* in = card.false_alarms[i];
    std::printf("     %s: %s\n", in->id.c_str(), in->explanation.c_str());
  }
  std::printf("   %s", v.pass ? "PASS" : "FAIL");
  for (const auto& w : v.why) std::printf("; %s", w.c_str());
  std::printf("   (data: %s)\n\n", dir.c_str());
}

void print_json(const Scenario& sc, const Scorecard& card, const Verdict& v) {
  std::string o = "{\"scenario\":";
  dump::append_json_string(o, sc.name);
  o += ",\"pass\":" + std::string(v.pass ? "true" : "false") + ",\"events\":[";
  for (size_t i = 0; i < card.events.size(); ++i) {
    const auto& e = card.events[i];
    if (i) o += ",";
    o += "{\"id\":" + std::to_string(e.truth->id) + ",\"type\":\"" +
         std::string(exercise::event_type_name(e.truth->type)) +
         "\",\"detected\":" + (e.detected ? "true" : "false") +
         ",\"right_type\":" + (e.right_type ? "true" : "false") + ",\"time_to_detect\":" +
         (e.time_to_detect < 0 ? "null" : std::to_string(e.time_to_detect)) +
         ",\"peers\":" + std::to_string(e.peers) +
         ",\"vantage_points_that_saw_it\":" + std::to_string(e.truth->seen_by.size()) +
         ",\"incident_types\":[";
    for (size_t k = 0; k < e.types.size(); ++k) o += (k ? ",\"" : "\"") + e.types[k] + "\"";
    o += "]}";
  }
  o += std::string("],\"") + (sc.background ? "background_alerts" : "false_alarms") + "\":[";
  for (size_t i = 0; i < card.false_alarms.size(); ++i) {
    if (i) o += ",";
    dump::append_json_string(o, card.false_alarms[i]->id);
  }
  o += "],\"incidents\":" + std::to_string(card.incidents) + ",\"failures\":[";
  for (size_t i = 0; i < v.why.size(); ++i) {
    if (i) o += ",";
    dump::append_json_string(o, v.why[i]);
  }
  o += "]}\n";
  std::fputs(o.c_str(), stdout);
}

int cmd_generate(const std::string& file, const std::string& out) {
  auto sc = load_scenario(file);
  if (!sc) {
    std::fprintf(stderr, "vigil exercise: %s\n", sc.error().message.c_str());
    return 2;
  }
  auto g = generate(*sc, out);
  if (!g) {
    std::fprintf(stderr, "vigil exercise: %s\n", g.error().message.c_str());
    return 2;
  }
  std::printf("wrote %s: rib.mrt, updates.mrt, vrps.json, as-rel.txt, registry/, truth.json%s\n",
              out.c_str(), g->watchlist.empty() ? "" : ", watch.yml");
  return 0;
}

}  // namespace

int run_exercise(int argc, char** argv) {
  CLI::App app{"Exercises: inject incidents into a synthetic Internet, run detection, score it.",
               "vigil exercise"};
  app.require_subcommand(1);
  std::vector<std::string> files;
  std::string out, store, file;
  bool json = false, keep = false;
  auto* gen = app.add_subcommand("generate",
                                 "write a scenario's data (MRT, VRPs, AS "
                                 "relationships, registry, ground truth)");
  gen->add_option("scenario", file, "scenario file (YAML)")->required();
  gen->add_option("-o,--output", out, "directory")->required();
  auto* run = app.add_subcommand("run",
                                 "generate, detect and score; exit 1 when a scenario's "
                                 "pass thresholds are not met");
  run->add_option("scenarios", files, "scenario files (YAML)")->required();
  run->add_option("-o,--output", out,
                  "keep each scenario's data in DIR/<name> (default: a "
                  "temporary directory, removed unless --keep)");
  run->add_flag("--keep", keep, "keep the temporary data and say where");
  run->add_option("--store", store, "also keep incidents and evidence in this store");
  run->add_flag("--json", json, "one scorecard per line as JSON");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (*gen) return cmd_generate(file, out);

  int status = 0;
  std::string base = out;
  bool temporary = false;
  if (base.empty()) {
    char tmpl[] = "/tmp/vigil-exercise-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) {
      std::fprintf(stderr, "vigil exercise: cannot make a temporary directory\n");
      return 2;
    }
    base = tmpl;
    temporary = !keep;
  }
  std::set<std::string> names;
  for (const auto& f : files) {
    const auto t0 = std::chrono::steady_clock::now();
    auto sc = load_scenario(f);
    if (!sc) {
      std::fprintf(stderr, "vigil exercise: %s\n", sc.error().message.c_str());
      status = 2;
      continue;
    }
    if (!names.insert(sc->name).second) {
      std::fprintf(stderr, "vigil exercise: %s: another scenario is also named '%s'\n", f.c_str(),
                   sc->name.c_str());
      status = 2;
      continue;
    }
    const std::string dir = base + "/" + sc->name;
    auto g = generate(*sc, dir);
    if (!g) {
      std::fprintf(stderr, "vigil exercise: %s\n", g.error().message.c_str());
      status = 2;
      continue;
    }
    DetectOptions o;
    o.files = {dir + "/rib.mrt", dir + "/updates.mrt"};
    o.config = g->watchlist;
    o.vrps = dir + "/vrps.json";
    o.as_rel = dir + "/as-rel.txt";
    o.registry = dir + "/registry";
    o.quiet = true;
    o.store = store;
    if (sc->background) {
      o.vrps.clear();  // the real background brings no reference data
      o.as_rel.clear();
      o.registry.clear();
    }
    auto r = run_detection(o, "vigil exercise", g->end_time);
    if (!r) {
      std::fprintf(stderr, "vigil exercise: %s: %s\n", sc->name.c_str(), r.error().message.c_str());
      status = 2;
      continue;
    }
    const auto& incidents = (*r)->engine->incidents();
    if ((*r)->keeping) {
      if (Status s = (*r)->keeping->finish(incidents, (*r)->rib, o.files); !s) {
        std::fprintf(stderr, "vigil exercise: store: %s\n", s.error().to_string().c_str());
        status = 2;
      }
    }
    Scorecard card;
    if (g->data) {
      const exercise::ExerciseData& ex = *g->data;
      // Whether AS index `as` had no route at any vantage point halfway
      // through event `t` (or a minute in, when it has no end).
      std::map<std::pair<uint32_t, uint32_t>, bool> dark_memo;        // (AS index, event) -> dark
      std::map<std::pair<std::string, uint32_t>, bool> country_memo;  // (country, event)
      const exercise::VpRouteIndex routes(ex);
      // Whether some vantage point has a route for `p` at `time_us` whose
      // path satisfies `pred`.
      const auto any_route = [&routes](const Prefix& p, uint64_t time_us, auto&& pred) {
        for (const auto& path : routes.at(p, time_us)) {
          if (!path.empty() && pred(path)) return true;
        }
        return false;
      };
      const auto dark_now = [&ex, &any_route](uint32_t as, const exercise::TruthRecord& t) {
        const auto mine = ex.internet.prefixes_of(as);
        if (mine.empty()) return false;
        const uint32_t at = t.end ? t.start + (*t.end - t.start) / 2 : t.start + 60;
        for (const auto& p : mine) {
          if (any_route(p.prefix, uint64_t{at} * 1000000, [](auto) { return true; })) {
            return false;
          }
        }
        return true;
      };
      const auto dark = [&dark_now, &dark_memo](uint32_t as, const exercise::TruthRecord& t) {
        auto [it, added] = dark_memo.try_emplace({as, t.id}, false);
        if (added) it->second = dark_now(as, t);
        return it->second;
      };
      // Whether some vantage point's route to `p` went through what event
      // `t` takes down (an AS, or a link) just before it began: the route
      // had to change because of the event.
      const auto rerouted = [&any_route](const Prefix& p, const exercise::TruthRecord& t) {
        const uint64_t before = (uint64_t{t.start} * 1000000) - 1;
        return any_route(p, before, [&t](std::span<const uint32_t> path) {
          for (size_t i = 0; i < path.size(); ++i) {
            if (std::find(t.down_asns.begin(), t.down_asns.end(), path[i]) != t.down_asns.end()) {
              return true;
            }
            if (i == 0) continue;
            for (const auto& [a, b] : t.down_links) {
              if ((path[i - 1] == a && path[i] == b) || (path[i - 1] == b && path[i] == a)) {
                return true;
              }
            }
          }
          return false;
        });
      };
      const CutOff cut_off = [&ex, &dark, &rerouted, &country_memo](
                                 const detect::Incident& in, const exercise::TruthRecord& t) {
        if (in.has_prefix && rerouted(in.prefix, t)) return true;
        const auto& ases = ex.internet.ases;
        if (in.asn == 0) {
          // A country's signal: some AS of it was cut off by the event.
          if (in.country.empty() || t.down_asns.empty()) return false;
          auto [it, added] = country_memo.try_emplace({in.country, t.id}, false);
          if (added) {
            for (uint32_t i = 0; i < ases.size() && !it->second; ++i) {
              it->second = ex.internet.country_of(i).code == in.country && dark(i, t);
            }
          }
          return it->second;
        }
        auto it =
            std::lower_bound(ases.begin(), ases.end(), in.asn,
                             [](const exercise::AsInfo& a, uint32_t asn) { return a.asn < asn; });
        if (it == ases.end() || it->asn != in.asn) return false;
        return dark(static_cast<uint32_t>(it - ases.begin()), t);
      };
      card = score(ex.truth, incidents.reported(false), cut_off);
    } else {
      card = score(g->truth, incidents.reported(false));
    }
    const Verdict v = judge(*sc, card);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (json) {
      print_json(*sc, card, v);
    } else {
      print_card(*sc, *g, card, v, temporary ? "removed" : dir, secs);
    }
    if (!v.pass && status == 0) status = 1;
    if ((*r)->status != 0 && status == 0) status = 1;
  }
  if (temporary) {
    std::error_code ec;
    fs::remove_all(base, ec);
  }
  return status;
}

}  // namespace vigil::app

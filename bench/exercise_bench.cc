// Exercise generator benchmarks (src/exercise), on the large topology:
// 10,000 ASes, 100,000 prefixes (plus the 26 DNS root prefixes), 20
// vantage points.
//   internet_and_routes  generate() and compute_baseline(): the AS graph,
//                        prefixes and every vantage point's best route to
//                        every origin (all prefixes of an origin share it)
//   full_exercise        build_exercise() with one event of every type and
//                        the default churn (6 link flaps an hour, 1 hour),
//                        then every file rendered (for_each_file(), one in
//                        memory at a time, as write_exercise() does)
// Both report peak RSS (VmHWM, reset before each benchmark where the kernel
// allows, so each figure is its own).
//
//   build/bench/exercise_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "exercise/exercise.h"
#include "exercise/writer.h"

namespace {

using namespace vigil::exercise;

long peak_rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

// Linux >= 4.0: writing 5 to clear_refs resets VmHWM to the current RSS.
void reset_peak_rss() { std::ofstream("/proc/self/clear_refs") << "5"; }

void internet_and_routes(benchmark::State& state) {
  reset_peak_rss();
  size_t routes = 0, links = 0, prefixes = 0, path_bytes = 0;
  for (auto _ : state) {
    auto net = generate(TopologyOptions::large(1));
    if (!net.ok()) return state.SkipWithError(net.error().to_string().c_str());
    const BaselineRoutes base = compute_baseline(*net);
    for (uint32_t id : base.ids) routes += id != 0;
    links = net->graph.p2c_links() + net->graph.p2p_links();
    prefixes = net->prefixes.size();
    path_bytes = base.paths.memory_bytes();
  }
  state.counters["ases"] = 10000;
  state.counters["prefixes"] = static_cast<double>(prefixes);
  state.counters["links"] = static_cast<double>(links);
  state.counters["origin_vp_routes"] = static_cast<double>(routes);
  state.counters["path_MiB"] = static_cast<double>(path_bytes) / (1 << 20);
  state.counters["peak_rss_MiB"] = static_cast<double>(peak_rss_kib()) / 1024;
}
BENCHMARK(internet_and_routes)->Iterations(1)->Unit(benchmark::kSecond);

void full_exercise(benchmark::State& state) {
  reset_peak_rss();
  ExerciseSpec spec;
  spec.topology = TopologyOptions::large(1);
  spec.duration = 3600;
  spec.events = {
      {.type = EventType::kExactPrefixHijack, .start = 300, .end = 900},
      {.type = EventType::kSubPrefixHijack, .start = 400, .end = 1500},
      {.type = EventType::kForgedOriginHijack, .start = 600, .end = 1200},
      {.type = EventType::kRouteLeak, .start = 800, .end = 1400, .leak_prefixes = 1000},
      {.type = EventType::kCountryShutdown, .start = 1600, .end = 2400, .country = "EG"},
      {.type = EventType::kAsOutage, .start = 2000, .end = 2600},
      {.type = EventType::kDnsRootHijack, .start = 2200, .end = 2800, .dns_root = 'K'},
      {.type = EventType::kRpkiInvalid, .start = 3000},
  };
  size_t changes = 0, bytes = 0, runs = 0;
  for (auto _ : state) {
    auto ex = build_exercise(spec);
    if (!ex.ok()) return state.SkipWithError(ex.error().to_string().c_str());
    changes = ex->timeline.changes.size();
    runs = ex->timeline.runs;
    bytes = 0;
    for_each_file(*ex, [&](ExerciseFile&& f) {
      bytes += f.bytes.size();
      return vigil::Status::Ok();
    });
  }
  state.counters["route_changes"] = static_cast<double>(changes);
  state.counters["propagations"] = static_cast<double>(runs);
  state.counters["files_MiB"] = static_cast<double>(bytes) / (1 << 20);
  state.counters["peak_rss_MiB"] = static_cast<double>(peak_rss_kib()) / 1024;
}
BENCHMARK(full_exercise)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();

// Detection overhead on the real RIS rrc06 stream (issue: detection — the
// detectors may add at most 30 % to the routing-state replay):
//   state_only            the 50 rrc06 update files (decompressed into memory
//                         first) decoded and applied to a Rib, one core
//   detect/<name>         the same with the engine and one detector
//   detect_all            the same with every registered detector (the
//                         default of `vigil detect`)
//   all_but/<name>        every detector but one: detect_all minus this is
//                         the detector's marginal cost
//   overhead_paired       the overhead itself: each iteration replays the
//                         state alone and with every detector back to back
//                         (in alternating order) and the counters give the
//                         median, lowest and highest of the per-pair
//                         overheads in percent. On shared cores the
//                         machine's speed drifts by several percent within
//                         a minute; pairs a second apart cancel the drift
//                         that separate benchmarks minutes apart do not.
// Update files alone: the first 900 s are the learned baseline.
//
//   build/bench/detect_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "detect/detector.h"
#include "detect/engine.h"
#include "dump/mrt_stream.h"
#include "dump/rib_loader.h"
#include "io/memory_source.h"

namespace {

// One replay of the files; detectors: empty = the state alone; {"*"} =
// all. Returns the incidents reported, or an error.
vigil::Result<size_t> replay_once(const std::vector<std::vector<uint8_t>>& files,
                                  const std::vector<std::string>& detectors) {
  vigil::rib::Rib rib;
  std::unique_ptr<vigil::detect::Engine> engine;
  if (!detectors.empty()) {
    std::vector<std::string> names;
    if (detectors[0] != "*") names = detectors;
    auto e = vigil::detect::Engine::create(rib, vigil::detect::ReferenceData{}, names);
    if (!e) return e.error();
    engine = std::move(*e);
  }
  vigil::dump::RibLoader loader(rib);
  for (const auto& f : files) {
    vigil::dump::MrtStream stream(
        std::make_unique<vigil::io::BufferedReader>(
            std::make_unique<vigil::io::MemorySource>(std::span<const uint8_t>(f))),
        "rrc06");
    auto s = stream.run(
        [&](const vigil::dump::RecordView& rec, std::span<const vigil::dump::Element> e) {
          if (engine) engine->begin_record({"rrc06", rec.offset, rec.header.timestamp}, false);
          loader.apply(e);
        },
        [](const vigil::dump::Diagnostic&) {});
    benchmark::DoNotOptimize(s);
  }
  if (!engine) return size_t{0};
  engine->finish();
  return engine->incidents().reported().size();
}

void replay(benchmark::State& state, const std::vector<std::string>& detectors) {
  const auto& files = vigil::bench::rrc06_updates();
  if (files.empty()) return state.SkipWithError("set VIGIL_DATA");
  size_t incidents = 0;
  for (auto _ : state) {
    auto n = replay_once(files, detectors);
    if (!n) return state.SkipWithError(n.error().message.c_str());
    incidents = *n;
  }
  state.counters["incidents"] = static_cast<double>(incidents);
}

void overhead_paired(benchmark::State& state) {
  const auto& files = vigil::bench::rrc06_updates();
  if (files.empty()) return state.SkipWithError("set VIGIL_DATA");
  const auto seconds = [&](const std::vector<std::string>& detectors) {
    const auto t0 = std::chrono::steady_clock::now();
    auto n = replay_once(files, detectors);
    benchmark::DoNotOptimize(n);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  std::vector<double> pct;
  for (auto _ : state) {
    double alone = 0, all = 0;
    if (pct.size() % 2 == 0) {
      alone = seconds({});
      all = seconds({"*"});
    } else {
      all = seconds({"*"});
      alone = seconds({});
    }
    pct.push_back(100.0 * (all / alone - 1.0));
  }
  std::sort(pct.begin(), pct.end());
  state.counters["overhead_pct_median"] = pct[pct.size() / 2];
  state.counters["overhead_pct_min"] = pct.front();
  state.counters["overhead_pct_max"] = pct.back();
}

void state_only(benchmark::State& state) { replay(state, {}); }
void detect_all(benchmark::State& state) { replay(state, {"*"}); }
BENCHMARK(state_only)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(detect_all)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(overhead_paired)->Unit(benchmark::kMillisecond)->Iterations(21);

// One benchmark per registered detector alone, and one per detector left
// out of the full set (its marginal cost among the others).
const bool registered = [] {
  const auto all = vigil::detect::detector_names();
  for (const auto& name : all) {
    benchmark::RegisterBenchmark(("detect/" + name).c_str(),
                                 [name](benchmark::State& s) { replay(s, {name}); })
        ->Unit(benchmark::kMillisecond)
        ->MinTime(2);
  }
  for (const auto& name : all) {
    std::vector<std::string> others;
    for (const auto& n : all) {
      if (n != name) others.push_back(n);
    }
    benchmark::RegisterBenchmark(("all_but/" + name).c_str(),
                                 [others](benchmark::State& s) { replay(s, others); })
        ->Unit(benchmark::kMillisecond)
        ->MinTime(2);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();

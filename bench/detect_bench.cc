// Detection overhead on the real RIS rrc06 stream (issue: detection — the
// detectors may add at most 30 % to the routing-state replay):
//   state_only            the 50 rrc06 update files (decompressed into memory
//                         first) decoded and applied to a Rib, one core
//   detect/<name>         the same with the engine and one detector
//   detect_all            the same with every registered detector (the
//                         default of `vigil detect`)
//   all_but/<name>        every detector but one: detect_all minus this is
//                         the detector's marginal cost
// Update files alone: the first 900 s are the learned baseline.
//
//   build/bench/detect_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "detect/detector.h"
#include "detect/engine.h"
#include "dump/mrt_stream.h"
#include "dump/rib_loader.h"
#include "io/memory_source.h"

namespace {

// detectors: empty = the state alone; {"*"} = all.
void replay(benchmark::State& state, const std::vector<std::string>& detectors) {
  const auto& files = vigil::bench::rrc06_updates();
  if (files.empty()) return state.SkipWithError("set VIGIL_DATA");
  size_t incidents = 0;
  for (auto _ : state) {
    vigil::rib::Rib rib;
    std::unique_ptr<vigil::detect::Engine> engine;
    if (!detectors.empty()) {
      std::vector<std::string> names;
      if (detectors[0] != "*") names = detectors;
      auto e = vigil::detect::Engine::create(rib, vigil::detect::ReferenceData{}, names);
      if (!e) return state.SkipWithError(e.error().message.c_str());
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
    if (engine) {
      engine->finish();
      incidents = engine->incidents().reported().size();
    }
  }
  state.counters["incidents"] = static_cast<double>(incidents);
}

void state_only(benchmark::State& state) { replay(state, {}); }
void detect_all(benchmark::State& state) { replay(state, {"*"}); }
BENCHMARK(state_only)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(detect_all)->Unit(benchmark::kMillisecond)->MinTime(3);

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

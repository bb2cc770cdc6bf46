// Decoder and formatter throughput on real MRT data, decompressed into
// memory first so only vigil's own work is measured.
//
//   build/bench/decode_bench [--benchmark_filter=...]
// Data: $VIGIL_DATA (default ../shared/data).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "dump/bgpdump_format.h"
#include "dump/json_format.h"
#include "dump/mrt_stream.h"
#include "io/input.h"
#include "io/memory_source.h"

namespace {

using vigil::bench::data_dir;

const std::vector<uint8_t>* load(const std::string& rel) {
  static std::vector<std::pair<std::string, std::vector<uint8_t>>> cache;
  for (auto& [k, v] : cache) {
    if (k == rel) return &v;
  }
  auto src = vigil::io::open_input(data_dir() + "/" + rel);
  if (!src) return nullptr;
  std::vector<uint8_t> out;
  uint8_t buf[1 << 16];
  for (;;) {
    auto n = (*src)->read(buf, sizeof buf);
    if (!n || *n == 0) break;
    out.insert(out.end(), buf, buf + *n);
  }
  cache.emplace_back(rel, std::move(out));
  return &cache.back().second;
}

enum class Output { kNone, kBgpdump, kJson };

void run(benchmark::State& state, const char* rel, Output output) {
  const auto* data = load(rel);
  if (!data) {
    state.SkipWithError("data not found: set VIGIL_DATA");
    return;
  }
  uint64_t elements = 0;
  std::string out;
  for (auto _ : state) {
    vigil::dump::MrtStream stream(
        std::make_unique<vigil::io::BufferedReader>(
            std::make_unique<vigil::io::MemorySource>(std::span<const uint8_t>(*data))),
        rel);
    vigil::dump::BgpdumpFormatter b;
    vigil::dump::JsonFormatter j;
    elements = 0;
    auto s = stream.run(
        [&](const vigil::dump::RecordView&, std::span<const vigil::dump::Element> e) {
          elements += e.size();
          if (output == Output::kBgpdump) b.format(e, out);
          if (output == Output::kJson) j.format(e, out);
          out.clear();
        },
        [](const vigil::dump::Diagnostic&) {});
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data->size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * elements));
}

constexpr char kRib[] = "mrt/libbgpstream/routeviews.route-views.jinx.ribs.1401487200.bz2";
constexpr char kEt[] = "mrt/ripe-ncc-bgpdump/test_data/updates.et-header.2015.gz";
constexpr char kRis[] = "mrt/ris-rrc06-2021-01-02/updates.20210102.0505.gz";

BENCHMARK_CAPTURE(run, rib_decode, kRib, Output::kNone)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run, rib_bgpdump, kRib, Output::kBgpdump)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run, rib_json, kRib, Output::kJson)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run, et_decode, kEt, Output::kNone)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run, et_bgpdump, kEt, Output::kBgpdump)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run, ris_updates_bgpdump, kRis, Output::kBgpdump)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

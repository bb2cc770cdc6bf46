// Routing-state benchmarks (issue: routing state):
//   load_jinx_full_table   the jinx RIB from its .bz2 into a Rib, wall time
//                          including decompression (on its own thread)
//   replay_rrc06_4h        the 50 RIS rrc06 update files (decompressed into
//                          memory first) decoded and applied, one core
//   decode_rrc06_4h        the same decoding without applying, to subtract
//   synthetic_100_peers    100 peers x the jinx table with varied paths;
//                          reports routes, bytes per route and peak RSS
//
//   build/bench/rib_state_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "dump/mrt_stream.h"
#include "dump/rib_loader.h"
#include "io/input.h"
#include "io/memory_source.h"
#include "rib/rib.h"

namespace {

using vigil::bench::data_dir;

long peak_rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

const char kJinx[] = "/mrt/libbgpstream/routeviews.route-views.jinx.ribs.1401487200.bz2";

void load_jinx_full_table(benchmark::State& state) {
  const std::string path = data_dir() + kJinx;
  if (!std::filesystem::exists(path)) return state.SkipWithError("set VIGIL_DATA");
  size_t routes = 0;
  for (auto _ : state) {
    vigil::rib::Rib rib;
    vigil::dump::RibLoader loader(rib);
    auto s = loader.load_file(path);
    if (!s) return state.SkipWithError(s.error().to_string().c_str());
    routes = rib.route_count();
  }
  state.counters["routes"] = static_cast<double>(routes);
}
BENCHMARK(load_jinx_full_table)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3);

void replay(benchmark::State& state, bool apply) {
  const auto& files = vigil::bench::rrc06_updates();
  if (files.empty()) return state.SkipWithError("set VIGIL_DATA");
  uint64_t updates = 0;
  for (auto _ : state) {
    vigil::rib::Rib rib;
    vigil::dump::RibLoader loader(rib);
    updates = 0;
    for (const auto& f : files) {
      vigil::dump::MrtStream stream(
          std::make_unique<vigil::io::BufferedReader>(
              std::make_unique<vigil::io::MemorySource>(std::span<const uint8_t>(f))),
          "rrc06");
      auto s = stream.run(
          [&](const vigil::dump::RecordView&, std::span<const vigil::dump::Element> e) {
            for (const auto& el : e) updates += el.type != vigil::dump::ElemType::kState;
            if (apply) loader.apply(e);
          },
          [](const vigil::dump::Diagnostic&) {});
      benchmark::DoNotOptimize(s);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * updates));
  state.counters["prefix_updates"] = static_cast<double>(updates);
}
void replay_rrc06_4h(benchmark::State& state) { replay(state, true); }
void decode_rrc06_4h(benchmark::State& state) { replay(state, false); }
BENCHMARK(replay_rrc06_4h)->Unit(benchmark::kMillisecond);
BENCHMARK(decode_rrc06_4h)->Unit(benchmark::kMillisecond);

// 100 peers, each carrying every jinx route: the path is the peer's AS, one
// of 8 upstreams chosen per (peer, path) and the original path; peers see
// different next hops, MEDs on a third of them.
void synthetic_100_peers(benchmark::State& state) {
  const std::string path = data_dir() + kJinx;
  if (!std::filesystem::exists(path)) return state.SkipWithError("set VIGIL_DATA");
  // Collect the table once: (prefix, path) pairs, paths interned in a Rib.
  vigil::rib::Rib base;
  vigil::dump::RibLoader loader(base);
  if (!loader.load_file(path)) return state.SkipWithError("cannot load jinx");
  struct Row {
    vigil::Prefix prefix;
    std::vector<uint32_t> asns;
  };
  std::vector<Row> rows;
  base.trie().for_each([&](const vigil::Prefix& p, const vigil::rib::PrefixEntry& e) {
    const auto& a = base.store().attrs(e.routes.front().attrs);
    Row r{p, {}};
    if (a.path) r.asns = base.store().path(a.path).to_as_path().asns;
    rows.push_back(std::move(r));
  });
  const int peers = static_cast<int>(state.range(0));
  size_t routes = 0, bytes = 0;
  for (auto _ : state) {
    vigil::rib::Rib rib;
    std::mt19937 rng(1);
    for (int p = 0; p < peers; ++p) {
      const uint32_t peer_as = 64512u + static_cast<uint32_t>(p);
      const auto peer =
          rib.peer(vigil::IpAddr::v4(0x0a000000u + static_cast<uint32_t>(p)), peer_as);
      const vigil::IpAddr nh = vigil::IpAddr::v4(0x0a000000u + static_cast<uint32_t>(p));
      for (const Row& row : rows) {
        vigil::bgp::PathAttributes a;
        a.present = vigil::bgp::kHasOrigin | vigil::bgp::kHasAsPath;
        std::vector<uint32_t> asns{peer_as,
                                   3000u + (static_cast<uint32_t>(row.asns.size()) + p) % 8};
        asns.insert(asns.end(), row.asns.begin(), row.asns.end());
        a.as_path.append_segment(vigil::bgp::SegmentType::kSequence, asns.data(),
                                 static_cast<uint32_t>(asns.size()));
        if (p % 3 == 0) {
          a.present |= vigil::bgp::kHasMed;
          a.med = 10;
        }
        rib.announce(peer, row.prefix, 0, rib.store().intern(a, true, &nh), 1);
      }
    }
    routes = rib.route_count();
    bytes = rib.stats().total_bytes();
  }
  state.counters["routes"] = static_cast<double>(routes);
  state.counters["bytes_per_route"] = static_cast<double>(bytes) / static_cast<double>(routes);
  state.counters["counted_MiB"] = static_cast<double>(bytes) / (1 << 20);
  state.counters["peak_rss_MiB"] = static_cast<double>(peak_rss_kib()) / 1024;
}
BENCHMARK(synthetic_100_peers)->Arg(100)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();

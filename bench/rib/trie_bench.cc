// PrefixTrie on a real full table (the jinx RIB, ~497k prefixes): build
// time, longest-prefix match (addresses inside table prefixes, uniformly
// random IPv4 addresses; with and without the IPv4 index), exact find,
// covering and more-specific queries, and update churn. The table is decoded
// once up front; only trie work is timed.
//
//   build/bench/rib/trie_bench [--benchmark_filter=...]
// Data: $VIGIL_DATA (default ../shared/data).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "dump/mrt_stream.h"
#include "io/input.h"
#include "rib/prefix_trie.h"

namespace {

using vigil::IpAddr;
using vigil::Prefix;
using vigil::rib::PrefixTrie;
using vigil::rib::PrefixTrieOptions;

constexpr char kRib[] = "mrt/libbgpstream/routeviews.route-views.jinx.ribs.1401487200.bz2";
constexpr size_t kQueries = size_t{1} << 20;  // per query set; a power of two
constexpr int kBatch = 256;                   // queries per benchmark iteration

using vigil::bench::data_dir;

// The table's prefixes in file order (host bits cleared, each once), or
// empty when the data is missing.
const std::vector<Prefix>& table() {
  static const std::vector<Prefix> prefixes = [] {
    std::vector<Prefix> out;
    auto src = vigil::io::open_input(data_dir() + "/" + kRib);
    if (!src) return out;
    vigil::dump::MrtStream stream(std::make_unique<vigil::io::BufferedReader>(std::move(*src)),
                                  kRib);
    auto s = stream.run(
        [&](const vigil::dump::RecordView&, std::span<const vigil::dump::Element> elems) {
          for (const auto& e : elems) {
            if (e.type != vigil::dump::ElemType::kRibEntry) continue;
            const Prefix p = e.prefix.masked();
            if (out.empty() || out.back() != p) out.push_back(p);
          }
        },
        [](const vigil::dump::Diagnostic&) {});
    if (!s.ok()) out.clear();
    std::vector<Prefix> sorted = out;  // drop any repeats, keep file order
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
      out = std::move(sorted);
    }
    return out;
  }();
  return prefixes;
}

const std::vector<Prefix>& v4_table() {
  static const std::vector<Prefix> v4 = [] {
    std::vector<Prefix> out;
    for (const Prefix& p : table()) {
      if (p.addr.is_v4()) out.push_back(p);
    }
    return out;
  }();
  return v4;
}

const PrefixTrie<uint32_t>& full_trie(bool index) {
  static const auto build = [](bool with_index) {
    auto t =
        std::make_unique<PrefixTrie<uint32_t>>(PrefixTrieOptions{.ipv4_lpm_index = with_index});
    const auto& prefixes = table();
    for (uint32_t i = 0; i < prefixes.size(); ++i) t->emplace(prefixes[i], i);
    return t;
  };
  static const auto with = build(true);
  static const auto without = build(false);
  return index ? *with : *without;
}

enum class AddrSet { kInsidePrefixes, kUniform };

const std::vector<IpAddr>& addresses(AddrSet set) {
  static const auto make = [](AddrSet s) {
    std::vector<IpAddr> out;
    const auto& v4 = v4_table();
    std::mt19937 rng(s == AddrSet::kUniform ? 1 : 2);
    std::uniform_int_distribution<uint32_t> u32;
    for (size_t i = 0; i < kQueries; ++i) {
      uint32_t a = u32(rng);
      if (s == AddrSet::kInsidePrefixes) {
        const Prefix& p = v4[u32(rng) % v4.size()];
        a = p.addr.v4_host_order() | (p.len == 32 ? 0 : a & (0xffffffffu >> p.len));
      }
      out.push_back(IpAddr::v4(a));
    }
    return out;
  };
  static const std::vector<IpAddr> inside = make(AddrSet::kInsidePrefixes);
  static const std::vector<IpAddr> uniform = make(AddrSet::kUniform);
  return set == AddrSet::kUniform ? uniform : inside;
}

// Table prefixes drawn uniformly, optionally shortened to at most /max_len.
std::vector<Prefix> sample_prefixes(int max_len, uint32_t seed) {
  std::vector<Prefix> out;
  const auto& all = table();
  std::mt19937 rng(seed);
  for (size_t i = 0; i < kQueries; ++i) {
    Prefix p = all[rng() % all.size()];
    if (p.len > max_len) p = Prefix{p.addr, static_cast<uint8_t>(max_len)}.masked();
    out.push_back(p);
  }
  return out;
}

bool have_table(benchmark::State& state) {
  if (table().empty()) {
    state.SkipWithError("jinx RIB not found: set VIGIL_DATA");
    return false;
  }
  return true;
}

void BM_Build(benchmark::State& state, bool shuffled, bool index) {
  if (!have_table(state)) return;
  std::vector<Prefix> prefixes = table();
  if (shuffled) std::shuffle(prefixes.begin(), prefixes.end(), std::mt19937(3));
  size_t bytes = 0, nodes = 0, chunks = 0;
  for (auto _ : state) {
    auto t = std::make_unique<PrefixTrie<uint32_t>>(PrefixTrieOptions{.ipv4_lpm_index = index});
    for (uint32_t i = 0; i < prefixes.size(); ++i) t->emplace(prefixes[i], i);
    benchmark::DoNotOptimize(t->size());
    state.PauseTiming();
    bytes = t->memory_bytes();
    nodes = t->node_count();
    chunks = t->index_chunk_count();
    t.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * prefixes.size()));
  state.counters["prefixes"] = static_cast<double>(prefixes.size());
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["chunks"] = static_cast<double>(chunks);
  state.counters["MB"] = static_cast<double>(bytes) / 1e6;
}

void BM_LongestMatch(benchmark::State& state, AddrSet set, bool index) {
  if (!have_table(state)) return;
  const auto& t = full_trie(index);
  const auto& addrs = addresses(set);
  size_t i = 0;
  uint64_t found = 0;
  for (auto _ : state) {
    for (int k = 0; k < kBatch; ++k) {
      const auto m = t.longest_match(addrs[i++ & (kQueries - 1)]);
      found += m.value != nullptr;
      benchmark::DoNotOptimize(m);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kBatch);
  state.counters["hit%"] = 100.0 * static_cast<double>(found) / static_cast<double>(i);
}

// Longest match on IPv6 addresses inside the table's IPv6 prefixes.
void BM_LongestMatchV6(benchmark::State& state) {
  if (!have_table(state)) return;
  std::vector<IpAddr> addrs;
  std::mt19937 rng(4);
  for (const Prefix& p : table()) {
    if (p.addr.is_v4()) continue;
    for (int k = 0; k < 64; ++k) {
      IpAddr a = p.addr;
      for (int bit = p.len; bit < 128; ++bit) {
        if (rng() & 1) a.bytes[bit / 8] |= static_cast<uint8_t>(0x80u >> (bit % 8));
      }
      addrs.push_back(a);
    }
  }
  if (addrs.empty()) return state.SkipWithError("no IPv6 prefixes in the table");
  std::shuffle(addrs.begin(), addrs.end(), rng);
  const auto& t = full_trie(true);
  size_t i = 0;
  for (auto _ : state) {
    const auto m = t.longest_match(addrs[i++ % addrs.size()]);
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_FindExact(benchmark::State& state) {
  if (!have_table(state)) return;
  const auto& t = full_trie(true);
  const auto queries = sample_prefixes(128, 5);
  size_t i = 0;
  for (auto _ : state) {
    for (int k = 0; k < kBatch; ++k)
      benchmark::DoNotOptimize(t.find(queries[i++ & (kQueries - 1)]));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kBatch);
}

// Every stored prefix covering a table prefix (itself included).
void BM_Covering(benchmark::State& state) {
  if (!have_table(state)) return;
  const auto& t = full_trie(true);
  const auto queries = sample_prefixes(128, 6);
  size_t i = 0;
  uint64_t results = 0;
  for (auto _ : state) {
    t.for_each_covering(queries[i++ & (kQueries - 1)],
                        [&](const Prefix&, const uint32_t& v) { results += v; });
  }
  benchmark::DoNotOptimize(results);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

// Every stored prefix inside a query: table prefixes as they are, or cut
// to /16 (a /16 holds a few to a few hundred table prefixes).
void BM_MoreSpecific(benchmark::State& state, int max_len) {
  if (!have_table(state)) return;
  const auto& t = full_trie(true);
  const auto queries = sample_prefixes(max_len, 7);
  size_t i = 0;
  uint64_t results = 0;
  for (auto _ : state) {
    t.for_each_more_specific(queries[i++ & (kQueries - 1)],
                             [&](const Prefix&, const uint32_t&) { ++results; });
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["results/query"] =
      static_cast<double>(results) / static_cast<double>(state.iterations());
}

// Withdraw and re-announce random table prefixes (two updates per item pair),
// keeping the IPv4 index in step.
void BM_Churn(benchmark::State& state) {
  if (!have_table(state)) return;
  PrefixTrie<uint32_t> t;
  const auto& prefixes = table();
  for (uint32_t i = 0; i < prefixes.size(); ++i) t.emplace(prefixes[i], i);
  const auto queries = sample_prefixes(128, 8);
  size_t i = 0;
  for (auto _ : state) {
    const Prefix& p = queries[i++ & (kQueries - 1)];
    benchmark::DoNotOptimize(t.erase(p));
    benchmark::DoNotOptimize(t.emplace(p, 0u));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 2);
  state.counters["MB"] = static_cast<double>(t.memory_bytes()) / 1e6;
}

// Withdraw and re-announce one short prefix of the table: the expensive case
// for the IPv4 index, which rewrites every entry (and chunk) it covers.
void BM_ShortPrefixChurn(benchmark::State& state, int len) {
  if (!have_table(state)) return;
  PrefixTrie<uint32_t> t;
  const auto& prefixes = table();
  for (uint32_t i = 0; i < prefixes.size(); ++i) t.emplace(prefixes[i], i);
  std::vector<Prefix> shorts;
  for (const Prefix& p : v4_table()) {
    if (p.len == len) shorts.push_back(p);
  }
  if (shorts.empty()) return state.SkipWithError("no prefix of that length in the table");
  size_t i = 0;
  for (auto _ : state) {
    const Prefix& p = shorts[i++ % shorts.size()];
    benchmark::DoNotOptimize(t.erase(p));
    benchmark::DoNotOptimize(t.emplace(p, 0u));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 2);
}

BENCHMARK_CAPTURE(BM_Build, file_order, false, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Build, shuffled, true, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Build, file_order_no_index, false, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Build, shuffled_no_index, true, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_LongestMatch, inside_prefixes, AddrSet::kInsidePrefixes, true);
BENCHMARK_CAPTURE(BM_LongestMatch, uniform_v4, AddrSet::kUniform, true);
BENCHMARK_CAPTURE(BM_LongestMatch, inside_prefixes_no_index, AddrSet::kInsidePrefixes, false);
BENCHMARK_CAPTURE(BM_LongestMatch, uniform_v4_no_index, AddrSet::kUniform, false);
BENCHMARK(BM_LongestMatchV6);
BENCHMARK(BM_FindExact);
BENCHMARK(BM_Covering);
BENCHMARK_CAPTURE(BM_MoreSpecific, table_prefixes, 128);
BENCHMARK_CAPTURE(BM_MoreSpecific, cut_to_16, 16);
BENCHMARK(BM_Churn);
BENCHMARK_CAPTURE(BM_ShortPrefixChurn, slash0, 0)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ShortPrefixChurn, slash8, 8)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ShortPrefixChurn, slash16, 16)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();

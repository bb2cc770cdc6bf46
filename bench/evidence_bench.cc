// The evidence log's Merkle tree (src/evidence), synthetic leaves:
//   leaf_hash / node_hash   one RFC 9162 §2.1.1 hash (SHA-256, OpenSSL EVP)
//   append/<n>              n precomputed leaf hashes into a fresh tree
//                           (leaves/s; /reserved: with reserve(n) first)
//   root/10M                MTH of the current tree of 10 M leaves
//   inclusion_prove/10M     an inclusion proof (§2.1.3.1), random leaf,
//                           tree size 10 M; /earlier_size: random size too
//   inclusion_verify/10M    verifying one (§2.1.3.2)
//   inclusion_prove_verify/10M  both
//   consistency_prove_verify/10M  a consistency proof (§2.1.4.1) between
//                           random sizes ≤ 10 M and its verification (§2.1.4.2)
// The 10 M-leaf tree is built once (a few seconds, ~640 MB).
//
// The on-disk log (EvidenceLog, src/evidence/log.h), 200-octet leaves
// (a 179-octet raw record from "rrc00"), scratch logs under $TMPDIR or
// /tmp, removed at exit:
//   log_append/commit_every:N   appends, commit() (fdatasync) every N leaves
//                               (leaves/s, fsync'd; the log grows across
//                               iterations, rolling 64 MiB segments)
//   log_open/1M                 open (read-only) a 1 M-leaf log: read every
//                               segment, check every frame, recompute every
//                               leaf hash, rebuild the tree (page cache warm;
//                               /cold: segments evicted first with
//                               posix_fadvise(DONTNEED))
//   log_open/10M                the same at 10 M leaves (builds a 2.3 GB log
//                               once, ~1 min)
//   log_inclusion_prove/10M     an inclusion proof through the log at 10 M
//                               leaves, with read() of the leaf and
//                               verification against the signed head
//
//   build/bench/evidence_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "evidence/log.h"
#include "evidence/merkle.h"
#include "evidence/merkle_tree.h"

namespace {

using vigil::evidence::Hash;
using vigil::evidence::MerkleTree;

constexpr uint64_t kBig = 10'000'000;

Hash leaf_of(uint64_t i) {
  uint8_t b[8];
  for (int j = 0; j < 8; ++j) b[j] = static_cast<uint8_t>(i >> (8 * j));
  return vigil::evidence::leaf_hash(b);
}

const std::vector<Hash>& leaves(uint64_t n) {
  static std::vector<Hash> v;
  while (v.size() < n) v.push_back(leaf_of(v.size()));
  return v;
}

const MerkleTree& big_tree() {
  static const MerkleTree* t = [] {
    auto* tree = new MerkleTree();
    tree->reserve(kBig);
    for (uint64_t i = 0; i < kBig; ++i) tree->append(leaf_of(i));
    return tree;
  }();
  return *t;
}

void set_tree_counters(benchmark::State& state, const MerkleTree& t) {
  state.counters["tree_MB"] = static_cast<double>(t.memory_bytes()) / 1e6;
  state.counters["B_per_leaf"] = static_cast<double>(t.memory_bytes()) / t.size();
}

void BM_LeafHash(benchmark::State& state) {
  std::vector<uint8_t> record(state.range(0), 0x5a);
  for (auto _ : state) {
    record[0]++;
    benchmark::DoNotOptimize(vigil::evidence::leaf_hash(record));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_LeafHash)->Name("leaf_hash")->Arg(64)->Arg(512);

void BM_NodeHash(benchmark::State& state) {
  Hash a = leaf_of(1), b = leaf_of(2);
  for (auto _ : state) {
    a = vigil::evidence::node_hash(a, b);
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NodeHash)->Name("node_hash");

void BM_Append(benchmark::State& state, bool reserve) {
  const uint64_t n = state.range(0);
  const auto& in = leaves(n);
  size_t bytes = 0;
  for (auto _ : state) {
    MerkleTree t;
    if (reserve) t.reserve(n);
    for (uint64_t i = 0; i < n; ++i) t.append(in[i]);
    bytes = t.memory_bytes();
    benchmark::DoNotOptimize(t.size());
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["tree_MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK_CAPTURE(BM_Append, grow, false)
    ->Name("append")
    ->Arg(1 << 20)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Append, reserved, true)
    ->Name("append/reserved")
    ->Arg(1 << 20)
    ->Unit(benchmark::kMillisecond);

void BM_Root(benchmark::State& state) {
  const MerkleTree& t = big_tree();
  for (auto _ : state) benchmark::DoNotOptimize(t.root());
  set_tree_counters(state, t);
}
BENCHMARK(BM_Root)->Name("root/10M")->Unit(benchmark::kMicrosecond);

void BM_InclusionProve(benchmark::State& state, bool earlier_size) {
  const MerkleTree& t = big_tree();
  std::mt19937_64 rng(1);
  for (auto _ : state) {
    const uint64_t n = earlier_size ? 1 + rng() % kBig : kBig;
    auto proof = t.inclusion_proof(rng() % n, n);
    benchmark::DoNotOptimize(proof);
  }
  state.SetItemsProcessed(state.iterations());
  set_tree_counters(state, t);
}
BENCHMARK_CAPTURE(BM_InclusionProve, current, false)
    ->Name("inclusion_prove/10M")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_InclusionProve, earlier, true)
    ->Name("inclusion_prove/10M/earlier_size")
    ->Unit(benchmark::kMicrosecond);

void BM_InclusionVerify(benchmark::State& state) {
  const MerkleTree& t = big_tree();
  struct Case {
    uint64_t index;
    Hash leaf;
    std::vector<Hash> proof;
  };
  std::vector<Case> cases;
  std::mt19937_64 rng(2);
  for (int i = 0; i < 1024; ++i) {
    const uint64_t m = rng() % kBig;
    cases.push_back({m, *t.leaf(m), *t.inclusion_proof(m, kBig)});
  }
  const Hash root = t.root();
  size_t i = 0;
  for (auto _ : state) {
    const Case& c = cases[i++ % cases.size()];
    auto s = vigil::evidence::verify_inclusion(c.index, kBig, c.leaf, c.proof, root);
    if (!s.ok()) return state.SkipWithError(s.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InclusionVerify)->Name("inclusion_verify/10M")->Unit(benchmark::kMicrosecond);

void BM_InclusionProveVerify(benchmark::State& state) {
  const MerkleTree& t = big_tree();
  const Hash root = t.root();
  std::mt19937_64 rng(3);
  for (auto _ : state) {
    const uint64_t m = rng() % kBig;
    auto proof = t.inclusion_proof(m, kBig);
    auto s = vigil::evidence::verify_inclusion(m, kBig, *t.leaf(m), *proof, root);
    if (!s.ok()) return state.SkipWithError(s.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_InclusionProveVerify)
    ->Name("inclusion_prove_verify/10M")
    ->Unit(benchmark::kMicrosecond);

void BM_ConsistencyProveVerify(benchmark::State& state) {
  const MerkleTree& t = big_tree();
  std::mt19937_64 rng(4);
  size_t hashes = 0;
  for (auto _ : state) {
    uint64_t a = 1 + rng() % kBig, b = 1 + rng() % kBig;
    if (a > b) std::swap(a, b);
    auto proof = t.consistency_proof(a, b);
    auto s = vigil::evidence::verify_consistency(a, b, *t.root_at(a), *t.root_at(b), *proof);
    if (!s.ok()) return state.SkipWithError(s.error().message.c_str());
    hashes += proof->size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["proof_len"] = static_cast<double>(hashes) / state.iterations();
}
BENCHMARK(BM_ConsistencyProveVerify)
    ->Name("consistency_prove_verify/10M")
    ->Unit(benchmark::kMicrosecond);

// ---- the on-disk log ----

using vigil::evidence::EvidenceLog;
using vigil::evidence::LogOptions;

// Scratch directories, removed at exit.
struct Scratch {
  std::vector<std::string> dirs;
  ~Scratch() {
    for (const auto& d : dirs) {
      std::error_code ec;
      std::filesystem::remove_all(d, ec);
    }
  }
  std::string make(const char* what) {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl =
        std::string(tmp && *tmp ? tmp : "/tmp") + "/vigil-evbench-" + what + "-XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    dirs.push_back(tmpl);
    return tmpl + "/log";
  }
};
Scratch& scratch() {
  static Scratch s;
  return s;
}

// Record i: 200 octets of leaf data.
struct BenchRecord {
  std::vector<uint8_t> raw = std::vector<uint8_t>(179, 0x5a);
  vigil::evidence::RecordView view(uint64_t i) {
    for (int j = 0; j < 8; ++j) raw[j] = static_cast<uint8_t>(i >> (8 * j));
    return {"rrc00", 1'700'000'000'000'000ull + i, vigil::evidence::RecordKind::kBgpMessage, raw};
  }
};

LogOptions bench_options(vigil::evidence::FsyncPolicy fsync) {
  LogOptions o;
  o.origin = "bench.vigil/evidence";
  o.fsync = fsync;
  return o;
}

void BM_LogAppend(benchmark::State& state) {
  const uint64_t group = state.range(0);
  auto log = EvidenceLog::open(scratch().make("append"),
                               bench_options(vigil::evidence::FsyncPolicy::every_commit()));
  if (!log) return state.SkipWithError(log.error().to_string().c_str());
  BenchRecord rec;
  for (auto _ : state) {
    for (uint64_t k = 0; k < group; ++k) {
      if (!(*log)->append(rec.view((*log)->size())).ok()) return state.SkipWithError("append");
    }
    if (!(*log)->commit().ok()) return state.SkipWithError("commit");
  }
  state.SetItemsProcessed(state.iterations() * group);
  state.SetBytesProcessed(state.iterations() * group * 212);  // frames on disk
  state.counters["leaves"] = static_cast<double>((*log)->size());
}
BENCHMARK(BM_LogAppend)
    ->Name("log_append/commit_every")
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

// A log of n leaves, built once per size (no fsync while building).
const std::string& log_of(uint64_t n) {
  static std::map<uint64_t, std::string> logs;
  auto it = logs.find(n);
  if (it != logs.end()) return it->second;
  const std::string dir = scratch().make(n >= 10'000'000 ? "10M" : "1M");
  auto log = EvidenceLog::open(dir, bench_options(vigil::evidence::FsyncPolicy::never()));
  if (!log) std::abort();
  BenchRecord rec;
  for (uint64_t i = 0; i < n; ++i) {
    if (!(*log)->append(rec.view(i)).ok()) std::abort();
    if (i % 10000 == 9999 && !(*log)->commit().ok()) std::abort();
  }
  if (!(*log)->sign_head().ok() || !(*log)->sync().ok()) std::abort();
  return logs[n] = dir;
}

void evict(const std::string& dir) {
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const int fd = ::open(e.path().c_str(), O_RDONLY);
    if (fd < 0) continue;
    (void)::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
}

void BM_LogOpen(benchmark::State& state, uint64_t n, bool cold) {
  const std::string& dir = log_of(n);
  LogOptions o = bench_options(vigil::evidence::FsyncPolicy::never());
  o.read_only = true;
  double bytes = 0;
  for (auto _ : state) {
    if (cold) {
      state.PauseTiming();
      evict(dir);
      state.ResumeTiming();
    }
    auto log = EvidenceLog::open(dir, o);
    if (!log || (*log)->size() != n) return state.SkipWithError("open");
    bytes = static_cast<double>((*log)->open_report().bytes);
    benchmark::DoNotOptimize((*log)->root());
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["log_MB"] = bytes / 1e6;
}
BENCHMARK_CAPTURE(BM_LogOpen, warm_1M, 1'000'000, false)
    ->Name("log_open/1M")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_LogOpen, cold_1M, 1'000'000, true)
    ->Name("log_open/1M/cold")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_LogOpen, warm_10M, kBig, false)
    ->Name("log_open/10M")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

void BM_LogInclusion(benchmark::State& state) {
  LogOptions o = bench_options(vigil::evidence::FsyncPolicy::never());
  o.read_only = true;
  auto log = EvidenceLog::open(log_of(kBig), o);
  if (!log) return state.SkipWithError(log.error().to_string().c_str());
  const auto head = *(*log)->checkpoint();
  std::mt19937_64 rng(5);
  for (auto _ : state) {
    const uint64_t m = rng() % head.size;
    auto record = (*log)->read(m);
    auto proof = (*log)->inclusion_proof(m, head.size);
    if (!record || !proof) return state.SkipWithError("read/prove");
    auto s =
        vigil::evidence::verify_inclusion(m, head.size, *(*log)->leaf_hash(m), *proof, head.root);
    if (!s.ok()) return state.SkipWithError(s.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LogInclusion)->Name("log_inclusion_prove/10M")->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();

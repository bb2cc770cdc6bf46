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
//   build/bench/evidence_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

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

}  // namespace

BENCHMARK_MAIN();

// MerkleTree against the recursive reference (merkle_reference.h): every
// root, inclusion proof (§2.1.3.1) and consistency proof (§2.1.4.1) for
// every index and size up to 64, each verifying (§2.1.3.2, §2.1.4.2) and
// failing once any single byte of proof, root or leaf changes; bad
// arguments; a 1 M-leaf tree spot-checked; and the cost claims (stored
// hashes read per proof, memory per leaf) through a counting LevelStore.
#include "evidence/merkle_tree.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "evidence/merkle.h"
#include "merkle_reference.h"

namespace vigil::evidence {
namespace {

using test::counter_leaves;
using test::ref_mth;

constexpr uint64_t kSmall = 64;

MerkleTree tree_of(const std::vector<Hash>& leaves) {
  MerkleTree t;
  for (const Hash& h : leaves) t.append(h);
  return t;
}

// Flips one bit of byte `i` (a different bit for each i, so all eight are
// exercised).
void flip(Hash& h, size_t i) { h[i] ^= static_cast<uint8_t>(1u << (i % 8)); }

TEST(MerkleTree, EmptyTree) {
  MerkleTree t;
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.root(), empty_root());
  EXPECT_EQ(*t.root_at(0), empty_root());
  EXPECT_FALSE(t.root_at(1).ok());
  EXPECT_FALSE(t.leaf(0).ok());
  EXPECT_FALSE(t.inclusion_proof(0, 0).ok());
  EXPECT_FALSE(t.consistency_proof(0, 0).ok());
}

TEST(MerkleTree, RootsAtEverySizeStayPutAsTheTreeGrows) {
  const auto leaves = counter_leaves(kSmall);
  MerkleTree t;
  std::vector<Hash> roots_then = {t.root()};
  for (const Hash& h : leaves) {
    t.append(h);
    roots_then.push_back(t.root());
  }
  for (uint64_t n = 0; n <= kSmall; ++n) {
    const Hash want = ref_mth(std::span<const Hash>(leaves).first(n));
    EXPECT_EQ(roots_then[n], want) << "root when the tree had " << n << " leaves";
    EXPECT_EQ(*t.root_at(n), want) << "root_at(" << n << ") of " << kSmall;
  }
  for (uint64_t i = 0; i < kSmall; ++i) EXPECT_EQ(*t.leaf(i), leaves[i]);
}

TEST(MerkleTree, EveryInclusionProofUpTo64) {
  const auto leaves = counter_leaves(kSmall);
  const MerkleTree t = tree_of(leaves);
  for (uint64_t n = 1; n <= kSmall; ++n) {
    const auto d = std::span<const Hash>(leaves).first(n);
    const Hash root = *t.root_at(n);
    for (uint64_t m = 0; m < n; ++m) {
      SCOPED_TRACE("leaf " + std::to_string(m) + " of " + std::to_string(n));
      auto proof = t.inclusion_proof(m, n);
      ASSERT_TRUE(proof.ok()) << proof.error().to_string();
      EXPECT_EQ(*proof, test::ref_path(m, d));
      EXPECT_EQ(proof->size(), inclusion_proof_length(m, n));
      Status s = verify_inclusion(m, n, leaves[m], *proof, root);
      EXPECT_TRUE(s.ok()) << s.error().to_string();
    }
  }
}

TEST(MerkleTree, EveryConsistencyProofUpTo64) {
  const auto leaves = counter_leaves(kSmall);
  const MerkleTree t = tree_of(leaves);
  for (uint64_t n = 1; n <= kSmall; ++n) {
    const auto d = std::span<const Hash>(leaves).first(n);
    for (uint64_t m = 1; m <= n; ++m) {
      SCOPED_TRACE("from " + std::to_string(m) + " to " + std::to_string(n));
      auto proof = t.consistency_proof(m, n);
      ASSERT_TRUE(proof.ok()) << proof.error().to_string();
      EXPECT_EQ(*proof, test::ref_proof(m, d));
      if (m < n) {
        EXPECT_EQ(proof->size(), consistency_proof_length(m, n));
      }
      Status s = verify_consistency(m, n, *t.root_at(m), *t.root_at(n), *proof);
      EXPECT_TRUE(s.ok()) << s.error().to_string();
    }
  }
}

TEST(MerkleTree, AnyFlippedByteFailsInclusion) {
  const auto leaves = counter_leaves(kSmall);
  const MerkleTree t = tree_of(leaves);
  uint64_t checks = 0;
  for (uint64_t n = 1; n <= kSmall; ++n) {
    Hash root = *t.root_at(n);
    for (uint64_t m = 0; m < n; ++m) {
      std::vector<Hash> proof = *t.inclusion_proof(m, n);
      Hash leaf = leaves[m];
      for (size_t i = 0; i < kHashSize; ++i) {
        flip(root, i);
        EXPECT_FALSE(verify_inclusion(m, n, leaf, proof, root).ok()) << m << "/" << n;
        flip(root, i);
        flip(leaf, i);
        EXPECT_FALSE(verify_inclusion(m, n, leaf, proof, root).ok()) << m << "/" << n;
        flip(leaf, i);
        for (Hash& p : proof) {
          flip(p, i);
          EXPECT_FALSE(verify_inclusion(m, n, leaf, proof, root).ok()) << m << "/" << n;
          flip(p, i);
          ++checks;
        }
        checks += 2;
      }
      ASSERT_TRUE(verify_inclusion(m, n, leaf, proof, root).ok());  // all restored
      // One hash more or less, or two swapped.
      std::vector<Hash> longer = proof;
      longer.push_back(root);
      EXPECT_FALSE(verify_inclusion(m, n, leaf, longer, root).ok());
      if (!proof.empty()) {
        EXPECT_FALSE(
            verify_inclusion(m, n, leaf, std::span<const Hash>(proof).first(proof.size() - 1), root)
                .ok());
      }
      if (proof.size() >= 2) {
        std::swap(proof[0], proof[1]);
        EXPECT_FALSE(verify_inclusion(m, n, leaf, proof, root).ok());
      }
    }
  }
  EXPECT_GT(checks, 100000u);
}

TEST(MerkleTree, AnyFlippedByteFailsConsistency) {
  const auto leaves = counter_leaves(kSmall);
  const MerkleTree t = tree_of(leaves);
  for (uint64_t n = 1; n <= kSmall; ++n) {
    Hash root2 = *t.root_at(n);
    for (uint64_t m = 1; m <= n; ++m) {
      Hash root1 = *t.root_at(m);
      std::vector<Hash> proof = *t.consistency_proof(m, n);
      for (size_t i = 0; i < kHashSize; ++i) {
        flip(root1, i);
        EXPECT_FALSE(verify_consistency(m, n, root1, root2, proof).ok()) << m << "->" << n;
        flip(root1, i);
        flip(root2, i);
        EXPECT_FALSE(verify_consistency(m, n, root1, root2, proof).ok()) << m << "->" << n;
        flip(root2, i);
        for (Hash& p : proof) {
          flip(p, i);
          EXPECT_FALSE(verify_consistency(m, n, root1, root2, proof).ok()) << m << "->" << n;
          flip(p, i);
        }
      }
      ASSERT_TRUE(verify_consistency(m, n, root1, root2, proof).ok());
      std::vector<Hash> longer = proof;
      longer.push_back(root2);
      EXPECT_FALSE(verify_consistency(m, n, root1, root2, longer).ok());
      if (!proof.empty()) {
        EXPECT_FALSE(verify_consistency(m, n, root1, root2,
                                        std::span<const Hash>(proof).first(proof.size() - 1))
                         .ok());
      }
      // The two sizes' roots swapped (when they differ).
      if (m < n) {
        EXPECT_FALSE(verify_consistency(m, n, root2, root1, proof).ok());
      }
    }
  }
}

TEST(MerkleTree, BadArgumentsAreErrors) {
  const MerkleTree t = tree_of(counter_leaves(10));
  for (auto [m, n] : {std::pair<uint64_t, uint64_t>{10, 10}, {11, 10}, {0, 11}, {3, 2}}) {
    auto p = t.inclusion_proof(m, n);
    ASSERT_FALSE(p.ok()) << m << "/" << n;
    EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
  }
  for (auto [m, n] : {std::pair<uint64_t, uint64_t>{0, 5}, {0, 0}, {6, 5}, {3, 11}}) {
    auto p = t.consistency_proof(m, n);
    ASSERT_FALSE(p.ok()) << m << "->" << n;
    EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(t.inclusion_proof(0, 11).error().message,
            "inclusion proof for size 11 asked of a tree of 10");
  EXPECT_FALSE(t.root_at(11).ok());
  EXPECT_FALSE(t.leaf(10).ok());
}

// A LevelStore that counts reads, over the in-memory one.
class CountingStore final : public LevelStore {
 public:
  uint64_t size(int level) const override { return inner_.size(level); }
  Hash at(int level, uint64_t index) const override {
    ++reads;
    return inner_.at(level, index);
  }
  void append(int level, const Hash& h) override { inner_.append(level, h); }
  void reserve(uint64_t leaves) override { inner_.reserve(leaves); }
  size_t memory_bytes() const override { return inner_.memory_bytes(); }

  mutable uint64_t reads = 0;

 private:
  MemoryLevelStore inner_;
};

// 2^20 + 12345 leaves: big enough for every level to matter, quick to build.
constexpr uint64_t kLarge = (uint64_t{1} << 20) + 12345;

TEST(MerkleTree, LargeTreeSpotChecks) {
  const auto leaves = counter_leaves(kLarge);
  auto store = std::make_unique<CountingStore>();
  CountingStore* counter = store.get();
  MerkleTree t(std::move(store));
  t.reserve(kLarge);
  for (const Hash& h : leaves) t.append(h);
  // Appending read each left sibling once: one read per stored block hash,
  // n/2 + n/4 + ... = n - popcount(n) of them.
  EXPECT_EQ(counter->reads, kLarge - std::popcount(kLarge));
  // Reserved: exactly the stored hashes, 2n - popcount(n), 64 octets a leaf.
  const size_t stored = 2 * kLarge - std::popcount(kLarge);
  EXPECT_GE(t.memory_bytes(), stored * kHashSize);
  EXPECT_LT(t.memory_bytes(), stored * kHashSize + 4096);

  // Roots at a few sizes against the recursive reference.
  for (uint64_t n : {uint64_t{1}, uint64_t{3}, uint64_t{1000}, uint64_t{1} << 19,
                     (uint64_t{1} << 19) + 1, uint64_t{777777}, kLarge}) {
    EXPECT_EQ(*t.root_at(n), ref_mth(std::span<const Hash>(leaves).first(n))) << n;
  }
  // Two proofs against the reference, in full.
  for (uint64_t m : {uint64_t{0}, kLarge - 1}) {
    EXPECT_EQ(*t.inclusion_proof(m, kLarge), test::ref_path(m, leaves)) << m;
  }
  EXPECT_EQ(*t.consistency_proof(777777, kLarge), test::ref_proof(777777, leaves));

  // Random proofs verify, and read O(log n) stored hashes.
  std::mt19937_64 rng(20260101);
  const int depth = std::bit_width(kLarge);
  for (int i = 0; i < 2000; ++i) {
    const uint64_t n = 1 + rng() % kLarge;
    const uint64_t m = rng() % n;
    const Hash root = *t.root_at(n);
    counter->reads = 0;
    auto proof = t.inclusion_proof(m, n);
    ASSERT_TRUE(proof.ok());
    EXPECT_LE(counter->reads, uint64_t(2 * depth)) << m << "/" << n;
    Status s = verify_inclusion(m, n, leaves[m], *proof, root);
    ASSERT_TRUE(s.ok()) << m << "/" << n << ": " << s.error().to_string();
    // Someone else's leaf, or a neighbouring size's root, does not verify.
    EXPECT_FALSE(verify_inclusion(m, n, leaves[(m + 1) % kLarge], *proof, root).ok());
    if (n < kLarge) {
      EXPECT_FALSE(verify_inclusion(m, n, leaves[m], *proof, *t.root_at(n + 1)).ok());
    }

    const uint64_t m1 = 1 + rng() % n;
    counter->reads = 0;
    auto cproof = t.consistency_proof(m1, n);
    ASSERT_TRUE(cproof.ok());
    EXPECT_LE(counter->reads, uint64_t(4 * depth)) << m1 << "->" << n;
    s = verify_consistency(m1, n, *t.root_at(m1), root, *cproof);
    ASSERT_TRUE(s.ok()) << m1 << "->" << n << ": " << s.error().to_string();
  }
}

TEST(MerkleTree, MemoryWithoutReserveStaysUnderFourHashesALeaf) {
  MerkleTree t;
  const size_t empty = t.memory_bytes();
  const auto leaves = counter_leaves(100000);
  for (const Hash& h : leaves) t.append(h);
  EXPECT_GE(t.memory_bytes() - empty, 2 * (leaves.size() - 6) * kHashSize);
  EXPECT_LE(t.memory_bytes(), 4 * leaves.size() * kHashSize + 4096);
}

}  // namespace
}  // namespace vigil::evidence

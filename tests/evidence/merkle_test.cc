// RFC 9162 §2.1.1 hashing on the classic CT reference leaves, and every
// error path of the two verifiers (§2.1.3.2, §2.1.4.2): each failure says
// what failed, and no index, size or proof, however absurd, crashes them.
#include "evidence/merkle.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "evidence/encoding.h"
#include "evidence/merkle_tree.h"
#include "merkle_reference.h"

namespace vigil::evidence {
namespace {

Hash filled(uint8_t v) {
  Hash h;
  h.fill(v);
  return h;
}

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// The reference tree of RFC 6962's era (certificate-transparency's
// merkle_tree_test.cc, transparency-dev/merkle's testdata; data README §8).
const char* const kCtLeaves[] = {"",
                                 "00",
                                 "10",
                                 "2021",
                                 "3031",
                                 "40414243",
                                 "5051525354555657",
                                 "606162636465666768696a6b6c6d6e6f"};
const char* const kCtRoots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

TEST(MerkleHash, LeafAndNodeDomainSeparation) {
  // §2.1.1: 0x00 before a leaf, 0x01 before two children.
  EXPECT_EQ(to_hex(leaf_hash(Bytes())),
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  const uint8_t zero[1] = {0x00};
  EXPECT_EQ(leaf_hash(Bytes()), sha256(zero));
  const Hash l = filled(0xaa), r = filled(0xbb);
  std::vector<uint8_t> msg = {0x01};
  msg.insert(msg.end(), l.begin(), l.end());
  msg.insert(msg.end(), r.begin(), r.end());
  EXPECT_EQ(node_hash(l, r), sha256(msg));
  EXPECT_NE(node_hash(l, r), node_hash(r, l));
  EXPECT_EQ(to_hex(empty_root()), kCtRoots[0]);
}

TEST(MerkleHash, CtReferenceTreeRoots) {
  std::vector<Hash> leaves;
  MerkleTree tree;
  EXPECT_EQ(to_hex(tree.root()), kCtRoots[0]);
  for (int i = 0; i < 8; ++i) {
    auto data = hex_decode(kCtLeaves[i]);
    ASSERT_TRUE(data.ok());
    leaves.push_back(leaf_hash(*data));
    tree.append(leaves.back());
    EXPECT_EQ(to_hex(tree.root()), kCtRoots[i + 1]) << "size " << i + 1;
    EXPECT_EQ(to_hex(test::ref_mth(leaves)), kCtRoots[i + 1]) << "reference, size " << i + 1;
  }
  for (int n = 0; n <= 8; ++n) EXPECT_EQ(to_hex(*tree.root_at(n)), kCtRoots[n]);
}

TEST(MerkleVerify, InclusionIndexOutOfRange) {
  const Hash h = filled(1);
  for (auto [index, size] : {std::pair<uint64_t, uint64_t>{0, 0},
                             {5, 5},
                             {6, 5},
                             {std::numeric_limits<uint64_t>::max(), 3}}) {
    Status s = verify_inclusion(index, size, h, {}, h);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(contains(s.error().message, "out of range")) << s.error().message;
  }
}

TEST(MerkleVerify, InclusionWrongProofLength) {
  const Hash h = filled(1);
  const std::vector<Hash> four(4, h);
  // Leaf 0 of 8 needs 3 hashes.
  Status s = verify_inclusion(0, 8, h, four, h);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(s.error().message, "inclusion proof: 4 hashes, expected 3 for leaf 0 of 8");
  s = verify_inclusion(0, 8, h, std::span<const Hash>(four).first(2), h);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.error().message, "2 hashes, expected 3"));
  // A single-leaf tree: the proof is empty and the leaf is the root.
  EXPECT_TRUE(verify_inclusion(0, 1, h, {}, h).ok());
  s = verify_inclusion(0, 1, h, std::span<const Hash>(four).first(1), h);
  EXPECT_FALSE(s.ok());
}

TEST(MerkleVerify, InclusionRootMismatchSaysSo) {
  const Hash a = filled(1), b = filled(2);
  EXPECT_TRUE(verify_inclusion(0, 2, a, {&b, 1}, node_hash(a, b)).ok());
  EXPECT_TRUE(verify_inclusion(1, 2, b, {&a, 1}, node_hash(a, b)).ok());
  Status s = verify_inclusion(0, 2, a, {&b, 1}, node_hash(b, a));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kMalformed);
  EXPECT_TRUE(contains(s.error().message, "does not verify: leaf 0 of 2 gives root " +
                                              to_hex(node_hash(a, b)).substr(0, 16)))
      << s.error().message;
  EXPECT_TRUE(contains(s.error().message, "expected " + to_hex(node_hash(b, a)).substr(0, 16)));
  auto r = root_from_inclusion_proof(0, 2, a, {&b, 1});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, node_hash(a, b));
}

TEST(MerkleVerify, ConsistencyArgumentErrors) {
  const Hash h = filled(3);
  Status s = verify_consistency(5, 4, h, h, {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().message, "consistency proof: size1 5 is larger than size2 4");
  // size1 == 0 is refused, even 0 -> 0 with equal roots and no proof.
  for (uint64_t size2 : {0u, 1u, 7u}) {
    s = verify_consistency(0, size2, empty_root(), empty_root(), {});
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(contains(s.error().message, "size1 is 0")) << s.error().message;
  }
}

TEST(MerkleVerify, ConsistencyEqualSizes) {
  const Hash a = filled(1), b = filled(2);
  EXPECT_TRUE(verify_consistency(7, 7, a, a, {}).ok());
  Status s = verify_consistency(7, 7, a, b, {});
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.error().message, "sizes are equal (7) but root1")) << s.error().message;
  s = verify_consistency(7, 7, a, a, {&a, 1});
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.error().message, "proof is not empty (1 hashes)")) << s.error().message;
}

TEST(MerkleVerify, ConsistencyWrongLengthAndWhichRootFailed) {
  // 2 -> 3 over leaves x0 x1 x2: root1 = H(x0,x1) is a power-of-two seed, so
  // the proof is just [x2].
  const Hash x0 = filled(10), x1 = filled(11), x2 = filled(12);
  const Hash r2 = node_hash(x0, x1), r3 = node_hash(r2, x2);
  EXPECT_EQ(consistency_proof_length(2, 3), 1u);
  EXPECT_TRUE(verify_consistency(2, 3, r2, r3, {&x2, 1}).ok());
  Status s = verify_consistency(2, 3, r2, r3, {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "consistency proof: 0 hashes, expected 1 from size 2 to 3");
  const Hash two[2] = {x2, x2};
  s = verify_consistency(2, 3, r2, r3, two);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.error().message, "2 hashes, expected 1"));
  // Wrong new root: root1 still checks out, root2 does not.
  s = verify_consistency(2, 3, r2, x2, {&x2, 1});
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.error().message, "gives root2")) << s.error().message;
  // With size1 a power of two root1 is the seed itself, so a wrong root1
  // shows as a wrong root2.
  s = verify_consistency(2, 3, x0, r3, {&x2, 1});
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.error().message, "gives root2")) << s.error().message;
  // 3 -> 4: the proof [x2, x3, H(x0,x1)] rebuilds root1 from its seed x2;
  // a wrong root1 is named (it is checked first).
  const Hash x3 = filled(13);
  const Hash p34[3] = {x2, x3, r2};
  const Hash r4 = node_hash(r2, node_hash(x2, x3));
  EXPECT_TRUE(verify_consistency(3, 4, r3, r4, p34).ok());
  s = verify_consistency(3, 4, r2, r4, p34);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.error().message, "gives root1 " + to_hex(r3).substr(0, 16)))
      << s.error().message;
  // 1 -> 3 (seed is root1 = x0): proof [x1, x2]; 3 -> 4 needs a seed.
  const Hash p13[2] = {x1, x2};
  EXPECT_TRUE(verify_consistency(1, 3, x0, r3, p13).ok());
  EXPECT_EQ(consistency_proof_length(3, 4), 3u);
}

TEST(MerkleVerify, ExtremeSizesAndGarbageNeverCrash) {
  // Proofs of every length 0..70 at sizes near 2^64: each is either the
  // wrong length or a root mismatch, never a crash or a pass.
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  std::vector<Hash> garbage;
  for (int i = 0; i < 70; ++i) garbage.push_back(filled(static_cast<uint8_t>(i)));
  const Hash root = filled(0xee);
  for (size_t len = 0; len <= garbage.size(); ++len) {
    const std::span<const Hash> p(garbage.data(), len);
    for (auto [i, n] : {std::pair<uint64_t, uint64_t>{kMax - 1, kMax},
                        {0, kMax},
                        {kMax / 2, kMax},
                        {1, 2},
                        {uint64_t{1} << 63, (uint64_t{1} << 63) + 1}}) {
      EXPECT_FALSE(verify_inclusion(i, n, garbage[0], p, root).ok());
    }
    for (auto [a, b] : {std::pair<uint64_t, uint64_t>{1, kMax},
                        {kMax - 1, kMax},
                        {kMax, kMax},
                        {uint64_t{1} << 63, kMax},
                        {3, 5}}) {
      EXPECT_FALSE(verify_consistency(a, b, root, garbage[0], p).ok());
    }
  }
  EXPECT_EQ(inclusion_proof_length(kMax - 1, kMax), 63u);  // 63 complete subtrees on its left
  EXPECT_EQ(inclusion_proof_length(0, kMax), 64u);
}

// Regression (found by fuzz_merkle_proof): the proof-length formulas
// shifted a 64-bit value by 64 when the two paths first differ at bit 63.
TEST(MerkleVerify, ProofLengthWhenPathsDifferAtBit63) {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  constexpr uint64_t kHalf = uint64_t{1} << 63;
  // Old tree = the complete left half: the proof is the right half's root.
  EXPECT_EQ(consistency_proof_length(kHalf, kMax), 1u);
  // 2^63 - 1 leaves: the seed leaf, 63 siblings up to the half, the right half.
  EXPECT_EQ(consistency_proof_length(kHalf - 1, kMax), 1u + 63u + 1u);
  EXPECT_EQ(inclusion_proof_length(0, kMax), 64u);
  EXPECT_EQ(inclusion_proof_length(kHalf - 1, kMax), 64u);
  const Hash h = filled(9);
  EXPECT_FALSE(verify_consistency(kHalf, kMax, h, h, {&h, 1}).ok());
}

}  // namespace
}  // namespace vigil::evidence

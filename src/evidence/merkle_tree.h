// MerkleTree: the evidence log's append-only Merkle tree over leaf hashes,
// RFC 9162 §2.1. It appends leaf hashes, gives the root (MTH, §2.1.1) of the
// current tree or of any earlier size, and makes inclusion proofs
// (§2.1.3.1) and consistency proofs (§2.1.4.1) for any sizes up to the
// current one. Verification is in merkle.h.
//
//   MerkleTree tree;
//   tree.append(leaf_hash(record_bytes));        // leaf i = i-th append
//   Hash root = tree.root();
//   auto proof = tree.inclusion_proof(i, tree.size());   // Result<vector<Hash>>
//   verify_inclusion(i, tree.size(), leaf, *proof, root); // OK
//
// Design: every level of complete subtrees is stored (LevelStore, level k =
// the MTH of each aligned block of 2^k leaves), so
//  - append costs one leaf store plus, amortised, one node hash (a block's
//    hash is computed once, when its last leaf arrives);
//  - the hash of any subtree a proof or root needs is either one stored
//    value (complete blocks) or, for the one partial block on the right edge
//    of a tree of size n, a fold of at most 64 stored blocks; a proof needs
//    at most two such folds, so a root, an inclusion proof or a consistency
//    proof costs O(log n) hashes and lookups (under 2 µs for an inclusion
//    proof at 10 M leaves, bench/evidence_bench.cc);
//  - memory is 2n hashes, 64 octets per leaf (640 MB for 10 M leaves),
//    counted by memory_bytes().
// Leaf data are not kept: the caller stores records and their leaf hashes
// are what the tree holds.
//
// Not thread-safe: one writer, and no reader while it appends. Results are
// values (no references into the store).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/result.h"
#include "evidence/level_store.h"
#include "evidence/sha256.h"

namespace vigil::evidence {

class MerkleTree {
 public:
  // An empty tree in memory (MemoryLevelStore).
  MerkleTree();
  // An empty tree over `store`. REQUIRES: store is non-null and empty.
  explicit MerkleTree(std::unique_ptr<LevelStore> store);

  // Appends the next leaf's hash (leaf_hash(data), §2.1.1): it becomes leaf
  // size() - 1.
  void append(const Hash& leaf_hash);
  // Room for `leaves` leaves in all (a hint; avoids regrowing the levels).
  void reserve(uint64_t leaves) { store_->reserve(leaves); }

  uint64_t size() const { return size_; }
  // MTH of the whole tree (empty_root() when size() == 0).
  Hash root() const;
  // MTH of the first `tree_size` leaves. kInvalidArgument if
  // tree_size > size().
  Result<Hash> root_at(uint64_t tree_size) const;
  // The leaf hash at `index`. kInvalidArgument if index >= size().
  Result<Hash> leaf(uint64_t index) const;

  // PATH(leaf_index, D[0:tree_size]) of §2.1.3.1, nearest the leaf first.
  // kInvalidArgument unless leaf_index < tree_size <= size().
  Result<std::vector<Hash>> inclusion_proof(uint64_t leaf_index, uint64_t tree_size) const;
  // PROOF(size1, D[0:size2]) of §2.1.4.1 (empty when size1 == size2).
  // kInvalidArgument unless 0 < size1 <= size2 <= size().
  Result<std::vector<Hash>> consistency_proof(uint64_t size1, uint64_t size2) const;

  // Bytes held by the tree and its store.
  size_t memory_bytes() const { return sizeof(*this) + store_->memory_bytes(); }

 private:
  // MTH(D[begin:end]). REQUIRES: begin < end <= size_, and begin a multiple
  // of the largest power of two <= end - begin (true of every subtree of
  // §2.1.1's decomposition), so each block of end - begin's binary form is
  // a stored, aligned block.
  Hash subtree_hash(uint64_t begin, uint64_t end) const;
  // SUBPROOF(m, D[begin:end], b) of §2.1.4.1, appended to `out`.
  void subproof(uint64_t m, uint64_t begin, uint64_t end, bool b, std::vector<Hash>& out) const;

  std::unique_ptr<LevelStore> store_;
  uint64_t size_ = 0;
};

}  // namespace vigil::evidence

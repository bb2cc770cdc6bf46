#include "evidence/merkle_tree.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <string>

#include "evidence/merkle.h"

namespace vigil::evidence {
namespace {

Error invalid(std::string message) {
  return make_error(ErrorCode::kInvalidArgument, std::move(message));
}
std::string num(uint64_t v) { return std::to_string(v); }

}  // namespace

MerkleTree::MerkleTree() : store_(std::make_unique<MemoryLevelStore>()) {}

MerkleTree::MerkleTree(std::unique_ptr<LevelStore> store) : store_(std::move(store)) {
  assert(store_ != nullptr && store_->size(0) == 0);
}

void MerkleTree::append(const Hash& leaf_hash) {
  store_->append(0, leaf_hash);
  // The new leaf closes one block per trailing 1 bit of its index: while
  // the current node is a right child, hash it with its left sibling.
  uint64_t index = size_++;
  Hash node = leaf_hash;
  for (int level = 0; (index & 1) != 0; ++level, index >>= 1) {
    node = evidence::node_hash(store_->at(level, index - 1), node);
    store_->append(level + 1, node);
  }
}

Hash MerkleTree::root() const { return size_ == 0 ? empty_root() : subtree_hash(0, size_); }

Result<Hash> MerkleTree::root_at(uint64_t tree_size) const {
  if (tree_size > size_) {
    return invalid("root of size " + num(tree_size) + " asked of a tree of " + num(size_));
  }
  return tree_size == 0 ? empty_root() : subtree_hash(0, tree_size);
}

Result<Hash> MerkleTree::leaf(uint64_t index) const {
  if (index >= size_) {
    return invalid("leaf " + num(index) + " asked of a tree of " + num(size_));
  }
  return store_->at(0, index);
}

Hash MerkleTree::subtree_hash(uint64_t begin, uint64_t end) const {
  assert(begin < end && end <= size_);
  assert(begin % std::bit_floor(end - begin) == 0);
  // The blocks of end - begin's binary form, largest (leftmost) first...
  Hash blocks[64];
  int count = 0;
  uint64_t pos = begin;
  for (uint64_t rest = end - begin; rest != 0;) {
    const int level = std::bit_width(rest) - 1;
    blocks[count++] = store_->at(level, pos >> level);
    pos += uint64_t{1} << level;
    rest &= ~(uint64_t{1} << level);
  }
  // ...folded from the right: MTH splits off the largest power of two on
  // the left, so the tree is left-complete and the fold is right-leaning.
  Hash h = blocks[count - 1];
  for (int i = count - 2; i >= 0; --i) h = node_hash(blocks[i], h);
  return h;
}

Result<std::vector<Hash>> MerkleTree::inclusion_proof(uint64_t leaf_index,
                                                      uint64_t tree_size) const {
  if (tree_size > size_) {
    return invalid("inclusion proof for size " + num(tree_size) + " asked of a tree of " +
                   num(size_));
  }
  if (leaf_index >= tree_size) {
    return invalid("inclusion proof for leaf " + num(leaf_index) + " of a tree of " +
                   num(tree_size));
  }
  // Bottom-up walk of §2.1.3.1's PATH: at each level the sibling of the
  // leaf's ancestor, if any of it lies inside the tree. A sibling to the
  // left is a complete stored block; one to the right may be the partial
  // right edge (at most one level has it).
  std::vector<Hash> proof;
  proof.reserve(inclusion_proof_length(leaf_index, tree_size));
  for (int level = 0; level < 64 && ((tree_size - 1) >> level) != 0; ++level) {
    const uint64_t sibling = (leaf_index >> level) ^ 1;
    const uint64_t begin = sibling << level;
    if (begin >= tree_size) continue;  // no sibling: the node moves up as is
    const uint64_t end = std::min(begin + (uint64_t{1} << level), tree_size);
    proof.push_back(end - begin == (uint64_t{1} << level) ? store_->at(level, sibling)
                                                          : subtree_hash(begin, end));
  }
  return proof;
}

Result<std::vector<Hash>> MerkleTree::consistency_proof(uint64_t size1, uint64_t size2) const {
  if (size2 > size_) {
    return invalid("consistency proof to size " + num(size2) + " asked of a tree of " + num(size_));
  }
  if (size1 == 0 || size1 > size2) {
    return invalid("consistency proof from size " + num(size1) + " to " + num(size2) +
                   ": needs 0 < size1 <= size2");
  }
  std::vector<Hash> proof;
  if (size1 < size2) proof.reserve(consistency_proof_length(size1, size2));
  subproof(size1, 0, size2, true, proof);
  return proof;
}

void MerkleTree::subproof(uint64_t m, uint64_t begin, uint64_t end, bool b,
                          std::vector<Hash>& out) const {
  const uint64_t n = end - begin;
  if (m == n) {
    // SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}.
    if (!b) out.push_back(subtree_hash(begin, end));
    return;
  }
  // m < n: k is the largest power of two smaller than n.
  const uint64_t k = std::bit_floor(n - 1);
  if (m <= k) {
    subproof(m, begin, begin + k, b, out);
    out.push_back(subtree_hash(begin + k, end));
  } else {
    subproof(m - k, begin + k, end, false, out);
    out.push_back(subtree_hash(begin, begin + k));
  }
}

}  // namespace vigil::evidence

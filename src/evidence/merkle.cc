#include "evidence/merkle.h"

#include <algorithm>
#include <bit>
#include <string>

namespace vigil::evidence {
namespace {

// "5dc9da79a70659a9…": enough of a hash to tell two apart in a message.
std::string short_hex(const Hash& h) { return to_hex(h).substr(0, 16) + "…"; }

std::string num(uint64_t v) { return std::to_string(v); }

Error malformed(std::string message) {
  return make_error(ErrorCode::kMalformed, std::move(message));
}
Error invalid(std::string message) {
  return make_error(ErrorCode::kInvalidArgument, std::move(message));
}

// x >> s, and 0 for s == 64 (a plain shift by 64 is undefined).
uint64_t shr(uint64_t x, int s) { return s >= 64 ? 0 : x >> s; }

// Right-shifts fn and sn until fn's lowest bit is set or fn is 0 (the
// "right-shift both equally until" steps of §2.1.3.2 and §2.1.4.2).
void shift_while_lsb_clear(uint64_t& fn, uint64_t& sn) {
  if (fn == 0) return;
  const int s = std::countr_zero(fn);
  fn >>= s;
  sn >>= s;
}

}  // namespace

Hash leaf_hash(Bytes data) {
  static constexpr uint8_t kPrefix[1] = {0x00};
  const Bytes parts[2] = {Bytes(kPrefix), data};
  return sha256(std::span<const Bytes>(parts));
}

Hash node_hash(const Hash& left, const Hash& right) {
  // One contiguous 65-octet message: one EVP update instead of three.
  uint8_t buf[1 + 2 * kHashSize];
  buf[0] = 0x01;
  std::copy(left.begin(), left.end(), buf + 1);
  std::copy(right.begin(), right.end(), buf + 1 + kHashSize);
  return sha256(Bytes(buf, sizeof buf));
}

const Hash& empty_root() {
  static const Hash h = sha256(Bytes());
  return h;
}

size_t inclusion_proof_length(uint64_t leaf_index, uint64_t tree_size) {
  // Levels where the leaf's ancestor has a sibling inside the tree: below
  // the highest bit where leaf_index and the last index differ, every level;
  // above it, the levels where the leaf is a right child (its sibling is a
  // complete left subtree).
  const uint64_t last = tree_size - 1;
  const int inner = std::bit_width(leaf_index ^ last);
  return static_cast<size_t>(inner + std::popcount(shr(leaf_index, inner)));
}

size_t consistency_proof_length(uint64_t size1, uint64_t size2) {
  // The inclusion path of leaf size1-1 in the tree of size2, less the
  // levels inside the largest complete subtree ending at size1 (whose root
  // is the seed), plus the seed itself unless it is the whole old tree
  // (then the verifier takes root1, §2.1.4.2 step 2).
  const int shift = std::countr_zero(size1);
  const uint64_t a = size1 - 1;
  const int inner = std::bit_width(a ^ (size2 - 1));
  const int border = std::popcount(shr(a, inner));
  const bool seed_in_proof = size1 != (uint64_t{1} << shift);
  return static_cast<size_t>((seed_in_proof ? 1 : 0) + (inner - shift) + border);
}

Result<Hash> root_from_inclusion_proof(uint64_t leaf_index, uint64_t tree_size,
                                       const Hash& leaf_hash, std::span<const Hash> proof) {
  // Step 1.
  if (leaf_index >= tree_size) {
    return invalid("inclusion proof: leaf index " + num(leaf_index) +
                   " is out of range for a tree of " + num(tree_size) + " leaves");
  }
  // Not an RFC step: checking the length first gives a precise message and
  // guarantees the loop below never meets sn == 0 early or ends with sn != 0.
  const size_t want = inclusion_proof_length(leaf_index, tree_size);
  if (proof.size() != want) {
    return malformed("inclusion proof: " + num(proof.size()) + " hashes, expected " + num(want) +
                     " for leaf " + num(leaf_index) + " of " + num(tree_size));
  }
  // Steps 2-4.
  uint64_t fn = leaf_index;
  uint64_t sn = tree_size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return malformed("inclusion proof: longer than the path to the root");
    if ((fn & 1) != 0 || fn == sn) {
      r = node_hash(p, r);
      if ((fn & 1) == 0) shift_while_lsb_clear(fn, sn);
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  // Step 5, first half.
  if (sn != 0) return malformed("inclusion proof: shorter than the path to the root");
  return r;
}

Status verify_inclusion(uint64_t leaf_index, uint64_t tree_size, const Hash& leaf_hash,
                        std::span<const Hash> proof, const Hash& root) {
  VIGIL_TRY(const Hash computed,
            root_from_inclusion_proof(leaf_index, tree_size, leaf_hash, proof));
  // Step 5, second half.
  if (computed != root) {
    return malformed("inclusion proof does not verify: leaf " + num(leaf_index) + " of " +
                     num(tree_size) + " gives root " + short_hex(computed) + ", expected " +
                     short_hex(root));
  }
  return Status::Ok();
}

Status verify_consistency(uint64_t size1, uint64_t size2, const Hash& root1, const Hash& root2,
                          std::span<const Hash> proof) {
  if (size1 > size2) {
    return invalid("consistency proof: size1 " + num(size1) + " is larger than size2 " +
                   num(size2));
  }
  if (size1 == 0) {
    return invalid("consistency proof: size1 is 0; a proof from the empty tree proves nothing");
  }
  if (size1 == size2) {
    if (!proof.empty()) {
      return malformed("consistency proof: sizes are equal (" + num(size1) +
                       ") but the proof is not empty (" + num(proof.size()) + " hashes)");
    }
    if (root1 != root2) {
      return malformed("consistency proof: sizes are equal (" + num(size1) + ") but root1 " +
                       short_hex(root1) + " differs from root2 " + short_hex(root2));
    }
    return Status::Ok();
  }
  // Step 1 (an empty proof) is covered by the length check: a proof for
  // 0 < size1 < size2 has at least one hash.
  const size_t want = consistency_proof_length(size1, size2);
  if (proof.size() != want) {
    return malformed("consistency proof: " + num(proof.size()) + " hashes, expected " + num(want) +
                     " from size " + num(size1) + " to " + num(size2));
  }
  // Step 2: when size1 is a power of two the old root is the seed.
  const bool seed_is_root1 = std::has_single_bit(size1);
  // Steps 3-4.
  uint64_t fn = size1 - 1;
  uint64_t sn = size2 - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  // Step 5.
  Hash fr = seed_is_root1 ? root1 : proof[0];
  Hash sr = fr;
  // Step 6.
  for (size_t i = seed_is_root1 ? 0 : 1; i < proof.size(); ++i) {
    const Hash& c = proof[i];
    if (sn == 0) return malformed("consistency proof: longer than the path to the root");
    if ((fn & 1) != 0 || fn == sn) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
      if ((fn & 1) == 0) shift_while_lsb_clear(fn, sn);
    } else {
      sr = node_hash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  // Step 7.
  if (sn != 0) return malformed("consistency proof: shorter than the path to the root");
  if (fr != root1) {
    return malformed("consistency proof does not verify: it gives root1 " + short_hex(fr) +
                     " for size " + num(size1) + ", expected " + short_hex(root1));
  }
  if (sr != root2) {
    return malformed("consistency proof does not verify: it gives root2 " + short_hex(sr) +
                     " for size " + num(size2) + ", expected " + short_hex(root2));
  }
  return Status::Ok();
}

}  // namespace vigil::evidence

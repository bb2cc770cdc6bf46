// libFuzzer target: the two RFC 9162 proof verifiers (src/evidence/merkle.h)
// on arbitrary input, and a differential check against MerkleTree.
//
//   octet 0, bit 0 = 0  raw (bit 1: consistency, else inclusion): two 8-octet little-endian numbers
//   (leaf index
//                       and tree size, or size1 and size2), then two
//                       32-octet hashes (leaf/root or root1/root2) and the
//                       rest as proof hashes, any trailing partial hash
//                       going through hash_from_bytes (which must refuse
//                       it). Nothing may crash, overrun or loop.
//   octet 0, bit 0 = 1  differential: a tree of 1..256 leaves derived from
//                       the input; a proof it makes must verify, and the
//                       same proof with one bit flipped (position taken
//                       from the input) must not. A violation aborts.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "evidence/merkle.h"
#include "evidence/merkle_tree.h"

namespace {

using vigil::Bytes;
using vigil::evidence::Hash;
using vigil::evidence::kHashSize;

uint64_t take_u64(Bytes& in) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < in.size(); ++i) v |= uint64_t{in[i]} << (8 * i);
  in = in.subspan(in.size() < 8 ? in.size() : 8);
  return v;
}

Hash take_hash(Bytes& in) {
  Hash h{};
  const size_t n = in.size() < kHashSize ? in.size() : kHashSize;
  std::memcpy(h.data(), in.data(), n);
  in = in.subspan(n);
  return h;
}

void raw(Bytes in, bool consistency) {
  const uint64_t a = take_u64(in), b = take_u64(in);
  const Hash h1 = take_hash(in), h2 = take_hash(in);
  std::vector<Hash> proof;
  while (in.size() >= kHashSize) proof.push_back(take_hash(in));
  if (!in.empty() && vigil::evidence::hash_from_bytes(in).ok()) std::abort();
  if (consistency) {
    (void)vigil::evidence::verify_consistency(a, b, h1, h2, proof);
  } else {
    (void)vigil::evidence::verify_inclusion(a, b, h1, proof, h2);
    (void)vigil::evidence::root_from_inclusion_proof(a, b, h1, proof);
  }
}

void differential(Bytes in) {
  const uint64_t size = 1 + take_u64(in) % 256;
  const uint64_t x = take_u64(in), y = take_u64(in), flip_at = take_u64(in);
  vigil::evidence::MerkleTree tree;
  for (uint64_t i = 0; i < size; ++i) {
    uint8_t record[16];
    std::memcpy(record, &i, 8);
    std::memcpy(record + 8, &x, 8);
    tree.append(vigil::evidence::leaf_hash(record));
  }
  // Inclusion of leaf x % n in a tree of n = 1 + y % size leaves.
  const uint64_t n = 1 + y % size, m = x % n;
  const Hash root = *tree.root_at(n), leaf = *tree.leaf(m);
  std::vector<Hash> proof = *tree.inclusion_proof(m, n);
  if (!vigil::evidence::verify_inclusion(m, n, leaf, proof, root).ok()) std::abort();
  if (!proof.empty()) {
    const uint64_t bit = flip_at % (proof.size() * kHashSize * 8);
    proof[bit / (kHashSize * 8)][bit / 8 % kHashSize] ^= uint8_t(1u << (bit % 8));
    if (vigil::evidence::verify_inclusion(m, n, leaf, proof, root).ok()) std::abort();
  }
  // Consistency from 1 + x % n to n.
  const uint64_t m1 = 1 + x % n;
  std::vector<Hash> cproof = *tree.consistency_proof(m1, n);
  const Hash root1 = *tree.root_at(m1);
  if (!vigil::evidence::verify_consistency(m1, n, root1, root, cproof).ok()) std::abort();
  if (!cproof.empty()) {
    const uint64_t bit = flip_at % (cproof.size() * kHashSize * 8);
    cproof[bit / (kHashSize * 8)][bit / 8 % kHashSize] ^= uint8_t(1u << (bit % 8));
    if (vigil::evidence::verify_consistency(m1, n, root1, root, cproof).ok()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const Bytes in(data + 1, size - 1);
  if (data[0] & 1) {
    differential(in);
  } else {
    raw(in, data[0] & 2);
  }
  return 0;
}

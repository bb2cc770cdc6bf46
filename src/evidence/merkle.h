// RFC 9162 (Certificate Transparency v2) Merkle tree hashing and proof
// verification, for the evidence log. Pure functions: no state, no I/O.
//
// Hashing, RFC 9162 §2.1.1 (the same as RFC 6962 §2.1):
//
//   MTH({})      = SHA-256()                        the empty tree
//   MTH({d(0)})  = SHA-256(0x00 || d(0))            a leaf
//   MTH(D[n])    = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))
//                  k = the largest power of two smaller than n
//
//                  MTH(D[0:7])
//              ┌────────┴─────────┐
//         MTH(D[0:4])        MTH(D[4:7])       left subtrees are complete
//        ┌─────┴─────┐        ┌────┴─────┐     (2^j leaves); only the right
//   MTH(D[0:2]) MTH(D[2:4]) MTH(D[4:6])  d6    edge can be partial
//     ┌─┴─┐       ┌─┴─┐       ┌─┴─┐
//     d0  d1      d2  d3      d4  d5           d = leaf hashes
//
// Verification follows the RFC's algorithms step by step: inclusion
// §2.1.3.2, consistency §2.1.4.2. Proofs are made by MerkleTree
// (merkle_tree.h). Inputs are untrusted: any index, size, proof length or
// hash value gives either OK or an Error saying what failed; nothing here
// can crash or loop on garbage. Proof elements and roots are Hash values;
// bytes from the wire become Hashes through hash_from_bytes (sha256.h),
// which rejects anything not 32 bytes long.
//
// Policy beyond the RFC text (as the transparency-dev/merkle Go verifier,
// whose test vectors we pass):
//  - a consistency proof needs 0 < size1 (the RFC's precondition): a proof
//    from the empty tree proves nothing and is refused, even 0 → 0;
//  - size1 == size2 needs an empty proof and root1 == root2.
#pragma once

#include <cstdint>
#include <span>

#include "core/byte_reader.h"
#include "core/result.h"
#include "evidence/sha256.h"

namespace vigil::evidence {

// §2.1.1: SHA-256(0x00 || data).
Hash leaf_hash(Bytes data);
// §2.1.1: SHA-256(0x01 || left || right).
Hash node_hash(const Hash& left, const Hash& right);
// §2.1.1: the root of the empty tree, SHA-256("").
const Hash& empty_root();

// How many hashes an inclusion proof for `leaf_index` in a tree of
// `tree_size` leaves has (§2.1.3.1): the levels below the point where the
// leaf's path and the last leaf's path meet, plus one per complete left
// subtree above it. At most 64. REQUIRES: leaf_index < tree_size.
size_t inclusion_proof_length(uint64_t leaf_index, uint64_t tree_size);

// How many hashes a consistency proof from `size1` to `size2` has
// (§2.1.4.1). REQUIRES: 0 < size1 < size2.
size_t consistency_proof_length(uint64_t size1, uint64_t size2);

// §2.1.3.2: the root that `proof` gives for `leaf_hash` at `leaf_index` in a
// tree of `tree_size` leaves. Errors: index out of range (kInvalidArgument),
// proof of the wrong length (kMalformed).
Result<Hash> root_from_inclusion_proof(uint64_t leaf_index, uint64_t tree_size,
                                       const Hash& leaf_hash, std::span<const Hash> proof);

// §2.1.3.2: OK if `proof` proves that `leaf_hash` is leaf `leaf_index` of the
// tree of `tree_size` leaves whose root is `root`. Errors as above, plus
// kMalformed "... computed root X, expected Y" when the roots differ.
Status verify_inclusion(uint64_t leaf_index, uint64_t tree_size, const Hash& leaf_hash,
                        std::span<const Hash> proof, const Hash& root);

// §2.1.4.2: OK if `proof` proves that the tree of `size2` leaves with root
// `root2` extends the tree of `size1` leaves with root `root1`. Errors:
// size1 > size2 or size1 == 0 (kInvalidArgument); a non-empty proof for
// equal sizes or a proof of the wrong length (kMalformed); a proof that
// does not reproduce root1, or root2 (kMalformed, naming which).
Status verify_consistency(uint64_t size1, uint64_t size2, const Hash& root1, const Hash& root2,
                          std::span<const Hash> proof);

}  // namespace vigil::evidence

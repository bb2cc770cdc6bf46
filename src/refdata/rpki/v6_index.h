// IPv6 lookup accelerator for VrpSet (internal).
//
// rib::PrefixTrie answers IPv6 longest-prefix matches by walking its binary
// trie (about 20 dependent loads for ~100k prefixes, the lower ones cache
// misses; ~4.5M lookups/s in bench/refdata/rov_bench.cc, a quarter of the
// IPv4 rate through the trie's stride index). So VrpSet keeps its IPv6
// prefixes here as well:
//   - prefixes of /32 and longer (nearly all IPv6 VRPs), grouped by their
//     first 32 bits: an open-addressing table maps those bits to a short
//     sorted run of entries. The entry at or before the route in (address,
//     length) order is the route's longest match, or a more specific prefix
//     whose covering chain (VrpSet's parent links) contains it: every prefix
//     covering a route sorts before it, and lies on the chain of any prefix
//     between the two.
//   - prefixes shorter than /32 cut the space of /32s into disjoint ranges,
//     each labelled with the longest short prefix covering it; a binary
//     search over the range starts answers routes in /32s with no longer
//     VRP prefix.
//
// Lifetime: built once from the final trie; immutable afterwards.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "core/ip.h"

namespace vigil::refdata::rpki::internal {

class V6Index {
 public:
  static constexpr uint32_t kNoNode = 0xffffffffu;

  // One IPv6 VRP prefix of length >= 32, with VrpSet's fast-path data.
  struct Entry {
    uint64_t hi = 0;  // address bits 0-63
    uint64_t lo = 0;  // address bits 64-127
    uint32_t node = kNoNode;
    uint32_t asn0 = 0;
    uint8_t len = 0;
    uint8_t max_length0 = 0;
    bool simple = false;
  };

  struct Bucket {
    uint32_t top = 0;    // the first 32 address bits
    uint32_t first = 0;  // into entries
    uint32_t count = 0;  // 0: empty table slot
    // Longest VRP prefix shorter than /32 covering this /32, or kNoNode.
    uint32_t short_node = kNoNode;
  };

  // `entries` sorted by (address, length). Call build_short() first: each
  // group's Bucket::short_node comes from short_node().
  void build(std::vector<Entry> entries) {
    entries_ = std::move(entries);
    size_t groups = 0;
    for (size_t i = 0; i < entries_.size(); ++i) {
      groups += i == 0 || top_of(entries_[i]) != top_of(entries_[i - 1]);
    }
    size_t cap = 16;
    int bits = 4;
    while (cap < 2 * groups) {
      cap *= 2;
      ++bits;
    }
    table_.assign(cap, Bucket{});
    mask_ = static_cast<uint32_t>(cap - 1);
    shift_ = 32 - bits;
    for (size_t i = 0; i < entries_.size();) {
      size_t j = i + 1;
      while (j < entries_.size() && top_of(entries_[j]) == top_of(entries_[i])) ++j;
      Bucket b{top_of(entries_[i]), static_cast<uint32_t>(i), static_cast<uint32_t>(j - i),
               short_node(top_of(entries_[i]))};
      uint32_t s = slot_of(b.top);
      while (table_[s].count != 0) s = (s + 1) & mask_;
      table_[s] = b;
      i = j;
    }
  }

  // Prefixes shorter than /32, as (first /32, last /32, node) in (address,
  // length) order: builds the table short_node() answers from.
  struct ShortPrefix {
    uint32_t first = 0;
    uint32_t last = 0;
    uint32_t node = kNoNode;
  };
  void build_short(const std::vector<ShortPrefix>& prefixes);

  // The longest prefix shorter than /32 that covers the /32 `top`, or
  // kNoNode: a binary search over the disjoint ranges the short prefixes cut
  // the /32 space into (a few KB to a few hundred KB, so mostly cached).
  uint32_t short_node(uint32_t top) const;

  // The bucket for the route's first 32 bits, or nullptr.
  const Bucket* find(uint64_t route_hi) const {
    if (table_.empty()) return nullptr;
    const auto top = static_cast<uint32_t>(route_hi >> 32);
    for (uint32_t s = slot_of(top);; s = (s + 1) & mask_) {
      const Bucket& b = table_[s];
      if (b.count == 0) return nullptr;
      if (b.top == top) return &b;
    }
  }

  // The last entry of `b` at or before (hi, lo, len) in (address, length)
  // order, or nullptr.
  const Entry* predecessor(const Bucket& b, uint64_t hi, uint64_t lo, int len) const;

  size_t memory_bytes() const {
    return entries_.capacity() * sizeof(Entry) + table_.capacity() * sizeof(Bucket) +
           (short_starts_.capacity() + short_nodes_.capacity()) * sizeof(uint32_t);
  }

  static uint32_t top_of(const Entry& e) { return static_cast<uint32_t>(e.hi >> 32); }
  // Leading address bits two addresses share (128 when equal).
  static int common_bits(uint64_t hi1, uint64_t lo1, uint64_t hi2, uint64_t lo2);
  // The address of `p` as two 64-bit halves.
  static void split(const IpAddr& a, uint64_t& hi, uint64_t& lo);

 private:
  // Fibonacci hashing: the top bits of top * 2^32/phi.
  uint32_t slot_of(uint32_t top) const { return (top * 0x9E3779B1u) >> shift_; }

  std::vector<Entry> entries_;
  std::vector<Bucket> table_;
  // Disjoint ranges of /32s: range i starts at short_starts_[i] and lies
  // under short_nodes_[i] (kNoNode: no short prefix covers it).
  std::vector<uint32_t> short_starts_;
  std::vector<uint32_t> short_nodes_;
  uint32_t mask_ = 0;
  int shift_ = 28;
};

}  // namespace vigil::refdata::rpki::internal

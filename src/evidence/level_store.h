// LevelStore: where a MerkleTree keeps its hashes, level by level.
//
//   level 0   d0  d1  d2  d3  d4  d5  d6     leaf hashes, one per leaf
//   level 1   [0:2)   [2:4)   [4:6)          MTH of each complete, aligned
//   level 2   [0:4)                          block of 2^k leaves
//
// With n leaves, level k holds exactly n >> k hashes, appended in order:
// an append-only, write-once array per level. That is all MerkleTree asks
// of its storage, so the levels can later live in on-disk segments (level
// 0 in the evidence log's own files, upper levels rebuilt or mapped) behind
// the same interface; MemoryLevelStore keeps them in vectors.
//
// Not thread-safe; MerkleTree is the only writer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "evidence/sha256.h"

namespace vigil::evidence {

class LevelStore {
 public:
  virtual ~LevelStore() = default;

  // Number of hashes at `level` (0 for a level never appended to).
  virtual uint64_t size(int level) const = 0;
  // REQUIRES: index < size(level).
  virtual Hash at(int level, uint64_t index) const = 0;
  // Appends `h` as the next hash of `level`.
  // REQUIRES: level < 64, and level == 0 or level - 1 already holds a hash
  // (MerkleTree appends a block's hash right after its last child).
  virtual void append(int level, const Hash& h) = 0;
  // A hint: room for `leaves` leaves without reallocation.
  virtual void reserve(uint64_t /*leaves*/) {}
  // Bytes held in memory (capacity, not just size).
  virtual size_t memory_bytes() const = 0;
};

// Every level in a std::vector<Hash>: 2n hashes (64 octets) per leaf, plus
// vector slack unless reserve() was called.
class MemoryLevelStore final : public LevelStore {
 public:
  uint64_t size(int level) const override {
    return level < static_cast<int>(levels_.size()) ? levels_[level].size() : 0;
  }
  Hash at(int level, uint64_t index) const override { return levels_[level][index]; }
  void append(int level, const Hash& h) override {
    if (level == static_cast<int>(levels_.size())) levels_.emplace_back();
    levels_[level].push_back(h);
  }
  void reserve(uint64_t leaves) override;
  size_t memory_bytes() const override;

 private:
  std::vector<std::vector<Hash>> levels_;
};

}  // namespace vigil::evidence

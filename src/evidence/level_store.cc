#include "evidence/level_store.h"

namespace vigil::evidence {

void MemoryLevelStore::reserve(uint64_t leaves) {
  for (int k = 0; k < 64 && (leaves >> k) > 0; ++k) {
    if (k == static_cast<int>(levels_.size())) levels_.emplace_back();
    levels_[k].reserve(leaves >> k);
  }
}

size_t MemoryLevelStore::memory_bytes() const {
  size_t bytes = sizeof(*this) + levels_.capacity() * sizeof(std::vector<Hash>);
  for (const auto& level : levels_) bytes += level.capacity() * sizeof(Hash);
  return bytes;
}

}  // namespace vigil::evidence

// The IPv4 16-8-8 longest-match index of PrefixTrie (design in prefix_trie.h).
#include "rib/prefix_trie.h"

#include <algorithm>
#include <cassert>
#include <functional>

namespace vigil::rib::internal {

namespace {

constexpr uint32_t kL1Size = 1u << 16;
constexpr uint32_t kChunkSize = 256;
// Pool positions (chunk * 256 + slot) must stay below kL1Pos.
constexpr uint32_t kMaxChunks = 0x80000000u / kChunkSize;
// Below this capacity (in chunks) the pool is not shrunk.
constexpr size_t kMinShrinkChunks = 16;

}  // namespace

// Painting state for insert(): the new prefix, and a one-entry cache of the
// last length looked up (runs of equal entries are the norm).
struct Ipv4StrideIndex::Paint {
  uint32_t id;
  int len;
  LenFn len_of;
  const void* ctx;
  uint32_t cached = kEmpty;
  bool cached_replace = true;

  // Whether an entry naming node `e` is less specific than the new prefix.
  bool replaces(uint32_t e) {
    if (e == kEmpty) return true;
    if (e != cached) {
      cached = e;
      cached_replace = len_of(ctx, e) < len;
    }
    return cached_replace;
  }
};

Ipv4StrideIndex& Ipv4StrideIndex::operator=(Ipv4StrideIndex&& o) noexcept {
  l1_ = std::move(o.l1_);
  pool_ = std::move(o.pool_);
  owner_ = std::move(o.owner_);
  dead_ = std::move(o.dead_);
  o.clear();
  return *this;
}

void Ipv4StrideIndex::clear() {
  std::vector<uint32_t>().swap(l1_);
  std::vector<uint32_t>().swap(pool_);
  std::vector<uint32_t>().swap(owner_);
  std::vector<uint32_t>().swap(dead_);
}

void Ipv4StrideIndex::shrink_to_fit() {
  pool_.shrink_to_fit();
  owner_.shrink_to_fit();
  std::vector<uint32_t>().swap(dead_);
}

size_t Ipv4StrideIndex::memory_bytes() const {
  return (l1_.capacity() + pool_.capacity() + owner_.capacity() + dead_.capacity()) *
         sizeof(uint32_t);
}

uint32_t Ipv4StrideIndex::ensure_chunk(uint32_t pos) {
  const uint32_t e = entry(pos);
  if (e & kChunk) return e & kIdMask;
  const auto chunk = static_cast<uint32_t>(owner_.size());
  assert(chunk < kMaxChunks);
  (void)kMaxChunks;
  if (pool_.size() == pool_.capacity()) {  // grow by 1.25x, not 2x: less slack
    const size_t chunks = std::max<size_t>(kMinShrinkChunks, owner_.size() + owner_.size() / 4);
    pool_.reserve(chunks * kChunkSize);
    owner_.reserve(chunks);
  }
  pool_.resize(pool_.size() + kChunkSize, e);  // the old value covers it all
  owner_.push_back(pos);
  entry(pos) = kChunk | chunk;
  return chunk;
}

void Ipv4StrideIndex::paint(uint32_t pos, Paint& p) {
  const uint32_t e = entry(pos);
  if (e & kChunk) {
    const uint32_t base = (e & kIdMask) * kChunkSize;
    for (uint32_t i = 0; i < kChunkSize; ++i) paint(base + i, p);
  } else if (p.replaces(e)) {
    entry(pos) = p.id;
  }
}

void Ipv4StrideIndex::insert(uint32_t key, int len, uint32_t id, LenFn len_of, const void* ctx) {
  assert(id < kEmpty);
  if (l1_.empty()) l1_.assign(kL1Size, kEmpty);
  Paint p{id, len, len_of, ctx};
  // A /16, /24 or /32 is exactly one entry, and the prefix an entry names
  // contains the entry's whole range, so it is shorter: no length lookups.
  auto paint_exact = [&](uint32_t pos) {
    if (entry(pos) & kChunk) {
      paint(pos, p);
    } else {
      entry(pos) = id;
    }
  };
  if (len <= 16) {
    const uint32_t first = key >> 16;
    if (len == 16) return paint_exact(kL1Pos | first);
    for (uint32_t i = 0; i < (1u << (16 - len)); ++i) paint(kL1Pos | (first + i), p);
    return;
  }
  const uint32_t c2 = ensure_chunk(kL1Pos | (key >> 16));
  if (len <= 24) {
    const uint32_t first = c2 * kChunkSize + ((key >> 8) & 0xff);
    if (len == 24) return paint_exact(first);
    for (uint32_t i = 0; i < (1u << (24 - len)); ++i) paint(first + i, p);
    return;
  }
  const uint32_t c3 = ensure_chunk(c2 * kChunkSize + ((key >> 8) & 0xff));
  const uint32_t first = c3 * kChunkSize + (key & 0xff);
  if (len == 32) return paint_exact(first);
  for (uint32_t i = 0; i < (1u << (32 - len)); ++i) paint(first + i, p);
}

void Ipv4StrideIndex::unpaint(uint32_t pos, uint32_t id, uint32_t ancestor) {
  const uint32_t e = entry(pos);
  if (e & kChunk) {
    const uint32_t chunk = e & kIdMask;
    for (uint32_t i = 0; i < kChunkSize; ++i) unpaint(size_t{chunk} * kChunkSize + i, id, ancestor);
    collapse_if_uniform(chunk);
  } else if (e == id) {
    entry(pos) = ancestor;
  }
}

void Ipv4StrideIndex::collapse_if_uniform(uint32_t chunk) {
  const uint32_t* c = &pool_[size_t{chunk} * kChunkSize];
  const uint32_t v = c[0];
  if (v & kChunk) return;
  for (uint32_t i = 1; i < kChunkSize; ++i) {
    if (c[i] != v) return;
  }
  entry(owner_[chunk]) = v;  // the chunk is now unreferenced
  dead_.push_back(chunk);
}

// Frees unreferenced chunks by moving the last chunk into each hole. Highest
// first, so that the chunk moved is never one still waiting to be freed.
void Ipv4StrideIndex::free_dead_chunks() {
  std::sort(dead_.begin(), dead_.end(), std::greater<>());
  for (const uint32_t chunk : dead_) {
    const auto last = static_cast<uint32_t>(owner_.size() - 1);
    if (chunk != last) {
      std::copy_n(&pool_[size_t{last} * kChunkSize], kChunkSize,
                  &pool_[size_t{chunk} * kChunkSize]);
      owner_[chunk] = owner_[last];
      entry(owner_[chunk]) = kChunk | chunk;
      for (uint32_t i = 0; i < kChunkSize; ++i) {  // a moved /16 chunk's /24 chunks
        const uint32_t e = pool_[size_t{chunk} * kChunkSize + i];
        if (e & kChunk) owner_[e & kIdMask] = chunk * kChunkSize + i;
      }
    }
    pool_.resize(static_cast<size_t>(last) * kChunkSize);
    owner_.pop_back();
  }
  dead_.clear();
  if (pool_.capacity() > 4 * pool_.size() && pool_.capacity() > kMinShrinkChunks * kChunkSize) {
    pool_.shrink_to_fit();
    owner_.shrink_to_fit();
  }
}

void Ipv4StrideIndex::erase(uint32_t key, int len, uint32_t id, uint32_t ancestor) {
  if (l1_.empty()) return;
  const uint32_t repl = ancestor == kNil ? kEmpty : ancestor;
  if (len <= 16) {
    const uint32_t first = key >> 16;
    for (uint32_t i = 0; i < (1u << (16 - len)); ++i) unpaint(kL1Pos | (first + i), id, repl);
  } else if (const uint32_t e1 = l1_[key >> 16]; !(e1 & kChunk)) {
    unpaint(kL1Pos | (key >> 16), id, repl);  // not reached while consistent
  } else {
    const uint32_t c2 = e1 & kIdMask;
    if (len <= 24) {
      const uint32_t first = c2 * kChunkSize + ((key >> 8) & 0xff);
      for (uint32_t i = 0; i < (1u << (24 - len)); ++i) unpaint(first + i, id, repl);
    } else {
      const uint32_t pos2 = c2 * kChunkSize + ((key >> 8) & 0xff);
      if (const uint32_t e2 = pool_[pos2]; !(e2 & kChunk)) {
        unpaint(pos2, id, repl);  // not reached while consistent
      } else {
        const uint32_t c3 = e2 & kIdMask;
        const uint32_t first = c3 * kChunkSize + (key & 0xff);
        for (uint32_t i = 0; i < (1u << (32 - len)); ++i) unpaint(first + i, id, repl);
        collapse_if_uniform(c3);
      }
    }
    collapse_if_uniform(c2);
  }
  free_dead_chunks();
}

void Ipv4StrideIndex::remap(const std::vector<uint32_t>& new_id) {
  auto fix = [&](uint32_t& e) {
    if (!(e & kChunk) && e != kEmpty) e = new_id[e];
  };
  for (uint32_t& e : l1_) fix(e);
  for (uint32_t& e : pool_) fix(e);
}

bool Ipv4StrideIndex::check(ValuedFn valued, const void* ctx) const {
  if (l1_.empty()) return pool_.empty() && owner_.empty();
  if (l1_.size() != kL1Size || pool_.size() != owner_.size() * kChunkSize) return false;
  std::vector<uint8_t> refs(owner_.size(), 0);
  // Entries of l1_ are level 1, of a chunk named from l1_ level 2, of a chunk
  // named from a level-2 chunk level 3 (which must not name chunks).
  auto check_entry = [&](uint32_t pos, int entry_level) {
    const uint32_t e = entry(pos);
    if (!(e & kChunk)) return e == kEmpty || valued(ctx, e);
    const uint32_t chunk = e & kIdMask;
    if (entry_level == 3 || chunk >= owner_.size() || owner_[chunk] != pos) return false;
    ++refs[chunk];
    return true;
  };
  for (uint32_t i = 0; i < kL1Size; ++i) {
    if (!check_entry(kL1Pos | i, 1)) return false;
  }
  for (uint32_t chunk = 0; chunk < owner_.size(); ++chunk) {
    const uint32_t owner = owner_[chunk];
    if (!(owner & kL1Pos) &&
        (owner / kChunkSize >= owner_.size() || !(owner_[owner / kChunkSize] & kL1Pos))) {
      return false;
    }
  }
  for (uint32_t chunk = 0; chunk < owner_.size(); ++chunk) {
    const int lvl = (owner_[chunk] & kL1Pos) ? 2 : 3;
    bool uniform = true;
    for (uint32_t i = 0; i < kChunkSize; ++i) {
      if (!check_entry(size_t{chunk} * kChunkSize + i, lvl)) return false;
      uniform =
          uniform && pool_[size_t{chunk} * kChunkSize + i] == pool_[size_t{chunk} * kChunkSize];
    }
    if (uniform && !(pool_[size_t{chunk} * kChunkSize] & kChunk))
      return false;  // should have collapsed
  }
  return std::all_of(refs.begin(), refs.end(), [](uint8_t r) { return r == 1; });
}

}  // namespace vigil::rib::internal

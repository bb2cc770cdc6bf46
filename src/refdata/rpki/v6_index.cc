#include "refdata/rpki/v6_index.h"

#include <bit>

namespace vigil::refdata::rpki::internal {

namespace {

// (hi, lo, len) order, as Prefix's operator< within IPv6.
bool before_or_at(const V6Index::Entry& e, uint64_t hi, uint64_t lo, int len) {
  if (e.hi != hi) return e.hi < hi;
  if (e.lo != lo) return e.lo < lo;
  return e.len <= len;
}

}  // namespace

const V6Index::Entry* V6Index::predecessor(const Bucket& b, uint64_t hi, uint64_t lo,
                                           int len) const {
  const Entry* first = entries_.data() + b.first;
  size_t n = b.count;
  // Binary search for the first entry after the key.
  while (n > 0) {
    const size_t half = n / 2;
    if (before_or_at(first[half], hi, lo, len)) {
      first += half + 1;
      n -= half + 1;
    } else {
      n = half;
    }
  }
  return first == entries_.data() + b.first ? nullptr : first - 1;
}

void V6Index::build_short(const std::vector<ShortPrefix>& prefixes) {
  short_starts_.clear();
  short_nodes_.clear();
  // Sweep in (start, length) order with a stack of the open prefixes.
  // Positions are 64-bit: the end of the space is 2^32.
  struct Open {
    uint64_t end;  // one past the last /32
    uint32_t node;
  };
  std::vector<Open> open;
  uint64_t pos = 0;
  auto emit = [&](uint64_t start, uint32_t node) {
    if (start >> 32 != 0) return;  // an empty range at the end of the space
    if (!short_nodes_.empty() && short_nodes_.back() == node) return;
    if (!short_starts_.empty() && short_starts_.back() == start) {
      short_nodes_.back() = node;  // an empty range: replace it
      return;
    }
    short_starts_.push_back(static_cast<uint32_t>(start));
    short_nodes_.push_back(node);
  };
  auto close_until = [&](uint64_t limit) {
    while (!open.empty() && open.back().end <= limit) {
      emit(pos, open.back().node);
      pos = open.back().end;
      open.pop_back();
    }
  };
  for (const ShortPrefix& p : prefixes) {
    close_until(p.first);
    if (pos < p.first) emit(pos, open.empty() ? kNoNode : open.back().node);
    pos = p.first;
    open.push_back(Open{uint64_t{p.last} + 1, p.node});
  }
  close_until(uint64_t{1} << 32);
  if (pos < (uint64_t{1} << 32)) emit(pos, kNoNode);
}

uint32_t V6Index::short_node(uint32_t top) const {
  // The last range starting at or before `top`.
  size_t lo = 0, n = short_starts_.size();
  while (n > 0) {
    const size_t half = n / 2;
    if (short_starts_[lo + half] <= top) {
      lo += half + 1;
      n -= half + 1;
    } else {
      n = half;
    }
  }
  return lo == 0 ? kNoNode : short_nodes_[lo - 1];
}

int V6Index::common_bits(uint64_t hi1, uint64_t lo1, uint64_t hi2, uint64_t lo2) {
  if (hi1 != hi2) return std::countl_zero(hi1 ^ hi2);
  return 64 + std::countl_zero(lo1 ^ lo2);
}

void V6Index::split(const IpAddr& a, uint64_t& hi, uint64_t& lo) {
  hi = lo = 0;
  for (int i = 0; i < 8; ++i) {
    hi = (hi << 8) | a.bytes[i];
    lo = (lo << 8) | a.bytes[8 + i];
  }
}

}  // namespace vigil::refdata::rpki::internal

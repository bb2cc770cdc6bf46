#include "detect/path_numbers.h"

#include <algorithm>

namespace vigil::detect {

namespace {
uint32_t shape(const rib::PathData& p) {
  return static_cast<uint32_t>(p.segment_count() << 24) |
         static_cast<uint32_t>(p.heap_bytes() / sizeof(uint32_t) - p.segment_count());
}
}  // namespace

PathNumbers::Number PathNumbers::number_new_content(const rib::AttrStore& store, rib::PathId pid) {
  if (count_ >= kMaxPaths) reset(store);
  const rib::PathData& path = store.path(pid);
  bool added = false;
  const uint32_t n = lookup_or_add(path, added);
  if (n >= info_.size()) info_.resize(std::max<size_t>(n + 1, info_.size() * 2));
  Info& info = info_[n];
  if (added) info.flags = 0;
  info.pid = pid;
  store.set_path_note(pid, note_of(n, info.flags));
  return {n, added, path.has_origin, path.origin, info.flags};
}

rib::PathId PathNumbers::holder(const rib::AttrStore& store, uint32_t number) const {
  const rib::PathId pid = info_[number].pid;
  if (pid == 0 || static_cast<uint32_t>(store.path_note(pid)) != number) return 0;
  return pid;
}

void PathNumbers::set_flags(const rib::AttrStore& store, uint32_t number, uint32_t bits) {
  Info& info = info_[number];
  info.flags |= bits;
  if (const rib::PathId pid = holder(store, number)) {
    store.set_path_note(pid, note_of(number, info.flags));
  }
}

void PathNumbers::clear_flags(const rib::AttrStore& store, uint32_t bits) {
  for (uint32_t n = 1; n < info_.size() && n <= count_; ++n) {
    Info& info = info_[n];
    if ((info.flags & bits) == 0) continue;
    info.flags &= ~bits;
    if (const rib::PathId pid = holder(store, n)) store.set_path_note(pid, note_of(n, info.flags));
  }
}

uint32_t PathNumbers::lookup_or_add(const rib::PathData& p, bool& added) {
  const uint64_t h = p.hash();
  const uint32_t sz = shape(p);
  if (table_.empty()) table_.resize(1024);
  const size_t mask = table_.size() - 1;
  size_t i = h & mask;
  for (; table_[i].number != 0; i = (i + 1) & mask) {
    if (table_[i].hash == h && table_[i].size == sz) return table_[i].number;
  }
  const auto number = static_cast<uint32_t>(++count_);
  table_[i] = {h, sz, number};
  added = true;
  if (count_ * 2 > table_.size()) grow();
  return number;
}

void PathNumbers::grow() {
  std::vector<Entry> bigger(table_.size() * 2);
  const size_t mask = bigger.size() - 1;
  for (const Entry& e : table_) {
    if (e.number == 0) continue;
    size_t j = e.hash & mask;
    while (bigger[j].number != 0) j = (j + 1) & mask;
    bigger[j] = e;
  }
  table_.swap(bigger);
}

void PathNumbers::reset(const rib::AttrStore& store) {
  // Notes still set would name numbers of the old epoch.
  store.clear_path_notes();
  table_.clear();
  info_.clear();
  count_ = 0;
  ++epoch_;
}

}  // namespace vigil::detect

#include "detect/path_numbers.h"

#include <algorithm>

namespace vigil::detect {

namespace {
uint32_t shape(const rib::PathData& p) {
  return static_cast<uint32_t>(p.segment_count() << 24) |
         static_cast<uint32_t>(p.heap_bytes() / sizeof(uint32_t) - p.segment_count());
}
}  // namespace

PathNumbers::Number PathNumbers::of_new(const rib::AttrStore& store, rib::AttrsId attrs) {
  const rib::PathId pid = store.attrs(attrs).path;
  if (pid == 0) return {};
  if (pid >= by_pid_.size()) by_pid_.resize(pid + pid / 2 + 16);
  // The store gives a path id a new serial with each new content: while
  // it keeps the one this id was numbered under, the content is the same
  // (a path that came back gets its old id and serial: no lookup).
  const uint32_t serial = store.path_serial(pid);
  PidSlot& slot = by_pid_[pid];
  if (slot.number != 0 && slot.serial == serial) return make(slot.number, false);
  if (count_ >= kMaxPaths) reset();
  bool added = false;
  const rib::PathData& path = store.path(pid);
  const uint32_t n = lookup_or_add(path, added);
  slot = {n, serial};
  if (added) {
    if (n >= info_.size()) info_.resize(std::max<size_t>(n + 1, info_.size() * 2));
    info_[n] = {path.has_origin ? path.origin : kNoOrigin, 0};
  }
  return make(n, added);
}

PathNumbers::Number PathNumbers::of_live(const rib::AttrStore& store, rib::AttrsId attrs) {
  const rib::PathId pid = store.attrs(attrs).path;
  if (pid == 0) return {};
  if (pid < by_pid_.size() && by_pid_[pid].number != 0) return make(by_pid_[pid].number, false);
  return of_new(store, attrs);  // not numbered yet (after a reset)
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

void PathNumbers::reset() {
  // Path ids still mapped would name numbers of the old epoch.
  std::fill(by_pid_.begin(), by_pid_.end(), PidSlot{});
  table_.clear();
  info_.clear();
  count_ = 0;
  ++epoch_;
}

}  // namespace vigil::detect

#include "refdata/rpki/aspa_verify.h"

#include <array>
#include <vector>

namespace vigil::refdata::rpki {

namespace {

// Collapsed path storage: inline for the common case, heap beyond.
class HopBuffer {
 public:
  void push(uint32_t as) {
    if (size_ > 0 && back() == as) return;  // prepend
    if (size_ < inline_.size()) {
      inline_[size_++] = as;
      return;
    }
    if (heap_.empty()) heap_.assign(inline_.begin(), inline_.end());
    heap_.push_back(as);
    ++size_;
  }
  std::span<const uint32_t> view() const {
    return heap_.empty() ? std::span<const uint32_t>(inline_.data(), size_)
                         : std::span<const uint32_t>(heap_);
  }
  size_t size() const { return size_; }

 private:
  uint32_t back() const { return heap_.empty() ? inline_[size_ - 1] : heap_.back(); }

  std::array<uint32_t, 64> inline_{};
  std::vector<uint32_t> heap_;
  size_t size_ = 0;
};

AspaVerdict decide(const AspaSet& aspas, std::span<const uint32_t> hops, AspaDirection direction,
                   std::optional<uint32_t> neighbor_as) {
  AspaVerdict v;
  if (hops.empty()) return v;  // Invalid, kEmptyPath (step 1)
  if (neighbor_as && hops.front() != *neighbor_as) {
    v.reason = AspaReason::kNeighborMismatch;  // step 2
    return v;
  }
  v.ramps = aspa_ramps(aspas, hops);
  const AspaRamps& r = v.ramps;
  if (direction == AspaDirection::kUpstream) {
    // §6.2 steps 5-7.
    if (r.max_up < r.n) {
      v.state = AspaState::kInvalid;
      v.reason = AspaReason::kNotProviderPlus;
    } else {
      v.state = r.min_up < r.n ? AspaState::kUnknown : AspaState::kValid;
      v.reason = AspaReason::kNone;
    }
    return v;
  }
  // §6.3 steps 5-7.
  if (r.max_up + r.max_down < r.n) {
    v.state = AspaState::kInvalid;
    v.reason = AspaReason::kValley;
  } else {
    v.state = r.min_up + r.min_down < r.n ? AspaState::kUnknown : AspaState::kValid;
    v.reason = AspaReason::kNone;
  }
  return v;
}

}  // namespace

const char* aspa_state_name(AspaState s) {
  switch (s) {
    case AspaState::kValid:
      return "valid";
    case AspaState::kInvalid:
      return "invalid";
    case AspaState::kUnknown:
      return "unknown";
  }
  return "?";
}

const char* aspa_reason_name(AspaReason r) {
  switch (r) {
    case AspaReason::kNone:
      return "none";
    case AspaReason::kEmptyPath:
      return "empty-path";
    case AspaReason::kAsSet:
      return "as-set";
    case AspaReason::kNeighborMismatch:
      return "neighbor-mismatch";
    case AspaReason::kNotProviderPlus:
      return "not-provider-plus";
    case AspaReason::kValley:
      return "valley";
  }
  return "?";
}

AspaRamps aspa_ramps(const AspaSet& aspas, std::span<const uint32_t> path) {
  // path[k] is AS(N - k): AS(i) = path[N - i].
  const auto n = static_cast<uint32_t>(path.size());
  AspaRamps r;
  r.n = r.max_up = r.min_up = r.max_down = r.min_down = n;
  if (n == 0) return r;
  auto as = [&](uint32_t i) { return path[n - i]; };  // 1-based
  // Up ramp: from the origin towards the neighbour, hop(AS(I), AS(I+1)).
  bool min_found = false;
  for (uint32_t i = 1; i < n; ++i) {
    const AspaHop h = aspas.hop(as(i), as(i + 1));
    if (!min_found && h != AspaHop::kProviderPlus) {
      r.min_up = i;
      min_found = true;
    }
    if (h == AspaHop::kNotProviderPlus) {
      r.max_up = i;
      break;
    }
  }
  // Down ramp: from the neighbour towards the origin, hop(AS(J), AS(J-1)).
  min_found = false;
  for (uint32_t j = n; j >= 2; --j) {
    const AspaHop h = aspas.hop(as(j), as(j - 1));
    if (!min_found && h != AspaHop::kProviderPlus) {
      r.min_down = n - j + 1;
      min_found = true;
    }
    if (h == AspaHop::kNotProviderPlus) {
      r.max_down = n - j + 1;
      break;
    }
  }
  return r;
}

AspaVerdict verify_aspa(const AspaSet& aspas, std::span<const uint32_t> as_sequence,
                        AspaDirection direction, std::optional<uint32_t> neighbor_as) {
  HopBuffer hops;
  for (const uint32_t as : as_sequence) hops.push(as);
  return decide(aspas, hops.view(), direction, neighbor_as);
}

AspaVerdict verify_aspa(const AspaSet& aspas, const bgp::AsPath& path, AspaDirection direction,
                        std::optional<uint32_t> neighbor_as) {
  HopBuffer hops;
  for (const bgp::AsPathSegment& seg : path.segments) {
    switch (seg.type) {
      case bgp::SegmentType::kSet: {
        AspaVerdict v;
        v.reason = AspaReason::kAsSet;  // step 3
        return v;
      }
      case bgp::SegmentType::kConfedSequence:
      case bgp::SegmentType::kConfedSet:
        continue;
      case bgp::SegmentType::kSequence:
        for (uint32_t i = 0; i < seg.count; ++i) hops.push(path.asns[seg.first + i]);
        break;
    }
  }
  return decide(aspas, hops.view(), direction, neighbor_as);
}

}  // namespace vigil::refdata::rpki

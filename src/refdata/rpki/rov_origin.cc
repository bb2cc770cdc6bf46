#include "refdata/rpki/rov_origin.h"

namespace vigil::refdata::rpki {

std::optional<uint32_t> rov_origin(const bgp::AsPath& path, uint32_t speaker_as) {
  if (path.segments.empty()) return speaker_as;
  const bgp::AsPathSegment& last = path.segments.back();
  switch (last.type) {
    case bgp::SegmentType::kSequence:
      if (last.count == 0) return speaker_as;
      return path.asns[last.first + last.count - 1];
    case bgp::SegmentType::kSet:
      return std::nullopt;
    case bgp::SegmentType::kConfedSequence:
    case bgp::SegmentType::kConfedSet:
      return speaker_as;
  }
  return std::nullopt;
}

}  // namespace vigil::refdata::rpki

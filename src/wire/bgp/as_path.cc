#include "wire/bgp/as_path.h"

#include "core/text.h"

namespace vigil::bgp {

void AsPath::append_segment(SegmentType type, const uint32_t* asns_begin, uint32_t n) {
  segments.push_back({type, static_cast<uint32_t>(asns.size()), n});
  asns.insert(asns.end(), asns_begin, asns_begin + n);
}

uint32_t AsPath::path_length() const {
  uint32_t n = 0;
  for (const auto& s : segments) {
    if (s.type == SegmentType::kSequence) n += s.count;
    if (s.type == SegmentType::kSet) n += 1;
  }
  return n;
}

bool AsPath::origin(uint32_t& out) const {
  if (segments.empty()) return false;
  const auto& last = segments.back();
  if (last.type != SegmentType::kSequence || last.count == 0) return false;
  out = asns[last.first + last.count - 1];
  return true;
}

Status decode_as_path(Bytes value, bool as4, AsPath& out) {
  out.clear();
  ByteReader r(value);
  const size_t width = as4 ? 4 : 2;
  while (!r.empty()) {
    uint8_t type, count;
    if (!r.u8(type) || !r.u8(count)) {
      return make_error(ErrorCode::kMalformed, "AS path segment header truncated");
    }
    if (type < 1 || type > 4) {
      return make_error(ErrorCode::kMalformed,
                        "AS path segment type " + std::to_string(type) + " unknown");
    }
    if (count == 0) {
      return make_error(ErrorCode::kMalformed, "AS path segment of zero length");
    }
    Bytes body;
    if (!r.bytes(width * count, body)) {
      return make_error(ErrorCode::kMalformed, "AS path segment overruns attribute");
    }
    out.segments.push_back(
        {static_cast<SegmentType>(type), static_cast<uint32_t>(out.asns.size()), count});
    const uint8_t* p = body.data();
    for (unsigned i = 0; i < count; ++i, p += width) {
      out.asns.push_back(as4 ? ByteReader::load_u32(p) : ByteReader::load_u16(p));
    }
  }
  return Status::Ok();
}

namespace {
bool parses_as(Bytes value, size_t width) {
  ByteReader r(value);
  while (!r.empty()) {
    uint8_t type, count;
    if (!r.u8(type) || !r.u8(count) || type < 1 || type > 4 || count == 0) return false;
    if (!r.skip(width * count)) return false;
  }
  return true;
}
}  // namespace

bool as_path_looks_4byte(Bytes value) { return parses_as(value, 4) && !parses_as(value, 2); }

void merge_as4_path(const AsPath& as_path, const AsPath& as4_path, AsPath& out) {
  out.clear();
  const uint32_t n2 = as_path.path_length();
  const uint32_t n4 = as4_path.path_length();
  if (n2 < n4) {
    out = as_path;
    return;
  }
  // Take leading ASes from AS_PATH until (n2 - n4) path-length units are
  // copied, then append all of AS4_PATH.
  uint32_t need = n2 - n4;
  for (const auto& seg : as_path.segments) {
    if (need == 0) break;
    const uint32_t* base = as_path.asns.data() + seg.first;
    if (seg.type == SegmentType::kSequence) {
      const uint32_t take = seg.count < need ? seg.count : need;
      out.append_segment(seg.type, base, take);
      need -= take;
    } else if (seg.type == SegmentType::kSet) {
      out.append_segment(seg.type, base, seg.count);
      need -= 1;
    } else {
      out.append_segment(seg.type, base, seg.count);
    }
  }
  for (const auto& seg : as4_path.segments) {
    out.append_segment(seg.type, as4_path.asns.data() + seg.first, seg.count);
  }
}

void append_as_path(std::string& out, const AsPath& path) {
  bool first_seg = true;
  for (const auto& seg : path.segments) {
    if (!first_seg) out.push_back(' ');
    first_seg = false;
    const uint32_t* a = path.asns.data() + seg.first;
    char open = 0, close = 0, sep = ' ';
    switch (seg.type) {
      case SegmentType::kSequence:
        break;
      case SegmentType::kSet:
        open = '{';
        close = '}';
        sep = ',';
        break;
      case SegmentType::kConfedSequence:
        open = '(';
        close = ')';
        break;
      case SegmentType::kConfedSet:
        open = '[';
        close = ']';
        sep = ',';
        break;
    }
    if (open) out.push_back(open);
    for (uint32_t i = 0; i < seg.count; ++i) {
      if (i) out.push_back(sep);
      append_u32(out, a[i]);
    }
    if (close) out.push_back(close);
  }
}

}  // namespace vigil::bgp

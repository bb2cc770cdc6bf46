#include "evidence/evidence_record.h"

#include <cstring>
#include <string>

namespace vigil::evidence {
namespace {

bool known_kind(RecordKind kind) {
  return kind == RecordKind::kMrtRecord || kind == RecordKind::kBgpMessage ||
         kind == RecordKind::kBmpMessage;
}

uint8_t* put_u16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
  return p + 2;
}
uint8_t* put_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (24 - 8 * i));
  return p + 4;
}
uint8_t* put_u64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (56 - 8 * i));
  return p + 8;
}

Error invalid(std::string message) {
  return make_error(ErrorCode::kInvalidArgument, "evidence record: " + std::move(message));
}
Error truncated(const char* field, size_t offset) {
  return make_error(ErrorCode::kTruncated,
                    std::string("evidence record: data end inside the ") + field, offset);
}
Error malformed(std::string message, size_t offset) {
  return make_error(ErrorCode::kMalformed, "evidence record: " + std::move(message), offset);
}

}  // namespace

const char* record_kind_name(RecordKind kind) {
  switch (kind) {
    case RecordKind::kMrtRecord:
      return "mrt";
    case RecordKind::kBgpMessage:
      return "bgp";
    case RecordKind::kBmpMessage:
      return "bmp";
  }
  return "unknown";
}

EvidenceRecord EvidenceRecord::from(const RecordView& v) {
  return {std::string(v.source), v.receive_time_us, v.kind,
          std::vector<uint8_t>(v.raw.begin(), v.raw.end())};
}

Status validate_record(const RecordView& record) {
  if (!known_kind(record.kind)) {
    return invalid("unknown kind " + std::to_string(static_cast<int>(record.kind)));
  }
  if (record.source.empty() || record.source.size() > kMaxSourceBytes) {
    return invalid("source name is " + std::to_string(record.source.size()) +
                   " octets, must be 1.." + std::to_string(kMaxSourceBytes));
  }
  if (record.raw.empty() || record.raw.size() > kMaxRawBytes) {
    return invalid("raw record is " + std::to_string(record.raw.size()) + " octets, must be 1.." +
                   std::to_string(kMaxRawBytes));
  }
  return Status::Ok();
}

void encode_record_to(const RecordView& record, std::vector<uint8_t>& out) {
  // One resize (geometric growth when `out` is a long-lived buffer), then
  // fill in place.
  const size_t at = out.size();
  out.resize(at + encoded_record_size(record));
  uint8_t* p = out.data() + at;
  *p++ = kRecordVersion;
  *p++ = static_cast<uint8_t>(record.kind);
  p = put_u64(p, record.receive_time_us);
  p = put_u16(p, static_cast<uint16_t>(record.source.size()));
  if (!record.source.empty()) std::memcpy(p, record.source.data(), record.source.size());
  p += record.source.size();
  p = put_u32(p, static_cast<uint32_t>(record.raw.size()));
  if (!record.raw.empty()) std::memcpy(p, record.raw.data(), record.raw.size());
}

Result<std::vector<uint8_t>> encode_record(const RecordView& record) {
  VIGIL_RETURN_IF_ERROR(validate_record(record));
  std::vector<uint8_t> out;
  encode_record_to(record, out);
  return out;
}

Result<RecordView> decode_record(Bytes data) {
  ByteReader r(data);
  RecordView v;
  uint8_t version = 0;
  uint8_t kind = 0;
  if (!r.u8(version)) return truncated("version", r.position());
  if (version != kRecordVersion) {
    return make_error(ErrorCode::kUnsupported,
                      "evidence record: version " + std::to_string(version) +
                          ", this build reads " + std::to_string(kRecordVersion),
                      0);
  }
  if (!r.u8(kind)) return truncated("kind", r.position());
  v.kind = static_cast<RecordKind>(kind);
  if (!known_kind(v.kind)) return malformed("unknown kind " + std::to_string(kind), 1);
  if (!r.u64(v.receive_time_us)) return truncated("receive time", r.position());
  uint16_t source_len = 0;
  const size_t source_len_at = r.position();
  if (!r.u16(source_len)) return truncated("source length", source_len_at);
  if (source_len == 0 || source_len > kMaxSourceBytes) {
    return malformed("source length " + std::to_string(source_len) + ", must be 1.." +
                         std::to_string(kMaxSourceBytes),
                     source_len_at);
  }
  Bytes source;
  if (!r.bytes(source_len, source)) return truncated("source name", r.position());
  v.source = std::string_view(reinterpret_cast<const char*>(source.data()), source.size());
  uint32_t raw_len = 0;
  const size_t raw_len_at = r.position();
  if (!r.u32(raw_len)) return truncated("raw length", raw_len_at);
  if (raw_len == 0 || raw_len > kMaxRawBytes) {
    return malformed(
        "raw length " + std::to_string(raw_len) + ", must be 1.." + std::to_string(kMaxRawBytes),
        raw_len_at);
  }
  if (!r.bytes(raw_len, v.raw)) return truncated("raw record", r.position());
  if (!r.empty()) {
    return malformed(std::to_string(r.remaining()) + " octets after the raw record", r.position());
  }
  return v;
}

}  // namespace vigil::evidence

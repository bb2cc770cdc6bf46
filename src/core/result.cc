#include "core/result.h"

namespace vigil {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kTruncated:
      return "truncated";
    case ErrorCode::kMalformed:
      return "malformed";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kIo:
      return "i/o error";
    case ErrorCode::kInvalidArgument:
      return "invalid argument";
    case ErrorCode::kCorruptCompressed:
      return "corrupt compressed data";
  }
  return "error";
}

std::string Error::to_string() const {
  std::string s = error_code_name(code);
  if (offset != kNoOffset) {
    s += " at offset ";
    s += std::to_string(offset);
  }
  if (!message.empty()) {
    s += ": ";
    s += message;
  }
  return s;
}

}  // namespace vigil

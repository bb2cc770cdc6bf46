// Text forms of binary values for the evidence log: lower-case hex (what
// logs and docs print) and standard base64 with padding (RFC 4648 §4, what
// transparency logs' JSON and checkpoints carry).
// Decoders are strict: wrong characters, odd hex length, bad padding and
// non-zero padding bits are errors (kMalformed) with the offending offset.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_reader.h"
#include "core/result.h"

namespace vigil::evidence {

std::string hex_encode(Bytes data);
Result<std::vector<uint8_t>> hex_decode(std::string_view text);

std::string base64_encode(Bytes data);
Result<std::vector<uint8_t>> base64_decode(std::string_view text);

}  // namespace vigil::evidence

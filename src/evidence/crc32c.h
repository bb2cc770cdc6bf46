// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78; RFC 3720 §B.4), the
// check on every frame and header of the evidence log's segment files
// (segment.h). It catches torn writes and media damage — every single-bit
// and every burst error up to 32 bits is detected — but it is not a
// cryptographic check: tampering is caught by the leaf hashes and the
// signed tree head.
//
//   uint32_t c = crc32c(bytes);                 // one shot
//   c = crc32c_extend(crc32c(a), b);            // == crc32c(a || b)
//
// Uses the SSE 4.2 crc32 instruction when the CPU has it (checked once at
// run time), else a slicing-by-8 table. Pure functions, thread-safe.
#pragma once

#include <cstdint>

#include "core/byte_reader.h"

namespace vigil::evidence {

// CRC-32C of `data` (initial value and final XOR 0xFFFFFFFF, as RFC 3720).
uint32_t crc32c(Bytes data);
// CRC-32C of (the message whose CRC-32C is `crc`) || data.
uint32_t crc32c_extend(uint32_t crc, Bytes data);

namespace detail {
// The table implementation alone (what crc32c uses without SSE 4.2), for
// tests that check both paths agree.
uint32_t crc32c_portable(Bytes data);
}  // namespace detail

}  // namespace vigil::evidence

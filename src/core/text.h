// Fast text helpers for output paths that print millions of lines.
#pragma once

#include <cstdint>
#include <string>

namespace vigil {

// Appends the decimal form of v.
void append_u64(std::string& out, uint64_t v);
inline void append_u32(std::string& out, uint32_t v) { append_u64(out, v); }
// Appends v as exactly `width` digits, zero padded (width <= 20).
void append_u64_padded(std::string& out, uint64_t v, int width);

}  // namespace vigil

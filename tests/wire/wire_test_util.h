// Helpers for writing wire bytes in tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_reader.h"

namespace vigil::test {

// "40 01 01 00" -> {0x40, 0x01, 0x01, 0x00}. Whitespace and '|' are ignored
// so fields can be grouped visually.
inline std::vector<uint8_t> Hex(std::string_view text) {
  std::vector<uint8_t> out;
  int hi = -1;
  for (char c : text) {
    int v;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else if (c == ' ' || c == '\n' || c == '\t' || c == '|') {
      continue;
    } else {
      ADD_FAILURE() << "bad hex character '" << c << "' in: " << text;
      return out;
    }
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<uint8_t>(hi << 4 | v));
      hi = -1;
    }
  }
  if (hi >= 0) ADD_FAILURE() << "odd number of hex digits in: " << text;
  return out;
}

inline std::vector<uint8_t> Cat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline Bytes AsBytes(const std::vector<uint8_t>& v) { return Bytes(v.data(), v.size()); }

inline void PutU16(std::vector<uint8_t>& v, uint16_t x) {
  v.push_back(static_cast<uint8_t>(x >> 8));
  v.push_back(static_cast<uint8_t>(x));
}
inline void PutU32(std::vector<uint8_t>& v, uint32_t x) {
  PutU16(v, static_cast<uint16_t>(x >> 16));
  PutU16(v, static_cast<uint16_t>(x));
}

// A copy of the first n bytes in an exactly sized heap block, so that a read
// one byte past the end is caught by AddressSanitizer.
class Exact {
 public:
  Exact(const std::vector<uint8_t>& v, size_t n) : data_(new uint8_t[n]), size_(n) {
    for (size_t i = 0; i < n; ++i) data_[i] = v[i];
  }
  Bytes bytes() const { return Bytes(data_.get(), size_); }

 private:
  std::unique_ptr<uint8_t[]> data_;
  size_t size_;
};

}  // namespace vigil::test

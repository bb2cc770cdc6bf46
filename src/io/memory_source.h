// MemorySource: a ByteSource over bytes already in memory (tests, fuzzing,
// benchmarks, data received over a socket). Owns a copy, or borrows a span
// that must outlive it.
#pragma once

#include <algorithm>
#include <cstring>
#include <span>
#include <vector>

#include "io/input.h"

namespace vigil::io {

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::vector<uint8_t> owned) : owned_(std::move(owned)), data_(owned_) {}
  // Borrowing: `data` must outlive the source.
  explicit MemorySource(std::span<const uint8_t> data) : data_(data) {}

  Result<size_t> read(uint8_t* buf, size_t n) override {
    const size_t k = std::min(n, data_.size() - pos_);
    if (k > 0) std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  uint64_t compressed_position() const override { return pos_; }
  uint64_t compressed_size() const override { return data_.size(); }
  Compression compression() const override { return Compression::kNone; }

 private:
  std::vector<uint8_t> owned_;
  std::span<const uint8_t> data_;
  size_t pos_ = 0;
};

}  // namespace vigil::io

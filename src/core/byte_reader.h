// ByteReader: a bounded, big-endian cursor over a byte span.
//
// Every read is checked against the end of the span; a read past the end
// returns false and leaves the cursor unchanged. Length-prefixed structures are
// read by cutting a sub-reader first (take()), so a bad inner length can never
// reach past its enclosing field.
//
// Lifetime: a ByteReader borrows the bytes; they must outlive it and every span
// it hands out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace vigil {

using Bytes = std::span<const uint8_t>;

class ByteReader {
 public:
  ByteReader() = default;
  explicit ByteReader(Bytes data) : data_(data) {}

  size_t remaining() const { return data_.size() - pos_; }
  bool empty() const { return pos_ == data_.size(); }
  size_t position() const { return pos_; }
  Bytes rest() const { return data_.subspan(pos_); }
  Bytes whole() const { return data_; }

  [[nodiscard]] bool u8(uint8_t& out) {
    if (remaining() < 1) return false;
    out = data_[pos_++];
    return true;
  }
  [[nodiscard]] bool u16(uint16_t& out) {
    if (remaining() < 2) return false;
    out = static_cast<uint16_t>((data_[pos_] << 8) | data_[pos_ + 1]);
    pos_ += 2;
    return true;
  }
  [[nodiscard]] bool u32(uint32_t& out) {
    if (remaining() < 4) return false;
    out = load_u32(data_.data() + pos_);
    pos_ += 4;
    return true;
  }
  [[nodiscard]] bool u64(uint64_t& out) {
    if (remaining() < 8) return false;
    out = (uint64_t{load_u32(data_.data() + pos_)} << 32) | load_u32(data_.data() + pos_ + 4);
    pos_ += 8;
    return true;
  }
  // Hands out the next n bytes as a span.
  [[nodiscard]] bool bytes(size_t n, Bytes& out) {
    if (remaining() < n) return false;
    out = data_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  // Copies the next n bytes into dst.
  [[nodiscard]] bool copy(uint8_t* dst, size_t n) {
    if (remaining() < n) return false;
    for (size_t i = 0; i < n; ++i) dst[i] = data_[pos_ + i];
    pos_ += n;
    return true;
  }
  // Cuts the next n bytes into a sub-reader.
  [[nodiscard]] bool take(size_t n, ByteReader& out) {
    Bytes b;
    if (!bytes(n, b)) return false;
    out = ByteReader(b);
    return true;
  }
  [[nodiscard]] bool skip(size_t n) {
    if (remaining() < n) return false;
    pos_ += n;
    return true;
  }

  static uint32_t load_u32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
  }
  static uint16_t load_u16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

 private:
  Bytes data_;
  size_t pos_ = 0;
};

}  // namespace vigil

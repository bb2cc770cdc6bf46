// BufferedReader: contiguous views over a ByteSource.
//
// The buffer holds the window [begin_, end_) of bytes read but not consumed.
// Bytes are moved only when a peek does not fit behind begin_; the buffer is
// then compacted in place if the request takes at most half of it, else
// replaced by one of twice the request (plus slack bounds), so every byte is
// moved O(1) times on average whatever the peek/consume pattern.
#include <algorithm>
#include <cassert>
#include <cstring>
#include <new>
#include <string>
#include <utility>

#include "io/input.h"

namespace vigil::io {
namespace {

// Normal capacity; the buffer returns to it after a large record.
constexpr size_t kDefaultCapacity = size_t{1} << 20;
// Spare room beyond a large request is capped at this much.
constexpr size_t kMaxSlack = size_t{64} << 20;

}  // namespace

BufferedReader::BufferedReader(std::unique_ptr<ByteSource> src) : src_(std::move(src)) {}

BufferedReader::~BufferedReader() = default;

Result<std::span<const uint8_t>> BufferedReader::peek(size_t n) {
  const size_t live = end_ - begin_;
  if (live < n && !eof_) {
    VIGIL_RETURN_IF_ERROR(make_room(n));
    VIGIL_RETURN_IF_ERROR(fill(n));
  } else if (cap_ > kDefaultCapacity && n <= kDefaultCapacity / 2 && live <= kDefaultCapacity) {
    // A large record is behind us: give the memory back.
    VIGIL_RETURN_IF_ERROR(reallocate(kDefaultCapacity));
  }
  return std::span<const uint8_t>(buf_.get() + begin_, std::min(n, end_ - begin_));
}

void BufferedReader::consume(size_t n) {
  assert(n <= end_ - begin_);
  n = std::min(n, end_ - begin_);
  begin_ += n;
  offset_ += n;
  if (begin_ == end_) begin_ = end_ = 0;  // free rewind, no bytes to move
}

// Ensures cap_ - begin_ >= n.
Status BufferedReader::make_room(size_t n) {
  if (cap_ - begin_ >= n) return Status::Ok();
  if (n <= cap_ / 2) {
    // Moves fewer than n bytes, and at least cap_ - n >= n bytes were
    // consumed since the window last started at 0.
    const size_t live = end_ - begin_;
    std::memmove(buf_.get(), buf_.get() + begin_, live);
    begin_ = 0;
    end_ = live;
    return Status::Ok();
  }
  const size_t slack = std::min(n, kMaxSlack);
  const size_t want = n > SIZE_MAX - slack ? n : n + slack;
  return reallocate(std::max(want, kDefaultCapacity), n);
}

// Moves the window to the start of a new buffer of `cap` bytes (or, if that
// cannot be had, of `min_cap` bytes).
Status BufferedReader::reallocate(size_t cap, size_t min_cap) {
  const size_t live = end_ - begin_;
  // Uninitialised: a record buffer may be gigabytes; do not touch it all.
  std::unique_ptr<uint8_t[]> fresh(new (std::nothrow) uint8_t[cap]);
  if (!fresh && min_cap != 0 && min_cap < cap) {
    cap = min_cap;
    fresh.reset(new (std::nothrow) uint8_t[cap]);
  }
  if (!fresh) {
    return make_error(ErrorCode::kIo,
                      "out of memory for a " + std::to_string(cap) + "-byte read buffer", offset_);
  }
  if (live != 0) std::memcpy(fresh.get(), buf_.get() + begin_, live);
  buf_ = std::move(fresh);
  cap_ = cap;
  begin_ = 0;
  end_ = live;
  return Status::Ok();
}

// Reads until n bytes are live or the source ends. REQUIRES: cap_ - begin_ >=
// n.
Status BufferedReader::fill(size_t n) {
  while (end_ - begin_ < n && !eof_) {
    VIGIL_TRY(size_t got, src_->read(buf_.get() + end_, cap_ - end_));
    if (got == 0) eof_ = true;
    end_ += got;
  }
  return Status::Ok();
}

}  // namespace vigil::io

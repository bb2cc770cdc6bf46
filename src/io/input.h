// Input files: open a path or stdin, detect the compression from magic bytes
// (never from the file name), and hand out decompressed bytes.
//
// This module is the only place that touches files for reading archives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "core/result.h"

namespace vigil::io {

enum class Compression : uint8_t { kNone, kGzip, kBzip2, kZstd, kXz };

const char* compression_name(Compression c);

// Looks at the first bytes of a stream (at least 6 for a sure answer).
// gzip 1f 8b, bzip2 "BZh", zstd 28 b5 2f fd, xz fd 37 7a 58 5a 00, else none.
Compression detect_compression(std::span<const uint8_t> head);

// A pull source of decompressed bytes. Not thread-safe.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `buf`. Returns the count read; 0 means a clean
  // end of stream. A damaged or truncated compressed stream returns an Error
  // whose offset is the decompressed offset reached and whose message names
  // the compressed offset where possible.
  virtual Result<size_t> read(uint8_t* buf, size_t n) = 0;
  // Compressed (on-disk) bytes consumed so far, and the file size if known
  // (0 for pipes). For progress bars.
  virtual uint64_t compressed_position() const = 0;
  virtual uint64_t compressed_size() const = 0;
  virtual Compression compression() const = 0;
};

// Opens `path` ("-" = stdin) and wraps it in the decompressor its magic bytes
// call for. Concatenated gzip members and bzip2/xz/zstd streams are read to the
// end. Errors name the path.
Result<std::unique_ptr<ByteSource>> open_input(const std::string& path);

// Wraps a source so that it runs on a background thread, handing decompressed
// chunks of `chunk_size` bytes over a bounded queue of `depth` chunks (memory
// bound: chunk_size * (depth + 2)). Errors are delivered in order after the
// data that preceded them. Destroying it stops the thread.
std::unique_ptr<ByteSource> make_threaded(std::unique_ptr<ByteSource> inner,
                                          size_t chunk_size = 1 << 20, size_t depth = 4);

// A buffered reader that gives out contiguous views of the stream, for
// record-oriented decoders.
//
//   BufferedReader r(std::move(src));
//   auto head = r.peek(12);      // up to 12 bytes, fewer only at end of stream
//   r.consume(12 + len);
//
// Spans returned by peek() stay valid until the next peek() or consume().
class BufferedReader {
 public:
  explicit BufferedReader(std::unique_ptr<ByteSource> src);
  ~BufferedReader();

  // Makes at least `n` bytes available at the current position unless the
  // stream ends first; returns what is available (size < n only at the end).
  // `n` may be large (a record of up to 4 GiB is allowed by MRT); the buffer
  // grows to fit and shrinks back after.
  Result<std::span<const uint8_t>> peek(size_t n);
  // Drops `n` bytes. REQUIRES: n <= size of the last peek().
  void consume(size_t n);
  // Decompressed offset of the current position.
  uint64_t offset() const { return offset_; }
  ByteSource& source() { return *src_; }

 private:
  Status make_room(size_t n);
  Status reallocate(size_t cap, size_t min_cap = 0);
  Status fill(size_t n);

  std::unique_ptr<ByteSource> src_;
  std::unique_ptr<uint8_t[]> buf_;
  size_t cap_ = 0;
  size_t begin_ = 0;
  size_t end_ = 0;
  uint64_t offset_ = 0;
  bool eof_ = false;
};

}  // namespace vigil::io

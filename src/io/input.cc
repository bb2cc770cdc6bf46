// Opening inputs and the streaming decompressors behind open_input().
//
// Layout: InputFile owns a file descriptor and a window of compressed bytes;
// RawSource and the DecoderSource subclasses (gzip, bzip2, zstd, xz) own an
// InputFile and turn it into decompressed bytes. open_input() reads the first
// bytes, picks the decoder from the magic and hands the InputFile (with those
// bytes still in its window) to it.
#include "io/input.h"

#include <bzlib.h>
#include <fcntl.h>
#include <lzma.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <new>
#include <optional>
#include <utility>

namespace vigil::io {
namespace {

// Compressed-side window. Raw files are read through it too, so this is also
// the read() size for uncompressed inputs.
constexpr size_t kInputBufferSize = size_t{1} << 20;
// Bytes detect_compression() needs for a sure answer.
constexpr size_t kMagicBytes = 6;
// Largest single read(2) / codec call; keeps counts inside `unsigned int`.
constexpr size_t kMaxCall = size_t{1} << 30;

std::string errno_text(int err) {
  char buf[256];
  // GNU strerror_r may return a static string instead of filling `buf`.
  return strerror_r(err, buf, sizeof buf);
}

// ---------------------------------------------------------------------------
// InputFile: a file descriptor plus a window [begin_, end_) of bytes read from
// it but not yet consumed by a decoder. Owns the descriptor (except stdin)
// and the buffer; both live as long as the InputFile.
class InputFile {
 public:
  static Result<std::unique_ptr<InputFile>> open(const std::string& path);
  ~InputFile() {
    if (fd_ >= 0 && fd_ != STDIN_FILENO) ::close(fd_);
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const uint8_t* data() const { return buf_.get() + begin_; }
  size_t avail() const { return end_ - begin_; }
  // REQUIRES: n <= avail().
  void advance(size_t n) { begin_ += n; }
  // True once read(2) has reported the end; the window then holds all that is
  // left of the file.
  bool eof() const { return eof_; }

  // Reads until at least `min` bytes are in the window or the file ends.
  // Unconsumed bytes are kept (moved to the front only when needed).
  // REQUIRES: min <= kInputBufferSize.
  Status fill(size_t min);
  // Reads straight into `dst`, bypassing the window. REQUIRES: avail() == 0.
  Result<size_t> read_direct(uint8_t* dst, size_t n);

  // File bytes handed to the decoder so far.
  uint64_t consumed() const { return file_pos_ - avail(); }
  // Size of a regular file, else 0.
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  InputFile(std::string path, int fd, uint64_t size, std::unique_ptr<uint8_t[]> buf)
      : path_(std::move(path)), fd_(fd), size_(size), buf_(std::move(buf)) {}
  Result<size_t> read_fd(uint8_t* dst, size_t n);

  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
  uint64_t file_pos_ = 0;  // bytes returned by read(2) so far
  std::unique_ptr<uint8_t[]> buf_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
};

Result<std::unique_ptr<InputFile>> InputFile::open(const std::string& path) {
  int fd = STDIN_FILENO;
  if (path != "-") {
    do {
      fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
      return make_error(ErrorCode::kIo, path + ": " + errno_text(errno));
    }
  }
  uint64_t size = 0;
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    size = static_cast<uint64_t>(st.st_size);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  // Not make_unique: that would zero the megabyte.
  std::unique_ptr<uint8_t[]> buf(new (std::nothrow) uint8_t[kInputBufferSize]);
  if (!buf) {
    if (fd != STDIN_FILENO) ::close(fd);
    return make_error(ErrorCode::kIo, path + ": out of memory");
  }
  return std::unique_ptr<InputFile>(new InputFile(path, fd, size, std::move(buf)));
}

Result<size_t> InputFile::read_fd(uint8_t* dst, size_t n) {
  n = std::min(n, kMaxCall);
  for (;;) {
    ssize_t got = ::read(fd_, dst, n);
    if (got >= 0) {
      file_pos_ += static_cast<uint64_t>(got);
      if (got == 0) eof_ = true;
      return static_cast<size_t>(got);
    }
    if (errno != EINTR) {
      return make_error(ErrorCode::kIo, path_ + ": read failed at offset " +
                                            std::to_string(file_pos_) + ": " + errno_text(errno));
    }
  }
}

Status InputFile::fill(size_t min) {
  if (begin_ == end_) begin_ = end_ = 0;
  if (kInputBufferSize - begin_ < min) {
    // Only the few bytes of a magic check can be left over here.
    std::memmove(buf_.get(), buf_.get() + begin_, avail());
    end_ -= begin_;
    begin_ = 0;
  }
  while (avail() < min && !eof_) {
    VIGIL_TRY(size_t got, read_fd(buf_.get() + end_, kInputBufferSize - end_));
    end_ += got;
  }
  return Status::Ok();
}

Result<size_t> InputFile::read_direct(uint8_t* dst, size_t n) {
  if (eof_) return size_t{0};
  return read_fd(dst, n);
}

// ---------------------------------------------------------------------------
// RawSource: uncompressed input. Small reads are served from the window;
// reads of at least half the window size go straight to the caller's buffer.
class RawSource final : public ByteSource {
 public:
  explicit RawSource(std::unique_ptr<InputFile> in) : in_(std::move(in)) {}

  Result<size_t> read(uint8_t* buf, size_t n) override {
    if (n == 0) return size_t{0};
    if (in_->avail() == 0) {
      if (n >= kInputBufferSize / 2) return in_->read_direct(buf, n);
      VIGIL_RETURN_IF_ERROR(in_->fill(1));
    }
    size_t k = std::min(n, in_->avail());
    std::memcpy(buf, in_->data(), k);
    in_->advance(k);
    return k;
  }
  uint64_t compressed_position() const override { return in_->consumed(); }
  uint64_t compressed_size() const override { return in_->size(); }
  Compression compression() const override { return Compression::kNone; }

 private:
  std::unique_ptr<InputFile> in_;
};

// ---------------------------------------------------------------------------
// DecoderSource: the driver shared by the decompressors. It feeds the window
// of the InputFile to a codec step() and fills the caller's buffer; it spots
// truncation (no progress possible and no input left) and latches errors so
// that the bytes decoded before an error are returned first, and the error
// on every read() after them.
class DecoderSource : public ByteSource {
 public:
  Result<size_t> read(uint8_t* buf, size_t n) final;
  uint64_t compressed_position() const final { return in_->consumed(); }
  uint64_t compressed_size() const final { return in_->size(); }

 protected:
  enum class StepStatus { kOk, kStreamEnd, kError };
  struct Step {
    size_t in_used = 0;
    size_t out_made = 0;
    StepStatus status = StepStatus::kOk;
    std::string detail;  // codec message for kError
  };

  explicit DecoderSource(std::unique_ptr<InputFile> in) : in_(std::move(in)) {}

  // Runs the codec once from `in` into `out`. `input_ended` says no bytes
  // follow `in`. A step that makes no progress must return kOk.
  virtual Step step(const uint8_t* in, size_t in_len, uint8_t* out, size_t out_len,
                    bool input_ended) = 0;
  // Called after kStreamEnd with the window at the byte after the stream.
  // Returns true if another stream follows (and the codec is ready for it),
  // false if the input is over.
  virtual Result<bool> next_stream() = 0;
  // "gzip", "bzip2", ... for messages.
  virtual const char* format_name() const = 0;

  InputFile& input() { return *in_; }

 private:
  // Decodes into buf[0, n), adding to *made; stops when the buffer is full,
  // the input is over (done_) or on error.
  Status decode(uint8_t* buf, size_t n, size_t* made);
  Error stream_error(ErrorCode code, const std::string& detail) const;

  std::unique_ptr<InputFile> in_;
  uint64_t out_offset_ = 0;  // decompressed bytes returned so far
  // Sticky; returned once the data decoded before it has been handed out.
  std::optional<Error> error_;
  bool done_ = false;
};

Result<size_t> DecoderSource::read(uint8_t* buf, size_t n) {
  if (error_) return *error_;
  if (done_ || n == 0) return size_t{0};
  size_t made = 0;
  Status st = decode(buf, std::min(n, kMaxCall), &made);
  out_offset_ += made;
  if (!st.ok()) {
    error_ = st.error();
    if (error_->offset == Error::kNoOffset) error_->offset = out_offset_;
    if (made == 0) return *error_;
  }
  return made;
}

Status DecoderSource::decode(uint8_t* buf, size_t n, size_t* made) {
  while (*made < n && !done_) {
    if (in_->avail() == 0 && !in_->eof()) VIGIL_RETURN_IF_ERROR(in_->fill(1));
    const bool input_ended = in_->eof();
    Step s = step(in_->data(), in_->avail(), buf + *made, n - *made, input_ended);
    in_->advance(s.in_used);
    *made += s.out_made;
    switch (s.status) {
      case StepStatus::kError:
        return stream_error(ErrorCode::kCorruptCompressed, s.detail);
      case StepStatus::kStreamEnd: {
        VIGIL_TRY(bool more, next_stream());
        done_ = !more;
        break;
      }
      case StepStatus::kOk:
        if (s.in_used != 0 || s.out_made != 0) break;
        if (input_ended && in_->avail() == 0) {
          return stream_error(ErrorCode::kTruncated, "");
        }
        if (in_->avail() != 0) {
          // Every codec here takes any input offered; guard the loop anyway.
          return stream_error(ErrorCode::kCorruptCompressed, "decoder made no progress");
        }
        break;
    }
  }
  return Status::Ok();
}

Error DecoderSource::stream_error(ErrorCode code, const std::string& detail) const {
  std::string msg = in_->path() + ": ";
  msg += code == ErrorCode::kTruncated ? "truncated " : "corrupt ";
  msg += format_name();
  msg += " stream at compressed offset ";
  msg += std::to_string(in_->consumed());
  if (!detail.empty()) msg += ": " + detail;
  return make_error(code, std::move(msg));
}

// ---------------------------------------------------------------------------
// gzip (zlib inflate, auto header detection). Concatenated members are read
// in turn; anything after a member that is not a gzip header is ignored, as
// gzip(1) does with trailing garbage.
class GzipSource final : public DecoderSource {
 public:
  static Result<std::unique_ptr<ByteSource>> create(std::unique_ptr<InputFile> in) {
    std::unique_ptr<GzipSource> s(new GzipSource(std::move(in)));
    if (inflateInit2(&s->z_, 15 + 32) != Z_OK) {
      return make_error(ErrorCode::kIo, s->input().path() + ": cannot initialise zlib");
    }
    s->initialised_ = true;
    return std::unique_ptr<ByteSource>(std::move(s));
  }
  ~GzipSource() override {
    if (initialised_) inflateEnd(&z_);
  }
  Compression compression() const override { return Compression::kGzip; }

 private:
  explicit GzipSource(std::unique_ptr<InputFile> in) : DecoderSource(std::move(in)) {}

  Step step(const uint8_t* in, size_t in_len, uint8_t* out, size_t out_len,
            bool /*input_ended*/) override {
    z_.next_in = const_cast<Bytef*>(in);
    z_.avail_in = static_cast<uInt>(std::min(in_len, kMaxCall));
    z_.next_out = out;
    z_.avail_out = static_cast<uInt>(out_len);
    int rc = inflate(&z_, Z_NO_FLUSH);
    Step s;
    s.in_used = static_cast<size_t>(z_.next_in - in);
    s.out_made = static_cast<size_t>(z_.next_out - out);
    if (rc == Z_STREAM_END) {
      s.status = StepStatus::kStreamEnd;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      s.status = StepStatus::kError;
      s.detail = z_.msg != nullptr ? z_.msg : "zlib error " + std::to_string(rc);
    }
    return s;
  }

  Result<bool> next_stream() override {
    VIGIL_RETURN_IF_ERROR(input().fill(2));
    const uint8_t* p = input().data();
    if (input().avail() < 2 || p[0] != 0x1f || p[1] != 0x8b) return false;
    if (inflateReset(&z_) != Z_OK) {
      return make_error(ErrorCode::kIo, input().path() + ": cannot reset zlib");
    }
    return true;
  }
  const char* format_name() const override { return "gzip"; }

  z_stream z_{};
  bool initialised_ = false;
};

// ---------------------------------------------------------------------------
// bzip2 (libbz2). Concatenated streams (pbzip2, cat a.bz2 b.bz2) are read in
// turn; non-bzip2 bytes after a stream are ignored, as bzip2(1) does.
class Bzip2Source final : public DecoderSource {
 public:
  static Result<std::unique_ptr<ByteSource>> create(std::unique_ptr<InputFile> in) {
    std::unique_ptr<Bzip2Source> s(new Bzip2Source(std::move(in)));
    VIGIL_RETURN_IF_ERROR(s->init());
    return std::unique_ptr<ByteSource>(std::move(s));
  }
  ~Bzip2Source() override {
    if (initialised_) BZ2_bzDecompressEnd(&bz_);
  }
  Compression compression() const override { return Compression::kBzip2; }

 private:
  explicit Bzip2Source(std::unique_ptr<InputFile> in) : DecoderSource(std::move(in)) {}

  Status init() {
    bz_ = bz_stream{};
    if (BZ2_bzDecompressInit(&bz_, /*verbosity=*/0, /*small=*/0) != BZ_OK) {
      return make_error(ErrorCode::kIo, input().path() + ": cannot initialise libbz2");
    }
    initialised_ = true;
    return Status::Ok();
  }

  Step step(const uint8_t* in, size_t in_len, uint8_t* out, size_t out_len,
            bool /*input_ended*/) override {
    bz_.next_in = const_cast<char*>(reinterpret_cast<const char*>(in));
    bz_.avail_in = static_cast<unsigned>(std::min(in_len, kMaxCall));
    bz_.next_out = reinterpret_cast<char*>(out);
    bz_.avail_out = static_cast<unsigned>(out_len);
    int rc = BZ2_bzDecompress(&bz_);
    Step s;
    s.in_used = static_cast<size_t>(bz_.next_in - reinterpret_cast<const char*>(in));
    s.out_made = static_cast<size_t>(bz_.next_out - reinterpret_cast<char*>(out));
    if (rc == BZ_STREAM_END) {
      s.status = StepStatus::kStreamEnd;
    } else if (rc != BZ_OK) {
      s.status = StepStatus::kError;
      s.detail = rc == BZ_DATA_ERROR_MAGIC ? "bad stream header"
                 : rc == BZ_DATA_ERROR     ? "data integrity error"
                 : rc == BZ_MEM_ERROR      ? "out of memory"
                                           : "libbz2 error " + std::to_string(rc);
    }
    return s;
  }

  Result<bool> next_stream() override {
    BZ2_bzDecompressEnd(&bz_);
    initialised_ = false;
    VIGIL_RETURN_IF_ERROR(input().fill(4));
    const uint8_t* p = input().data();
    if (input().avail() < 4 || std::memcmp(p, "BZh", 3) != 0 || p[3] < '1' || p[3] > '9') {
      return false;
    }
    VIGIL_RETURN_IF_ERROR(init());
    return true;
  }
  const char* format_name() const override { return "bzip2"; }

  bz_stream bz_{};
  bool initialised_ = false;
};

// ---------------------------------------------------------------------------
// zstd. ZSTD_decompressStream() runs from one frame into the next by itself;
// a return of 0 marks a frame boundary, where the input may cleanly end.
// Bytes after a frame that are not a frame are reported as corruption.
class ZstdSource final : public DecoderSource {
 public:
  static Result<std::unique_ptr<ByteSource>> create(std::unique_ptr<InputFile> in) {
    std::unique_ptr<ZstdSource> s(new ZstdSource(std::move(in)));
    s->dctx_ = ZSTD_createDCtx();
    if (s->dctx_ == nullptr) {
      return make_error(ErrorCode::kIo, s->input().path() + ": cannot initialise zstd");
    }
    return std::unique_ptr<ByteSource>(std::move(s));
  }
  ~ZstdSource() override { ZSTD_freeDCtx(dctx_); }
  Compression compression() const override { return Compression::kZstd; }

 private:
  explicit ZstdSource(std::unique_ptr<InputFile> in) : DecoderSource(std::move(in)) {}

  Step step(const uint8_t* in, size_t in_len, uint8_t* out, size_t out_len,
            bool /*input_ended*/) override {
    ZSTD_inBuffer ib{in, in_len, 0};
    ZSTD_outBuffer ob{out, out_len, 0};
    size_t rc = ZSTD_decompressStream(dctx_, &ob, &ib);
    Step s;
    s.in_used = ib.pos;
    s.out_made = ob.pos;
    if (ZSTD_isError(rc)) {
      s.status = StepStatus::kError;
      s.detail = ZSTD_getErrorName(rc);
    } else if (rc == 0 && (s.in_used != 0 || s.out_made != 0)) {
      s.status = StepStatus::kStreamEnd;
    }
    return s;
  }

  Result<bool> next_stream() override {
    VIGIL_RETURN_IF_ERROR(input().fill(1));
    return input().avail() != 0;  // the context starts the next frame itself
  }
  const char* format_name() const override { return "zstd"; }

  ZSTD_DCtx* dctx_ = nullptr;
};

// ---------------------------------------------------------------------------
// xz (liblzma, LZMA_CONCATENATED: all streams and stream padding are read;
// LZMA_FINISH is passed once the file has ended).
class XzSource final : public DecoderSource {
 public:
  static Result<std::unique_ptr<ByteSource>> create(std::unique_ptr<InputFile> in) {
    std::unique_ptr<XzSource> s(new XzSource(std::move(in)));
    if (lzma_stream_decoder(&s->strm_, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
      return make_error(ErrorCode::kIo, s->input().path() + ": cannot initialise liblzma");
    }
    return std::unique_ptr<ByteSource>(std::move(s));
  }
  ~XzSource() override { lzma_end(&strm_); }
  Compression compression() const override { return Compression::kXz; }

 private:
  explicit XzSource(std::unique_ptr<InputFile> in) : DecoderSource(std::move(in)) {}

  Step step(const uint8_t* in, size_t in_len, uint8_t* out, size_t out_len,
            bool input_ended) override {
    strm_.next_in = in;
    strm_.avail_in = in_len;
    strm_.next_out = out;
    strm_.avail_out = out_len;
    lzma_ret rc = lzma_code(&strm_, input_ended ? LZMA_FINISH : LZMA_RUN);
    Step s;
    s.in_used = in_len - strm_.avail_in;
    s.out_made = out_len - strm_.avail_out;
    if (rc == LZMA_STREAM_END) {
      s.status = StepStatus::kStreamEnd;
    } else if (rc != LZMA_OK && rc != LZMA_BUF_ERROR) {
      s.status = StepStatus::kError;
      s.detail = lzma_message(rc);
    }
    return s;
  }

  // With LZMA_CONCATENATED the end is only reported at the end of the input.
  Result<bool> next_stream() override { return false; }
  const char* format_name() const override { return "xz"; }

  static const char* lzma_message(lzma_ret rc) {
    switch (rc) {
      case LZMA_MEM_ERROR:
        return "out of memory";
      case LZMA_MEMLIMIT_ERROR:
        return "memory limit reached";
      case LZMA_FORMAT_ERROR:
        return "not an xz stream";
      case LZMA_OPTIONS_ERROR:
        return "unsupported options";
      case LZMA_DATA_ERROR:
        return "data error";
      default:
        return "liblzma error";
    }
  }

  lzma_stream strm_ = LZMA_STREAM_INIT;
};

}  // namespace

// ---------------------------------------------------------------------------

const char* compression_name(Compression c) {
  switch (c) {
    case Compression::kNone:
      return "none";
    case Compression::kGzip:
      return "gzip";
    case Compression::kBzip2:
      return "bzip2";
    case Compression::kZstd:
      return "zstd";
    case Compression::kXz:
      return "xz";
  }
  return "unknown";
}

Compression detect_compression(std::span<const uint8_t> head) {
  auto starts_with = [head](std::initializer_list<uint8_t> magic) {
    return head.size() >= magic.size() && std::equal(magic.begin(), magic.end(), head.begin());
  };
  if (starts_with({0x1f, 0x8b})) return Compression::kGzip;
  // "BZh" and the block size digit.
  if (starts_with({'B', 'Z', 'h'}) && head.size() >= 4 && head[3] >= '1' && head[3] <= '9') {
    return Compression::kBzip2;
  }
  if (starts_with({0x28, 0xb5, 0x2f, 0xfd})) return Compression::kZstd;
  if (starts_with({0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00})) return Compression::kXz;
  return Compression::kNone;
}

Result<std::unique_ptr<ByteSource>> open_input(const std::string& path) {
  VIGIL_TRY(std::unique_ptr<InputFile> in, InputFile::open(path));
  // The magic bytes stay in the window for the decoder.
  VIGIL_RETURN_IF_ERROR(in->fill(kMagicBytes));
  switch (detect_compression({in->data(), in->avail()})) {
    case Compression::kGzip:
      return GzipSource::create(std::move(in));
    case Compression::kBzip2:
      return Bzip2Source::create(std::move(in));
    case Compression::kZstd:
      return ZstdSource::create(std::move(in));
    case Compression::kXz:
      return XzSource::create(std::move(in));
    case Compression::kNone:
      break;
  }
  return std::unique_ptr<ByteSource>(std::make_unique<RawSource>(std::move(in)));
}

}  // namespace vigil::io

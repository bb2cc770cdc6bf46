// Tests for io/input.h. Every input is generated here: the test compresses
// synthetic data in memory with zlib, libbz2, libzstd and liblzma and writes
// it to a fresh directory under ::testing::TempDir().
#include "io/input.h"

#include <bzlib.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <lzma.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace vigil::io {
namespace {

using Bytes = std::vector<uint8_t>;

// ---------------------------------------------------------------------------
// Data and compressors.

// Deterministic, moderately compressible bytes: words and numbers with some
// random binary runs, so that bzip2 -1 needs several blocks for a megabyte.
Bytes make_data(size_t n, uint32_t seed) {
  static const char* const kWords[] = {"route ",    "views ",     "AS65000 ", "192.0.2.0/24 ",
                                       "NEXT_HOP ", "withdrawn ", "\n",       "peer "};
  std::mt19937 rng(seed);
  Bytes out;
  out.reserve(n + 32);
  while (out.size() < n) {
    uint32_t r = rng();
    if (r % 10 < 7) {
      const char* w = kWords[(r >> 8) % 8];
      out.insert(out.end(), w, w + std::strlen(w));
    } else {
      for (uint32_t i = 0, len = 1 + (r >> 8) % 8; i < len; ++i) {
        out.push_back(static_cast<uint8_t>(rng()));
      }
    }
  }
  out.resize(n);
  return out;
}

Bytes gzip_compress(const Bytes& in) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  Bytes out(deflateBound(&z, in.size()) + 64);
  z.next_in = const_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

Bytes bzip2_compress(const Bytes& in, int block_size_100k) {
  unsigned out_len = static_cast<unsigned>(in.size() + in.size() / 100 + 600);
  Bytes out(out_len);
  EXPECT_EQ(BZ2_bzBuffToBuffCompress(reinterpret_cast<char*>(out.data()), &out_len,
                                     const_cast<char*>(reinterpret_cast<const char*>(in.data())),
                                     static_cast<unsigned>(in.size()), block_size_100k, 0, 0),
            BZ_OK);
  out.resize(out_len);
  return out;
}
Bytes bzip2_compress(const Bytes& in) { return bzip2_compress(in, 1); }

// With a content checksum, as the zstd tool writes by default.
Bytes zstd_compress(const Bytes& in) {
  Bytes out(ZSTD_compressBound(in.size()));
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  size_t n = ZSTD_compress2(cctx, out.data(), out.size(), in.data(), in.size());
  ZSTD_freeCCtx(cctx);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

Bytes xz_compress(const Bytes& in) {
  Bytes out(lzma_stream_buffer_bound(in.size()));
  size_t pos = 0;
  EXPECT_EQ(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, nullptr, in.data(), in.size(), out.data(),
                                    &pos, out.size()),
            LZMA_OK);
  out.resize(pos);
  return out;
}

Bytes identity(const Bytes& in) { return in; }

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes bytes_of(const std::string& s) { return Bytes(s.begin(), s.end()); }

bool is_prefix(const Bytes& prefix, const Bytes& whole) {
  return prefix.size() <= whole.size() && std::equal(prefix.begin(), prefix.end(), whole.begin());
}

// ---------------------------------------------------------------------------
// Reading helpers.

struct Drained {
  Bytes data;
  std::optional<Error> error;
};

// Reads to the end or the first error, cycling through `sizes` per read().
Drained drain(ByteSource& src, std::vector<size_t> sizes = {65536}) {
  Drained d;
  Bytes buf(*std::max_element(sizes.begin(), sizes.end()));
  for (size_t i = 0;; ++i) {
    Result<size_t> r = src.read(buf.data(), sizes[i % sizes.size()]);
    if (!r.ok()) {
      d.error = r.error();
      break;
    }
    if (*r == 0) break;
    d.data.insert(d.data.end(), buf.begin(), buf.begin() + *r);
  }
  return d;
}

// In-memory source for the wrapper tests: returns reads of 1..max_read bytes
// (pseudo-random) and optionally an error after the data.
class MemorySource : public ByteSource {
 public:
  explicit MemorySource(Bytes data, size_t max_read = SIZE_MAX,
                        std::optional<Error> tail_error = std::nullopt)
      : data_(std::move(data)), max_read_(max_read), tail_error_(std::move(tail_error)) {}

  Result<size_t> read(uint8_t* buf, size_t n) override {
    if (pos_ == data_.size()) {
      if (tail_error_) return *tail_error_;
      return size_t{0};
    }
    size_t k = std::min(n, data_.size() - pos_);
    if (max_read_ != SIZE_MAX) k = std::min(k, 1 + rng_() % max_read_);
    std::memcpy(buf, data_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  uint64_t compressed_position() const override { return pos_; }
  uint64_t compressed_size() const override { return data_.size(); }
  Compression compression() const override { return Compression::kNone; }

 private:
  Bytes data_;
  size_t max_read_;
  std::optional<Error> tail_error_;
  size_t pos_ = 0;
  std::mt19937 rng_{7};
};

// Never-ending source; counts its reads; may sleep in each read.
class EndlessSource : public ByteSource {
 public:
  EndlessSource(std::atomic<int>* reads, std::chrono::milliseconds delay)
      : reads_(reads), delay_(delay) {}
  Result<size_t> read(uint8_t* buf, size_t n) override {
    reads_->fetch_add(1);
    if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
    std::memset(buf, 'x', n);
    return n;
  }
  uint64_t compressed_position() const override { return 0; }
  uint64_t compressed_size() const override { return 0; }
  Compression compression() const override { return Compression::kNone; }

 private:
  std::atomic<int>* reads_;
  std::chrono::milliseconds delay_;
};

// ---------------------------------------------------------------------------
// Fixture: a private temp directory per test.

class InputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::path(::testing::TempDir()) / "vigil_io_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr) << tmpl;
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::string write(const std::string& name, const Bytes& data) {
    std::string path = (dir_ / name).string();
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
    EXPECT_TRUE(f.good()) << path;
    return path;
  }

  // Opens `path`, recording a test failure (and returning null) on error.
  static std::unique_ptr<ByteSource> open_ok(const std::string& path) {
    Result<std::unique_ptr<ByteSource>> r = open_input(path);
    if (!r.ok()) {
      ADD_FAILURE() << "open_input(" << path << "): " << r.error().to_string();
      return nullptr;
    }
    return std::move(r).value();
  }

  std::filesystem::path dir_;
};

// ---------------------------------------------------------------------------
// Magic detection.

TEST(DetectCompressionTest, RecognisesEveryMagic) {
  using B = std::vector<uint8_t>;
  EXPECT_EQ(detect_compression(B{0x1f, 0x8b, 8, 0, 0, 0}), Compression::kGzip);
  EXPECT_EQ(detect_compression(B{'B', 'Z', 'h', '9', '1', 'A'}), Compression::kBzip2);
  EXPECT_EQ(detect_compression(B{0x28, 0xb5, 0x2f, 0xfd, 0, 0}), Compression::kZstd);
  EXPECT_EQ(detect_compression(B{0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00}), Compression::kXz);
  EXPECT_EQ(detect_compression(B{0, 0, 0, 12, 0, 13}), Compression::kNone);
}

TEST(DetectCompressionTest, ShortOrNearMissHeadsAreRaw) {
  using B = std::vector<uint8_t>;
  EXPECT_EQ(detect_compression(B{}), Compression::kNone);
  EXPECT_EQ(detect_compression(B{0x1f}), Compression::kNone);
  EXPECT_EQ(detect_compression(B{'B', 'Z', 'h'}), Compression::kNone);
  EXPECT_EQ(detect_compression(B{'B', 'Z', 'h', '0', 0, 0}), Compression::kNone);
  EXPECT_EQ(detect_compression(B{0x28, 0xb5, 0x2f}), Compression::kNone);
  EXPECT_EQ(detect_compression(B{0xfd, 0x37, 0x7a, 0x58, 0x5a}), Compression::kNone);
  EXPECT_EQ(detect_compression(B{0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x01}), Compression::kNone);
}

TEST(DetectCompressionTest, Names) {
  EXPECT_STREQ(compression_name(Compression::kNone), "none");
  EXPECT_STREQ(compression_name(Compression::kGzip), "gzip");
  EXPECT_STREQ(compression_name(Compression::kBzip2), "bzip2");
  EXPECT_STREQ(compression_name(Compression::kZstd), "zstd");
  EXPECT_STREQ(compression_name(Compression::kXz), "xz");
}

// ---------------------------------------------------------------------------
// Every format, parameterised.

struct Format {
  Compression compression;
  const char* name;
  Bytes (*compress)(const Bytes&);
};

std::ostream& operator<<(std::ostream& os, const Format& f) { return os << f.name; }

class FormatTest : public InputTest, public ::testing::WithParamInterface<Format> {
 protected:
  Compression compression() const { return GetParam().compression; }
  Bytes compress(const Bytes& b) const { return GetParam().compress(b); }
  bool compressed() const { return compression() != Compression::kNone; }
};

TEST_P(FormatTest, RoundTrip) {
  const Bytes data = make_data(1'500'000, 1);
  const Bytes file = compress(data);
  const std::string path = write("data.bin", file);
  auto src = open_ok(path);
  ASSERT_TRUE(src);
  EXPECT_EQ(src->compression(), compression());
  EXPECT_EQ(src->compressed_size(), file.size());
  Drained d = drain(*src);
  ASSERT_FALSE(d.error) << d.error->to_string();
  EXPECT_TRUE(d.data == data);
  EXPECT_EQ(src->compressed_position(), file.size());
  // The end is sticky.
  uint8_t b;
  Result<size_t> again = src->read(&b, 1);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0u);
}

TEST_P(FormatTest, OddReadSizes) {
  const Bytes data = make_data(300'000, 2);
  auto src = open_ok(write("odd.bin", compress(data)));
  ASSERT_TRUE(src);
  Drained d = drain(*src, {1, 7, 4096, 3, 100'000, 65'537});
  ASSERT_FALSE(d.error) << d.error->to_string();
  EXPECT_TRUE(d.data == data);
}

TEST_P(FormatTest, ConcatenatedStreams) {
  const Bytes a = make_data(200'000, 3);
  const Bytes b = make_data(10, 4);
  const Bytes c = make_data(400'000, 5);
  auto src = open_ok(write("multi.bin", concat({compress(a), compress(b), compress(c)})));
  ASSERT_TRUE(src);
  EXPECT_EQ(src->compression(), compression());
  Drained d = drain(*src);
  ASSERT_FALSE(d.error) << d.error->to_string();
  EXPECT_TRUE(d.data == concat({a, b, c}));
}

TEST_P(FormatTest, TruncatedReturnsPrefixThenError) {
  if (!compressed()) GTEST_SKIP() << "raw files cannot be truncated";
  const Bytes data = make_data(1'000'000, 6);
  const Bytes file = compress(data);
  for (size_t cut : {file.size() / 2, file.size() - 1, size_t{10}}) {
    SCOPED_TRACE("cut at " + std::to_string(cut));
    const std::string path = write("cut" + std::to_string(cut) + ".bin",
                                   Bytes(file.begin(), file.begin() + static_cast<long>(cut)));
    auto src = open_ok(path);
    ASSERT_TRUE(src);
    Drained d = drain(*src);
    ASSERT_TRUE(d.error);
    EXPECT_EQ(d.error->code, ErrorCode::kTruncated) << d.error->to_string();
    EXPECT_TRUE(is_prefix(d.data, data));
    EXPECT_LE(d.data.size(), data.size());
    EXPECT_EQ(d.error->offset, d.data.size());
    EXPECT_NE(d.error->message.find(path), std::string::npos);
    EXPECT_NE(d.error->message.find("compressed offset"), std::string::npos) << d.error->message;
    if (cut == file.size() / 2) {
      EXPECT_GT(d.data.size(), 0u);
    }
    // The error is sticky.
    uint8_t b;
    Result<size_t> again = src->read(&b, 1);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kTruncated);
  }
}

TEST_P(FormatTest, CorruptBytesNeverCrash) {
  if (!compressed()) GTEST_SKIP();
  const Bytes data = make_data(200'000, 7);
  const Bytes file = compress(data);
  std::mt19937 rng(99);
  int errors = 0;
  for (int i = 0; i < 40; ++i) {
    Bytes bad = file;
    const size_t at = rng() % bad.size();
    bad[at] ^= static_cast<uint8_t>(1 + rng() % 255);
    Result<std::unique_ptr<ByteSource>> src = open_input(write("bad" + std::to_string(i), bad));
    ASSERT_TRUE(src.ok());  // the magic may break: then it reads as raw
    Drained d = drain(**src, {4096, 100'000});
    if (d.error) {
      ++errors;
      EXPECT_TRUE(d.error->code == ErrorCode::kCorruptCompressed ||
                  d.error->code == ErrorCode::kTruncated)
          << d.error->to_string();
    }
  }
  EXPECT_GT(errors, 20);  // most flips are caught by a checksum
}

TEST_P(FormatTest, ThreadedGivesSameBytes) {
  const Bytes data = make_data(2'000'000, 8);
  const Bytes file = compress(data);
  const std::string path = write("t.bin", file);
  for (size_t chunk : {size_t{4096}, size_t{1} << 20}) {
    auto src = make_threaded(open_ok(path), chunk, 2);
    ASSERT_TRUE(src);
    EXPECT_EQ(src->compression(), compression());
    EXPECT_EQ(src->compressed_size(), file.size());
    uint64_t last_pos = 0;
    Drained d;
    Bytes buf(10'000);
    for (;;) {
      Result<size_t> r = src->read(buf.data(), buf.size());
      ASSERT_TRUE(r.ok()) << r.error().to_string();
      if (*r == 0) break;
      d.data.insert(d.data.end(), buf.begin(), buf.begin() + *r);
      EXPECT_GE(src->compressed_position(), last_pos);
      last_pos = src->compressed_position();
    }
    EXPECT_TRUE(d.data == data);
    EXPECT_EQ(src->compressed_position(), file.size());
  }
}

TEST_P(FormatTest, ThreadedPropagatesTruncation) {
  if (!compressed()) GTEST_SKIP();
  const Bytes data = make_data(1'000'000, 9);
  Bytes file = compress(data);
  file.resize(file.size() * 2 / 3);
  const std::string path = write("tt.bin", file);
  auto plain = open_ok(path);
  ASSERT_TRUE(plain);
  Drained want = drain(*plain);
  ASSERT_TRUE(want.error);
  auto threaded = make_threaded(open_ok(path), 8192, 3);
  Drained got = drain(*threaded, {1000, 50'000});
  ASSERT_TRUE(got.error);
  EXPECT_TRUE(got.data == want.data);
  EXPECT_EQ(got.error->code, want.error->code);
  EXPECT_EQ(got.error->message, want.error->message);
  EXPECT_EQ(got.error->offset, want.error->offset);
}

INSTANTIATE_TEST_SUITE_P(AllFormats, FormatTest,
                         ::testing::Values(Format{Compression::kNone, "none", identity},
                                           Format{Compression::kGzip, "gzip", gzip_compress},
                                           Format{Compression::kBzip2, "bzip2", bzip2_compress},
                                           Format{Compression::kZstd, "zstd", zstd_compress},
                                           Format{Compression::kXz, "xz", xz_compress}),
                         [](const ::testing::TestParamInfo<Format>& info) {
                           return std::string(info.param.name);
                         });

// ---------------------------------------------------------------------------
// Format specifics.

TEST_F(InputTest, GzipTrailingGarbageIsIgnored) {
  const Bytes a = make_data(100'000, 10);
  const Bytes b = make_data(50'000, 11);
  for (const Bytes& tail : {bytes_of("garbage, not gzip"), Bytes(1000, 0), Bytes{0x1f}}) {
    auto src = open_ok(write("g.gz", concat({gzip_compress(a), gzip_compress(b), tail})));
    ASSERT_TRUE(src);
    Drained d = drain(*src);
    ASSERT_FALSE(d.error) << d.error->to_string();
    EXPECT_TRUE(d.data == concat({a, b}));
  }
}

TEST_F(InputTest, Bzip2MultiStreamAndTrailingGarbage) {
  const Bytes a = make_data(300'000, 12);
  const Bytes b = make_data(20'000, 13);
  auto src = open_ok(write(
      "m.bz2", concat({bzip2_compress(a, 9), bzip2_compress(b, 1), bytes_of("trailing junk")})));
  ASSERT_TRUE(src);
  EXPECT_EQ(src->compression(), Compression::kBzip2);
  Drained d = drain(*src);
  ASSERT_FALSE(d.error) << d.error->to_string();
  EXPECT_TRUE(d.data == concat({a, b}));
}

TEST_F(InputTest, GzipTruncatedInTrailerReturnsAllDataFirst) {
  const Bytes data = make_data(500'000, 14);
  Bytes file = gzip_compress(data);
  file.resize(file.size() - 4);  // drop ISIZE
  const std::string path = write("trailer.gz", file);
  auto src = open_ok(path);
  ASSERT_TRUE(src);
  Drained d = drain(*src);
  EXPECT_TRUE(d.data == data);
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, ErrorCode::kTruncated);
  EXPECT_EQ(d.error->offset, data.size());
  EXPECT_EQ(d.error->message,
            path + ": truncated gzip stream at compressed offset " + std::to_string(file.size()));
}

TEST_F(InputTest, GzipBadCrcIsCorrupt) {
  const Bytes data = make_data(100'000, 15);
  Bytes file = gzip_compress(data);
  file[file.size() - 8] ^= 0xff;  // CRC32
  auto src = open_ok(write("crc.gz", file));
  ASSERT_TRUE(src);
  Drained d = drain(*src);
  EXPECT_TRUE(d.data == data);
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, ErrorCode::kCorruptCompressed);
  EXPECT_NE(d.error->message.find("corrupt gzip stream at compressed offset"), std::string::npos)
      << d.error->message;
}

TEST_F(InputTest, Bzip2BadBlockIsCorruptAfterEarlierBlocks) {
  const Bytes data = make_data(1'000'000, 16);
  Bytes file = bzip2_compress(data, 1);
  file[file.size() * 3 / 4] ^= 0x55;
  auto src = open_ok(write("bad.bz2", file));
  ASSERT_TRUE(src);
  Drained d = drain(*src);
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, ErrorCode::kCorruptCompressed) << d.error->to_string();
  // libbz2 checks a block's CRC after handing out its bytes (as bzcat
  // does), so only the blocks before the damaged one are known good.
  const size_t good = static_cast<size_t>(
      std::mismatch(d.data.begin(), d.data.end(), data.begin()).first - d.data.begin());
  EXPECT_GT(good, data.size() / 2);
  EXPECT_LT(d.data.size(), data.size());
}

TEST_F(InputTest, Bzip2TruncationKeepsCompleteBlocks) {
  const Bytes data = make_data(1'000'000, 17);
  Bytes file = bzip2_compress(data, 1);  // 100k blocks
  file.resize(file.size() * 6 / 10);
  auto src = open_ok(write("cut.bz2", file));
  ASSERT_TRUE(src);
  Drained d = drain(*src);
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, ErrorCode::kTruncated);
  EXPECT_TRUE(is_prefix(d.data, data));
  EXPECT_GE(d.data.size(), 400'000u);
  EXPECT_NE(d.error->message.find("truncated bzip2 stream"), std::string::npos);
}

// ---------------------------------------------------------------------------
// Raw files, names, stdin.

TEST_F(InputTest, RawFileNamedGzIsRaw) {
  const Bytes data = bytes_of("plain text, whatever the name says\n");
  auto src = open_ok(write("not-really.gz", data));
  ASSERT_TRUE(src);
  EXPECT_EQ(src->compression(), Compression::kNone);
  EXPECT_TRUE(drain(*src).data == data);
}

TEST_F(InputTest, CompressedFileWithoutSuffixIsDetected) {
  const Bytes data = make_data(10'000, 18);
  auto src = open_ok(write("noext", zstd_compress(data)));
  ASSERT_TRUE(src);
  EXPECT_EQ(src->compression(), Compression::kZstd);
  EXPECT_TRUE(drain(*src).data == data);
}

TEST_F(InputTest, TinyRawFile) {
  const Bytes data = bytes_of("BZh");
  auto src = open_ok(write("tiny", data));
  ASSERT_TRUE(src);
  EXPECT_EQ(src->compression(), Compression::kNone);
  EXPECT_TRUE(drain(*src, {1}).data == data);
}

TEST_F(InputTest, EmptyFile) {
  auto src = open_ok(write("empty.bz2", {}));
  ASSERT_TRUE(src);
  EXPECT_EQ(src->compression(), Compression::kNone);
  EXPECT_EQ(src->compressed_size(), 0u);
  uint8_t b[16];
  Result<size_t> r = src->read(b, sizeof b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0u);
}

TEST_F(InputTest, RawLargeReadsAndPosition) {
  const Bytes data = make_data(3'500'000, 19);
  auto src = open_ok(write("big.raw", data));
  ASSERT_TRUE(src);
  Drained d = drain(*src, {1 << 20, 10, 1 << 21});
  EXPECT_TRUE(d.data == data);
  EXPECT_EQ(src->compressed_position(), data.size());
}

TEST_F(InputTest, MissingFileNamesPath) {
  const std::string path = (dir_ / "nope.gz").string();
  Result<std::unique_ptr<ByteSource>> r = open_input(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_NE(r.error().message.find(path), std::string::npos);
}

TEST_F(InputTest, DirectoryIsAnError) {
  Result<std::unique_ptr<ByteSource>> r = open_input(dir_.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
}

TEST_F(InputTest, DashReadsStdin) {
  const Bytes data = make_data(200'000, 20);
  const std::string path = write("stdin.gz", gzip_compress(data));
  const int saved = dup(STDIN_FILENO);
  ASSERT_GE(saved, 0);
  const int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(dup2(fd, STDIN_FILENO), STDIN_FILENO);
  ::close(fd);
  Drained d;
  Compression c = Compression::kNone;
  {
    auto src = open_ok("-");
    if (src) {
      c = src->compression();
      d = drain(*src);
    }
  }
  dup2(saved, STDIN_FILENO);
  ::close(saved);
  EXPECT_EQ(c, Compression::kGzip);
  EXPECT_FALSE(d.error);
  EXPECT_TRUE(d.data == data);
}

// ---------------------------------------------------------------------------
// Threaded wrapper.

TEST(ThreadedTest, DeliversDataThenError) {
  const Bytes data = make_data(100'000, 21);
  Error err = make_error(ErrorCode::kCorruptCompressed, "boom", 100'000);
  auto src = make_threaded(std::make_unique<MemorySource>(data, 5000, err), 4096, 2);
  Drained d = drain(*src, {333, 10'000});
  EXPECT_TRUE(d.data == data);
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, ErrorCode::kCorruptCompressed);
  EXPECT_EQ(d.error->message, "boom");
  EXPECT_EQ(d.error->offset, 100'000u);
  uint8_t b;
  EXPECT_FALSE(src->read(&b, 1).ok());  // sticky
}

TEST(ThreadedTest, TinyChunksAndZeroDepth) {
  const Bytes data = make_data(50'000, 22);
  auto src = make_threaded(std::make_unique<MemorySource>(data, 17), 1, 0);
  EXPECT_TRUE(drain(*src, {3, 1, 64}).data == data);
}

TEST(ThreadedTest, EmptyInner) {
  auto src = make_threaded(std::make_unique<MemorySource>(Bytes{}), 1024, 2);
  uint8_t b[8];
  Result<size_t> r = src->read(b, sizeof b);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0u);
  EXPECT_EQ(make_threaded(nullptr), nullptr);
}

TEST(ThreadedTest, DestroyMidStreamDoesNotHang) {
  for (int delay_ms : {0, 2}) {
    std::atomic<int> reads{0};
    const auto start = std::chrono::steady_clock::now();
    {
      auto src = make_threaded(
          std::make_unique<EndlessSource>(&reads, std::chrono::milliseconds(delay_ms)), 4096, 2);
      uint8_t buf[100];
      for (int i = 0; i < 10; ++i) ASSERT_TRUE(src->read(buf, sizeof buf).ok());
    }  // producer is blocked on a full queue (or mid-read) here
    const int after = reads.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    EXPECT_EQ(reads.load(), after) << "producer still running";
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  }
}

TEST(ThreadedTest, DestroyBeforeFirstRead) {
  std::atomic<int> reads{0};
  auto src = make_threaded(std::make_unique<EndlessSource>(&reads, std::chrono::milliseconds(0)),
                           1 << 16, 4);
  src.reset();
  SUCCEED();
}

// ---------------------------------------------------------------------------
// BufferedReader.

TEST(BufferedReaderTest, PeekLargerThanBuffer) {
  const Bytes data = make_data(5'000'000, 23);
  BufferedReader r(std::make_unique<MemorySource>(data, 100'000));
  Result<std::span<const uint8_t>> s = r.peek(3'000'000);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 3'000'000u);
  EXPECT_TRUE(std::equal(s->begin(), s->end(), data.begin()));
  r.consume(1);
  EXPECT_EQ(r.offset(), 1u);
  s = r.peek(4'000'000);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 4'000'000u);
  EXPECT_TRUE(std::equal(s->begin(), s->end(), data.begin() + 1));
  r.consume(4'000'000);
  s = r.peek(12);  // back to small records (the buffer shrinks)
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->size(), 12u);
  EXPECT_TRUE(std::equal(s->begin(), s->end(), data.begin() + 4'000'001));
  EXPECT_EQ(r.offset(), 4'000'001u);
}

TEST(BufferedReaderTest, PeekAtEndIsShort) {
  const Bytes data = make_data(100, 24);
  BufferedReader r(std::make_unique<MemorySource>(data, 7));
  Result<std::span<const uint8_t>> s = r.peek(1000);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->size(), 100u);
  r.consume(60);
  s = r.peek(1000);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->size(), 40u);
  EXPECT_TRUE(std::equal(s->begin(), s->end(), data.begin() + 60));
  r.consume(40);
  s = r.peek(1);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->size(), 0u);
  EXPECT_EQ(r.offset(), 100u);
  s = r.peek(0);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->size(), 0u);
}

// Length-prefixed records of mixed sizes, some larger than the buffer.
TEST(BufferedReaderTest, RecordWalkTracksOffsets) {
  std::mt19937 rng(25);
  Bytes stream;
  std::vector<size_t> lengths;
  for (int i = 0; i < 3000; ++i) {
    size_t len = rng() % 300;
    if (i % 1000 == 500) len = 2'500'000;
    lengths.push_back(len);
    for (int b = 3; b >= 0; --b) stream.push_back(static_cast<uint8_t>(len >> (8 * b)));
    for (size_t k = 0; k < len; ++k) stream.push_back(static_cast<uint8_t>(i + k));
  }
  BufferedReader r(std::make_unique<MemorySource>(stream, 70'000));
  uint64_t expect_offset = 0;
  for (size_t i = 0; i < lengths.size(); ++i) {
    Result<std::span<const uint8_t>> head = r.peek(4);
    ASSERT_TRUE(head.ok());
    ASSERT_EQ(head->size(), 4u);
    const size_t len = (size_t{(*head)[0]} << 24) | (size_t{(*head)[1]} << 16) |
                       (size_t{(*head)[2]} << 8) | (*head)[3];
    ASSERT_EQ(len, lengths[i]);
    Result<std::span<const uint8_t>> rec = r.peek(4 + len);
    ASSERT_TRUE(rec.ok());
    ASSERT_EQ(rec->size(), 4 + len);
    ASSERT_TRUE(
        std::equal(rec->begin(), rec->end(), stream.begin() + static_cast<long>(expect_offset)));
    r.consume(4 + len);
    expect_offset += 4 + len;
    ASSERT_EQ(r.offset(), expect_offset);
  }
  Result<std::span<const uint8_t>> end = r.peek(4);
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(end->size(), 0u);
}

// Peeking close to the capacity while consuming a byte at a time must stay
// correct (and linear: compaction is bounded by what was consumed).
TEST(BufferedReaderTest, SlidingLargePeek) {
  const Bytes data = make_data(1'200'000, 26);
  BufferedReader r(std::make_unique<MemorySource>(data, 50'000));
  const size_t window = 1 << 20;
  for (size_t at = 0; at < 20'000; ++at) {
    Result<std::span<const uint8_t>> s = r.peek(window);
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s->size(), std::min(window, data.size() - at));
    ASSERT_EQ((*s)[0], data[at]);
    ASSERT_EQ(s->back(), data[at + s->size() - 1]);
    r.consume(97);
    at += 96;
  }
}

TEST(BufferedReaderTest, PropagatesSourceError) {
  const Bytes data = make_data(10'000, 27);
  Error err = make_error(ErrorCode::kTruncated, "cut", 10'000);
  BufferedReader r(std::make_unique<MemorySource>(data, 999, err));
  Result<std::span<const uint8_t>> s = r.peek(10'000);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->size(), 10'000u);
  r.consume(9'990);
  s = r.peek(20);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kTruncated);
  EXPECT_EQ(r.offset(), 9'990u);
}

TEST_F(InputTest, BufferedReaderOverThreadedGzip) {
  const Bytes data = make_data(3'000'000, 28);
  auto src = make_threaded(open_ok(write("br.gz", gzip_compress(data))));
  BufferedReader r(std::move(src));
  Bytes out;
  for (;;) {
    Result<std::span<const uint8_t>> s = r.peek(123'457);
    ASSERT_TRUE(s.ok());
    if (s->empty()) break;
    out.insert(out.end(), s->begin(), s->end());
    r.consume(s->size());
  }
  EXPECT_TRUE(out == data);
  EXPECT_EQ(r.offset(), data.size());
  EXPECT_EQ(r.source().compression(), Compression::kGzip);
}

}  // namespace
}  // namespace vigil::io

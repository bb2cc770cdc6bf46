#include "core/byte_reader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace vigil {
namespace {

Bytes B(const std::vector<uint8_t>& v) { return Bytes(v.data(), v.size()); }

TEST(ByteReaderTest, ReadsBigEndian) {
  const std::vector<uint8_t> d = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
                                  0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13};
  ByteReader r(B(d));
  uint8_t a;
  uint16_t b;
  uint32_t c;
  uint64_t e;
  ASSERT_TRUE(r.u8(a));
  EXPECT_EQ(a, 0x01);
  ASSERT_TRUE(r.u16(b));
  EXPECT_EQ(b, 0x0203);
  ASSERT_TRUE(r.u32(c));
  EXPECT_EQ(c, 0x04050607u);
  ASSERT_TRUE(r.u64(e));
  EXPECT_EQ(e, 0x08090a0b0c0d0e0full);
  EXPECT_EQ(r.position(), 15u);
  EXPECT_EQ(r.remaining(), 4u);
  EXPECT_FALSE(r.empty());
}

TEST(ByteReaderTest, HighBitsSurvive) {
  const std::vector<uint8_t> d(8, 0xff);
  ByteReader r(B(d));
  uint64_t v;
  ASSERT_TRUE(r.u64(v));
  EXPECT_EQ(v, UINT64_MAX);
  ByteReader r2(B(d));
  uint32_t w;
  ASSERT_TRUE(r2.u32(w));
  EXPECT_EQ(w, 0xffffffffu);
  uint16_t h;
  ASSERT_TRUE(r2.u16(h));
  EXPECT_EQ(h, 0xffff);
}

TEST(ByteReaderTest, StaticLoads) {
  const uint8_t p[] = {0xde, 0xad, 0xbe, 0xef};
  EXPECT_EQ(ByteReader::load_u32(p), 0xdeadbeefu);
  EXPECT_EQ(ByteReader::load_u16(p), 0xdead);
  EXPECT_EQ(ByteReader::load_u16(p + 2), 0xbeef);
}

TEST(ByteReaderTest, DefaultIsEmpty) {
  ByteReader r;
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.remaining(), 0u);
  uint8_t v;
  EXPECT_FALSE(r.u8(v));
  Bytes b;
  EXPECT_TRUE(r.bytes(0, b));
  EXPECT_TRUE(b.empty());
}

// Every read that needs more than what is left fails, leaves the position
// unchanged and does not touch the output. Data sits in an exactly sized heap
// block so an over-read is caught by ASan.
TEST(ByteReaderTest, EveryReadPastEndFailsAndKeepsPosition) {
  for (size_t size = 0; size <= 10; ++size) {
    std::vector<uint8_t> storage(size);
    // (GCC 12 warns about the size == 0 iteration, which writes nothing.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overflow"
    for (size_t i = 0; i < size; ++i) storage[i] = static_cast<uint8_t>(0xa0 + i);
#pragma GCC diagnostic pop
    const Bytes data(storage.data(), size);
    for (size_t pos = 0; pos <= size; ++pos) {
      ByteReader r(data);
      ASSERT_TRUE(r.skip(pos));
      const size_t left = size - pos;
      auto unchanged = [&] {
        EXPECT_EQ(r.position(), pos) << "size " << size;
        EXPECT_EQ(r.remaining(), left);
      };
      if (left < 1) {
        uint8_t v = 0x5a;
        EXPECT_FALSE(r.u8(v));
        EXPECT_EQ(v, 0x5a);
        unchanged();
      }
      if (left < 2) {
        uint16_t v = 0x5a5a;
        EXPECT_FALSE(r.u16(v));
        EXPECT_EQ(v, 0x5a5a);
        unchanged();
      }
      if (left < 4) {
        uint32_t v = 0x5a5a5a5a;
        EXPECT_FALSE(r.u32(v));
        EXPECT_EQ(v, 0x5a5a5a5au);
        unchanged();
      }
      if (left < 8) {
        uint64_t v = 0x5a;
        EXPECT_FALSE(r.u64(v));
        EXPECT_EQ(v, 0x5au);
        unchanged();
      }
      for (size_t n = left + 1; n <= left + 3; ++n) {
        Bytes b;
        EXPECT_FALSE(r.bytes(n, b));
        EXPECT_TRUE(b.empty());
        unchanged();
        uint8_t dst[16] = {0x77};
        EXPECT_FALSE(r.copy(dst, n));
        EXPECT_EQ(dst[0], 0x77);
        unchanged();
        EXPECT_FALSE(r.skip(n));
        unchanged();
        ByteReader sub(data);
        ASSERT_TRUE(sub.skip(size > 0 ? 1 : 0));
        EXPECT_FALSE(r.take(n, sub));
        EXPECT_EQ(sub.position(), size > 0 ? 1u : 0u);  // out untouched
        unchanged();
      }
      // A huge length never wraps around.
      Bytes b;
      EXPECT_FALSE(r.bytes(SIZE_MAX, b));
      EXPECT_FALSE(r.skip(SIZE_MAX));
      unchanged();
      // Reads that fit succeed and move exactly by their size.
      Bytes all;
      ASSERT_TRUE(r.bytes(left, all));
      EXPECT_EQ(all.size(), left);
      EXPECT_TRUE(r.empty());
    }
  }
}

TEST(ByteReaderTest, BytesCopySkip) {
  const std::vector<uint8_t> d = {1, 2, 3, 4, 5, 6};
  ByteReader r(B(d));
  Bytes b;
  ASSERT_TRUE(r.bytes(2, b));
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0], 1);
  EXPECT_EQ(b.data(), d.data());  // no copy: a span into the input
  uint8_t dst[2];
  ASSERT_TRUE(r.copy(dst, 2));
  EXPECT_EQ(dst[0], 3);
  EXPECT_EQ(dst[1], 4);
  ASSERT_TRUE(r.skip(1));
  EXPECT_EQ(r.rest().size(), 1u);
  EXPECT_EQ(r.rest()[0], 6);
  EXPECT_EQ(r.whole().size(), 6u);
  ASSERT_TRUE(r.skip(1));
  EXPECT_TRUE(r.empty());
  EXPECT_TRUE(r.rest().empty());
  EXPECT_TRUE(r.skip(0));
  EXPECT_TRUE(r.bytes(0, b));
}

TEST(ByteReaderTest, TakeCutsSubReader) {
  // Length-prefixed inner field of 3 octets followed by 2 outer octets.
  const std::vector<uint8_t> d = {0x03, 0xaa, 0xbb, 0xcc, 0xdd, 0xee};
  ByteReader r(B(d));
  uint8_t len;
  ASSERT_TRUE(r.u8(len));
  ByteReader inner;
  ASSERT_TRUE(r.take(len, inner));
  EXPECT_EQ(r.position(), 4u);
  EXPECT_EQ(inner.position(), 0u);
  EXPECT_EQ(inner.remaining(), 3u);
  EXPECT_EQ(inner.whole().size(), 3u);

  // The sub-reader cannot reach past its cut even though the parent has more.
  uint32_t too_far;
  EXPECT_FALSE(inner.u32(too_far));
  uint16_t two;
  ASSERT_TRUE(inner.u16(two));
  EXPECT_EQ(two, 0xaabb);
  uint16_t again;
  EXPECT_FALSE(inner.u16(again));
  EXPECT_EQ(inner.position(), 2u);
  uint8_t last;
  ASSERT_TRUE(inner.u8(last));
  EXPECT_EQ(last, 0xcc);
  EXPECT_TRUE(inner.empty());

  // The parent continues after the cut.
  uint16_t outer;
  ASSERT_TRUE(r.u16(outer));
  EXPECT_EQ(outer, 0xddee);
  EXPECT_TRUE(r.empty());
}

TEST(ByteReaderTest, NestedTakes) {
  const std::vector<uint8_t> d = {1, 2, 3, 4, 5, 6, 7, 8};
  ByteReader r(B(d));
  ByteReader a, b;
  ASSERT_TRUE(r.take(6, a));
  ASSERT_TRUE(a.skip(1));
  ASSERT_TRUE(a.take(3, b));
  EXPECT_EQ(b.rest()[0], 2);
  EXPECT_FALSE(b.skip(4));
  ASSERT_TRUE(b.skip(3));
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(a.remaining(), 2u);
  EXPECT_EQ(r.remaining(), 2u);
  ByteReader zero;
  ASSERT_TRUE(r.take(0, zero));
  EXPECT_TRUE(zero.empty());
  EXPECT_EQ(r.remaining(), 2u);
}

}  // namespace
}  // namespace vigil

// The leaf encoding (evidence_record.h) and CRC-32C (crc32c.h): round trips,
// the exact octets of a known record, every truncation and every bad field
// rejected with its offset, canonical form (decode then encode gives the
// input back); CRC-32C against the RFC 3720 / iSCSI check values, both
// implementations agreeing.
#include "evidence/evidence_record.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "evidence/crc32c.h"
#include "evidence_test_util.h"

namespace vigil::evidence {
namespace {

Bytes bytes_of(const std::string& s) {
  return Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

TEST(Crc32c, CheckValues) {
  // RFC 3720 §B.4 and the common "123456789" check value.
  EXPECT_EQ(crc32c(bytes_of("123456789")), 0xE3069283u);
  std::vector<uint8_t> zeros(32, 0), ones(32, 0xff), inc(32), dec(32);
  for (int i = 0; i < 32; ++i) {
    inc[i] = static_cast<uint8_t>(i);
    dec[i] = static_cast<uint8_t>(31 - i);
  }
  EXPECT_EQ(crc32c(zeros), 0x8A9136AAu);
  EXPECT_EQ(crc32c(ones), 0x62A8AB43u);
  EXPECT_EQ(crc32c(inc), 0x46DD794Eu);
  EXPECT_EQ(crc32c(dec), 0x113FDB5Cu);
  EXPECT_EQ(crc32c(Bytes()), 0u);
}

TEST(Crc32c, HardwareAndTableAgreeAndExtendConcatenates) {
  std::mt19937 rng(7);
  for (size_t n = 0; n < 300; ++n) {
    std::vector<uint8_t> v(n);
    for (auto& b : v) b = static_cast<uint8_t>(rng());
    ASSERT_EQ(crc32c(v), detail::crc32c_portable(v)) << "length " << n;
    const size_t cut = n / 3;
    EXPECT_EQ(crc32c_extend(crc32c(Bytes(v).first(cut)), Bytes(v).subspan(cut)), crc32c(v));
  }
}

TEST(EvidenceRecord, KnownEncoding) {
  const uint8_t raw[] = {0xde, 0xad};
  const RecordView r{"rrc00", 0x0102030405060708ull, RecordKind::kBgpMessage, raw};
  auto enc = encode_record(r);
  ASSERT_TRUE(enc.ok());
  const std::vector<uint8_t> want = {0x01, 0x02,  // version, kind
                                     0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,  // time
                                     0x00, 0x05, 'r',  'r',  'c',  '0',  '0',         // source
                                     0x00, 0x00, 0x00, 0x02, 0xde, 0xad};             // raw
  EXPECT_EQ(*enc, want);
  EXPECT_EQ(encoded_record_size(r), want.size());
}

TEST(EvidenceRecord, RoundTripsAndIsCanonical) {
  for (uint64_t i = 0; i < 200; ++i) {
    const EvidenceRecord r = test::record_for(i);
    auto enc = encode_record(r.view());
    ASSERT_TRUE(enc.ok()) << enc.error().to_string();
    auto dec = decode_record(*enc);
    ASSERT_TRUE(dec.ok()) << dec.error().to_string();
    EXPECT_EQ(EvidenceRecord::from(*dec), r);
    EXPECT_EQ(*encode_record(*dec), *enc);
  }
  // Limits are inclusive.
  EvidenceRecord big;
  big.source = std::string(kMaxSourceBytes, 's');
  big.raw.assign(kMaxRawBytes, 0x42);
  auto enc = encode_record(big.view());
  ASSERT_TRUE(enc.ok());
  EXPECT_EQ(enc->size(), kMaxLeafBytes);
  auto dec = decode_record(*enc);
  ASSERT_TRUE(dec.ok());
  EXPECT_EQ(EvidenceRecord::from(*dec), big);
}

TEST(EvidenceRecord, InvalidRecordsAreRefused) {
  const uint8_t raw[] = {1};
  EXPECT_EQ(encode_record({"", 0, RecordKind::kMrtRecord, raw}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(encode_record({"x", 0, RecordKind::kMrtRecord, {}}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(encode_record({"x", 0, static_cast<RecordKind>(9), raw}).error().code,
            ErrorCode::kInvalidArgument);
  const std::string long_source(kMaxSourceBytes + 1, 's');
  EXPECT_FALSE(encode_record({long_source, 0, RecordKind::kMrtRecord, raw}).ok());
  std::vector<uint8_t> huge(kMaxRawBytes + 1);
  EXPECT_FALSE(encode_record({"x", 0, RecordKind::kMrtRecord, huge}).ok());
}

TEST(EvidenceRecord, EveryTruncationIsAnErrorWithItsOffset) {
  const auto enc = *encode_record(test::record_for(5).view());
  for (size_t n = 0; n < enc.size(); ++n) {
    auto dec = decode_record(Bytes(enc).first(n));
    ASSERT_FALSE(dec.ok()) << "prefix of " << n;
    EXPECT_EQ(dec.error().code, ErrorCode::kTruncated) << n;
    EXPECT_LE(dec.error().offset, n) << dec.error().to_string();
  }
}

TEST(EvidenceRecord, BadFieldsAreNamedWithOffsets) {
  const auto good = *encode_record(test::record_for(3).view());
  auto with = [&](size_t at, uint8_t v) {
    auto b = good;
    b[at] = v;
    return b;
  };
  auto e = decode_record(with(0, 2));
  EXPECT_EQ(e.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(e.error().offset, 0u);
  e = decode_record(with(1, 0));
  EXPECT_EQ(e.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(e.error().offset, 1u);
  EXPECT_NE(e.error().message.find("kind"), std::string::npos);
  // Source length 0.
  auto b = with(10, 0);
  b[11] = 0;
  e = decode_record(b);
  EXPECT_EQ(e.error().offset, 10u);
  // Trailing octet.
  b = good;
  b.push_back(0);
  e = decode_record(b);
  EXPECT_EQ(e.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(e.error().offset, good.size());
  // Raw length 0 and too large.
  const size_t raw_len_at = 12 + (good[10] << 8 | good[11]);
  b = good;
  for (int k = 0; k < 4; ++k) b[raw_len_at + k] = 0;
  e = decode_record(b);
  EXPECT_EQ(e.error().offset, raw_len_at);
  b = good;
  b[raw_len_at] = 0x7f;
  e = decode_record(b);
  EXPECT_EQ(e.error().code, ErrorCode::kMalformed);
  EXPECT_EQ(e.error().offset, raw_len_at);
}

}  // namespace
}  // namespace vigil::evidence

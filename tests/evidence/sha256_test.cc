// SHA-256 against FIPS 180-2 examples, one-shot vs incremental at every
// split, hash_from_bytes; hex and base64 (RFC 4648 §10 vectors) both ways
// and their errors.
#include "evidence/sha256.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "evidence/encoding.h"

namespace vigil::evidence {
namespace {

Bytes bytes_of(std::string_view s) {
  return Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

TEST(Sha256, Fips180Examples) {
  EXPECT_EQ(to_hex(sha256(Bytes())),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(sha256(bytes_of("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256(bytes_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const std::string million(1000000, 'a');
  EXPECT_EQ(to_hex(sha256(bytes_of(million))),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, IncrementalEqualsOneShotAtEverySplit) {
  std::string msg;
  for (int i = 0; i < 200; ++i) msg.push_back(static_cast<char>(i * 7 + 3));
  const Hash want = sha256(bytes_of(msg));
  Sha256 s;
  for (size_t cut = 0; cut <= msg.size(); ++cut) {
    const std::string_view v(msg);
    s.update(bytes_of(v.substr(0, cut))).update(bytes_of(v.substr(cut)));
    ASSERT_EQ(s.finish(), want) << "split at " << cut;  // finish() also resets
  }
  const Bytes parts[3] = {bytes_of(std::string_view(msg).substr(0, 5)),
                          bytes_of(std::string_view(msg).substr(5, 100)),
                          bytes_of(std::string_view(msg).substr(105))};
  EXPECT_EQ(sha256(std::span<const Bytes>(parts)), want);
  EXPECT_NE(sha256(bytes_of(msg.substr(1))), want);
}

TEST(Sha256, MovedObjectKeepsItsState) {
  Sha256 a;
  a.update(bytes_of("ab"));
  Sha256 b(std::move(a));
  b.update(bytes_of("c"));
  EXPECT_EQ(b.finish(), sha256(bytes_of("abc")));
}

TEST(Sha256, HashFromBytesNeedsExactly32) {
  std::vector<uint8_t> v(32, 7);
  auto h = hash_from_bytes(v);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ((*h)[31], 7);
  for (size_t n : {0u, 1u, 12u, 31u, 33u, 64u}) {
    v.assign(n, 1);
    auto r = hash_from_bytes(v, "root1");
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
    EXPECT_EQ(r.error().message, "root1 is " + std::to_string(n) + " bytes, expected 32");
  }
}

TEST(Encoding, HexRoundTripAndErrors) {
  const std::vector<uint8_t> v = {0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(hex_encode(v), "0001abff");
  auto d = hex_decode("0001ABff");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, v);
  EXPECT_TRUE(hex_decode("").ok());
  auto odd = hex_decode("abc");
  ASSERT_FALSE(odd.ok());
  EXPECT_NE(odd.error().message.find("odd"), std::string::npos);
  auto bad = hex_decode("00g0");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().offset, 2u);
}

TEST(Encoding, Base64Rfc4648Vectors) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, coded] : cases) {
    EXPECT_EQ(base64_encode(bytes_of(plain)), coded);
    auto d = base64_decode(coded);
    ASSERT_TRUE(d.ok()) << coded << ": " << d.error().to_string();
    EXPECT_EQ(std::string(d->begin(), d->end()), plain);
  }
  // Every byte value and every length 0..66 round-trips.
  std::vector<uint8_t> all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<uint8_t>(i));
  for (size_t n = 0; n <= 66; ++n) {
    const std::vector<uint8_t> v(all.begin() + n, all.begin() + 2 * n);
    auto d = base64_decode(base64_encode(v));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(*d, v);
  }
}

TEST(Encoding, Base64RejectsNonCanonicalInput) {
  for (std::string_view bad : {"Zg", "Zg=", "Zg===", "Z===", "====", "Zm9v!A==", "Zg==Zg==", "Zh==",
                               "Zm9=", "Zm=v", "Zm9v\n"}) {
    auto d = base64_decode(bad);
    EXPECT_FALSE(d.ok()) << "'" << bad << "' decoded";
    if (!d.ok()) {
      EXPECT_EQ(d.error().code, ErrorCode::kMalformed) << bad;
    }
  }
}

}  // namespace
}  // namespace vigil::evidence

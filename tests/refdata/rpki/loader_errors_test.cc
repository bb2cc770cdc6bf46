// Malformed VRP files: truncated or broken JSON, wrong types, bad prefixes,
// maxLengths and ASNs, bad CSV. Each error names the source, the location
// (JSON path, JSON line:column, CSV line) and what was wrong; nothing
// crashes on any prefix of a real file or on mutated bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "refdata/rpki/load.h"
#include "rpki_test_util.h"
#include "support/test_data.h"

namespace vigil::refdata::rpki {
namespace {

std::string error_of(std::string_view text, std::string_view source = "in.json") {
  const Result<RpkiData> r = parse_rpki(text, source);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? std::string() : r.error().message;
}

// `text` is one roa object inside {"roas": [ <ok>, <text> ]}.
std::string roa_error(const std::string& roa) {
  return error_of(R"({"roas": [{"asn": 1, "prefix": "10.0.0.0/8", "maxLength": 8}, )" + roa + "]}");
}

#define EXPECT_HAS(haystack, needle)                               \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) \
      << "expected \"" << (needle) << "\" in: " << (haystack)

TEST(RpkiLoaderErrors, WrongTypes) {
  EXPECT_HAS(roa_error(R"({"asn": true, "prefix": "10.0.0.0/8"})"),
             "in.json: roas[1].asn: expected an AS number, found a boolean");
  EXPECT_HAS(roa_error(R"({"asn": 1.5, "prefix": "10.0.0.0/8"})"),
             "roas[1].asn: expected an AS number, found a non-integer number");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": 10})"),
             "roas[1].prefix: expected a string, found an integer");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "10.0.0.0/8", "maxLength": "x"})"),
             "roas[1].maxLength: 'x' is not an integer");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "10.0.0.0/8", "maxLength": null})"),
             "roas[1].maxLength: expected an integer, found null");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "10.0.0.0/8", "ta": 5})"),
             "roas[1].ta: expected a string, found an integer");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "10.0.0.0/8", "expires": "soon"})"),
             "roas[1].expires: 'soon' is not an integer");
  EXPECT_HAS(roa_error(R"("10.0.0.0/8")"), "roas[1]: expected an object, found a string");
  EXPECT_HAS(roa_error(R"({"prefix": "10.0.0.0/8"})"), "roas[1]: no \"asn\" member");
  EXPECT_HAS(roa_error(R"({"asn": 1})"), "roas[1]: no \"prefix\" member");
  EXPECT_HAS(error_of(R"({"roas": {}})"), "in.json: roas: expected an array, found an object");
  const Result<RpkiData> scalar = parse_rpki_json(R"("roas")", "in.json");
  ASSERT_FALSE(scalar.ok());
  EXPECT_HAS(scalar.error().message, "in.json: expected an object with \"roas\"");
  EXPECT_HAS(error_of(R"({"metadata": {}})"),
             "no \"roas\", \"aspas\" or \"provider_authorizations\"");
}

TEST(RpkiLoaderErrors, BadPrefixes) {
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "10.0.0.0/33"})"),
             "roas[1].prefix: '10.0.0.0/33' is not an IP prefix");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "300.0.0.0/8"})"),
             "'300.0.0.0/8' is not an IP prefix");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "10.0.0.0"})"),
             "'10.0.0.0' is not an IP prefix (no /length)");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "10.0.0.0/"})"), "is not an IP prefix");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "2001:db8::/129"})"), "is not an IP prefix");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "2001:db8:::/32"})"), "is not an IP prefix");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": ""})"), "is not an IP prefix");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "10.0.0.1/8"})"),
             "roas[1].prefix: '10.0.0.1/8' has host bits set (the prefix would be 10.0.0.0/8)");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "2001:db8::1/32"})"),
             "has host bits set (the prefix would be 2001:db8::/32)");
}

TEST(RpkiLoaderErrors, BadMaxLength) {  // RFC 6482 §3.3
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "10.0.0.0/16", "maxLength": 8})"),
             "roas[1].maxLength: maxLength 8 is less than the prefix length 16 (RFC 6482 §3.3)");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "10.0.0.0/16", "maxLength": 33})"),
             "maxLength 33 is more than 32, the IPv4 address length");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "2001:db8::/32", "maxLength": 129})"),
             "maxLength 129 is more than 128, the IPv6 address length");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "10.0.0.0/16", "maxLength": -1})"),
             "maxLength -1 is less than the prefix length 16");
  EXPECT_HAS(roa_error(R"({"asn": 1, "prefix": "10.0.0.0/16", "maxLength": 100000})"),
             "roas[1].maxLength: integer 100000 is out of range");
  // Edges that are fine.
  EXPECT_TRUE(parse_rpki(R"({"roas": [{"asn": 1, "prefix": "10.0.0.0/16", "maxLength": 16},
      {"asn": 1, "prefix": "10.0.0.0/16", "maxLength": 32},
      {"asn": 1, "prefix": "0.0.0.0/0", "maxLength": 0},
      {"asn": 1, "prefix": "::/0", "maxLength": 128},
      {"asn": 1, "prefix": "2001:db8::1/128", "maxLength": 128}]})",
                         "ok")
                  .ok());
}

TEST(RpkiLoaderErrors, BadAsns) {
  EXPECT_HAS(roa_error(R"({"asn": -1, "prefix": "10.0.0.0/8"})"),
             "roas[1].asn: AS number -1 is negative");
  EXPECT_HAS(roa_error(R"({"asn": 4294967296, "prefix": "10.0.0.0/8"})"),
             "roas[1].asn: AS number 4294967296 is out of range");
  EXPECT_HAS(roa_error(R"({"asn": 18446744073709551615, "prefix": "10.0.0.0/8"})"),
             "is out of range");
  EXPECT_HAS(roa_error(R"({"asn": "ASX", "prefix": "10.0.0.0/8"})"),
             "roas[1].asn: AS number 'ASX' is not a number");
  EXPECT_HAS(roa_error(R"({"asn": "AS4294967296", "prefix": "10.0.0.0/8"})"), "out of range");
  EXPECT_HAS(roa_error(R"({"asn": "", "prefix": "10.0.0.0/8"})"), "AS number '' is empty");
}

TEST(RpkiLoaderErrors, BadAspas) {
  EXPECT_HAS(error_of(R"({"aspas": [{"customer": "AS1", "providers": "AS2"}]})"),
             "in.json: aspas[0].providers: expected an array, found a string");
  EXPECT_HAS(error_of(R"({"aspas": [{"providers": [1]}]})"),
             "aspas[0]: no \"customer_asid\" or \"customer\" member");
  EXPECT_HAS(error_of(R"({"aspas": [{"customer_asid": 1}]})"), "aspas[0]: no \"providers\" member");
  EXPECT_HAS(error_of(R"({"aspas": [{"customer_asid": 1, "providers": [2, "ASY"]}]})"),
             "aspas[0].providers[1]: AS number 'ASY' is not a number");
  EXPECT_HAS(error_of(R"({"aspas": [{"customer": "AS-1", "providers": [2]}]})"),
             "aspas[0].customer: AS number 'AS-1' is not a number");
  EXPECT_HAS(error_of(R"({"aspas": [{"customer": 1, "afi": "ipx", "providers": [2]}]})"),
             "aspas[0].afi: 'ipx' is not \"ipv4\" or \"ipv6\"");
  EXPECT_HAS(
      error_of(R"({"provider_authorizations": {"ipv4": [{"customer_asid": 1, "providers": {}}]}})"),
      "provider_authorizations.ipv4[0].providers: expected an array, found an object");
  EXPECT_HAS(error_of(R"({"provider_authorizations": {"ipv6": 3}})"),
             "provider_authorizations.ipv6: expected an array, found an integer");
}

TEST(RpkiLoaderErrors, SyntaxErrorsHaveLineAndColumn) {
  const std::string broken =
      "{\n"
      "  \"roas\": [\n"
      "    {\"asn\": 1, \"prefix\": \"10.0.0.0/8\" \"maxLength\": 8}\n"
      "  ]\n"
      "}\n";
  const Result<RpkiData> r = parse_rpki(broken, "vrps.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
  EXPECT_HAS(r.error().message, "vrps.json:3:39: JSON syntax error: expected ',' or '}'");
  EXPECT_EQ(r.error().offset, broken.find("\"maxLength\""));
  EXPECT_HAS(error_of("{\"roas\": [}"),
             "in.json:1:11: JSON syntax error: expected a value, found '}'");
}

TEST(RpkiLoaderErrors, TruncatedRealFile) {
  VIGIL_REQUIRE_DATA();
  const std::string text =
      test::read_file(vigil::test::data_dir() + "/rpki/stayrtr/test.rpki.json");
  const std::string cut = text.substr(0, text.find("\"2001:610::/29\""));  // inside roas[9]
  const Result<RpkiData> r = parse_rpki(cut, "test.rpki.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kTruncated);
  EXPECT_EQ(r.error().offset, cut.size());
  const size_t lines = static_cast<size_t>(std::count(cut.begin(), cut.end(), '\n')) + 1;
  EXPECT_HAS(r.error().message, "test.rpki.json:" + std::to_string(lines) + ":");
  EXPECT_HAS(r.error().message, "JSON syntax error: input ends");
  EXPECT_HAS(r.error().message, "opened at line");
}

// No crash, no hang, and a clean error or result, for every prefix of a
// real file and for random single-byte mutations (run under ASan/UBSan by
// `make test`).
TEST(RpkiLoaderErrors, EveryPrefixAndMutationsOfARealFile) {
  VIGIL_REQUIRE_DATA();
  const std::string text =
      test::read_file(vigil::test::data_dir() + "/rpki/stayrtr/test.rpki.json");
  size_t ok = 0;
  for (size_t n = 0; n <= text.size(); ++n) {
    const Result<RpkiData> r = parse_rpki(std::string_view(text).substr(0, n), "t");
    if (r.ok()) {
      ++ok;
    } else {
      EXPECT_FALSE(r.error().message.empty());
    }
  }
  EXPECT_GE(ok, 1u);  // the whole file (and the file minus trailing blanks)
  std::mt19937 rng(6811);
  const char kBytes[] = "{}[],:\"0123456789-./aAS \n\\\x00\xff";
  for (int i = 0; i < 3000; ++i) {
    std::string m = text;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) m[rng() % m.size()] = kBytes[rng() % (sizeof(kBytes) - 1)];
    const Result<RpkiData> r = parse_rpki(m, "t");
    if (!r.ok()) {
      EXPECT_FALSE(r.error().message.empty());
    }
  }
}

TEST(RpkiLoaderErrors, Csv) {
  const Result<RpkiData> h = parse_rpki("ASN,Prefix Length\n1,2\n", "a.csv");
  ASSERT_FALSE(h.ok());
  EXPECT_HAS(h.error().message, "a.csv:1: not a VRP CSV header");
  const std::string csv =
      "ASN,IP Prefix,Max Length,Trust Anchor\n"
      "AS1,10.0.0.0/8,8,ripe\n"
      "AS2,10.0.0.0/8,x,ripe\n";
  const Result<RpkiData> r = parse_rpki(csv, "v.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "v.csv:3: column \"Max Length\": 'x' is not an integer");
  EXPECT_EQ(r.error().offset, csv.find("AS2"));
  EXPECT_HAS(error_of("ASN,IP Prefix,Max Length,Trust Anchor\nAS1,10.0.0.0/8,4,ripe\n", "v.csv"),
             "v.csv:2: column \"Max Length\": maxLength 4 is less than the prefix length 8");
  EXPECT_HAS(error_of("ASN,IP Prefix,Max Length,Trust Anchor\nASX,10.0.0.0/8,8,ripe\n", "v.csv"),
             "v.csv:2: column \"ASN\": AS number 'ASX' is not a number");
  EXPECT_HAS(error_of("ASN,IP Prefix,Max Length,Trust Anchor\nAS1,10.0.0.1/8,8,ripe\n", "v.csv"),
             "v.csv:2: column \"IP Prefix\": '10.0.0.1/8' has host bits set");
  EXPECT_HAS(error_of("ASN,IP Prefix,Max Length,Trust Anchor\nAS1,10.0.0.0/8,8\n", "v.csv"),
             "v.csv:2: expected 4 fields as in the header, found 3");
  EXPECT_HAS(error_of("\"ASN\",\"IP Prefix\"\n\"AS1,10.0.0.0/8\n", "v.csv"),
             "v.csv:2: unterminated quoted field");
}

TEST(RpkiLoaderErrors, UnknownOrEmptyContent) {
  const Result<RpkiData> u = parse_rpki("hello world\n", "x.txt");
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().code, ErrorCode::kUnsupported);
  EXPECT_HAS(u.error().message, "x.txt: unrecognised content");
  EXPECT_HAS(error_of("", "e.json"), "e.json: empty input");
  EXPECT_HAS(error_of(" \n\t ", "e.json"), "e.json: empty input");
  // A JSON parser error the scanner cannot place (invalid UTF-8 in a string).
  EXPECT_HAS(error_of("{\"roas\": [{\"asn\": 1, \"prefix\": \"\xff\"}]}", "u.json"),
             "u.json: JSON error: ");
}

}  // namespace
}  // namespace vigil::refdata::rpki

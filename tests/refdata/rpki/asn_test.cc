// parse_asn: the three ASN spellings seen in VRP files ("13335", "AS2914",
// a JSON integer is tested with the loaders), asdot, and what is rejected.
#include "refdata/rpki/asn.h"

#include <gtest/gtest.h>

namespace vigil::refdata::rpki {
namespace {

TEST(ParseAsn, Spellings) {
  EXPECT_EQ(*parse_asn("13335"), 13335u);
  EXPECT_EQ(*parse_asn("AS2914"), 2914u);
  EXPECT_EQ(*parse_asn("as2914"), 2914u);
  EXPECT_EQ(*parse_asn("As2914"), 2914u);
  EXPECT_EQ(*parse_asn("0"), 0u);
  EXPECT_EQ(*parse_asn("AS0"), 0u);
  EXPECT_EQ(*parse_asn("4294967295"), 4294967295u);
  EXPECT_EQ(*parse_asn("AS4294967295"), 4294967295u);
  EXPECT_EQ(*parse_asn("007"), 7u);
}

TEST(ParseAsn, Asdot) {  // RFC 5396 §1
  EXPECT_EQ(*parse_asn("1.10"), 65546u);
  EXPECT_EQ(*parse_asn("AS1.10"), 65546u);
  EXPECT_EQ(*parse_asn("0.65535"), 65535u);
  EXPECT_EQ(*parse_asn("65535.65535"), 4294967295u);
  EXPECT_FALSE(parse_asn("65536.0").ok());
  EXPECT_FALSE(parse_asn("1.").ok());
  EXPECT_FALSE(parse_asn(".1").ok());
  EXPECT_FALSE(parse_asn("1.2.3").ok());
}

TEST(ParseAsn, Rejects) {
  for (const char* bad : {"", "AS", "as", "ASX", "AS-1", "-1", "+1", " 1", "1 ", "12a",
                          "4294967296", "AS4294967296", "99999999999", "1e3", "0x10", "AS 1"}) {
    const Result<uint32_t> r = parse_asn(bad);
    EXPECT_FALSE(r.ok()) << "'" << bad << "'";
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
      EXPECT_NE(r.error().message.find("AS number"), std::string::npos) << r.error().message;
    }
  }
  EXPECT_NE(parse_asn("4294967296").error().message.find("out of range"), std::string::npos);
  EXPECT_NE(parse_asn("AS").error().message.find("no number"), std::string::npos);
}

TEST(ParseAsn, ToString) { EXPECT_EQ(asn_to_string(64496), "AS64496"); }

}  // namespace
}  // namespace vigil::refdata::rpki

// VRP/ASPA loaders on every VRP file under $VIGIL_DATA/rpki and
// detection-vectors/bgpalerter/rpki_tests (counts checked against the files
// themselves), and on each format's shape as the tools print it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "refdata/rpki/load.h"
#include "refdata/rpki/vrp_set.h"
#include "rpki_test_util.h"
#include "support/test_data.h"

namespace vigil::refdata::rpki {
namespace {

using test::pfx;
using test::read_file;
using test::vrp;

// Occurrences of `needle` in `hay`: an independent count of entries.
size_t count_of(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

struct FileExpectation {
  bool loads = true;        // false: must be rejected
  bool needs_mask = false;  // has a prefix with host bits: strict load fails
  size_t vrps = 0;
  size_t aspas = 0;
  RpkiFormat format = RpkiFormat::kRpkiClientJson;
  const char* error = "";  // substring of the strict error
};

// Every file under the two VRP directories; a new file without an entry
// here fails the test, so it gets looked at.
const std::map<std::string, FileExpectation>& expectations() {
  static const std::map<std::string, FileExpectation> m = {
      {"rpki/stayrtr/test.rpki.json", {true, false, 19, 4, RpkiFormat::kRpkiClientJson, ""}},
      {"rpki/stayrtr/smalltest.rpki.json", {true, false, 2, 0, RpkiFormat::kRpkiClientJson, ""}},
      {"rpki/stayrtr/slurm.json", {false, false, 0, 0, {}, "SLURM file (RFC 8416"}},
      {"rpki/stayrtr/test.slurm.json", {false, false, 0, 0, {}, "SLURM file (RFC 8416"}},
      {"detection-vectors/bgpalerter/rpki_tests/roas.after.json",
       {true, false, 2, 0, RpkiFormat::kVrpArrayJson, ""}},
      {"detection-vectors/bgpalerter/rpki_tests/roas.before.json",
       {true, true, 5, 0, RpkiFormat::kVrpArrayJson,
        "[4].prefix: '94.5.4.3/22' has host bits set (the prefix would be 94.5.4.0/22)"}},
      {"detection-vectors/bgpalerter/rpki_tests/vrp.correct.json",
       {true, false, 3, 0, RpkiFormat::kVrpArrayJson, ""}},
      {"detection-vectors/bgpalerter/rpki_tests/vrp.missing.json",
       {true, false, 2, 0, RpkiFormat::kVrpArrayJson, ""}},
      {"detection-vectors/bgpalerter/rpki_tests/vrp.wrong.json",
       {true, true, 2, 0, RpkiFormat::kVrpArrayJson,
        "[1].prefix: '123.4.5.0/14' has host bits set (the prefix would be 123.4.0.0/14)"}},
  };
  return m;
}

TEST(RpkiLoaderRealData, EveryVrpFile) {
  VIGIL_REQUIRE_DATA();
  const std::string root = vigil::test::data_dir() + "/";
  std::vector<std::string> files;
  for (const char* dir : {"rpki", "detection-vectors/bgpalerter/rpki_tests"}) {
    ASSERT_TRUE(std::filesystem::is_directory(root + dir)) << root + dir;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root + dir)) {
      if (e.is_regular_file()) files.push_back(std::filesystem::relative(e.path(), root).string());
    }
  }
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), expectations().size());
  for (const std::string& rel : files) {
    SCOPED_TRACE(rel);
    const auto it = expectations().find(rel);
    ASSERT_NE(it, expectations().end()) << "no expectation for " << rel;
    const FileExpectation& x = it->second;
    const std::string text = read_file(root + rel);
    const Result<RpkiData> strict = parse_rpki(text, rel);
    if (!x.loads || x.needs_mask) {
      ASSERT_FALSE(strict.ok());
      EXPECT_NE(strict.error().message.find(rel + ": "), std::string::npos)
          << strict.error().message;
      EXPECT_NE(strict.error().message.find(x.error), std::string::npos) << strict.error().message;
    }
    if (!x.loads) continue;
    LoadOptions lenient;
    lenient.mask_host_bits = true;
    const Result<RpkiData> d = x.needs_mask ? parse_rpki(text, rel, lenient) : strict;
    ASSERT_TRUE(d.ok()) << d.error().to_string();
    EXPECT_EQ(d->format, x.format) << rpki_format_name(d->format);
    EXPECT_EQ(d->vrps.size(), x.vrps);
    EXPECT_EQ(d->aspas.size(), x.aspas);
    // Against the file: one "prefix" member per VRP, one "customer_asid"
    // per ASPA.
    EXPECT_EQ(d->vrps.size(), count_of(text, "\"prefix\""));
    EXPECT_EQ(d->aspas.size(), count_of(text, "\"customer_asid\""));
    EXPECT_EQ(d->warnings.size(), x.needs_mask ? 1u : 0u);
    EXPECT_EQ(d->skipped, 0u);
    // Every VRP indexes.
    const VrpSet set = VrpSet::build(d->vrps);
    EXPECT_EQ(set.dropped(), 0u);
  }
}

TEST(RpkiLoaderRealData, RpkiClientExcerptContents) {
  VIGIL_REQUIRE_DATA();
  const std::string text = read_file(vigil::test::data_dir() + "/rpki/stayrtr/test.rpki.json");
  const Result<RpkiData> d = parse_rpki(text, "test.rpki.json");
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  ASSERT_EQ(d->vrps.size(), 19u);
  const VrpRecord& first = d->vrps.front();
  EXPECT_EQ(first.vrp, vrp("1.0.0.0/24", 13335, 24));
  EXPECT_EQ(d->ta_name(first.ta), "apnic");
  EXPECT_EQ(first.expires, 1827568318);
  EXPECT_EQ(d->vrps[15].vrp, vrp("2800:38::/32", 27808, 128));
  EXPECT_EQ(d->vrps[18].vrp, vrp("192.0.2.0/24", 1, 24));
  EXPECT_EQ(d->ta_name(d->vrps[18].ta), "lmao");
  EXPECT_EQ(d->trust_anchors,
            (std::vector<std::string>{"apnic", "ripe", "afrinic", "lacnic", "lmao"}));
  // provider_authorizations: ipv4 then ipv6, two customers each.
  ASSERT_EQ(d->aspas.size(), 4u);
  EXPECT_EQ(d->aspas[0].customer, 15562u);
  EXPECT_EQ(d->aspas[0].afi, AspaAfi::kIPv4);
  EXPECT_EQ(d->aspas[0].providers, (std::vector<uint32_t>{2914, 8283, 51088, 206238}));
  EXPECT_EQ(d->aspas[3].customer, 15562u);
  EXPECT_EQ(d->aspas[3].afi, AspaAfi::kIPv6);
  const AspaSet aspas = AspaSet::build(d->aspas);
  EXPECT_EQ(aspas.size(), 2u);
  EXPECT_EQ(aspas.hop(64496, 1299), AspaHop::kProviderPlus);
  EXPECT_EQ(aspas.hop(64496, 2914), AspaHop::kNotProviderPlus);
  EXPECT_EQ(aspas.hop(13335, 2914), AspaHop::kNoAttestation);
  const VrpSet set = VrpSet::build(d->vrps);
  EXPECT_EQ(set.size(), 19u);          // 2800:40::/32 AS16814 twice, maxLength 48 and 32
  EXPECT_EQ(set.prefix_count(), 18u);  // ... on one prefix
}

TEST(RpkiLoaderRealData, ThreeAsnSpellingsInOneFile) {
  VIGIL_REQUIRE_DATA();
  const std::string dir = vigil::test::data_dir() + "/detection-vectors/bgpalerter/rpki_tests/";
  const Result<RpkiData> d = parse_rpki(read_file(dir + "vrp.correct.json"), "vrp.correct.json");
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  ASSERT_EQ(d->vrps.size(), 3u);
  EXPECT_EQ(d->vrps[0].vrp, vrp("103.21.244.0/24", 13335, 24));  // "13335"
  EXPECT_EQ(d->vrps[1].vrp, vrp("8.8.8.0/22", 2914, 24));        // "AS2914"
  EXPECT_EQ(d->vrps[2].vrp, vrp("82.112.100.0/24", 1234, 24));   // 1234
  EXPECT_EQ(d->vrps[0].ta, kNoTrustAnchor);
  const Result<RpkiData> s =
      parse_rpki(read_file(vigil::test::data_dir() + "/rpki/stayrtr/smalltest.rpki.json"), "s");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->vrps[1].vrp, vrp("2001:200:136::/48", 9367, 48));  // "AS9367"
}

TEST(RpkiLoaderRealData, HostBitsMaskedWithWarning) {
  VIGIL_REQUIRE_DATA();
  const std::string path =
      vigil::test::data_dir() + "/detection-vectors/bgpalerter/rpki_tests/roas.before.json";
  LoadOptions o;
  o.mask_host_bits = true;
  const Result<RpkiData> d = parse_rpki(read_file(path), "roas.before.json", o);
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  EXPECT_EQ(d->vrps[4].vrp, vrp("94.5.4.0/22", 2914, 22));
  ASSERT_EQ(d->warnings.size(), 1u);
  EXPECT_EQ(d->warnings[0],
            "roas.before.json: [4].prefix: '94.5.4.3/22' has host bits set; read as 94.5.4.0/22");
}

// ---- each format as the tools print it ----

TEST(RpkiLoaderFormats, RoutinatorJsonWithAspas) {
  const char* text = R"({
  "metadata": {"generated": 0, "generatedTime": "1970-01-01T00:00:00Z"},
  "roas": [
    { "asn": "AS196615", "prefix": "93.175.147.0/24", "maxLength": 24, "ta": "ripe" },
    { "asn": "AS1234", "prefix": "2001:db8::/32", "maxLength": 48, "ta": "N/A" }
  ],
  "routerKeys": [{ "asn": "AS1234", "SKI": "00", "routerPublicKey": "AA", "ta": "N/A" }],
  "aspas": [
    { "customer": "AS64496", "afi": "ipv6", "providers": ["AS64499"], "ta": "ripe" },
    { "customer": "AS1234", "providers": ["AS1", "AS2", "AS3", "AS4"], "ta": "N/A" }
  ]
})";
  const Result<RpkiData> d = parse_rpki(text, "routinator.json");
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  EXPECT_EQ(d->format, RpkiFormat::kRoutinatorJson);
  ASSERT_EQ(d->vrps.size(), 2u);
  EXPECT_EQ(d->vrps[0].vrp, vrp("93.175.147.0/24", 196615, 24));
  EXPECT_EQ(d->vrps[1].vrp, vrp("2001:db8::/32", 1234, 48));
  EXPECT_EQ(d->ta_name(d->vrps[1].ta), "N/A");
  ASSERT_EQ(d->aspas.size(), 2u);
  EXPECT_EQ(d->aspas[0].customer, 64496u);
  EXPECT_EQ(d->aspas[0].afi, AspaAfi::kIPv6);
  EXPECT_EQ(d->aspas[0].providers, (std::vector<uint32_t>{64499}));
  EXPECT_EQ(d->aspas[1].providers, (std::vector<uint32_t>{1, 2, 3, 4}));
  EXPECT_EQ(d->aspas[1].afi, AspaAfi::kAny);
}

TEST(RpkiLoaderFormats, RoutinatorJsonExt) {
  const char* text = R"({
  "metadata": {"generated": 0, "generatedTime": "1970-01-01T00:00:00Z"},
  "roas": [
    { "asn": "AS1234", "prefix": "12.34.56.0/24", "maxLength": 24,
      "source": [ { "type": "roa", "uri": "rsync://x/y.roa", "tal": "ripe",
                    "validity": {"notBefore": "a", "notAfter": "b"} } ] },
    { "asn": "AS1234", "prefix": "12.34.56.0/24", "maxLength": 24,
      "source": [ { "type": "exception", "path": null } ] }
  ],
  "aspas": [
    { "customer": "AS1234", "providers": ["AS1"], "source": [ { "type": "exception", "path": null }] }
  ]
})";
  const Result<RpkiData> d = parse_rpki(text, "x.jsonext");
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  EXPECT_EQ(d->format, RpkiFormat::kRoutinatorJsonExt);
  ASSERT_EQ(d->vrps.size(), 2u);
  EXPECT_EQ(d->ta_name(d->vrps[0].ta), "ripe");
  EXPECT_EQ(d->vrps[1].ta, kNoTrustAnchor);
  EXPECT_EQ(VrpSet::build(d->vrps).size(), 1u);  // the duplicate counts once
  EXPECT_EQ(d->aspas.size(), 1u);
}

TEST(RpkiLoaderFormats, RpkiClientCurrentAspas) {
  const char* text = R"({
  "metadata": {"buildmachine": "x", "buildtime": "2024-01-01T00:00:00Z"},
  "roas": [{ "asn": 13335, "prefix": "1.0.0.0/24", "maxLength": 24, "ta": "apnic", "expires": 1 }],
  "aspas": [
    { "customer_asid": 15562, "expires": 1700000000, "providers": [2914, 8283] },
    { "customer_asid": 64496, "expires": 1700000000, "providers": [{"asid": 1299, "afi_limit": "ipv4"}] },
    { "customer_asid": 64497, "expires": 1700000000, "providers": [0] }
  ],
  "bgpsec_keys": []
})";
  const Result<RpkiData> d = parse_rpki(text, "rpki-client.json");
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  EXPECT_EQ(d->format, RpkiFormat::kRpkiClientJson);
  ASSERT_EQ(d->aspas.size(), 3u);
  EXPECT_EQ(d->aspas[0].expires, 1700000000);
  EXPECT_EQ(d->aspas[1].providers, (std::vector<uint32_t>{1299}));
  const AspaSet set = AspaSet::build(d->aspas);
  EXPECT_EQ(set.hop(64497, 0), AspaHop::kNotProviderPlus);  // AS0: no providers
  EXPECT_EQ(set.hop(64497, 2914), AspaHop::kNotProviderPlus);
}

TEST(RpkiLoaderFormats, StayRtrMinimalAndDefaults) {
  // maxLength absent means the prefix length (RFC 6482 §3.3); numeric
  // strings accepted.
  const char* text = R"({"roas": [
    {"prefix": "10.0.0.0/8", "maxLength": 16, "asn": 65000},
    {"prefix": "10.1.0.0/16", "asn": "65001"},
    {"prefix": "2001:db8::/32", "maxLength": "48", "asn": "as65002"}
  ]})";
  const Result<RpkiData> d = parse_rpki(text, "stayrtr.json");
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  EXPECT_EQ(d->format, RpkiFormat::kStayRtrJson);
  ASSERT_EQ(d->vrps.size(), 3u);
  EXPECT_EQ(d->vrps[0].vrp, vrp("10.0.0.0/8", 65000, 16));
  EXPECT_EQ(d->vrps[1].vrp, vrp("10.1.0.0/16", 65001, 16));
  EXPECT_EQ(d->vrps[2].vrp, vrp("2001:db8::/32", 65002, 48));
}

TEST(RpkiLoaderFormats, RoutinatorCsv) {
  const char* text =
      "ASN,IP Prefix,Max Length,Trust Anchor\r\n"
      "AS196615,93.175.147.0/24,24,ripe\r\n"
      "AS13335,2606:4700::/32,48,arin\r\n"
      "\r\n"
      "AS0,192.0.2.0/24,32,apnic\r\n";
  const Result<RpkiData> d = parse_rpki(text, "vrps.csv");
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  EXPECT_EQ(d->format, RpkiFormat::kCsv);
  ASSERT_EQ(d->vrps.size(), 3u);
  EXPECT_EQ(d->vrps[0].vrp, vrp("93.175.147.0/24", 196615, 24));
  EXPECT_EQ(d->vrps[1].vrp, vrp("2606:4700::/32", 13335, 48));
  EXPECT_EQ(d->vrps[2].vrp, vrp("192.0.2.0/24", 0, 32));
  EXPECT_EQ(d->ta_name(d->vrps[1].ta), "arin");
}

TEST(RpkiLoaderFormats, RoutinatorCsvCompatAndExt) {
  const char* compat =
      "\"ASN\",\"IP Prefix\",\"Max Length\",\"Trust Anchor\"\n"
      "\"196615\",\"93.175.147.0/24\",\"24\",\"ripe\"\n";
  const Result<RpkiData> c = parse_rpki(compat, "compat.csv");
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  ASSERT_EQ(c->vrps.size(), 1u);
  EXPECT_EQ(c->vrps[0].vrp, vrp("93.175.147.0/24", 196615, 24));
  const char* ext =
      "URI,ASN,IP Prefix,Max Length,Not Before,Not After\n"
      "rsync://rpki.example/a.roa,AS64496,192.0.2.0/24,24,2024-01-01 00:00:00,2025-01-01 "
      "00:00:00\n";
  const Result<RpkiData> e = parse_rpki(ext, "ext.csv");
  ASSERT_TRUE(e.ok()) << e.error().to_string();
  ASSERT_EQ(e->vrps.size(), 1u);
  EXPECT_EQ(e->vrps[0].vrp, vrp("192.0.2.0/24", 64496, 24));
  const char* expires = "ASN,IP Prefix,Max Length,Trust Anchor,Expires\nAS1,1.0.0.0/24,24,x,1700\n";
  const Result<RpkiData> x = parse_rpki(expires, "exp.csv");
  ASSERT_TRUE(x.ok()) << x.error().to_string();
  EXPECT_EQ(x->vrps[0].expires, 1700);
}

TEST(RpkiLoaderFormats, SkipBadEntries) {
  const char* text = R"([
    {"asn": 1, "prefix": "10.0.0.0/8", "maxLength": 8},
    {"asn": "ASX", "prefix": "10.0.0.0/8", "maxLength": 8},
    {"asn": 2, "prefix": "10.0.0.0/8", "maxLength": 4},
    {"asn": 3, "prefix": "11.0.0.0/8"}
  ])";
  EXPECT_FALSE(parse_rpki(text, "f").ok());
  LoadOptions o;
  o.skip_bad_entries = true;
  const Result<RpkiData> d = parse_rpki(text, "f", o);
  ASSERT_TRUE(d.ok()) << d.error().to_string();
  EXPECT_EQ(d->vrps.size(), 2u);
  EXPECT_EQ(d->skipped, 2u);
  ASSERT_EQ(d->warnings.size(), 2u);
  EXPECT_NE(d->warnings[0].find("f: [1].asn: AS number 'ASX' is not a number (entry skipped)"),
            std::string::npos)
      << d->warnings[0];
  EXPECT_NE(d->warnings[1].find("[2].maxLength"), std::string::npos) << d->warnings[1];
  const char* csv = "ASN,IP Prefix,Max Length,Trust Anchor\nAS1,10.0.0.0/8,8,x\nAS2,bad,8,x\n";
  const Result<RpkiData> c = parse_rpki(csv, "c.csv", o);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->vrps.size(), 1u);
  EXPECT_EQ(c->skipped, 1u);
  EXPECT_NE(c->warnings[0].find("c.csv:3: column \"IP Prefix\""), std::string::npos)
      << c->warnings[0];
}

TEST(RpkiLoaderFormats, WarningsAreCapped) {
  std::string text = "[";
  for (int i = 0; i < 150; ++i) {
    if (i) text += ",";
    text += R"({"asn": 1, "prefix": "10.0.0.1/8"})";
  }
  text += "]";
  LoadOptions o;
  o.mask_host_bits = true;
  const Result<RpkiData> d = parse_rpki(text, "w", o);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->vrps.size(), 150u);
  EXPECT_EQ(d->warnings.size(), RpkiData::kMaxWarnings);
  EXPECT_EQ(d->suppressed_warnings, 50u);
}

}  // namespace
}  // namespace vigil::refdata::rpki

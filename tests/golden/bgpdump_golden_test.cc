// Golden tests: `vigil dump -m` output against Debian bgpdump 1.6.2's output
// (or upstream's expected output) for every MRT file under $VIGIL_DATA/mrt.
//
// Deliberate differences (docs/formats/bgpdump-compat.md) are checked
// explicitly, not skipped: each file listed in kKnownDifferences has its own
// assertion about what differs and why.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "dump/bgpdump_format.h"
#include "dump/mrt_stream.h"
#include "io/input.h"
#include "support/test_data.h"

namespace vigil {
namespace {

namespace fs = std::filesystem;

struct DumpResult {
  std::vector<std::string> lines;
  std::vector<std::string> warnings;
  bool ok = true;
  std::string error;
};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

DumpResult run_dump(const std::string& path) {
  DumpResult r;
  auto src = io::open_input(path);
  if (!src) {
    r.ok = false;
    r.error = src.error().to_string();
    return r;
  }
  dump::MrtStream stream(std::make_unique<io::BufferedReader>(std::move(*src)), path);
  dump::BgpdumpFormatter fmt;
  std::string text;
  Status s = stream.run(
      [&](const dump::RecordView&, std::span<const dump::Element> e) { fmt.format(e, text); },
      [&](const dump::Diagnostic& d) { r.warnings.push_back(d.to_string()); });
  if (!s) {
    r.ok = false;
    r.error = s.error().to_string();
  }
  r.lines = split_lines(text);
  return r;
}

std::vector<std::string> read_reference(const std::string& path) {
  auto src = io::open_input(path);
  EXPECT_TRUE(src.ok()) << path;
  if (!src) return {};
  std::string text;
  uint8_t buf[1 << 16];
  for (;;) {
    auto n = (*src)->read(buf, sizeof buf);
    EXPECT_TRUE(n.ok()) << path;
    if (!n || *n == 0) break;
    text.append(reinterpret_cast<const char*>(buf), *n);
  }
  return split_lines(text);
}

// bgpdump 1.6.2 prints deprecated type 5 (BGP) lines with two bugs vigil
// does not copy (docs/formats/bgpdump-compat.md §2, §3): no '|' between MED
// and COMMUNITIES, and the peer address in place of a withdrawn prefix's.
// This maps vigil's line onto bgpdump's so everything else is compared byte
// for byte.
std::string to_bgpdump_legacy_quirks(const std::string& line) {
  if (line.rfind("BGP|", 0) != 0) return line;
  std::vector<std::string> f;
  size_t start = 0;
  for (;;) {
    const size_t bar = line.find('|', start);
    f.push_back(line.substr(start, bar - start));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  std::string out;
  if (f.size() > 5 && f[2] == "W") {
    const std::string len = f[5].substr(f[5].find('/'));
    f[5] = f[3] + len;
  }
  for (size_t i = 0; i < f.size(); ++i) {
    if (i > 0 && !(f[2] == "A" && i == 11)) out += '|';
    out += f[i];
  }
  return out;
}

std::string reference_for(const fs::path& mrt_root, const fs::path& rel) {
  const fs::path upstream =
      mrt_root / "ripe-ncc-bgpdump/test_expect" / (rel.filename().string() + ".bgp.gz");
  if (fs::exists(upstream)) return upstream.string();
  const fs::path made =
      mrt_root / "_reference-bgpdump-1.6.2" / (rel.string() + ".bgpdump-m.txt.gz");
  if (fs::exists(made)) return made.string();
  return {};
}

std::vector<fs::path> mrt_files(const fs::path& root) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const fs::path rel = fs::relative(e.path(), root);
    const std::string s = rel.string();
    if (s.rfind("_reference", 0) == 0 || s.find("test_expect") != std::string::npos) continue;
    if (rel.extension() == ".md") continue;
    out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Files whose output deliberately differs from bgpdump 1.6.2; checked in
// their own tests below.
const char* const kKnownDifferences[] = {
    "bgpkit-parser/tests/fixtures/ripe/rrc00/2000.01/bview.20000111.0032.gz",
    "bgpkit-parser/tests/fixtures/ripe/rrc00/2000.03/updates.20000325.0345.gz",
    "mrtparse-samples/bird_bgp",
    "mrtparse-samples/bird6_bgp",
    "mrtparse-samples/openbgpd_rib_table",
    "mrtparse-samples/openbgpd_rib_table-mp",
};

bool is_known_difference(const std::string& rel) {
  return std::find(std::begin(kKnownDifferences), std::end(kKnownDifferences), rel) !=
         std::end(kKnownDifferences);
}

TEST(BgpdumpGolden, EveryMrtFileMatchesBgpdump) {
  VIGIL_REQUIRE_DATA();
  const fs::path root = fs::path(test::data_dir()) / "mrt";
  int compared = 0;
  for (const fs::path& rel : mrt_files(root)) {
    if (is_known_difference(rel.string())) continue;
    const std::string ref = reference_for(root, rel);
    ASSERT_FALSE(ref.empty()) << "no bgpdump reference output for " << rel;
    SCOPED_TRACE(rel.string());
    const DumpResult got = run_dump((root / rel).string());
    EXPECT_TRUE(got.ok) << got.error;
    const std::vector<std::string> want = read_reference(ref);
    ASSERT_EQ(got.lines.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      ASSERT_EQ(to_bgpdump_legacy_quirks(got.lines[i]), want[i]) << "line " << i + 1;
    }
    ++compared;
  }
  EXPECT_GE(compared, 80) << "fewer MRT files than the data README lists";
}

// The 2000 bview writes several entries per TABLE_DUMP record and declares
// each record 4 octets short. bgpdump prints the first entry and stops;
// vigil prints the same first line, then every entry of every record.
TEST(BgpdumpGolden, BrokenBview2000FramingIsRecovered) {
  VIGIL_REQUIRE_DATA();
  const fs::path root = fs::path(test::data_dir()) / "mrt";
  const fs::path rel = "bgpkit-parser/tests/fixtures/ripe/rrc00/2000.01/bview.20000111.0032.gz";
  const DumpResult got = run_dump((root / rel).string());
  const auto want = read_reference(reference_for(root, rel));
  ASSERT_EQ(want.size(), 1u);
  ASSERT_TRUE(got.ok) << got.error;
  ASSERT_GT(got.lines.size(), 400000u);
  EXPECT_EQ(got.lines[0], want[0]);
  for (const auto& l : got.lines) ASSERT_EQ(l.rfind("TABLE_DUMP|947", 0), 0u) << l;
  // Every record's short length is reported, with its offset.
  EXPECT_TRUE(std::any_of(got.warnings.begin(), got.warnings.end(), [](const std::string& w) {
    return w.find("octets short") != std::string::npos && w.find("offset 0:") != std::string::npos;
  }));
}

// A type 5 record whose length field is damaged: bgpdump reads 14,556
// octets of following records as one UPDATE and prints 2,042 withdrawals of
// invented prefixes (/54 among them), then stops at the next bad header.
// vigil notices that a record chain starts inside the damaged one and goes
// on from there.
TEST(BgpdumpGolden, DamagedLegacyRecordBoundariesAreResynchronised) {
  VIGIL_REQUIRE_DATA();
  const fs::path root = fs::path(test::data_dir()) / "mrt";
  const fs::path rel = "bgpkit-parser/tests/fixtures/ripe/rrc00/2000.03/updates.20000325.0345.gz";
  const DumpResult got = run_dump((root / rel).string());
  const auto want = read_reference(reference_for(root, rel));
  ASSERT_TRUE(got.ok) << got.error;
  // The 4 lines before the damage agree.
  ASSERT_GT(got.lines.size(), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(to_bgpdump_legacy_quirks(got.lines[i]), want[i]);
  // bgpdump's invented withdrawals are not printed; no prefix is longer than /32.
  for (const auto& l : got.lines) {
    if (l.find("|STATE|") != std::string::npos) continue;
    const size_t slash = l.find('/');
    ASSERT_NE(slash, std::string::npos) << l;
    const int len = std::stoi(l.substr(slash + 1));
    EXPECT_LE(len, 32) << l;
  }
  EXPECT_GT(got.lines.size(), want.size());  // records after the damage are kept
  EXPECT_TRUE(std::any_of(got.warnings.begin(), got.warnings.end(), [](const std::string& w) {
    return w.find("offset 188") != std::string::npos &&
           w.find("its length field is taken as damaged") != std::string::npos;
  }));
}

// BIRD 1.6 wrote ADD-PATH NLRI under the plain BGP4MP_MESSAGE_AS4 subtype.
// bgpdump prints garbage prefixes (24.0.0.0/2, ::/0); vigil recognises the
// path identifiers and prints BGP4MP_AP lines. All other lines are equal.
TEST(BgpdumpGolden, BirdAddPathUnderPlainSubtypeIsDecoded) {
  VIGIL_REQUIRE_DATA();
  const fs::path root = fs::path(test::data_dir()) / "mrt";
  for (const char* name : {"mrtparse-samples/bird_bgp", "mrtparse-samples/bird6_bgp"}) {
    SCOPED_TRACE(name);
    const DumpResult got = run_dump((root / name).string());
    const auto want = read_reference(reference_for(root, name));
    ASSERT_TRUE(got.ok) << got.error;
    std::vector<std::string> plain_got, plain_want;
    int ap = 0;
    for (const auto& l : got.lines) {
      if (l.rfind("BGP4MP_AP|", 0) == 0) {
        ++ap;
        EXPECT_EQ(l.find("/0|"), std::string::npos) << l;
        EXPECT_EQ(l.find("24.0.0.0/2|"), std::string::npos) << l;
      } else {
        plain_got.push_back(l);
      }
    }
    EXPECT_GT(ap, 0);
    // bgpdump's lines for those records carry the garbage prefixes; the rest
    // must match exactly and in order.
    for (const auto& l : want) {
      if (std::find(plain_got.begin(), plain_got.end(), l) != plain_got.end())
        plain_want.push_back(l);
    }
    EXPECT_EQ(plain_got, plain_want);
    EXPECT_GE(plain_want.size(), 5u);
  }
}

// OpenBGPD wrote 4-octet AGGREGATORs in TABLE_DUMP (2-octet) records.
// bgpdump prints "0 253.232.192.168"; vigil accepts the 8-octet form.
TEST(BgpdumpGolden, OpenbgpdFourOctetAggregatorInTableDump) {
  VIGIL_REQUIRE_DATA();
  const fs::path root = fs::path(test::data_dir()) / "mrt";
  const char* name = "mrtparse-samples/openbgpd_rib_table";
  const DumpResult got = run_dump((root / name).string());
  const auto want = read_reference(reference_for(root, name));
  ASSERT_EQ(got.lines.size(), want.size());
  int differ = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    if (got.lines[i] == want[i]) continue;
    ++differ;
    EXPECT_NE(want[i].find("|0 253.232.192.168|"), std::string::npos) << want[i];
    EXPECT_NE(got.lines[i].find("|65000 192.168.0.15|"), std::string::npos) << got.lines[i];
  }
  EXPECT_EQ(differ, 1);
}

// Fields from the prefix on, as a sorted list: for comparing dumps of the
// same router written in different MRT formats.
std::vector<std::string> route_fields(const std::vector<std::string>& lines) {
  std::vector<std::string> out;
  for (const auto& l : lines) {
    size_t pos = 0;
    for (int i = 0; i < 5 && pos != std::string::npos; ++i) pos = l.find('|', pos + 1);
    out.push_back(pos == std::string::npos ? l : l.substr(pos + 1));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// OpenBGPD's deprecated BGP4MP_ENTRY table dump: bgpdump prints nothing;
// vigil decodes every entry. The same router's TABLE_DUMP_V2 and TABLE_DUMP
// dumps, taken minutes apart, carry the same 31 routes: every field from the
// prefix on must agree across the three formats.
TEST(BgpdumpGolden, Bgp4mpEntryAgreesWithTheOtherDumpFormats) {
  VIGIL_REQUIRE_DATA();
  const fs::path root = fs::path(test::data_dir()) / "mrt" / "mrtparse-samples";
  const DumpResult entry = run_dump((root / "openbgpd_rib_table-mp").string());
  const DumpResult v2 = run_dump((root / "openbgpd_rib_table-v2").string());
  const DumpResult v1 = run_dump((root / "openbgpd_rib_table").string());
  ASSERT_TRUE(entry.ok && v2.ok && v1.ok);
  ASSERT_EQ(entry.lines.size(), 31u);
  for (const auto& l : entry.lines) EXPECT_EQ(l.rfind("BGP4MP_ENTRY|", 0), 0u) << l;
  EXPECT_EQ(route_fields(entry.lines), route_fields(v2.lines));
  EXPECT_EQ(route_fields(entry.lines), route_fields(v1.lines));
}

// Host bits in NLRI: bgpdump 1.6.2 prints them (11.13.0.0/13); vigil masks
// them like later bgpdump releases (upstream's expected output).
TEST(BgpdumpGolden, NlriTrailingBitsAreMasked) {
  VIGIL_REQUIRE_DATA();
  const fs::path root = fs::path(test::data_dir()) / "mrt";
  const DumpResult got =
      run_dump((root / "ripe-ncc-bgpdump/test_data/updates.nlri_mask_trailing_bits.gz").string());
  ASSERT_EQ(got.lines.size(), 1u);
  EXPECT_NE(got.lines[0].find("|11.8.0.0/13|"), std::string::npos) << got.lines[0];
}

}  // namespace
}  // namespace vigil

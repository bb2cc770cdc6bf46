// The real RIR files in $VIGIL_DATA/registry/rir-delegated (data/README.md
// section 4): counts, spot checks, load time and lookup rate. Skipped
// without the data.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "refdata/registry/registry.h"
#include "support/test_data.h"

#if defined(__SANITIZE_ADDRESS__)
#define VIGIL_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VIGIL_SANITIZED 1
#endif
#endif
#ifndef VIGIL_SANITIZED
#define VIGIL_SANITIZED 0
#endif

namespace vigil::refdata {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::string registry_dir() { return test::data_dir() + "/registry/rir-delegated/"; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct DataFile {
  const char* path;  // under registry/rir-delegated/
  Rir rir;
  size_t asn_lines;  // README section 4 for 2014; summary lines for 2023
  bool extended;
};

constexpr DataFile kFiles[] = {
    {"2014-06-30/delegated-afrinic-latest", Rir::kAfrinic, 1095, false},
    {"2014-06-30/delegated-apnic-latest", Rir::kApnic, 5746, false},
    {"2014-06-30/delegated-lacnic-latest", Rir::kLacnic, 4306, false},
    {"2014-06-30/delegated-ripencc-latest", Rir::kRipeNcc, 26416, false},
    {"2023-03-23-extended/delegated-afrinic-extended-latest", Rir::kAfrinic, 3326, true},
    {"2023-03-23-extended/delegated-lacnic-extended-latest", Rir::kLacnic, 14121, true},
};

TEST(RegistryData, EveryFileParsesCleanlyWithTheDocumentedCounts) {
  VIGIL_REQUIRE_DATA();
  for (const DataFile& df : kFiles) {
    SCOPED_TRACE(df.path);
    const std::string text = read_file(registry_dir() + df.path);
    ASSERT_FALSE(text.empty());
    auto f = parse_rir_stats(text, df.path);
    ASSERT_TRUE(f.ok()) << f.error().to_string();
    // No warning also means: the version line's record count and every
    // summary line match the records read.
    EXPECT_TRUE(f->warnings.empty()) << f->warnings.kept()[0].to_string();
    EXPECT_EQ(f->header.registry, df.rir);
    EXPECT_EQ(f->count(ResourceType::kAsn), df.asn_lines);
    EXPECT_EQ(f->extended, df.extended);
    EXPECT_EQ(f->summaries.size(), 3u);
  }
}

// All six files, parsed and merged once (nullptr without the data).
struct Loaded {
  Registry registry;
  double read_seconds = 0;
  double parse_build_seconds = 0;
  size_t bytes = 0;
};

const Loaded* loaded() {
  static const Loaded* const kLoaded = []() -> const Loaded* {
    if (!test::have_data()) return nullptr;
    auto* l = new Loaded;
    auto t0 = Clock::now();
    std::vector<std::string> texts;
    for (const DataFile& df : kFiles) texts.push_back(read_file(registry_dir() + df.path));
    l->read_seconds = seconds_since(t0);
    t0 = Clock::now();
    RegistryBuilder b;
    for (size_t i = 0; i < texts.size(); ++i) {
      l->bytes += texts[i].size();
      auto f = parse_rir_stats(texts[i], kFiles[i].path);
      if (!f.ok()) return nullptr;
      b.add(std::move(*f));
    }
    l->registry = std::move(b).build();
    l->parse_build_seconds = seconds_since(t0);
    return l;
  }();
  return kLoaded;
}

TEST(RegistryData, LoadsAllFilesWellUnderASecond) {
  VIGIL_REQUIRE_DATA();
  const Loaded* l = loaded();
  ASSERT_NE(l, nullptr);
  const Registry& reg = l->registry;
  std::printf(
      "[ figures  ] %zu files, %.1f MB: read %.3f s, parse+merge %.3f s; %zu delegations, "
      "%zu prefixes, %zu ASN ranges, %zu countries, %llu merge warnings\n",
      reg.sources().size(), static_cast<double>(l->bytes) / 1e6, l->read_seconds,
      l->parse_build_seconds, reg.delegation_count(), reg.prefix_count(), reg.asn_range_count(),
      reg.all_countries().size(), static_cast<unsigned long long>(reg.warnings().total()));
  if (!VIGIL_SANITIZED) {
    EXPECT_LT(l->parse_build_seconds, 1.0);
  }
  // The 2014 AFRINIC and LACNIC files are superseded by the 2023 ones.
  ASSERT_EQ(reg.sources().size(), 6u);
  for (size_t i = 0; i < reg.sources().size(); ++i) {
    const bool old_afrinic_or_lacnic = i == 0 || i == 2;
    EXPECT_EQ(reg.sources()[i].superseded, old_afrinic_or_lacnic) << reg.sources()[i].name;
  }
}

TEST(RegistryData, SpotChecks) {
  VIGIL_REQUIRE_DATA();
  const Loaded* l = loaded();
  ASSERT_NE(l, nullptr);
  const Registry& reg = l->registry;
  auto asn = [&](uint32_t a) {
    const Delegation* d = reg.lookup_asn(a);
    return d == nullptr ? std::string("-")
                        : d->cc.to_string() + "/" + std::string(rir_name(d->rir));
  };
  // RIPE NCC's own AS is registered with the regional code EU (not NL):
  // "ripencc|EU|asn|3333|1|19940519|allocated".
  EXPECT_EQ(asn(3333), "EU/ripencc");
  EXPECT_EQ(asn(3320), "DE/ripencc");
  EXPECT_EQ(asn(8452), "EG/ripencc");
  EXPECT_EQ(asn(4608), "AU/apnic");
  EXPECT_EQ(asn(36992), "EG/afrinic");
  EXPECT_EQ(asn(37100), "MU/afrinic");
  EXPECT_EQ(asn(7738), "BR/lacnic");
  EXPECT_EQ(asn(327690), "UG/afrinic");  // 32-bit ASN
  // MU in the 2014 AFRINIC file, back in the free pool in 2023: the newer
  // snapshot answers.
  EXPECT_EQ(asn(327681), "ZZ/afrinic");
  EXPECT_EQ(reg.lookup_asn(327681)->status, RecordStatus::kAvailable);
  EXPECT_EQ(asn(15169), "-");  // ARIN: no ARIN file in the data
  EXPECT_EQ(reg.opaque_id(*reg.lookup_asn(7738)), "124194");

  auto prefix = [&](const char* p) {
    const PrefixAnswer a = reg.lookup_prefix(*Prefix::parse(p));
    std::string s(coverage_name(a.coverage));
    s += " " + (a.country ? a.country->to_string() : std::string("?"));
    s += " " + (a.rir ? std::string(rir_name(*a.rir)) : std::string("?"));
    return s;
  };
  EXPECT_EQ(prefix("193.0.0.0/21"), "single NL ripencc");
  EXPECT_EQ(prefix("193.0.0.0/19"), "several NL ripencc");  // three NL allocations
  EXPECT_EQ(prefix("193.0.0.0/18"), "several ? ripencc");   // NL, CH, DK
  EXPECT_EQ(prefix("1.0.0.0/24"), "single AU apnic");
  EXPECT_EQ(prefix("41.0.0.0/11"), "single ZA afrinic");
  EXPECT_EQ(prefix("200.160.0.0/20"), "single BR lacnic");
  // AFRINIC 164.146.0.0 + 393216 addresses = /15 + /14.
  EXPECT_EQ(prefix("164.146.0.0/15"), "single ZA afrinic");
  EXPECT_EQ(prefix("164.148.0.0/14"), "single ZA afrinic");
  EXPECT_EQ(prefix("164.144.0.0/13"), "partial ZA afrinic");
  // 2023 AFRINIC: 196.1.12.0/23 and 196.1.14.0/24 ZA, 196.1.15.0/24 AO.
  EXPECT_EQ(prefix("196.1.12.0/23"), "single ZA afrinic");
  EXPECT_EQ(prefix("196.1.12.0/22"), "several ? afrinic");
  EXPECT_EQ(prefix("2001:200::/35"), "single JP apnic");
  EXPECT_EQ(prefix("2001:67c::/48"), "single IE ripencc");
  EXPECT_EQ(prefix("2c0f:f000::/32"), "single DZ afrinic");  // only in the 2023 file
  EXPECT_EQ(prefix("8.8.8.0/24"), "none ? ?");               // ARIN
  EXPECT_EQ(reg.lookup_address(*IpAddr::parse("193.0.6.139"))->to_string(),
            "ripencc|NL|ipv4|193.0.0.0|4096|19930901|allocated");
}

TEST(RegistryData, CountryTotals) {
  VIGIL_REQUIRE_DATA();
  const Loaded* l = loaded();
  ASSERT_NE(l, nullptr);
  const Registry& reg = l->registry;
  EXPECT_GE(reg.all_countries().size(), 200u);
  // Sums of allocated/assigned records per country over the four files in
  // use (awk over the files); no nesting or overlap touches these.
  struct Total {
    const char* cc;
    uint64_t ipv4_addresses;
    uint64_t asns;
  };
  for (const Total& t :
       {Total{"NL", 45678816, 751}, Total{"EG", 24220928, 82}, Total{"ZA", 27060480, 733},
        Total{"BR", 87129600, 8913}, Total{"JP", 201533440, 1046}}) {
    SCOPED_TRACE(t.cc);
    const CountryResources* c = reg.country(CountryCode(t.cc));
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->ipv4_addresses, t.ipv4_addresses);
    EXPECT_EQ(c->asn_count, t.asns);
    std::printf(
        "[ figures  ] %s: %zu ASN ranges (%llu ASNs), %zu IPv4 prefixes = %.0f /24s, "
        "%zu IPv6 prefixes = %.0f /48s\n",
        t.cc, c->asns.size(), static_cast<unsigned long long>(c->asn_count), c->ipv4.size(),
        c->ipv4_slash24s(), c->ipv6.size(), c->ipv6_slash48s);
  }
}

TEST(RegistryData, LookupsRunAtMoreThanAMillionPerSecond) {
  VIGIL_REQUIRE_DATA();
  const Loaded* l = loaded();
  ASSERT_NE(l, nullptr);
  const Registry& reg = l->registry;
  constexpr int kN = 1'000'000;
  std::mt19937 rng(1);
  std::vector<uint32_t> values(kN);
  for (auto& v : values) v = static_cast<uint32_t>(rng());

  size_t found = 0;
  auto t0 = Clock::now();
  for (const uint32_t v : values) found += reg.lookup_address(IpAddr::v4(v)) != nullptr;
  const double addr_rate = kN / seconds_since(t0);

  // /24s (most inside one delegation) and /16s (often several).
  t0 = Clock::now();
  for (int i = 0; i < kN; ++i) {
    const Prefix p{IpAddr::v4(values[static_cast<size_t>(i)] & 0xffffff00u), 24};
    found += reg.lookup_prefix(p).coverage != Coverage::kNone;
  }
  const double p24_rate = kN / seconds_since(t0);
  t0 = Clock::now();
  for (int i = 0; i < kN; ++i) {
    const Prefix p{IpAddr::v4(values[static_cast<size_t>(i)] & 0xffff0000u), 16};
    found += reg.lookup_prefix(p).coverage != Coverage::kNone;
  }
  const double p16_rate = kN / seconds_since(t0);

  t0 = Clock::now();
  for (const uint32_t v : values) found += reg.lookup_asn(v % 400000) != nullptr;
  const double asn_rate = kN / seconds_since(t0);

  std::printf(
      "[ figures  ] lookups per second: address %.1fM, /24 %.1fM, /16 %.1fM, asn %.1fM "
      "(%zu found)\n",
      addr_rate / 1e6, p24_rate / 1e6, p16_rate / 1e6, asn_rate / 1e6, found);
  if (!VIGIL_SANITIZED) {
    EXPECT_GT(addr_rate, 1e6);
    EXPECT_GT(p24_rate, 1e6);
    EXPECT_GT(p16_rate, 1e6);
    EXPECT_GT(asn_rate, 1e6);
  }
}

}  // namespace
}  // namespace vigil::refdata

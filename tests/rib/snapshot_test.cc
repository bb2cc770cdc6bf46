// Snapshot round trips: RIB dump -> Rib -> snapshot -> Rib -> snapshot gives
// the same bytes, and the snapshot carries every route with the attributes
// bgpdump prints (checked line by line against the original dump).
#include "rib/snapshot.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "dump/bgpdump_format.h"
#include "dump/mrt_stream.h"
#include "dump/rib_loader.h"
#include "io/input.h"
#include "io/memory_source.h"
#include "support/test_data.h"

namespace vigil::rib {
namespace {

std::vector<uint8_t> snapshot_bytes(const Rib& rib) {
  std::vector<uint8_t> out;
  write_snapshot(rib, 1700000000,
                 [&](std::span<const uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); });
  return out;
}

// Runs bytes through the MRT stream: into a Rib, or into bgpdump lines with
// the time and record-type columns cut (they differ by design).
void load_bytes(const std::vector<uint8_t>& bytes, Rib& rib) {
  dump::RibLoader loader(rib);
  dump::MrtStream s(std::make_unique<io::BufferedReader>(std::make_unique<io::MemorySource>(bytes)),
                    "mem");
  ASSERT_TRUE(
      s.run([&](const dump::RecordView&, std::span<const dump::Element> e) { loader.apply(e); },
            [](const dump::Diagnostic& d) { ADD_FAILURE() << d.to_string(); })
          .ok());
}

std::vector<std::string> route_lines(std::unique_ptr<io::ByteSource> src) {
  dump::MrtStream s(std::make_unique<io::BufferedReader>(std::move(src)), "x");
  dump::BgpdumpFormatter fmt;
  std::string text;
  EXPECT_TRUE(
      s.run([&](const dump::RecordView&, std::span<const dump::Element> e) { fmt.format(e, text); },
            [](const dump::Diagnostic&) {})
          .ok());
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string l = text.substr(start, nl - start);
    // Drop "TYPE|TIME|B|": keep peer, AS, prefix and the attributes.
    size_t cut = 0;
    for (int i = 0; i < 3; ++i) cut = l.find('|', cut) + 1;
    lines.push_back(l.substr(cut));
    start = nl + 1;
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST(Snapshot, RoundTripIsByteIdenticalAndKeepsEveryRoute) {
  VIGIL_REQUIRE_DATA();
  const std::string path =
      test::data_dir() + "/mrt/libbgpstream/routeviews.route-views.jinx.ribs.1401487200.bz2";
  Rib rib;
  dump::RibLoader loader(rib);
  ASSERT_TRUE(loader.load_file(path).ok());
  const auto first = snapshot_bytes(rib);
  Rib again;
  ASSERT_NO_FATAL_FAILURE(load_bytes(first, again));
  EXPECT_EQ(again.route_count(), rib.route_count());
  const auto second = snapshot_bytes(again);
  ASSERT_EQ(first.size(), second.size());
  EXPECT_TRUE(first == second);
  // Every route of the original dump, with every field bgpdump prints.
  auto orig = io::open_input(path);
  ASSERT_TRUE(orig.ok());
  const auto want = route_lines(std::move(*orig));
  const auto got = route_lines(std::make_unique<io::MemorySource>(first));
  ASSERT_EQ(want.size(), got.size());
  for (size_t i = 0; i < want.size(); ++i) ASSERT_EQ(want[i], got[i]) << i;
}

TEST(Snapshot, AddPathRibRoundTrips) {
  VIGIL_REQUIRE_DATA();
  for (const char* f : {"/mrt/ripe-ncc-bgpdump/test_data/bview.ipv4_unicast_add_path.gz",
                        "/mrt/ripe-ncc-bgpdump/test_data/bview.ipv6_unicast_add_path.gz"}) {
    SCOPED_TRACE(f);
    Rib rib;
    dump::RibLoader loader(rib);
    ASSERT_TRUE(loader.load_file(test::data_dir() + f).ok());
    const auto first = snapshot_bytes(rib);
    Rib again;
    ASSERT_NO_FATAL_FAILURE(load_bytes(first, again));
    EXPECT_TRUE(first == snapshot_bytes(again));
    auto orig = io::open_input(test::data_dir() + f);
    ASSERT_TRUE(orig.ok());
    EXPECT_EQ(route_lines(std::move(*orig)),
              route_lines(std::make_unique<io::MemorySource>(first)));
  }
}

}  // namespace
}  // namespace vigil::rib

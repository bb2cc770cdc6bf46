// QuietRule: the engine skips a detector's on_change() only where the
// detector would have done nothing. The incidents must therefore be exactly
// those of an engine that calls every detector on every change: checked on
// the real RIS rrc06 stream, where thousands of incidents are raised,
// withdrawn and resolved. Also the small PeerSet the incidents keep.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "detect/incident.h"
#include "detect/replay_support.h"
#include "io/input.h"
#include "support/test_data.h"

namespace vigil::detect {
namespace {

std::vector<uint8_t> read_all(const std::string& path) {
  std::vector<uint8_t> out;
  auto src = io::open_input(path);
  EXPECT_TRUE(src.ok()) << path;
  if (!src.ok()) return out;
  uint8_t buf[1 << 16];
  for (;;) {
    auto n = (*src)->read(buf, sizeof buf);
    if (!n || *n == 0) break;
    out.insert(out.end(), buf, buf + *n);
  }
  return out;
}

// Everything an incident reports, as text, one line per incident.
std::vector<std::string> summary(const Engine& e) {
  std::vector<std::string> out;
  for (const Incident* in : e.incidents().reported(true)) {
    std::string s = in->id + " " + alert_type_name(in->type) + " " +
                    incident_status_name(in->status) + " " + std::to_string(in->first_seen) + "-" +
                    std::to_string(in->last_seen) + " w" + std::to_string(in->withdrawn_at) +
                    " alerts " + std::to_string(in->alerts) + " sev " +
                    std::to_string(static_cast<int>(in->severity)) + " peers";
    for (auto p : in->peers_ever) s += " " + std::to_string(p);
    s += " now";
    for (auto p : in->peers_now) s += " " + std::to_string(p);
    s += " ev";
    for (const auto& ev : in->evidence) s += " " + std::to_string(ev.offset);
    s += " | " + in->explanation;
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(QuietRules, SameIncidentsAsCallingEveryDetector) {
  VIGIL_REQUIRE_DATA();
  std::vector<std::string> files;
  for (const auto& f :
       std::filesystem::directory_iterator(test::data_dir() + "/mrt/ris-rrc06-2021-01-02")) {
    files.push_back(f.path().string());
  }
  std::sort(files.begin(), files.end());
  ASSERT_EQ(files.size(), 50u);
  // Four hours: the 15-minute baseline, then ~5,100 incidents of every type
  // the stream has (new links, MOAS, bogon ASNs, leaks, outages).
  std::vector<std::vector<uint8_t>> bytes;
  for (const auto& f : files) bytes.push_back(read_all(f));

  std::vector<std::string> got[2];
  for (int quiet = 0; quiet < 2; ++quiet) {
    rib::Rib rib;
    EngineOptions opts;
    opts.quiet_rules = quiet == 1;
    auto e = Engine::create(rib, ReferenceData{}, {}, opts);
    ASSERT_TRUE(e.ok());
    for (size_t i = 0; i < bytes.size(); ++i) {
      ASSERT_NO_FATAL_FAILURE(
          test_support::load_mrt(rib, bytes[i], files[i], [&](const dump::RecordView& rec) {
            (*e)->begin_record({files[i], rec.offset, rec.header.timestamp}, false, rec.raw);
          }));
    }
    (*e)->finish();
    got[quiet] = summary(**e);
  }
  ASSERT_GT(got[0].size(), 1000u);
  ASSERT_EQ(got[0].size(), got[1].size());
  size_t withdrawn = 0;
  for (size_t i = 0; i < got[0].size(); ++i) {
    ASSERT_EQ(got[0][i], got[1][i]) << "incident " << i;
    withdrawn += got[0][i].find(" withdrawn ") != std::string::npos ||
                 got[0][i].find(" resolved ") != std::string::npos;
  }
  EXPECT_GT(withdrawn, 100u);  // clearing is exercised too
}

TEST(PeerSet, SortedInlineThenOnTheHeapAndBack) {
  PeerSet s;
  EXPECT_TRUE(s.empty());
  const std::vector<rib::PeerIndex> order = {9, 3, 7, 1, 12, 5, 30, 2, 8};
  for (auto p : order) EXPECT_TRUE(s.insert(p));
  EXPECT_FALSE(s.insert(7));
  EXPECT_EQ(s.size(), order.size());  // more than kInline: on the heap
  std::vector<rib::PeerIndex> want = order;
  std::sort(want.begin(), want.end());
  EXPECT_EQ(std::vector<rib::PeerIndex>(s.begin(), s.end()), want);
  EXPECT_EQ(s.erase(4), 0u);
  for (auto p : order) EXPECT_EQ(s.erase(p), 1u);
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.begin(), s.end());
  for (auto p : {4, 2, 6}) EXPECT_TRUE(s.insert(static_cast<rib::PeerIndex>(p)));
  EXPECT_EQ(std::vector<rib::PeerIndex>(s.begin(), s.end()),
            (std::vector<rib::PeerIndex>{2, 4, 6}));
  PeerSet small;
  for (auto p : {5, 1, 3}) EXPECT_TRUE(small.insert(static_cast<rib::PeerIndex>(p)));
  EXPECT_EQ(small.erase(1), 1u);
  PeerSet copy = small;
  EXPECT_EQ(std::vector<rib::PeerIndex>(copy.begin(), copy.end()),
            (std::vector<rib::PeerIndex>{3, 5}));
}

}  // namespace
}  // namespace vigil::detect

#include "rib/attr_store.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "rib/interner.h"

namespace vigil::rib {
namespace {

struct Str {
  std::string s;
  size_t hash() const { return std::hash<std::string>()(s) & 0xff; }  // force collisions
  size_t heap_bytes() const { return s.capacity() > 15 ? s.capacity() : 0; }
  bool operator==(const Str& o) const { return s == o.s; }
};

TEST(Interner, SameValueSameIdAndRefcounts) {
  Interner<Str> in;
  const auto a = in.intern({"a"});
  const auto b = in.intern({"b"});
  EXPECT_NE(a, 0u);
  EXPECT_NE(a, b);
  EXPECT_EQ(in.intern({"a"}), a);
  EXPECT_EQ(in.refs(a), 2u);
  EXPECT_EQ(in.live(), 2u);
  in.release(a);
  EXPECT_EQ(in.live(), 2u);
  in.release(a);
  EXPECT_EQ(in.live(), 1u);
  EXPECT_EQ(in.get(b).s, "b");
}

// A released value stays dormant: interned again it gets its old id and
// serial back; its slot is reused (with a new serial) only once dormant
// values outnumber half the live ones.
TEST(Interner, DormantValuesComeBackWithTheirIdAndSerial) {
  Interner<Str> in;
  std::vector<uint32_t> live;
  for (int i = 0; i < 8; ++i) live.push_back(in.intern({"keep" + std::to_string(i)}));
  const auto a = in.intern({"a"});
  const auto serial = in.serial(a);
  in.release(a);
  EXPECT_EQ(in.live(), 8u);
  EXPECT_EQ(in.dormant(), 1u);
  EXPECT_EQ(in.intern({"a"}), a);
  EXPECT_EQ(in.serial(a), serial);
  EXPECT_EQ(in.dormant(), 0u);
  EXPECT_EQ(in.refs(a), 1u);
  // Release a and 4 others: 5 dormant > 4 live / 2, so new values take
  // dormant slots, oldest first (a's), under a new serial.
  in.release(a);
  for (int i = 0; i < 4; ++i) in.release(live[i]);
  EXPECT_EQ(in.dormant(), 5u);
  const auto b = in.intern({"b"});
  EXPECT_EQ(b, a);
  EXPECT_NE(in.serial(b), serial);
  EXPECT_EQ(in.get(b).s, "b");
  // The value that lived there is gone: interned again it is new.
  const auto a2 = in.intern({"a"});
  EXPECT_NE(a2, b);
  EXPECT_EQ(in.get(a2).s, "a");
  EXPECT_EQ(in.get(b).s, "b");
}

// A note stays with its value (dormant and back) and is 0 for a new value
// in a reused slot; clear_notes() resets all.
TEST(Interner, NotesFollowTheValue) {
  Interner<Str, /*kNotes=*/true> in;
  std::vector<uint32_t> live;
  for (int i = 0; i < 4; ++i) live.push_back(in.intern({"keep" + std::to_string(i)}));
  const auto a = in.intern({"a"});
  EXPECT_EQ(in.note(a), 0u);
  in.set_note(a, 0x1234'0000'0007u);
  in.release(a);
  EXPECT_EQ(in.intern({"a"}), a);  // woken: the note is still there
  EXPECT_EQ(in.note(a), 0x1234'0000'0007u);
  in.release(a);
  for (int i = 0; i < 3; ++i) in.release(live[i]);
  const auto b = in.intern({"b"});  // takes a's dormant slot
  EXPECT_EQ(b, a);
  EXPECT_EQ(in.note(b), 0u);
  in.set_note(live[3], 9);
  in.set_note(b, 5);
  in.clear_notes();
  EXPECT_EQ(in.note(live[3]), 0u);
  EXPECT_EQ(in.note(b), 0u);
}

// dormant_per_two_live = 2 keeps as many dormant values as live ones.
TEST(Interner, DormantShareIsConfigurable) {
  Interner<Str> in(/*dormant_per_two_live=*/2);
  std::vector<uint32_t> ids;
  for (int i = 0; i < 8; ++i) ids.push_back(in.intern({"v" + std::to_string(i)}));
  for (int i = 0; i < 4; ++i) in.release(ids[i]);  // 4 dormant, 4 live
  const auto fresh = in.intern({"new"});           // 4 * 2 <= 5 * 2: a new slot
  EXPECT_GT(fresh, ids.back());
  in.release(ids[4]);
  in.release(ids[5]);  // 6 dormant > 3 live: the oldest dormant slot goes
  EXPECT_EQ(in.intern({"newer"}), ids[0]);
  EXPECT_EQ(in.intern({"v1"}), ids[1]);  // still dormant: its old id
}

// Random intern/release against a std::map model, with a weak hash so that
// probe chains and backward-shift deletion are exercised.
TEST(Interner, AgreesWithModelUnderChurn) {
  Interner<Str> in;
  std::map<std::string, std::pair<uint32_t, int>> model;  // value -> (id, refs)
  std::mt19937 rng(42);
  for (int step = 0; step < 200000; ++step) {
    const std::string v = "v" + std::to_string(rng() % 3000);
    auto it = model.find(v);
    if (rng() % 3 != 0 || it == model.end()) {
      const auto id = in.intern({v});
      if (it == model.end()) {
        model[v] = {id, 1};
      } else {
        ASSERT_EQ(id, it->second.first) << v;
        ++it->second.second;
      }
    } else {
      in.release(it->second.first);
      if (--it->second.second == 0) model.erase(it);
    }
    if (step % 997 == 0) {
      ASSERT_EQ(in.live(), model.size());
      for (const auto& [val, idr] : model) {
        ASSERT_EQ(in.get(idr.first).s, val);
        ASSERT_EQ(in.refs(idr.first), static_cast<uint32_t>(idr.second));
      }
    }
  }
  for (auto& [val, idr] : model) {
    for (int i = 0; i < idr.second; ++i) in.release(idr.first);
  }
  EXPECT_EQ(in.live(), 0u);
}

bgp::PathAttributes make_attrs(std::vector<uint32_t> path, std::vector<uint32_t> comms) {
  bgp::PathAttributes a;
  a.present = bgp::kHasOrigin | bgp::kHasAsPath | bgp::kHasNextHop;
  a.as_path.append_segment(bgp::SegmentType::kSequence, path.data(),
                           static_cast<uint32_t>(path.size()));
  a.next_hop = IpAddr::v4(0x0a000001);
  if (!comms.empty()) {
    a.present |= bgp::kHasCommunities;
    a.communities = comms;
  }
  return a;
}

TEST(AttrStore, SharesPathsCommunitiesAndSets) {
  AttrStore st;
  const IpAddr nh = IpAddr::v4(0x0a000001);
  const auto a1 = make_attrs({1, 2, 3}, {0x00010002});
  const auto id1 = st.intern(a1, true, &nh);
  const auto id2 = st.intern(a1, true, &nh);
  EXPECT_EQ(id1, id2);
  const auto a2 = make_attrs({1, 2, 3}, {});
  const auto id3 = st.intern(a2, true, &nh);
  EXPECT_NE(id1, id3);
  EXPECT_EQ(st.attrs(id1).path, st.attrs(id3).path);  // one path, two sets
  auto s = st.stats();
  EXPECT_EQ(s.paths, 1u);
  EXPECT_EQ(s.community_sets, 1u);
  EXPECT_EQ(s.attr_sets, 2u);
  EXPECT_EQ(st.path(st.attrs(id1).path).origin, 3u);
  st.release(id1);
  st.release(id2);
  s = st.stats();
  EXPECT_EQ(s.community_sets, 0u);
  EXPECT_EQ(s.paths, 1u);
  st.release(id3);
  s = st.stats();
  EXPECT_EQ(s.paths + s.community_sets + s.attr_sets, 0u);
}

TEST(AttrStore, MergesAs4PathOnTwoOctetSessions) {
  AttrStore st;
  auto a = make_attrs({65001, 23456}, {});
  const uint32_t four[] = {4200000000u};
  a.as4_path.append_segment(bgp::SegmentType::kSequence, four, 1);
  a.present |= bgp::kHasAs4Path;
  const auto id = st.intern(a, /*as4_session=*/false, nullptr);
  EXPECT_EQ(st.path(st.attrs(id).path).origin, 4200000000u);
  EXPECT_FALSE(st.attrs(id).flags & RouteAttrs::kHasNextHop);
}

}  // namespace
}  // namespace vigil::rib

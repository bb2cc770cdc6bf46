// PathNumbers: one number per AS path content, stable when the routing
// state frees a path and interns it again under another id.
#include "detect/path_numbers.h"

#include <gtest/gtest.h>

namespace vigil::detect {
namespace {

bgp::PathAttributes attrs_with(std::vector<uint32_t> path,
                               bgp::SegmentType type = bgp::SegmentType::kSequence) {
  bgp::PathAttributes a;
  a.present = bgp::kHasOrigin | bgp::kHasAsPath | bgp::kHasNextHop;
  a.as_path.append_segment(type, path.data(), static_cast<uint32_t>(path.size()));
  a.next_hop = IpAddr::v4(0x0a000001);
  return a;
}

TEST(PathNumbers, StableAcrossFreeAndReintern) {
  rib::AttrStore store;
  PathNumbers numbers;
  const IpAddr nh = IpAddr::v4(0x0a000001);
  const auto a = store.intern(attrs_with({1299, 3356, 3333}), true, &nh);
  const auto na = numbers.of(store, a);
  EXPECT_EQ(na.number, 1u);
  EXPECT_TRUE(na.first_sight);
  EXPECT_TRUE(na.has_origin);
  EXPECT_EQ(na.origin, 3333u);
  // The same route again: the same number, not new, no lookup needed.
  store.retain(a);
  const auto again = numbers.of(store, a);
  EXPECT_EQ(again.number, 1u);
  EXPECT_FALSE(again.first_sight);
  EXPECT_EQ(numbers.of(store, a).number, 1u);
  store.release(a);
  store.release(a);  // the path is freed

  // Another path takes the freed id: a new number.
  const auto b = store.intern(attrs_with({174, 3356, 64500}), true, &nh);
  const auto nb = numbers.of(store, b);
  EXPECT_EQ(nb.number, 2u);
  EXPECT_TRUE(nb.first_sight);
  EXPECT_EQ(nb.origin, 64500u);
  // The first path comes back (under another id): its old number.
  const auto a2 = store.intern(attrs_with({1299, 3356, 3333}), true, &nh);
  EXPECT_NE(store.attrs(a2).path, store.attrs(b).path);
  const auto na2 = numbers.of(store, a2);
  EXPECT_EQ(na2.number, 1u);
  EXPECT_FALSE(na2.first_sight);
  EXPECT_EQ(numbers.size(), 2u);
  EXPECT_EQ(numbers.epoch(), 1u);
}

TEST(PathNumbers, ShapeAndOriginMatter) {
  rib::AttrStore store;
  PathNumbers numbers;
  const IpAddr nh = IpAddr::v4(0x0a000001);
  // The same ASNs as a sequence and as a set are different paths; a path
  // ending in an AS_SET has no origin (RFC 6811 NONE).
  const auto seq = store.intern(attrs_with({64500, 64501}), true, &nh);
  const auto set = store.intern(attrs_with({64500, 64501}, bgp::SegmentType::kSet), true, &nh);
  const auto ns = numbers.of(store, seq), nt = numbers.of(store, set);
  EXPECT_NE(ns.number, nt.number);
  EXPECT_TRUE(ns.has_origin);
  EXPECT_FALSE(nt.has_origin);
  // No AS_PATH at all: number 0.
  bgp::PathAttributes none;
  none.present = bgp::kHasOrigin | bgp::kHasNextHop;
  none.next_hop = nh;
  const auto empty = store.intern(none, true, &nh);
  EXPECT_EQ(numbers.of(store, empty).number, 0u);
  // Many distinct paths: dense numbers, the table grows.
  for (uint32_t i = 0; i < 5000; ++i) {
    const auto id = store.intern(attrs_with({1299, 70000 + i}), true, &nh);
    const auto n = numbers.of(store, id);
    EXPECT_EQ(n.number, 3u + i);
    EXPECT_TRUE(n.first_sight);
  }
  EXPECT_EQ(numbers.size(), 5002u);
}

// Verdict bits belong to the content: they ride in the store's note of the
// path id that holds it, survive the id being given to another path, and
// come back with the content under a new id; clearing reaches the notes.
TEST(PathNumbers, FlagsFollowTheContent) {
  rib::AttrStore store;
  PathNumbers numbers;
  const IpAddr nh = IpAddr::v4(0x0a000001);
  const auto a = store.intern(attrs_with({1299, 3356, 3333}), true, &nh);
  const auto na = numbers.of(store, a);
  numbers.set_flags(store, na.number, kBogonChecked | kLeakChecked);
  EXPECT_EQ(numbers.of(store, a).flags, kBogonChecked | kLeakChecked);
  const rib::PathId pid = store.attrs(a).path;
  EXPECT_EQ(store.path_note(pid) >> 32, kBogonChecked | kLeakChecked);
  store.release(a);

  // Enough other paths that the dormant slot of the first is taken.
  std::vector<rib::AttrsId> others;
  for (uint32_t i = 0; i < 8; ++i) {
    others.push_back(store.intern(attrs_with({174, 65000 + i}), true, &nh));
    const auto n = numbers.of(store, others.back());
    EXPECT_TRUE(n.first_sight);
    EXPECT_EQ(n.flags, 0u);  // a new content never inherits the slot's bits
  }
  const auto a2 = store.intern(attrs_with({1299, 3356, 3333}), true, &nh);
  const auto back = numbers.of(store, a2);
  EXPECT_EQ(back.number, na.number);
  EXPECT_FALSE(back.first_sight);
  EXPECT_EQ(back.flags, kBogonChecked | kLeakChecked);

  numbers.clear_flags(store, kLeakChecked);
  EXPECT_EQ(numbers.of(store, a2).flags, kBogonChecked);
  numbers.set_flags(store, na.number, kNewLinkPath);
  EXPECT_EQ(numbers.of(store, a2).flags, kBogonChecked | kNewLinkPath);
  for (auto id : others) EXPECT_EQ(numbers.of(store, id).flags, 0u);
}

}  // namespace
}  // namespace vigil::detect

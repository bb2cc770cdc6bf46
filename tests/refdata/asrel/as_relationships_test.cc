#include "refdata/asrel/as_relationships.h"

#include <gtest/gtest.h>

#include <vector>

namespace vigil::refdata {
namespace {

using V = std::vector<uint32_t>;

V vec(std::span<const uint32_t> s) { return V(s.begin(), s.end()); }

AsRelationships sample() {
  AsRelationshipsBuilder b;
  EXPECT_EQ(b.add(3356, 64500, LinkType::kProviderCustomer),
            AsRelationshipsBuilder::AddResult::kAdded);
  EXPECT_EQ(b.add(174, 64500, LinkType::kProviderCustomer),
            AsRelationshipsBuilder::AddResult::kAdded);
  EXPECT_EQ(b.add(3356, 174, LinkType::kPeer), AsRelationshipsBuilder::AddResult::kAdded);
  EXPECT_EQ(b.add(64500, 64501, LinkType::kSibling), AsRelationshipsBuilder::AddResult::kAdded);
  EXPECT_EQ(b.add(64501, 7, LinkType::kProviderCustomer),
            AsRelationshipsBuilder::AddResult::kAdded);
  return std::move(b).build();
}

TEST(AsRelationships, RelationshipFromEitherSide) {
  const AsRelationships r = sample();
  EXPECT_EQ(r.relationship(3356, 64500), AsRel::kProviderOf);
  EXPECT_EQ(r.relationship(64500, 3356), AsRel::kCustomerOf);
  EXPECT_EQ(r.relationship(3356, 174), AsRel::kPeer);
  EXPECT_EQ(r.relationship(174, 3356), AsRel::kPeer);
  EXPECT_EQ(r.relationship(64501, 64500), AsRel::kSibling);
  EXPECT_EQ(r.relationship(7, 64501), AsRel::kCustomerOf);
  EXPECT_EQ(r.relationship(3356, 7), AsRel::kUnknown);     // no direct link
  EXPECT_EQ(r.relationship(3356, 3356), AsRel::kUnknown);  // itself
  EXPECT_EQ(r.relationship(1, 2), AsRel::kUnknown);        // unknown ASes
}

TEST(AsRelationships, NeighboursByKindSorted) {
  const AsRelationships r = sample();
  EXPECT_EQ(vec(r.providers(64500)), (V{174, 3356}));
  EXPECT_EQ(vec(r.customers(3356)), (V{64500}));
  EXPECT_EQ(vec(r.peers(174)), (V{3356}));
  EXPECT_EQ(vec(r.siblings(64500)), (V{64501}));
  EXPECT_EQ(vec(r.customers(64501)), (V{7}));
  EXPECT_TRUE(r.providers(3356).empty());
  EXPECT_TRUE(r.customers(99).empty());
  EXPECT_EQ(r.degree(64500), 3u);
  EXPECT_EQ(r.degree(99), 0u);
  EXPECT_EQ(vec(r.ases()), (V{7, 174, 3356, 64500, 64501}));
  EXPECT_EQ(r.as_count(), 5u);
  EXPECT_EQ(r.link_count(), 5u);
  EXPECT_EQ(r.link_count(LinkType::kProviderCustomer), 3u);
  EXPECT_EQ(r.link_count(LinkType::kPeer), 1u);
  EXPECT_EQ(r.link_count(LinkType::kSibling), 1u);
  EXPECT_GT(r.memory_bytes(), 0u);
}

TEST(AsRelationships, LinksOnceInOrder) {
  const std::vector<AsLink> expected = {
      {174, 3356, LinkType::kPeer},
      {174, 64500, LinkType::kProviderCustomer},
      {3356, 64500, LinkType::kProviderCustomer},
      {64500, 64501, LinkType::kSibling},
      {64501, 7, LinkType::kProviderCustomer},
  };
  EXPECT_EQ(sample().links(), expected);
}

TEST(AsRelationshipsBuilder, LastAddForAPairWins) {
  AsRelationshipsBuilder b;
  using R = AsRelationshipsBuilder::AddResult;
  EXPECT_EQ(b.add(1, 2, LinkType::kProviderCustomer), R::kAdded);
  EXPECT_EQ(b.add(1, 2, LinkType::kProviderCustomer), R::kSame);
  EXPECT_EQ(b.add(2, 1, LinkType::kProviderCustomer), R::kReplaced);  // direction flipped
  EXPECT_EQ(b.add(2, 1, LinkType::kPeer), R::kReplaced);
  EXPECT_EQ(b.add(1, 2, LinkType::kPeer), R::kSame);  // peers: order does not matter
  EXPECT_EQ(b.add(5, 5, LinkType::kPeer), R::kSelfLink);
  EXPECT_EQ(b.add(3, 1, LinkType::kProviderCustomer), R::kAdded);
  EXPECT_EQ(b.size(), 2u);
  const AsRelationships r = std::move(b).build();
  EXPECT_EQ(r.relationship(1, 2), AsRel::kPeer);
  EXPECT_EQ(r.relationship(1, 3), AsRel::kCustomerOf);
  EXPECT_EQ(r.link_count(), 2u);
  EXPECT_EQ(r.relationship(5, 5), AsRel::kUnknown);
}

TEST(AsRelationships, EmptyStoreAndNames) {
  const AsRelationships r;
  EXPECT_EQ(r.relationship(1, 2), AsRel::kUnknown);
  EXPECT_TRUE(r.peers(1).empty());
  EXPECT_TRUE(r.links().empty());
  EXPECT_EQ(AsRelationshipsBuilder().build().as_count(), 0u);
  EXPECT_EQ(as_rel_name(AsRel::kProviderOf), "provider-of");
  EXPECT_EQ(as_rel_name(reverse(AsRel::kProviderOf)), "customer-of");
  EXPECT_EQ(reverse(AsRel::kPeer), AsRel::kPeer);
  EXPECT_EQ(link_type_name(LinkType::kSibling), "s2s");
}

TEST(AsRelationships, HighAsnsAndCopies) {
  AsRelationshipsBuilder b;
  (void)b.add(4294967295u, 4200000000u, LinkType::kProviderCustomer);
  const AsRelationships r = std::move(b).build();
  const AsRelationships copy = r;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(copy.relationship(4200000000u, 4294967295u), AsRel::kCustomerOf);
}

}  // namespace
}  // namespace vigil::refdata

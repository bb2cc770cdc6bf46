// AsRelationships: business relationships between ASes (provider/customer,
// peer, sibling), as loaded from CAIDA files (caida_as_rel.h) or inferred
// from AS paths (gao_inference.h).
//
//   AsRelationshipsBuilder b;
//   b.add(3356, 64500, LinkType::kProviderCustomer);  // 3356 provides transit to 64500
//   b.add(3356, 174, LinkType::kPeer);
//   AsRelationships rels = std::move(b).build();
//   rels.relationship(64500, 3356);   // AsRel::kCustomerOf
//   rels.providers(64500);            // {3356}
//
// Storage: the ASNs sorted, and per AS four sorted runs of neighbours
// (providers, customers, peers, siblings) in one array, 8 bytes per
// link end plus 20 bytes per AS; relationship() is a binary search for the
// AS and one per run, except relationship(), which is one probe of a
// hash table of the links (16 bytes per slot, at most half full) since
// detectors ask it for every link of every new path.
//
// Lifetimes: spans returned point into the store; valid while it lives (a
// move keeps them valid). Thread safety: immutable once built; concurrent
// readers are safe. Errors: none; unknown ASes have no neighbours.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vigil::refdata {

// How AS a relates to AS b.
enum class AsRel : uint8_t {
  kUnknown,     // no link known between them
  kProviderOf,  // a is a provider of b (p2c)
  kCustomerOf,  // a is a customer of b (c2p)
  kPeer,        // settlement-free peers (p2p)
  kSibling,     // the same organisation, or mutual transit (s2s)
};

// "unknown", "provider-of", "customer-of", "peer", "sibling"
std::string_view as_rel_name(AsRel rel);
// The same relationship seen from b: provider-of <-> customer-of.
AsRel reverse(AsRel rel);

// The kind of a stored link; for kProviderCustomer the first AS is the
// provider.
enum class LinkType : uint8_t {
  kProviderCustomer,
  kPeer,
  kSibling,
};

std::string_view link_type_name(LinkType type);  // "p2c", "p2p", "s2s"

struct AsLink {
  uint32_t a = 0;  // the provider for kProviderCustomer; else the lower ASN
  uint32_t b = 0;
  LinkType type = LinkType::kPeer;
  bool operator==(const AsLink&) const = default;
};

class AsRelationships {
 public:
  AsRelationships() = default;
  AsRelationships(AsRelationships&&) noexcept = default;
  AsRelationships& operator=(AsRelationships&&) noexcept = default;
  AsRelationships(const AsRelationships&) = default;
  AsRelationships& operator=(const AsRelationships&) = default;

  // How a relates to b; kUnknown when no link is stored (or a == b).
  AsRel relationship(uint32_t a, uint32_t b) const;

  // Neighbours of `asn` by kind, ascending; empty for an unknown AS.
  std::span<const uint32_t> providers(uint32_t asn) const { return run(asn, kProviders); }
  std::span<const uint32_t> customers(uint32_t asn) const { return run(asn, kCustomers); }
  std::span<const uint32_t> peers(uint32_t asn) const { return run(asn, kPeers); }
  std::span<const uint32_t> siblings(uint32_t asn) const { return run(asn, kSiblings); }
  // Number of neighbours of any kind.
  size_t degree(uint32_t asn) const;

  // Every AS with at least one link, ascending.
  std::span<const uint32_t> ases() const { return asns_; }
  size_t as_count() const { return asns_.size(); }
  size_t link_count() const { return link_count_; }
  size_t link_count(LinkType type) const { return per_type_[static_cast<size_t>(type)]; }

  // Every link once, ordered by (a, b) as AsLink defines them.
  std::vector<AsLink> links() const;

  size_t memory_bytes() const {
    return asns_.capacity() * sizeof(uint32_t) + offsets_.capacity() * sizeof(uint32_t) +
           neighbours_.capacity() * sizeof(uint32_t) + link_keys_.capacity() * sizeof(uint64_t) +
           link_rels_.capacity() * sizeof(AsRel);
  }

 private:
  friend class AsRelationshipsBuilder;
  enum Run { kProviders = 0, kCustomers = 1, kPeers = 2, kSiblings = 3 };
  static constexpr int kRuns = 4;

  // Position of asn in asns_, or -1.
  ptrdiff_t index_of(uint32_t asn) const;
  std::span<const uint32_t> run(uint32_t asn, Run r) const;
  std::span<const uint32_t> run_at(size_t index, Run r) const {
    const size_t at = index * kRuns + r;
    return {neighbours_.data() + offsets_[at], offsets_[at + 1] - offsets_[at]};
  }

  std::vector<uint32_t> asns_;        // sorted
  std::vector<uint32_t> offsets_;     // kRuns per AS, + 1: starts in neighbours_
  std::vector<uint32_t> neighbours_;  // per AS: providers, customers, peers, siblings
  // Open addressing over (lower ASN << 32 | higher ASN); the relation is
  // the lower AS's view. kNoLink (two equal ASNs, never a link) marks empty
  // slots.
  static constexpr uint64_t kNoLink = ~uint64_t{0};
  void build_link_index();
  std::vector<uint64_t> link_keys_;
  std::vector<AsRel> link_rels_;
  size_t link_count_ = 0;
  std::array<size_t, 3> per_type_{};
};

// Collects links, then builds the store.
class AsRelationshipsBuilder {
 public:
  enum class AddResult : uint8_t {
    kAdded,     // a new link
    kSame,      // the link was already there, identical
    kReplaced,  // the pair had another relationship; the new one replaces it
    kSelfLink,  // a == b: ignored
  };

  // For kProviderCustomer, `a` is the provider of `b`. The last add for a
  // pair of ASes wins.
  AddResult add(uint32_t a, uint32_t b, LinkType type);
  AddResult add(const AsLink& link) { return add(link.a, link.b, link.type); }
  size_t size() const { return links_.size(); }

  // The builder is left empty.
  AsRelationships build() &&;

 private:
  // Key: lower ASN << 32 | higher ASN. Value: type, and for p2c whether the
  // lower ASN is the provider.
  struct Entry {
    LinkType type;
    bool lower_is_provider;
  };
  std::unordered_map<uint64_t, Entry> links_;
};

}  // namespace vigil::refdata

#include "refdata/asrel/as_relationships.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "core/hash.h"

namespace vigil::refdata {

namespace {

uint64_t pair_key(uint32_t lo, uint32_t hi) { return (uint64_t{lo} << 32) | hi; }

}  // namespace

std::string_view as_rel_name(AsRel rel) {
  switch (rel) {
    case AsRel::kUnknown:
      return "unknown";
    case AsRel::kProviderOf:
      return "provider-of";
    case AsRel::kCustomerOf:
      return "customer-of";
    case AsRel::kPeer:
      return "peer";
    case AsRel::kSibling:
      return "sibling";
  }
  return "?";
}

AsRel reverse(AsRel rel) {
  if (rel == AsRel::kProviderOf) return AsRel::kCustomerOf;
  if (rel == AsRel::kCustomerOf) return AsRel::kProviderOf;
  return rel;
}

std::string_view link_type_name(LinkType type) {
  switch (type) {
    case LinkType::kProviderCustomer:
      return "p2c";
    case LinkType::kPeer:
      return "p2p";
    case LinkType::kSibling:
      return "s2s";
  }
  return "?";
}

ptrdiff_t AsRelationships::index_of(uint32_t asn) const {
  const auto it = std::lower_bound(asns_.begin(), asns_.end(), asn);
  if (it == asns_.end() || *it != asn) return -1;
  return it - asns_.begin();
}

std::span<const uint32_t> AsRelationships::run(uint32_t asn, Run r) const {
  const ptrdiff_t i = index_of(asn);
  if (i < 0) return {};
  return run_at(static_cast<size_t>(i), r);
}

AsRel AsRelationships::relationship(uint32_t a, uint32_t b) const {
  if (a == b || link_keys_.empty()) return AsRel::kUnknown;
  const bool swapped = a > b;
  const uint64_t key = swapped ? (uint64_t{b} << 32 | a) : (uint64_t{a} << 32 | b);
  const size_t mask = link_keys_.size() - 1;
  for (size_t s = mix64(key) & mask;; s = (s + 1) & mask) {
    if (link_keys_[s] == key) return swapped ? reverse(link_rels_[s]) : link_rels_[s];
    if (link_keys_[s] == kNoLink) return AsRel::kUnknown;
  }
}

size_t AsRelationships::degree(uint32_t asn) const {
  const ptrdiff_t i = index_of(asn);
  if (i < 0) return 0;
  const auto at = static_cast<size_t>(i) * kRuns;
  return offsets_[at + kRuns] - offsets_[at];
}

std::vector<AsLink> AsRelationships::links() const {
  std::vector<AsLink> out;
  out.reserve(link_count_);
  for (size_t i = 0; i < asns_.size(); ++i) {
    const uint32_t a = asns_[i];
    for (const uint32_t c : run_at(i, kCustomers))
      out.push_back({a, c, LinkType::kProviderCustomer});
    for (const uint32_t p : run_at(i, kPeers)) {
      if (a < p) out.push_back({a, p, LinkType::kPeer});
    }
    for (const uint32_t s : run_at(i, kSiblings)) {
      if (a < s) out.push_back({a, s, LinkType::kSibling});
    }
  }
  std::sort(out.begin(), out.end(), [](const AsLink& x, const AsLink& y) {
    return std::pair(x.a, x.b) < std::pair(y.a, y.b);
  });
  return out;
}

AsRelationshipsBuilder::AddResult AsRelationshipsBuilder::add(uint32_t a, uint32_t b,
                                                              LinkType type) {
  if (a == b) return AddResult::kSelfLink;
  const Entry e{type, type == LinkType::kProviderCustomer && a < b};
  const auto [it, inserted] = links_.try_emplace(pair_key(std::min(a, b), std::max(a, b)), e);
  if (inserted) return AddResult::kAdded;
  if (it->second.type == e.type && it->second.lower_is_provider == e.lower_is_provider) {
    return AddResult::kSame;
  }
  it->second = e;
  return AddResult::kReplaced;
}

AsRelationships AsRelationshipsBuilder::build() && {
  // Each link as two directed ends (AS, run, neighbour), sorted.
  struct End {
    uint32_t asn;
    uint32_t run;
    uint32_t neighbour;
    bool operator<(const End& o) const {
      return std::tie(asn, run, neighbour) < std::tie(o.asn, o.run, o.neighbour);
    }
  };
  AsRelationships r;
  std::vector<End> ends;
  ends.reserve(links_.size() * 2);
  for (const auto& [key, e] : links_) {
    const auto lo = static_cast<uint32_t>(key >> 32);
    const auto hi = static_cast<uint32_t>(key);
    ++r.per_type_[static_cast<size_t>(e.type)];
    switch (e.type) {
      case LinkType::kProviderCustomer: {
        const uint32_t provider = e.lower_is_provider ? lo : hi;
        const uint32_t customer = e.lower_is_provider ? hi : lo;
        ends.push_back({provider, AsRelationships::kCustomers, customer});
        ends.push_back({customer, AsRelationships::kProviders, provider});
        break;
      }
      case LinkType::kPeer:
        ends.push_back({lo, AsRelationships::kPeers, hi});
        ends.push_back({hi, AsRelationships::kPeers, lo});
        break;
      case LinkType::kSibling:
        ends.push_back({lo, AsRelationships::kSiblings, hi});
        ends.push_back({hi, AsRelationships::kSiblings, lo});
        break;
    }
  }
  r.link_count_ = links_.size();
  decltype(links_)().swap(links_);
  std::sort(ends.begin(), ends.end());

  r.neighbours_.reserve(ends.size());
  size_t i = 0;
  while (i < ends.size()) {
    const uint32_t asn = ends[i].asn;
    r.asns_.push_back(asn);
    for (uint32_t run = 0; run < AsRelationships::kRuns; ++run) {
      r.offsets_.push_back(static_cast<uint32_t>(r.neighbours_.size()));
      while (i < ends.size() && ends[i].asn == asn && ends[i].run == run) {
        r.neighbours_.push_back(ends[i].neighbour);
        ++i;
      }
    }
  }
  r.offsets_.push_back(static_cast<uint32_t>(r.neighbours_.size()));
  r.build_link_index();
  return r;
}

void AsRelationships::build_link_index() {
  size_t slots = 16;
  while (slots < link_count_ * 2 + 1) slots *= 2;
  link_keys_.assign(slots, kNoLink);
  link_rels_.assign(slots, AsRel::kUnknown);
  const size_t mask = slots - 1;
  for (size_t i = 0; i < asns_.size(); ++i) {
    const uint32_t a = asns_[i];
    auto put = [&](uint32_t b, AsRel rel_of_a) {
      if (a > b) return;  // each link once, from its lower ASN
      const uint64_t key = uint64_t{a} << 32 | b;
      size_t s = mix64(key) & mask;
      while (link_keys_[s] != kNoLink) s = (s + 1) & mask;
      link_keys_[s] = key;
      link_rels_[s] = rel_of_a;
    };
    for (uint32_t b : run_at(i, kCustomers)) put(b, AsRel::kProviderOf);
    for (uint32_t b : run_at(i, kProviders)) put(b, AsRel::kCustomerOf);
    for (uint32_t b : run_at(i, kPeers)) put(b, AsRel::kPeer);
    for (uint32_t b : run_at(i, kSiblings)) put(b, AsRel::kSibling);
  }
}

}  // namespace vigil::refdata

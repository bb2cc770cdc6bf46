// AsGraph: the AS-level graph of the synthetic Internet, with the business
// relationship of every link (customer-provider or peer-peer).
//
// ASes are numbered 0..size()-1 in ascending ASN order, so comparing two
// indices compares their ASNs: routing's "lowest next-hop ASN" tie-break
// works on indices. Per AS three sorted runs of neighbour indices
// (providers, peers, customers) sit in one array (compressed sparse rows).
//
// Built once by AsGraphBuilder; immutable afterwards. Lifetimes: spans
// point into the graph and live as long as it. Thread safety: concurrent
// readers are safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

namespace vigil::exercise {

// How a neighbour relates to an AS.
enum class Rel : uint8_t {
  kCustomer,  // the neighbour buys transit from the AS
  kPeer,      // settlement-free peering
  kProvider,  // the neighbour sells transit to the AS
};

class AsGraph {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  size_t size() const { return asns_.size(); }
  uint32_t asn(uint32_t index) const { return asns_[index]; }
  std::span<const uint32_t> asns() const { return asns_; }
  // The index of `asn`, or kNone.
  uint32_t index_of(uint32_t asn) const;

  std::span<const uint32_t> providers(uint32_t i) const { return run(i, 0); }
  std::span<const uint32_t> peers(uint32_t i) const { return run(i, 1); }
  std::span<const uint32_t> customers(uint32_t i) const { return run(i, 2); }
  size_t degree(uint32_t i) const { return offsets_[3 * i + 3] - offsets_[3 * i]; }

  // How `j` relates to `i` (j is i's customer, peer or provider); nullopt
  // when they are not linked.
  std::optional<Rel> relation(uint32_t i, uint32_t j) const;
  // The same by ASN.
  std::optional<Rel> relation_asn(uint32_t a, uint32_t b) const;

  size_t p2c_links() const { return p2c_; }
  size_t p2p_links() const { return p2p_; }

 private:
  friend class AsGraphBuilder;
  std::span<const uint32_t> run(uint32_t i, int r) const {
    const size_t at = 3 * size_t{i} + static_cast<size_t>(r);
    return {neighbours_.data() + offsets_[at], offsets_[at + 1] - offsets_[at]};
  }

  std::vector<uint32_t> asns_;        // ascending
  std::vector<uint32_t> offsets_;     // 3 per AS + 1
  std::vector<uint32_t> neighbours_;  // providers, peers, customers per AS
  std::unordered_map<uint32_t, uint32_t> index_;
  size_t p2c_ = 0;
  size_t p2p_ = 0;
};

// Collects ASNs and links, then builds the graph. A pair of ASes has at
// most one link: linked() tells whether one exists.
class AsGraphBuilder {
 public:
  // REQUIRES: `asn` not added before.
  void add_as(uint32_t asn);
  // REQUIRES: both added, distinct, not linked.
  void add_p2c(uint32_t provider, uint32_t customer);
  void add_p2p(uint32_t a, uint32_t b);
  bool linked(uint32_t a, uint32_t b) const;

  AsGraph build() &&;

 private:
  static uint64_t key(uint32_t a, uint32_t b) {
    return a < b ? (uint64_t{a} << 32 | b) : (uint64_t{b} << 32 | a);
  }
  struct Link {
    uint32_t a;  // the provider for p2c
    uint32_t b;
    bool p2c;
  };
  std::vector<uint32_t> asns_;
  std::vector<Link> links_;
  std::unordered_map<uint64_t, uint32_t> keys_;  // key -> position in links_
};

}  // namespace vigil::exercise

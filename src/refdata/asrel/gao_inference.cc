#include "refdata/asrel/gao_inference.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>

#include "refdata/asrel/special_asns.h"

namespace vigil::refdata {

namespace {

// The paths kept, as dense AS ids, with the id of each hop's link.
struct PathSet {
  std::vector<uint32_t> hops;   // path p is hops[start[p], start[p + 1])
  std::vector<uint32_t> links;  // links[start[p] + i] = link of hops i, i+1 of path p
  std::vector<uint32_t> start{0};
  size_t size() const { return start.size() - 1; }
  std::span<const uint32_t> path(size_t p) const {
    return {hops.data() + start[p], start[p + 1] - start[p]};
  }
  std::span<const uint32_t> path_links(size_t p) const {
    return {links.data() + start[p], start[p + 1] - start[p] - 1};
  }
};

struct Link {
  uint32_t lo = 0;  // dense ids, lo < hi
  uint32_t hi = 0;
  uint32_t lo_gave = 0;  // paths where lo gave transit to hi (lo provider)
  uint32_t hi_gave = 0;
  bool not_peer = false;
  LinkType type = LinkType::kProviderCustomer;
  bool lo_is_provider = true;
};

class Gao {
 public:
  explicit Gao(const GaoOptions& o) : options_(o) {}

  GaoResult run(std::span<const std::vector<uint32_t>> paths) {
    stats_.paths_in = paths.size();
    for (const auto& p : paths) add_path(p);
    choose_paths_to_count();
    count_transit();
    classify();
    if (options_.infer_peers) {
      rule_out_peers();
      assign_peers();
    }
    return {build(), stats_};
  }

 private:
  uint32_t dense(uint32_t asn) {
    const auto [it, inserted] = ids_.try_emplace(asn, static_cast<uint32_t>(asns_.size()));
    if (inserted) {
      asns_.push_back(asn);
      degree_.push_back(0);
    }
    return it->second;
  }

  uint32_t link_of(uint32_t x, uint32_t y) {
    const uint32_t lo = std::min(x, y);
    const uint32_t hi = std::max(x, y);
    const auto [it, inserted] =
        link_ids_.try_emplace((uint64_t{lo} << 32) | hi, static_cast<uint32_t>(links_.size()));
    if (inserted) {
      links_.push_back({lo, hi});
      ++degree_[lo];
      ++degree_[hi];
    }
    return it->second;
  }

  // Collapses prepends, drops what cannot be used, stores the rest.
  void add_path(const std::vector<uint32_t>& path) {
    scratch_.clear();
    for (const uint32_t asn : path) {
      if (scratch_.empty() || scratch_.back() != asn) scratch_.push_back(asn);
    }
    if (scratch_.size() < 2) {
      ++stats_.dropped_short;
      return;
    }
    if (options_.drop_special_asns &&
        std::any_of(scratch_.begin(), scratch_.end(), is_special_asn)) {
      ++stats_.dropped_special;
      return;
    }
    sorted_ = scratch_;
    std::sort(sorted_.begin(), sorted_.end());
    if (std::adjacent_find(sorted_.begin(), sorted_.end()) != sorted_.end()) {
      ++stats_.dropped_loops;
      return;
    }
    const size_t begin = set_.hops.size();
    for (const uint32_t asn : scratch_) set_.hops.push_back(dense(asn));
    for (size_t i = begin; i + 1 < set_.hops.size(); ++i) {
      set_.links.push_back(link_of(set_.hops[i], set_.hops[i + 1]));
    }
    set_.links.push_back(0);  // padding: links has one entry per hop
    set_.start.push_back(static_cast<uint32_t>(set_.hops.size()));
  }

  void choose_paths_to_count() {
    counted_.resize(set_.size());
    for (size_t p = 0; p < counted_.size(); ++p) counted_[p] = static_cast<uint32_t>(p);
    if (options_.count_unique_paths) {
      auto less = [&](uint32_t a, uint32_t b) {
        const auto x = set_.path(a);
        const auto y = set_.path(b);
        return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end());
      };
      auto equal = [&](uint32_t a, uint32_t b) {
        const auto x = set_.path(a);
        const auto y = set_.path(b);
        return std::equal(x.begin(), x.end(), y.begin(), y.end());
      };
      std::sort(counted_.begin(), counted_.end(), less);
      counted_.erase(std::unique(counted_.begin(), counted_.end(), equal), counted_.end());
      stats_.duplicate_paths = set_.size() - counted_.size();
    }
    stats_.paths_used = counted_.size();
  }

  // Index of the first AS of highest degree.
  size_t top_of(std::span<const uint32_t> path) const {
    size_t j = 0;
    for (size_t i = 1; i < path.size(); ++i) {
      if (degree_[path[i]] > degree_[path[j]]) j = i;
    }
    return j;
  }

  void count_transit() {
    for (const uint32_t p : counted_) {
      const auto path = set_.path(p);
      const auto links = set_.path_links(p);
      const size_t j = top_of(path);
      for (size_t i = 0; i < links.size(); ++i) {
        const uint32_t provider = i < j ? path[i + 1] : path[i];
        Link& l = links_[links[i]];
        ++(provider == l.lo ? l.lo_gave : l.hi_gave);
      }
    }
  }

  void classify() {
    const uint32_t big = options_.sibling_threshold;
    for (Link& l : links_) {
      const uint32_t a = l.lo_gave;
      const uint32_t b = l.hi_gave;
      if ((a > big && b > big) || (a > 0 && a <= big && b > 0 && b <= big)) {
        l.type = LinkType::kSibling;
      } else {
        l.type = LinkType::kProviderCustomer;
        l.lo_is_provider = a > big || b == 0;
      }
    }
  }

  void rule_out_peers() {
    for (const uint32_t p : counted_) {
      const auto path = set_.path(p);
      const auto links = set_.path_links(p);
      const size_t j = top_of(path);
      // Links not touching the top: hops (i, i+1) with i + 1 < j or i > j.
      for (size_t i = 0; i < links.size(); ++i) {
        if (i + 1 < j || i > j) links_[links[i]].not_peer = true;
      }
      if (j == 0 || j + 1 == path.size()) continue;  // one candidate only
      Link& before = links_[links[j - 1]];
      Link& after = links_[links[j]];
      if (before.type == LinkType::kSibling || after.type == LinkType::kSibling) continue;
      if (degree_[path[j - 1]] > degree_[path[j + 1]]) {
        after.not_peer = true;
      } else {
        before.not_peer = true;
      }
    }
  }

  void assign_peers() {
    const double r = options_.peer_degree_ratio;
    for (Link& l : links_) {
      if (l.not_peer) continue;
      const double ratio = static_cast<double>(degree_[l.lo]) / degree_[l.hi];
      if (ratio < r && ratio > 1.0 / r) l.type = LinkType::kPeer;
    }
  }

  AsRelationships build() {
    AsRelationshipsBuilder b;
    for (const Link& l : links_) {
      const uint32_t lo = asns_[l.lo];
      const uint32_t hi = asns_[l.hi];
      switch (l.type) {
        case LinkType::kProviderCustomer:
          ++stats_.provider_customer;
          if (l.lo_is_provider) {
            (void)b.add(lo, hi, l.type);
          } else {
            (void)b.add(hi, lo, l.type);
          }
          break;
        case LinkType::kPeer:
          ++stats_.peer;
          (void)b.add(lo, hi, l.type);
          break;
        case LinkType::kSibling:
          ++stats_.sibling;
          (void)b.add(lo, hi, l.type);
          break;
      }
    }
    stats_.ases = asns_.size();
    stats_.links = links_.size();
    return std::move(b).build();
  }

  GaoOptions options_;
  GaoStats stats_;
  std::unordered_map<uint32_t, uint32_t> ids_;  // ASN -> dense id
  std::vector<uint32_t> asns_;                  // dense id -> ASN
  std::vector<uint32_t> degree_;                // dense id -> distinct neighbours
  std::unordered_map<uint64_t, uint32_t> link_ids_;
  std::vector<Link> links_;
  PathSet set_;
  std::vector<uint32_t> counted_;  // paths counted in phases 2 and 4
  std::vector<uint32_t> scratch_;
  std::vector<uint32_t> sorted_;
};

}  // namespace

Result<GaoResult> infer_relationships_gao(std::span<const std::vector<uint32_t>> paths,
                                          const GaoOptions& options) {
  if (!(options.peer_degree_ratio >= 1.0)) {
    return make_error(ErrorCode::kInvalidArgument,
                      "Gao inference: peer degree ratio R must be >= 1");
  }
  return Gao(options).run(paths);
}

}  // namespace vigil::refdata

#include "exercise/as_graph.h"

#include <algorithm>

namespace vigil::exercise {

uint32_t AsGraph::index_of(uint32_t asn) const {
  const auto it = index_.find(asn);
  return it == index_.end() ? kNone : it->second;
}

std::optional<Rel> AsGraph::relation(uint32_t i, uint32_t j) const {
  for (int r = 0; r < 3; ++r) {
    const auto run_r = run(i, r);
    if (std::binary_search(run_r.begin(), run_r.end(), j)) {
      return r == 0 ? Rel::kProvider : r == 1 ? Rel::kPeer : Rel::kCustomer;
    }
  }
  return std::nullopt;
}

std::optional<Rel> AsGraph::relation_asn(uint32_t a, uint32_t b) const {
  const uint32_t i = index_of(a);
  const uint32_t j = index_of(b);
  if (i == kNone || j == kNone) return std::nullopt;
  return relation(i, j);
}

void AsGraphBuilder::add_as(uint32_t asn) { asns_.push_back(asn); }

void AsGraphBuilder::add_p2c(uint32_t provider, uint32_t customer) {
  keys_.emplace(key(provider, customer), static_cast<uint32_t>(links_.size()));
  links_.push_back({provider, customer, true});
}

void AsGraphBuilder::add_p2p(uint32_t a, uint32_t b) {
  keys_.emplace(key(a, b), static_cast<uint32_t>(links_.size()));
  links_.push_back({a, b, false});
}

bool AsGraphBuilder::linked(uint32_t a, uint32_t b) const { return keys_.count(key(a, b)) != 0; }

AsGraph AsGraphBuilder::build() && {
  AsGraph g;
  g.asns_ = std::move(asns_);
  std::sort(g.asns_.begin(), g.asns_.end());
  const size_t n = g.asns_.size();
  g.index_.reserve(n);
  for (size_t i = 0; i < n; ++i) g.index_.emplace(g.asns_[i], static_cast<uint32_t>(i));

  // Count the run sizes, then place neighbours, then sort each run.
  std::vector<uint32_t> count(3 * n, 0);
  for (const Link& l : links_) {
    const uint32_t a = g.index_.at(l.a);
    const uint32_t b = g.index_.at(l.b);
    if (l.p2c) {
      ++count[3 * b + 0];  // a is b's provider
      ++count[3 * a + 2];  // b is a's customer
      ++g.p2c_;
    } else {
      ++count[3 * a + 1];
      ++count[3 * b + 1];
      ++g.p2p_;
    }
  }
  g.offsets_.assign(3 * n + 1, 0);
  for (size_t k = 0; k < 3 * n; ++k) g.offsets_[k + 1] = g.offsets_[k] + count[k];
  g.neighbours_.assign(g.offsets_.back(), 0);
  std::vector<uint32_t> fill(g.offsets_.begin(), g.offsets_.end() - 1);
  for (const Link& l : links_) {
    const uint32_t a = g.index_.at(l.a);
    const uint32_t b = g.index_.at(l.b);
    if (l.p2c) {
      g.neighbours_[fill[3 * b + 0]++] = a;
      g.neighbours_[fill[3 * a + 2]++] = b;
    } else {
      g.neighbours_[fill[3 * a + 1]++] = b;
      g.neighbours_[fill[3 * b + 1]++] = a;
    }
  }
  for (size_t k = 0; k < 3 * n; ++k) {
    std::sort(g.neighbours_.begin() + g.offsets_[k], g.neighbours_.begin() + g.offsets_[k + 1]);
  }
  links_.clear();
  keys_.clear();
  return g;
}

}  // namespace vigil::exercise

#include "refdata/rpki/vrp_set.h"

#include <algorithm>

namespace vigil::refdata::rpki {

const char* rov_state_name(RovState s) {
  switch (s) {
    case RovState::kNotFound:
      return "not-found";
    case RovState::kValid:
      return "valid";
    case RovState::kInvalid:
      return "invalid";
  }
  return "?";
}

const char* rov_code(RovResult r) {
  switch (r.state) {
    case RovState::kNotFound:
      return "NF";
    case RovState::kValid:
      return "VD";
    case RovState::kInvalid:
      return r.reason == RovReason::kLength ? "IL" : "IA";
  }
  return "?";
}

VrpSet VrpSet::build(std::span<const VrpRecord> records) {
  std::vector<Vrp> v;
  v.reserve(records.size());
  for (const VrpRecord& r : records) v.push_back(r.vrp);
  return build(v);
}

Prefix VrpSet::truncate(const Prefix& p, int len) {
  Prefix q = p;
  q.len = static_cast<uint8_t>(len);
  int byte = len / 8;
  if (const int rem = len % 8; rem != 0) {
    q.addr.bytes[byte] &= static_cast<uint8_t>(0xff00u >> rem);
    ++byte;
  }
  for (int i = byte; i < 16; ++i) q.addr.bytes[i] = 0;
  return q;
}

VrpSet VrpSet::build(std::span<const Vrp> vrps) {
  VrpSet s;
  std::vector<Vrp> v;
  v.reserve(vrps.size());
  for (Vrp x : vrps) {
    if (x.prefix.len > x.prefix.addr.max_len() || x.max_length < x.prefix.len ||
        x.max_length > x.prefix.addr.max_len()) {
      ++s.dropped_;
      continue;
    }
    x.prefix = truncate(x.prefix, x.prefix.len);
    v.push_back(x);
  }
  std::sort(v.begin(), v.end());  // by prefix, then AS, then maxLength
  v.erase(std::unique(v.begin(), v.end()), v.end());

  s.entries_.reserve(v.size());
  for (size_t i = 0; i < v.size();) {
    size_t j = i + 1;
    while (j < v.size() && v[j].prefix == v[i].prefix) ++j;
    if (s.nodes_.size() >= kMaxNodes) {
      s.dropped_ += j - i;
      i = j;
      continue;
    }
    const auto id = static_cast<uint32_t>(s.nodes_.size());
    s.nodes_.push_back(Node{static_cast<uint32_t>(s.entries_.size()), static_cast<uint32_t>(j - i),
                            kNoNode, v[i].prefix.len});
    for (size_t k = i; k < j; ++k) s.entries_.push_back(Entry{v[k].asn, v[k].max_length});
    s.trie_.emplace(v[i].prefix, Slot{v[i].asn, id | (uint32_t{v[i].max_length} << 24)});
    i = j;
  }
  // Parent links (the longest VRP prefix strictly containing each one) and
  // the simple flag.
  s.trie_.for_each([&](const Prefix& p, Slot& slot) {
    Node& node = s.nodes_[slot.node()];
    if (p.len > 0) {
      if (const auto m = s.trie_.longest_match(truncate(p, p.len - 1))) {
        node.parent = m.value->node();
      }
    }
    if (node.count == 1 && node.parent == kNoNode) slot.packed |= uint32_t{1} << 23;
  });
  // The IPv6 accelerator: every IPv6 prefix of /32 or longer, in trie
  // (address, length) order, so each /32's prefixes are contiguous.
  std::vector<internal::V6Index::Entry> v6;
  std::vector<internal::V6Index::ShortPrefix> shorts;
  s.trie_.for_each([&](const Prefix& p, const Slot& slot) {
    if (p.addr.is_v4()) return;
    if (p.len < 32) {
      uint64_t hi = 0, lo = 0;
      internal::V6Index::split(p.addr, hi, lo);
      const auto first = static_cast<uint32_t>(hi >> 32);
      const uint32_t span = p.len == 0 ? 0xffffffffu : (uint32_t{1} << (32 - p.len)) - 1;
      shorts.push_back({first, first + span, slot.node()});
      return;
    }
    internal::V6Index::Entry e;
    internal::V6Index::split(p.addr, e.hi, e.lo);
    e.node = slot.node();
    e.asn0 = slot.asn0;
    e.len = p.len;
    e.max_length0 = slot.max_length0();
    e.simple = slot.simple();
    v6.push_back(e);
  });
  s.v6_.build_short(shorts);
  s.v6_.build(std::move(v6));
  return s;
}

VrpSet::Located VrpSet::locate(const Prefix& route) const {
  Located l;
  if (route.addr.is_v4()) {
    // The route's first address through the trie's stride index (a few
    // loads); when that finds a prefix longer than the route, climb its
    // covering chain: every prefix containing the route contains its first
    // address, so it is on that chain. (PrefixTrie::longest_match(Prefix)
    // would walk the trie from the root in that case.)
    const auto m = trie_.longest_match(route.addr);
    if (!m) return l;
    if (m.prefix.len <= route.len) {
      l.slot = *m.value;
      l.have_slot = true;
      return l;
    }
    uint32_t n = m.value->node();
    while (n != kNoNode && nodes_[n].len > route.len) n = nodes_[n].parent;
    l.node = n;
    return l;
  }
  if (route.len < 32) {  // rare: the trie walk
    const auto m = trie_.longest_match(route);
    if (m) {
      l.slot = *m.value;
      l.have_slot = true;
    }
    return l;
  }
  // See v6_index.h.
  uint64_t hi = 0, lo = 0;
  internal::V6Index::split(route.addr, hi, lo);
  const internal::V6Index::Bucket* b = v6_.find(hi);
  if (b == nullptr) {  // no VRP prefix of /32 or longer in this /32
    l.node = v6_.short_node(static_cast<uint32_t>(hi >> 32));
    return l;
  }
  const internal::V6Index::Entry* e = v6_.predecessor(*b, hi, lo, route.len);
  if (e == nullptr) {
    l.node = b->short_node;
    return l;
  }
  const int shared = std::min<int>(route.len, internal::V6Index::common_bits(e->hi, e->lo, hi, lo));
  if (e->len <= shared) {
    l.slot.asn0 = e->asn0;
    l.slot.packed = e->node | (uint32_t{e->max_length0} << 24) | (uint32_t{e->simple} << 23);
    l.have_slot = true;
    return l;
  }
  uint32_t n = e->node;
  while (n != kNoNode && nodes_[n].len > shared) n = nodes_[n].parent;
  l.node = n;
  return l;
}

RovResult VrpSet::validate(const Prefix& route, std::optional<uint32_t> origin) const {
  const Located l = locate(route);
  if (!l.found()) return {};
  uint32_t n = l.node;
  // Covered. NONE and AS 0 match nothing (RFC 6811 §2, RFC 7607).
  if (!origin || *origin == 0) return {RovState::kInvalid, RovReason::kAsn};
  const uint32_t as = *origin;
  bool names_origin = false;
  if (l.have_slot) {
    // Fast path: the longest covering prefix's first VRP, kept in the trie.
    if (l.slot.asn0 == as) {
      if (route.len <= l.slot.max_length0()) return {RovState::kValid, RovReason::kNone};
      names_origin = true;
    }
    if (l.slot.simple()) {
      return {RovState::kInvalid, names_origin ? RovReason::kLength : RovReason::kAsn};
    }
    n = l.slot.node();
  }
  for (; n != kNoNode; n = nodes_[n].parent) {
    const Node& node = nodes_[n];
    const Entry* e = entries_.data() + node.first;
    const Entry* end = e + node.count;
    for (; e != end; ++e) {
      if (e->asn == as) {
        if (route.len <= e->max_length) return {RovState::kValid, RovReason::kNone};
        names_origin = true;
      }
    }
  }
  return {RovState::kInvalid, names_origin ? RovReason::kLength : RovReason::kAsn};
}

RovResult VrpSet::validate(const Prefix& route, std::optional<uint32_t> origin,
                           std::vector<CoveringVrp>& covering) const {
  covering.clear();
  bool valid = false;
  bool names_origin = false;
  for_each_covering(route, [&](const Vrp& v) {
    const bool same_as = origin && *origin != 0 && v.asn == *origin;
    const bool matched = same_as && route.len <= v.max_length;
    names_origin |= same_as;
    valid |= matched;
    covering.push_back(CoveringVrp{v, matched});
  });
  if (covering.empty()) return {};
  if (valid) return {RovState::kValid, RovReason::kNone};
  return {RovState::kInvalid, names_origin ? RovReason::kLength : RovReason::kAsn};
}

std::vector<Vrp> VrpSet::to_vector() const {
  std::vector<Vrp> out;
  out.reserve(entries_.size());
  trie_.for_each([&](const Prefix& p, const Slot& slot) {
    const Node& node = nodes_[slot.node()];
    for (uint32_t i = node.first; i < node.first + node.count; ++i) {
      out.push_back(Vrp{p, entries_[i].asn, entries_[i].max_length});
    }
  });
  return out;
}

size_t VrpSet::memory_bytes() const {
  return trie_.memory_bytes() + v6_.memory_bytes() + nodes_.capacity() * sizeof(Node) +
         entries_.capacity() * sizeof(Entry);
}

}  // namespace vigil::refdata::rpki

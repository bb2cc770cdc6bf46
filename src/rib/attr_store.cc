#include "rib/attr_store.h"

#include <algorithm>

namespace vigil::rib {

namespace {

// 64-bit mix (splitmix64 finaliser).
inline size_t mix(size_t h, uint64_t v) {
  uint64_t x = h ^ (v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return static_cast<size_t>(x);
}

}  // namespace

PathData::PathData(const bgp::AsPath& p)
    : nseg_(static_cast<uint32_t>(p.segments.size())), nasn_(static_cast<uint32_t>(p.asns.size())) {
  if (nseg_ + nasn_ > 0) data_ = std::make_unique<uint32_t[]>(nseg_ + nasn_);
  for (uint32_t i = 0; i < nseg_; ++i) {
    data_[i] = (uint32_t{static_cast<uint8_t>(p.segments[i].type)} << 24) | p.segments[i].count;
  }
  std::copy(p.asns.begin(), p.asns.end(), data_.get() + nseg_);
  has_origin = p.origin(origin);
  if (!has_origin) origin = 0;
}

PathData& PathData::operator=(const PathData& o) {
  if (this == &o) return *this;
  nseg_ = o.nseg_;
  nasn_ = o.nasn_;
  origin = o.origin;
  has_origin = o.has_origin;
  data_.reset();
  if (nseg_ + nasn_ > 0) {
    data_ = std::make_unique<uint32_t[]>(nseg_ + nasn_);
    std::copy(o.data_.get(), o.data_.get() + nseg_ + nasn_, data_.get());
  }
  return *this;
}

PathData::Segment PathData::segment(size_t i) const {
  uint32_t first = 0;
  for (size_t k = 0; k < i; ++k) first += data_[k] & 0xffffff;
  return {static_cast<bgp::SegmentType>(data_[i] >> 24), data_.get() + nseg_ + first,
          data_[i] & 0xffffff};
}

bgp::AsPath PathData::to_as_path() const {
  bgp::AsPath p;
  const uint32_t* a = data_.get() + nseg_;
  for (uint32_t i = 0; i < nseg_; ++i) {
    const uint32_t n = data_[i] & 0xffffff;
    p.append_segment(static_cast<bgp::SegmentType>(data_[i] >> 24), a, n);
    a += n;
  }
  return p;
}

bool PathData::operator==(const PathData& o) const {
  return nseg_ == o.nseg_ && nasn_ == o.nasn_ &&
         std::equal(data_.get(), data_.get() + nseg_ + nasn_, o.data_.get());
}

size_t PathData::hash() const {
  size_t h = 0x51ed27;
  for (uint32_t i = 0; i < nseg_ + nasn_; ++i) h = mix(h, data_[i]);
  return h;
}

size_t CommunitySet::hash() const {
  size_t h = 0xc0ffee;
  for (uint32_t c : standard) h = mix(h, c);
  for (const auto& l : large) {
    h = mix(h, l.global);
    h = mix(h, (uint64_t{l.local1} << 32) | l.local2);
  }
  return h;
}

size_t RouteAttrs::hash() const {
  size_t h = mix(path, communities);
  h = mix(h, (uint64_t{med} << 32) | local_pref);
  h = mix(h, (uint64_t{aggregator_asn} << 32) | aggregator_ip);
  h = mix(h, (uint64_t{otc} << 16) | (uint64_t{static_cast<uint8_t>(origin)} << 8) | flags);
  return mix(h, next_hop);
}

size_t NextHop::hash() const {
  uint64_t a = 0, b = 0;
  for (int i = 0; i < 8; ++i) {
    a = (a << 8) | addr.bytes[i];
    b = (b << 8) | addr.bytes[8 + i];
  }
  return mix(mix(0x4e48, a ^ static_cast<uint64_t>(addr.family)), b);
}

PathId AttrStore::intern_path(const bgp::AsPath& p) { return paths_.intern(PathData(p)); }

CommunitiesId AttrStore::intern_communities(const CommunitySet& c) {
  if (c.standard.empty() && c.large.empty()) return 0;
  return communities_.intern(c);
}

AttrsId AttrStore::intern(const bgp::PathAttributes& a, bool as4_session, const IpAddr* nh) {
  RouteAttrs r;
  if (a.has(bgp::kHasAsPath)) r.path = intern_path(a.effective_as_path(as4_session, scratch_));
  comm_scratch_.standard = a.communities;
  comm_scratch_.large = a.large_communities;
  r.communities = intern_communities(comm_scratch_);
  if (nh) {
    r.next_hop = next_hops_.intern(NextHop{*nh});
    r.flags |= RouteAttrs::kHasNextHop;
  }
  if (a.has(bgp::kHasOrigin)) {
    r.origin = a.origin;
    r.flags |= RouteAttrs::kHasOrigin;
  }
  if (a.has(bgp::kHasMed)) {
    r.med = a.med;
    r.flags |= RouteAttrs::kHasMed;
  }
  if (a.has(bgp::kHasLocalPref)) {
    r.local_pref = a.local_pref;
    r.flags |= RouteAttrs::kHasLocalPref;
  }
  if (a.has(bgp::kHasAtomicAggregate)) r.flags |= RouteAttrs::kAtomicAggregate;
  if (a.has(bgp::kHasAggregator)) {
    const bgp::Aggregator& ag = a.effective_aggregator(as4_session);
    r.aggregator_asn = ag.asn;
    r.aggregator_ip = ag.address.v4_host_order();
    r.flags |= RouteAttrs::kHasAggregator;
  }
  if (a.has(bgp::kHasOnlyToCustomer)) {
    r.otc = a.only_to_customer;
    r.flags |= RouteAttrs::kHasOtc;
  }
  return intern(r);
}

AttrsId AttrStore::intern(const RouteAttrs& r) {
  const size_t before = attrs_.live();
  const AttrsId id = attrs_.intern(r);
  if (attrs_.live() == before) {
    // Already present: the existing set holds its own path/communities
    // references; drop the ones the caller passed in.
    if (r.path) paths_.release(r.path);
    if (r.communities) communities_.release(r.communities);
    if (r.next_hop) next_hops_.release(r.next_hop);
  }
  return id;
}

void AttrStore::release(AttrsId id) {
  if (attrs_.refs(id) == 1) {
    const RouteAttrs r = attrs_.get(id);
    attrs_.release(id);
    if (r.path) paths_.release(r.path);
    if (r.communities) communities_.release(r.communities);
    if (r.next_hop) next_hops_.release(r.next_hop);
    return;
  }
  attrs_.release(id);
}

MemoryStats AttrStore::stats() const {
  MemoryStats s;
  s.paths = paths_.live();
  s.path_bytes = paths_.bytes();
  s.community_sets = communities_.live();
  s.community_bytes = communities_.bytes();
  s.attr_sets = attrs_.live();
  s.attr_bytes = attrs_.bytes() + next_hops_.bytes();
  return s;
}

}  // namespace vigil::rib

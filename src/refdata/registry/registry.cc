// Registry queries. Building is in registry_builder.cc.
#include "refdata/registry/registry.h"

#include <algorithm>

#include "core/text.h"

namespace vigil::refdata {

namespace {

// The facts a prefix answer accumulates over the overlapping delegations.
class AnswerAccumulator {
 public:
  explicit AnswerAccumulator(const std::vector<Delegation>& delegations)
      : delegations_(delegations) {}

  void add(uint32_t id) {
    const Delegation& d = delegations_[id];
    if (count_ == 0) {
      first_ = id;
      country_ = d.delegated() && !d.cc.empty() ? std::optional<CountryCode>(d.cc) : std::nullopt;
      rir_ = d.rir;
      count_ = 1;
      return;
    }
    if (id != first_) count_ = 2;
    if (country_ && (!d.delegated() || d.cc != *country_)) country_.reset();
    if (rir_ && d.rir != *rir_) rir_.reset();
  }
  // Nothing more can change the answer.
  bool settled() const { return count_ >= 2 && !country_ && !rir_; }
  bool several() const { return count_ >= 2; }
  bool any() const { return count_ > 0; }
  uint32_t first() const { return first_; }
  std::optional<CountryCode> country() const { return country_; }
  std::optional<Rir> rir() const { return rir_; }

 private:
  const std::vector<Delegation>& delegations_;
  int count_ = 0;  // distinct delegations seen, saturating at 2
  uint32_t first_ = 0;
  std::optional<CountryCode> country_;
  std::optional<Rir> rir_;
};

}  // namespace

std::string Delegation::to_string() const {
  std::string out(rir_name(rir));
  out += '|';
  out += cc.to_string();
  out += '|';
  out += resource_type_name(type);
  out += '|';
  if (type == ResourceType::kAsn) {
    append_u32(out, first_asn);
  } else {
    append_ip(out, start);
  }
  out += '|';
  append_u64(out, value);
  out += '|';
  if (date != 0) append_u32(out, date);
  out += '|';
  out += record_status_name(status);
  return out;
}

std::string_view coverage_name(Coverage c) {
  switch (c) {
    case Coverage::kNone:
      return "none";
    case Coverage::kSingle:
      return "single";
    case Coverage::kPartial:
      return "partial";
    case Coverage::kSeveral:
      return "several";
  }
  return "?";
}

const Delegation* Registry::lookup_asn(uint32_t asn) const {
  auto it = std::upper_bound(asn_segments_.begin(), asn_segments_.end(), asn,
                             [](uint32_t a, const AsnSegment& s) { return a < s.first; });
  if (it == asn_segments_.begin()) return nullptr;
  --it;
  return asn <= it->last ? &delegations_[it->delegation] : nullptr;
}

const Delegation* Registry::lookup_address(const IpAddr& a) const {
  const auto m = trie_.longest_match(a);
  return m ? &delegations_[*m.value] : nullptr;
}

PrefixAnswer Registry::lookup_prefix(const Prefix& p) const {
  const Prefix q = p.masked();
  AnswerAccumulator acc(delegations_);
  const auto cover = trie_.longest_match(q);
  if (cover) acc.add(*cover.value);
  trie_.for_each_more_specific(q, [&](const Prefix& r, const uint32_t& id) {
    if (r.len == q.len) return true;  // q itself: it is the cover
    acc.add(id);
    return !acc.settled();
  });
  PrefixAnswer a;
  if (!acc.any()) return a;
  a.country = acc.country();
  a.rir = acc.rir();
  if (acc.several()) {
    a.coverage = Coverage::kSeveral;
    a.delegation = &delegations_[cover ? *cover.value : acc.first()];
  } else {
    a.coverage = cover ? Coverage::kSingle : Coverage::kPartial;
    a.delegation = &delegations_[acc.first()];
  }
  return a;
}

std::vector<const Delegation*> Registry::delegations_overlapping(const Prefix& p,
                                                                 size_t limit) const {
  const Prefix q = p.masked();
  std::vector<const Delegation*> out;
  auto add = [&](uint32_t id) {
    const Delegation* d = &delegations_[id];
    // Pieces of one record are adjacent; nested ones of one record cannot be.
    if (out.empty() || out.back() != d) out.push_back(d);
    return out.size() < limit;
  };
  bool go_on = limit > 0;
  trie_.for_each_covering(q, [&](const Prefix&, const uint32_t& id) {
    go_on = add(id);
    return go_on;
  });
  if (!go_on) return out;
  trie_.for_each_more_specific(q, [&](const Prefix& r, const uint32_t& id) {
    if (r.len == q.len) return true;  // already listed as covering
    return add(id);
  });
  return out;
}

std::vector<CountryCode> Registry::countries() const {
  std::vector<CountryCode> out;
  out.reserve(countries_.size());
  for (const CountryResources& c : countries_) out.push_back(c.cc);
  return out;
}

const CountryResources* Registry::country(CountryCode cc) const {
  if (cc.empty()) return nullptr;
  const int pos = country_index_[static_cast<size_t>(cc.index())];
  return pos == 0 ? nullptr : &countries_[static_cast<size_t>(pos - 1)];
}

std::string_view Registry::opaque_id(const Delegation& d) const {
  if (d.opaque_id == Delegation::kNoOpaqueId) return {};
  return opaque_ids_[d.opaque_id];
}

}  // namespace vigil::refdata

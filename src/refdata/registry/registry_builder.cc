// RegistryBuilder: merging parsed RIR files into a Registry (rules in
// registry.h).
#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <numeric>
#include <string>
#include <unordered_map>
#include <utility>

#include "refdata/registry/ipv4_range.h"
#include "refdata/registry/registry.h"

namespace vigil::refdata {

namespace {

// "delegated-apnic-latest:1234"
std::string where(const Registry& reg, const Delegation& d) {
  return reg.source_of(d).name + ":" + std::to_string(d.line);
}

}  // namespace

void RegistryBuilder::add(RirStatsFile file) { files_.push_back(std::move(file)); }

// The steps of build(), with access to the Registry's internals.
class RegistryMerge {
 public:
  explicit RegistryMerge(std::vector<RirStatsFile> files) : files_(std::move(files)) {}

  Registry run() && {
    choose_files();
    make_delegations();
    insert_prefixes();
    make_asn_segments();
    make_countries();
    return std::move(reg_);
  }

 private:
  // Per RIR the newest file (latest end date, then added last); the rank of
  // a used file orders all used files by (end date, order added).
  void choose_files() {
    const size_t n = files_.size();
    used_.assign(n, true);
    for (size_t i = 0; i < n; ++i) {
      const RirStatsHeader& hi = files_[i].header;
      for (size_t j = 0; j < n; ++j) {
        const RirStatsHeader& hj = files_[j].header;
        if (j != i && hj.registry == hi.registry &&
            (hj.end_date > hi.end_date || (hj.end_date == hi.end_date && j > i))) {
          used_[i] = false;
        }
      }
    }
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return files_[a].header.end_date < files_[b].header.end_date;
    });
    rank_.assign(n, 0);
    for (size_t r = 0; r < n; ++r) rank_[order[r]] = static_cast<uint32_t>(r);
    for (size_t i = 0; i < n; ++i) {
      const RirStatsFile& f = files_[i];
      reg_.sources_.push_back({f.source, f.header.registry, f.header.end_date, f.header.serial,
                               f.records.size(), f.extended, !used_[i]});
    }
  }

  void make_delegations() {
    std::unordered_map<std::string, uint32_t> opaque;
    for (size_t i = 0; i < files_.size(); ++i) {
      if (!used_[i]) continue;
      for (RirRecord& r : files_[i].records) {
        Delegation d;
        d.rir = r.registry;
        d.cc = r.cc;
        d.type = r.type;
        d.status = r.status;
        d.source = static_cast<uint16_t>(i);
        d.line = r.line;
        d.date = r.date;
        d.first_asn = r.first_asn;
        d.start = r.start;
        d.value = r.value;
        if (!r.opaque_id.empty()) {
          const auto [it, inserted] =
              opaque.try_emplace(r.opaque_id, static_cast<uint32_t>(reg_.opaque_ids_.size()));
          if (inserted) reg_.opaque_ids_.push_back(std::move(r.opaque_id));
          d.opaque_id = it->second;
        }
        reg_.delegations_.push_back(d);
      }
    }
  }

  uint32_t rank_of(uint32_t id) const { return rank_[reg_.delegations_[id].source]; }

  void insert_prefixes() {
    std::vector<Prefix> pieces;
    for (uint32_t id = 0; id < reg_.delegations_.size(); ++id) {
      const Delegation& d = reg_.delegations_[id];
      pieces.clear();
      if (d.type == ResourceType::kIpv4) {
        split_ipv4_range(d.start.v4_host_order(), d.value, pieces);
      } else if (d.type == ResourceType::kIpv6) {
        pieces.push_back({d.start, static_cast<uint8_t>(d.value)});
      }
      for (const Prefix& p : pieces) {
        auto [stored, inserted] = reg_.trie_.emplace(p, id);
        if (inserted) continue;
        const Delegation& old = reg_.delegations_[*stored];
        const bool replace = rank_of(id) > rank_of(*stored);
        const Delegation& kept = replace ? d : old;
        const Delegation& dropped = replace ? old : d;
        reg_.warnings_.add(reg_.source_of(dropped).name, dropped.line,
                           p.to_string() + " is also in " + where(reg_, kept) +
                               ", which is used (newer file, or earlier line)");
        if (replace) *stored = id;
      }
    }
  }

  // Cuts overlapping ASN ranges so that each ASN keeps the delegation of the
  // newest file (first in file order among equals).
  void make_asn_segments() {
    std::vector<uint32_t> ids;
    for (uint32_t id = 0; id < reg_.delegations_.size(); ++id) {
      if (reg_.delegations_[id].type == ResourceType::kAsn) ids.push_back(id);
    }
    std::stable_sort(ids.begin(), ids.end(),
                     [&](uint32_t a, uint32_t b) { return rank_of(a) > rank_of(b); });
    struct Claim {
      uint32_t last;
      uint32_t id;
    };
    std::map<uint32_t, Claim> claimed;  // first -> claim; disjoint
    std::vector<std::pair<uint32_t, uint32_t>> gaps;
    for (const uint32_t id : ids) {
      const Delegation& d = reg_.delegations_[id];
      const uint64_t last = uint64_t{d.first_asn} + d.value - 1;
      uint64_t at = d.first_asn;
      gaps.clear();
      auto it = claimed.upper_bound(d.first_asn);
      if (it != claimed.begin() && std::prev(it)->second.last >= d.first_asn) --it;
      const Delegation* shadow = nullptr;
      while (at <= last) {
        if (it == claimed.end() || it->first > last) {
          gaps.emplace_back(static_cast<uint32_t>(at), static_cast<uint32_t>(last));
          break;
        }
        if (it->first > at) gaps.emplace_back(static_cast<uint32_t>(at), it->first - 1);
        shadow = &reg_.delegations_[it->second.id];
        at = uint64_t{it->second.last} + 1;
        ++it;
      }
      for (const auto& [first, gap_last] : gaps) claimed.emplace(first, Claim{gap_last, id});
      if (shadow != nullptr) {
        reg_.warnings_.add(reg_.source_of(d).name, d.line,
                           "ASNs " + std::to_string(d.first_asn) + "-" + std::to_string(last) +
                               " overlap " + where(reg_, *shadow) +
                               ", which is used there (newer file, or earlier line)");
      }
    }
    reg_.asn_segments_.reserve(claimed.size());
    for (const auto& [first, c] : claimed) reg_.asn_segments_.push_back({first, c.last, c.id});
  }

  void make_countries() {
    std::vector<CountryResources> by_index(CountryCode::kIndexCount);
    std::vector<bool> present(CountryCode::kIndexCount, false);
    auto country_of = [&](const Delegation& d) -> CountryResources* {
      if (!d.delegated() || d.cc.empty() || d.cc.is_unknown()) return nullptr;
      const auto i = static_cast<size_t>(d.cc.index());
      present[i] = true;
      by_index[i].cc = d.cc;
      return &by_index[i];
    };

    for (const Registry::AsnSegment& s : reg_.asn_segments_) {
      CountryResources* c = country_of(reg_.delegations_[s.delegation]);
      if (c == nullptr) continue;
      if (!c->asns.empty() && uint64_t{c->asns.back().last} + 1 == s.first) {
        c->asns.back().last = s.last;
      } else {
        c->asns.push_back({s.first, s.last});
      }
      c->asn_count += uint64_t{s.last} - s.first + 1;
    }

    // Most specific attribution: walking prefixes in (address, length) order,
    // a prefix's own space is its size minus its maximal stored
    // more-specifics, i.e. minus each prefix whose innermost container it is.
    struct Open {
      Prefix prefix;
      size_t entry;
    };
    struct Entry {
      uint32_t id;
      uint64_t v4_addresses;  // IPv4
      double v6_slash48s;     // IPv6
    };
    std::vector<Entry> entries;
    entries.reserve(reg_.trie_.size());
    std::vector<Open> stack;
    reg_.trie_.for_each([&](const Prefix& p, const uint32_t& id) {
      while (!stack.empty() && !stack.back().prefix.contains(p)) stack.pop_back();
      Entry e{id, 0, 0};
      if (p.addr.is_v4()) {
        e.v4_addresses = uint64_t{1} << (32 - p.len);
      } else {
        e.v6_slash48s = std::ldexp(1.0, 48 - p.len);
      }
      if (!stack.empty()) {
        Entry& parent = entries[stack.back().entry];
        parent.v4_addresses -= e.v4_addresses;
        parent.v6_slash48s -= e.v6_slash48s;
      }
      stack.push_back({p, entries.size()});
      entries.push_back(e);
      CountryResources* c = country_of(reg_.delegations_[id]);
      if (c != nullptr) (p.addr.is_v4() ? c->ipv4 : c->ipv6).push_back(p);
    });
    for (const Entry& e : entries) {
      CountryResources* c = country_of(reg_.delegations_[e.id]);
      if (c == nullptr) continue;
      c->ipv4_addresses += e.v4_addresses;
      c->ipv6_slash48s += e.v6_slash48s;
    }

    for (size_t i = 0; i < by_index.size(); ++i) {
      if (!present[i]) continue;
      reg_.countries_.push_back(std::move(by_index[i]));
      reg_.country_index_[i] = static_cast<int16_t>(reg_.countries_.size());
    }
  }

  std::vector<RirStatsFile> files_;
  std::vector<bool> used_;
  std::vector<uint32_t> rank_;
  Registry reg_;
};

Registry RegistryBuilder::build() && { return RegistryMerge(std::move(files_)).run(); }

}  // namespace vigil::refdata

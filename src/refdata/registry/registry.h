// Registry: who was delegated an IP prefix or an ASN, in which country, by
// which RIR — merged from the RIR statistics files (rir_stats.h).
//
//   RegistryBuilder b;
//   for (auto& [name, text] : files) {
//     auto f = parse_rir_stats(text, name);
//     if (!f) return f.error();
//     b.add(std::move(*f));
//   }
//   Registry reg = std::move(b).build();
//   reg.lookup_asn(3333)->cc;                          // EU (RIPE NCC's regional code)
//   reg.lookup_prefix(*Prefix::parse("193.0.0.0/21"));  // kSingle, NL, ripencc
//   reg.country(CountryCode("EG"))->ipv4_slash24s();    // /24 equivalents
//
// Merging (RegistryBuilder::build)
//   * Per registry (the version line's), only the newest file is used: the
//     one with the latest end date, then the one added last. Older snapshots
//     of the same RIR are listed in sources() as superseded and contribute
//     nothing, so resources returned or transferred since are not mixed in.
//   * Every record of a used file is a Delegation, whatever its status:
//     "available"/"reserved" space is answered too (with no country), so that
//     a newer RIR file's free pool shadows an older file's delegation.
//   * IPv4 ranges become their CIDR prefixes (ipv4_range.h), IPv6 records
//     one prefix each, all in one PrefixTrie. The same prefix from two used
//     files (an inter-RIR transfer between snapshot dates) keeps the newer
//     file's record, with a warning; nested prefixes are all kept and the
//     most specific one answers.
//   * ASN ranges that overlap are cut so that each ASN has one delegation,
//     the newer file's (warning for each overlap), then binary searched.
//
// Countries: countries() lists every code that some allocated/assigned
// record carries: ISO 3166 alpha-2 codes plus the regional "EU" and "AP"
// (CountryCode::is_regional()); never "ZZ". Per country: its ASN ranges,
// its prefixes and the address space whose most specific delegation is in
// that country (a /24 of another country inside its /16 is not counted
// twice), as IPv4 addresses (/24 equivalents) and IPv6 /48 equivalents.
//
// Measured (Release, one core of a shared 2-core machine): the six shared
// files (11.6 MB; 220k delegations, 172k prefixes, 50k ASN ranges) parse
// and merge in 0.10 s; lookups per second: address 71M, ASN 27M, prefix
// 6M (/24) and 5M (/16, often several delegations).
//
// Lifetimes: pointers and references returned (Delegation, CountryResources,
// strings) stay valid as long as the Registry, which never changes after
// build(). They move with it: after a move they belong to the new Registry.
// Thread safety: a built Registry is immutable; concurrent readers are safe.
// Errors: lookups report absence as nullptr/kNone; nothing throws except
// std::bad_alloc while building.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ip.h"
#include "refdata/registry/rir.h"
#include "refdata/registry/rir_stats.h"
#include "refdata/registry/text_lines.h"
#include "rib/prefix_trie.h"

namespace vigil::refdata {

class RegistryMerge;  // registry_builder.cc

// One record of a file the Registry uses.
struct Delegation {
  static constexpr uint32_t kNoOpaqueId = UINT32_MAX;

  Rir rir = Rir::kIana;
  CountryCode cc;  // may be empty (free space) or "ZZ"
  ResourceType type = ResourceType::kAsn;
  RecordStatus status = RecordStatus::kAllocated;
  uint16_t source = 0;               // index in Registry::sources()
  uint32_t line = 0;                 // line in that source
  uint32_t date = 0;                 // YYYYMMDD, 0 when unknown
  uint32_t first_asn = 0;            // kAsn
  IpAddr start;                      // kIpv4/kIpv6: first address of the record
  uint64_t value = 0;                // as in the file (ASN count, address count, prefix length)
  uint32_t opaque_id = kNoOpaqueId;  // Registry::opaque_id()

  bool delegated() const { return is_delegated(status); }
  // "ripencc|NL|ipv4|193.0.0.0|2048|19930901|assigned" (the record's fields).
  std::string to_string() const;
};

// A file given to the builder.
struct RegistrySource {
  std::string name;
  Rir rir = Rir::kIana;
  uint32_t end_date = 0;
  std::string serial;
  size_t records = 0;
  bool extended = false;
  bool superseded = false;  // a newer file of the same RIR is used instead
};

// ASNs first..last, inclusive.
struct AsnRange {
  uint32_t first = 0;
  uint32_t last = 0;
  uint64_t size() const { return uint64_t{last} - first + 1; }
  bool operator==(const AsnRange&) const = default;
};

struct CountryResources {
  CountryCode cc;
  // Allocated/assigned ASNs, merged into maximal ranges, ascending.
  std::vector<AsnRange> asns;
  uint64_t asn_count = 0;
  // Allocated/assigned prefixes (CIDR pieces of the records), address order.
  std::vector<Prefix> ipv4;
  std::vector<Prefix> ipv6;
  // Addresses whose most specific delegation is allocated/assigned in cc.
  uint64_t ipv4_addresses = 0;
  double ipv6_slash48s = 0;  // the same for IPv6, in /48 units

  double ipv4_slash24s() const { return static_cast<double>(ipv4_addresses) / 256.0; }
};

// How the delegations relate to a queried prefix.
enum class Coverage : uint8_t {
  kNone,     // no delegation overlaps the prefix
  kSingle,   // one delegation covers all of it (nothing more specific inside)
  kPartial,  // one delegation overlaps it, covering only part of it
  kSeveral,  // two or more delegations overlap it
};

std::string_view coverage_name(Coverage c);

struct PrefixAnswer {
  Coverage coverage = Coverage::kNone;
  // kSingle: the most specific delegation covering the prefix. kPartial: the
  // one inside. kSeveral: the most specific covering one if any, else the
  // first one inside (address order). nullptr for kNone.
  const Delegation* delegation = nullptr;
  // Set when every overlapping delegation is allocated/assigned in this
  // one country.
  std::optional<CountryCode> country;
  // Set when every overlapping delegation comes from this one RIR.
  std::optional<Rir> rir;
};

class Registry {
 public:
  Registry() = default;
  Registry(Registry&&) noexcept = default;
  Registry& operator=(Registry&&) noexcept = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The delegation of `asn`, or nullptr.
  const Delegation* lookup_asn(uint32_t asn) const;
  // The most specific delegation containing `a`, or nullptr.
  const Delegation* lookup_address(const IpAddr& a) const;
  // The delegations overlapping `p` (host bits are ignored; REQUIRES:
  // p.len <= p.addr.max_len(), as for every prefix query). Stops walking
  // the more specific delegations once the answer cannot change, so it is
  // cheap also for large prefixes.
  PrefixAnswer lookup_prefix(const Prefix& p) const;
  // Every distinct delegation overlapping `p`: those covering it (shortest
  // first), then those inside it (address order); at most `limit`.
  std::vector<const Delegation*> delegations_overlapping(const Prefix& p,
                                                         size_t limit = SIZE_MAX) const;

  // Codes carried by allocated/assigned records, ascending.
  std::vector<CountryCode> countries() const;
  // nullptr when no allocated/assigned record has this code.
  const CountryResources* country(CountryCode cc) const;
  // Every country, ascending by code.
  const std::vector<CountryResources>& all_countries() const { return countries_; }

  const std::vector<RegistrySource>& sources() const { return sources_; }
  const RegistrySource& source_of(const Delegation& d) const { return sources_[d.source]; }
  // The record's opaque-id (extended files), "" when none.
  std::string_view opaque_id(const Delegation& d) const;
  // Overlaps resolved while merging ("<source>:<line>: ...").
  const WarningList& warnings() const { return warnings_; }

  size_t delegation_count() const { return delegations_.size(); }
  size_t prefix_count() const { return trie_.size(); }
  size_t asn_range_count() const { return asn_segments_.size(); }

 private:
  friend class RegistryMerge;

  // A run of ASNs with one delegation; sorted, disjoint.
  struct AsnSegment {
    uint32_t first;
    uint32_t last;
    uint32_t delegation;
  };

  std::vector<RegistrySource> sources_;
  std::vector<Delegation> delegations_;
  std::vector<std::string> opaque_ids_;
  rib::PrefixTrie<uint32_t> trie_;  // prefix -> index in delegations_
  std::vector<AsnSegment> asn_segments_;
  std::vector<CountryResources> countries_;
  std::array<int16_t, CountryCode::kIndexCount> country_index_{};  // position + 1, 0 = none
  WarningList warnings_;
};

// Collects parsed files, then merges them into a Registry (rules above).
class RegistryBuilder {
 public:
  // Files may be added in any order; a file without records is fine.
  // REQUIRES: fewer than 65536 files in all.
  void add(RirStatsFile file);
  // REQUIRES: called once.
  Registry build() &&;

 private:
  std::vector<RirStatsFile> files_;
};

}  // namespace vigil::refdata

// Watchlist: the prefixes and ASes an operator or CSIRT monitors, with what
// is legitimate for each (origin ASes, neighbours, path rules). Detectors
// compare routes against it (ARTEMIS' and BGPalerter's configuration-based
// detection).
//
// Three formats are read, detected from content (parse_watchlist):
//   - vigil's own YAML (docs/formats/watchlist.md):
//       prefixes:
//         - prefix: 193.0.0.0/21
//           origins: [3333]
//           neighbors: [1273, 2914]
//           description: RIPE NCC
//       asns:
//         - asn: 3333
//           upstreams: [1273]
//   - BGPalerter's prefixes.yml (a map from prefix to {asn, description,
//     ignoreMorespecifics, ignore, group, path, includeMonitors,
//     excludeMonitors}; `options.monitorASns`), accepted as is;
//   - ARTEMIS' config.yaml (rules of prefixes / origin_asns / neighbors /
//     policies / community_annotations, with YAML anchors, ASN ranges
//     "300-310", '*' wildcards and RFC 2622 range operators ^- ^+ ^n ^n-m).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ip.h"
#include "core/result.h"

namespace vigil::rib {
class CoverFilter;
}  // namespace vigil::rib

namespace vigil::refdata {

// A set of ASNs: explicit values and inclusive ranges, or any AS at all.
struct AsnSet {
  bool any = false;
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  bool contains(uint32_t asn) const;
  bool empty() const { return !any && ranges.empty(); }
  void add(uint32_t asn) { ranges.emplace_back(asn, asn); }
};

// BGPalerter path rule: a regular expression (matched against the AS path
// as space-separated ASNs) that must or must not match, and length bounds.
struct PathRule {
  std::string match;
  std::string not_match;
  std::optional<int> min_length;
  std::optional<int> max_length;
  std::string description;
};

// ARTEMIS community annotation: routes carrying all `in` and none of `out`
// communities get the severity.
struct CommunityAnnotation {
  std::string severity;
  std::vector<uint32_t> in;
  std::vector<uint32_t> out;
};

struct WatchEntry {
  Prefix prefix;
  // The prefix lengths the entry covers (RFC 2622 range operators): exact
  // by default, len+1..max for ^-, len..max for ^+, n..n for ^n, n..m for
  // ^n-m. Announcements of covered prefixes inside `prefix` at these lengths
  // are the entry's "exact" matches.
  uint8_t min_len = 0;
  uint8_t max_len = 0;
  // Legitimate origins. Empty (and not any) means nobody should announce the
  // prefix: squatting detection (ARTEMIS Q|0).
  AsnSet origins;
  // Legitimate first hops upstream of the origin (ARTEMIS neighbors,
  // BGPalerter upstreams). Empty = not configured.
  AsnSet neighbors;
  std::string description;
  std::string group = "default";
  bool ignore_more_specifics = false;
  bool ignore = false;
  bool no_export = false;  // ARTEMIS policies: no-export
  std::vector<PathRule> path_rules;
  std::vector<std::string> include_monitors;
  std::vector<std::string> exclude_monitors;
  std::vector<CommunityAnnotation> annotations;
  bool host_bits_cleared = false;  // the file gave e.g. 94.5.4.3/22
  // Where it came from, for messages: "file:line".
  std::string origin_of_entry;
};

struct MonitoredAs {
  uint32_t asn = 0;
  std::string group = "default";
  AsnSet upstreams;
  AsnSet downstreams;
};

// A standing "acknowledge" or "ignore" rule for incidents (vigil format,
// top-level `acknowledge:` / `ignore:` lists). Fields left empty match
// anything; the detection layer checks `type` against its incident types.
struct IncidentRuleSpec {
  bool ignore = false;  // false: acknowledge
  std::string type;     // "moas", "new-adjacency", ... ("" = any)
  std::optional<Prefix> prefix;
  std::optional<uint32_t> asn;
  std::string id;
  std::string reason;
  std::string where;  // "file:line:column" of the rule, for errors
};

enum class WatchlistFormat : uint8_t { kVigil, kBgpalerter, kArtemis };
const char* watchlist_format_name(WatchlistFormat f);

class Watchlist {
 public:
  Watchlist();
  ~Watchlist();
  Watchlist(Watchlist&&) noexcept;
  Watchlist& operator=(Watchlist&&) noexcept;

  void add(WatchEntry e);
  void add(MonitoredAs a) { asns_.push_back(std::move(a)); }
  void add(IncidentRuleSpec r) { rules_.push_back(std::move(r)); }

  const std::vector<WatchEntry>& entries() const { return entries_; }
  const std::vector<MonitoredAs>& asns() const { return asns_; }
  const std::vector<IncidentRuleSpec>& incident_rules() const { return rules_; }
  std::vector<std::string>& warnings() { return warnings_; }
  const std::vector<std::string>& warnings() const { return warnings_; }

  // Entries whose prefix contains `p` (p itself included), most specific
  // first; ignored entries are left out. Pointers valid until the next add().
  std::vector<const WatchEntry*> covering(const Prefix& p) const;
  // Whether any entry (ignored ones included) contains `p`: one
  // longest-prefix match, no allocation; the cheap test before covering().
  bool any_covering(const Prefix& p) const;
  // any_covering()'s first test: false means no entry contains `p`. The
  // reference lives as long as the watchlist (not moved-from).
  const rib::CoverFilter& cover_filter() const;
  const MonitoredAs* monitored_as(uint32_t asn) const;

 private:
  struct Index;
  std::vector<WatchEntry> entries_;
  std::vector<MonitoredAs> asns_;
  std::vector<IncidentRuleSpec> rules_;
  std::vector<std::string> warnings_;
  std::unique_ptr<Index> index_;
};

// Parses a watchlist in any of the three formats; `source` names it in
// errors and warnings ("watch.yml:12:5: origin ASN 'x' is not a number").
Result<Watchlist> parse_watchlist(std::string_view text, const std::string& source,
                                  WatchlistFormat* detected = nullptr);

// "64500", "AS64500", "64500-64510", "64500 - 64510" → range.
Result<std::pair<uint32_t, uint32_t>> parse_asn_range(std::string_view text);

}  // namespace vigil::refdata

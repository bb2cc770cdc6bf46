// Incidents: alerts from many peers grouped by (type, prefix, offending
// AS), with a lifecycle
//
//     ongoing ──(no peer carries it any more)──► withdrawn ──(fade-off)──► resolved
//        ▲                                            │
//        └────────────(seen again)────────────────────┘
//
// and the noise controls BGPalerter users know: an incident is reported only
// once `min_peers` distinct peers have seen it (default 1, so an event that
// every peer of a one-peer collector sees is never hidden).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "detect/alert.h"

namespace vigil::detect {

enum class IncidentStatus : uint8_t { kOngoing, kWithdrawn, kResolved };
const char* incident_status_name(IncidentStatus s);

// What an analyst said about an incident, independent of its lifecycle:
// acknowledged incidents are still reported (marked); ignored ones are
// left out of reported() unless asked for.
enum class Disposition : uint8_t { kNone, kAcknowledged, kIgnored };
const char* disposition_name(Disposition d);  // "none", "acknowledged", "ignored"

// A standing rule that acknowledges or ignores every incident it matches
// (all given fields must match; unset fields match anything).
struct IncidentRule {
  Disposition action = Disposition::kAcknowledged;
  std::optional<AlertType> type;
  std::optional<Prefix> prefix;  // matches incidents on this prefix or inside it
  std::optional<uint32_t> asn;   // the offending AS
  std::string id;                // an exact incident id ("" = any)
  std::string reason;
};
// "origin-hijack" -> kOriginHijack; nullopt for an unknown name.
std::optional<AlertType> parse_alert_type(std::string_view name);

// The norms of the 2011 International Strategy for Cyberspace an incident
// type bears on (shared/docs/norms.md).
std::vector<std::string> norms_for(AlertType t);

struct Incident {
  std::string id;  // stable: type, prefix, AS and first time
  AlertType type = AlertType::kOriginHijack;
  Prefix prefix;
  Prefix watched_prefix;
  uint32_t asn = 0;
  std::vector<uint32_t> expected_asns;
  uint32_t first_seen = 0;
  uint32_t last_seen = 0;
  uint32_t withdrawn_at = 0;
  IncidentStatus status = IncidentStatus::kOngoing;
  bool has_prefix = true;               // false: about an AS or a country
  std::set<rib::PeerIndex> peers_now;   // peers carrying it now
  std::set<rib::PeerIndex> peers_ever;  // every peer that saw it
  uint32_t aggregate_peers = 0;         // aggregate alerts: peers the signal rests on
  Disposition disposition = Disposition::kNone;
  std::string disposition_reason;
  // Distinct peers that saw it (aggregate alerts: the largest peer count
  // their signal rested on).
  size_t peer_count() const { return has_prefix ? peers_ever.size() : aggregate_peers; }
  Severity severity = Severity::kInfo;
  std::string code;
  std::string explanation;
  std::string country;             // of the offending AS, when known
  std::vector<Evidence> evidence;  // first kMaxEvidence records
  uint64_t alerts = 0;
  static constexpr size_t kMaxEvidence = 64;
};

struct IncidentOptions {
  uint32_t min_peers = 1;
  uint32_t fade_off_seconds = 3600;  // withdrawn this long (data time) -> resolved
};

class IncidentTracker : public AlertSink {
 public:
  explicit IncidentTracker(IncidentOptions opts = {}) : opts_(opts) {}

  void raise(Alert a) override;
  void clear(AlertType type, const Prefix& prefix, uint32_t asn, rib::PeerIndex peer,
             uint32_t time) override;
  void clear_country(AlertType type, const std::string& country, uint32_t time) override;
  // Moves withdrawn incidents older than the fade-off to resolved.
  void advance(uint32_t now);

  // Country of an offending AS ("" when unknown), asked once per incident.
  void set_country_lookup(std::function<std::string(uint32_t)> f) { country_of_ = std::move(f); }
  // Standing acknowledge/ignore rules, applied to every incident as it is
  // created (and to those that exist already).
  void add_rule(IncidentRule rule);

  // Incidents that passed the noise controls, ordered by first_seen;
  // ignored ones only with `include_ignored`.
  std::vector<const Incident*> reported(bool include_ignored = false) const;
  size_t alert_count() const { return alerts_; }
  // Incidents left out of reported() by the rules.
  size_t ignored_count() const;

 private:
  // (type, prefix, AS, country): prefix-less incidents use a zero prefix,
  // country-level ones AS 0 and their country.
  using Key = std::tuple<AlertType, Prefix, uint32_t, std::string>;
  // Detectors clear far more often than they raise (every replaced route
  // asks), so lookups are hashed.
  struct KeyHash {
    size_t operator()(const Key& k) const {
      size_t h = PrefixHash{}(std::get<1>(k));
      h ^= (static_cast<size_t>(std::get<0>(k)) << 56) + (size_t{std::get<2>(k)} << 20) +
           0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
      if (!std::get<3>(k).empty()) h ^= std::hash<std::string>{}(std::get<3>(k)) + (h << 6);
      return h;
    }
  };
  void clear(AlertType type, const Prefix& prefix, uint32_t asn, rib::PeerIndex peer, uint32_t time,
             const std::string& country);
  static bool matches(const IncidentRule& r, const Incident& in);
  void apply_rules(Incident& in) const;
  IncidentOptions opts_;
  std::unordered_map<Key, Incident, KeyHash> incidents_;
  // Withdrawn incidents in the order they were withdrawn, for advance().
  std::deque<std::pair<uint32_t, Key>> withdrawn_;
  size_t alerts_ = 0;
  std::function<std::string(uint32_t)> country_of_;
  std::vector<IncidentRule> rules_;
};

}  // namespace vigil::detect

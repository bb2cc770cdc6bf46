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

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/hash.h"
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

// The peers of an incident: a handful, kept sorted, the first kInline of
// them inside the set (most incidents never allocate; a std::set cost two
// node allocations per peer and incident).
class PeerSet {
 public:
  static constexpr size_t kInline = 6;
  // True when `p` was not in the set.
  bool insert(rib::PeerIndex p) {
    const rib::PeerIndex* it = std::lower_bound(begin(), end(), p);
    if (it != end() && *it == p) return false;
    const size_t at = static_cast<size_t>(it - begin());
    if (heap_.empty() && size_ < kInline) {
      std::copy_backward(inline_ + at, inline_ + size_, inline_ + size_ + 1);
      inline_[at] = p;
    } else {
      if (heap_.empty()) heap_.assign(inline_, inline_ + size_);
      heap_.insert(heap_.begin() + static_cast<ptrdiff_t>(at), p);
    }
    ++size_;
    return true;
  }
  // 1 when `p` was in the set, else 0.
  size_t erase(rib::PeerIndex p) {
    const rib::PeerIndex* it = std::lower_bound(begin(), end(), p);
    if (it == end() || *it != p) return 0;
    const size_t at = static_cast<size_t>(it - begin());
    if (heap_.empty()) {
      std::copy(inline_ + at + 1, inline_ + size_, inline_ + at);
    } else {
      heap_.erase(heap_.begin() + static_cast<ptrdiff_t>(at));
    }
    --size_;
    return 1;
  }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const rib::PeerIndex* begin() const { return heap_.empty() ? inline_ : heap_.data(); }
  const rib::PeerIndex* end() const { return begin() + size_; }

 private:
  // Ascending, in inline_ while heap_ is empty, else in heap_ (a set that
  // emptied its heap_ is back in inline_ with size 0).
  rib::PeerIndex inline_[kInline] = {};
  uint32_t size_ = 0;
  std::vector<rib::PeerIndex> heap_;
};

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
  bool has_prefix = true;        // false: about an AS or a country
  PeerSet peers_now;             // peers carrying it now
  PeerSet peers_ever;            // every peer that saw it
  uint32_t aggregate_peers = 0;  // aggregate alerts: peers the signal rests on
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

  void raise(Alert a) override { record(std::move(a)); }
  // raise(), returning the incident the alert went to (valid until the
  // next call that adds an incident).
  const Incident& record(Alert a);
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
  // country-level ones AS 0 and their country (its two letters packed, 0
  // for none). Plain data: detectors clear far more often than they raise
  // (every replaced route asks), so lookups must be cheap.
  struct Key {
    AlertType type = AlertType::kOriginHijack;
    uint16_t country = 0;
    uint32_t asn = 0;
    Prefix prefix;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      const uint64_t h =
          PrefixHash{}(k.prefix) ^ mix64((uint64_t{k.asn} << 24) | (uint64_t{k.country} << 8) |
                                         static_cast<uint64_t>(k.type));
      return static_cast<size_t>(h);
    }
  };
  static uint16_t pack_country(const std::string& cc) {
    return cc.size() == 2 ? static_cast<uint16_t>(static_cast<uint8_t>(cc[0]) << 8 |
                                                  static_cast<uint8_t>(cc[1]))
                          : 0;
  }
  // An incident with its key, owned by all_ (incidents are never erased,
  // so entries stay where they are).
  struct Entry {
    Key key;
    Incident in;
  };
  // Open-addressing index over all_: power-of-two size, at most half full.
  // A lookup touches one slot and, on a hash match, the entry (the chained
  // std::unordered_map it replaces cost three or four cache misses per
  // clear, and detectors clear thousands of times an hour).
  struct Slot {
    uint64_t hash = 0;
    Entry* entry = nullptr;  // null: empty
  };
  Entry* find(const Key& k, uint64_t hash) const;
  Entry& insert(const Key& k, uint64_t hash);  // REQUIRES: k is not present
  void place(uint64_t hash, Entry* e);
  void clear(AlertType type, const Prefix& prefix, uint32_t asn, rib::PeerIndex peer, uint32_t time,
             const std::string& country);
  static bool matches(const IncidentRule& r, const Incident& in);
  void apply_rules(Incident& in) const;
  IncidentOptions opts_;
  std::vector<std::unique_ptr<Entry>> all_;  // in order of creation
  std::vector<Slot> index_;
  // Withdrawn incidents in the order they were withdrawn, for advance().
  std::deque<std::pair<uint32_t, Entry*>> withdrawn_;
  size_t alerts_ = 0;
  std::function<std::string(uint32_t)> country_of_;
  std::vector<IncidentRule> rules_;
};

}  // namespace vigil::detect

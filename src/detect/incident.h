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
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "detect/alert.h"

namespace vigil::detect {

enum class IncidentStatus : uint8_t { kOngoing, kWithdrawn, kResolved };
const char* incident_status_name(IncidentStatus s);

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
  std::set<rib::PeerIndex> peers_now;   // peers carrying it now
  std::set<rib::PeerIndex> peers_ever;  // every peer that saw it
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
  // Moves withdrawn incidents older than the fade-off to resolved.
  void advance(uint32_t now);

  // Incidents that passed the noise controls, ordered by first_seen.
  std::vector<const Incident*> reported() const;
  size_t alert_count() const { return alerts_; }

 private:
  using Key = std::tuple<AlertType, Prefix, uint32_t>;
  IncidentOptions opts_;
  std::map<Key, Incident> incidents_;
  // Withdrawn incidents in the order they were withdrawn, for advance().
  std::deque<std::pair<uint32_t, Key>> withdrawn_;
  size_t alerts_ = 0;
};

}  // namespace vigil::detect

// The values a Store keeps: plain data, copied in and out (nothing points
// into the store). Times are Unix seconds, as in detect.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ip.h"
#include "detect/alert.h"
#include "detect/incident.h"
#include "rib/rib.h"

namespace vigil::store {

// An incident as stored: detect::Incident without the process-local peer
// indices (they become counts and "address ASn" names) and with its norms.
struct StoredIncident {
  std::string id;  // the key: upserts replace every other field
  detect::AlertType type = detect::AlertType::kOriginHijack;
  std::optional<Prefix> prefix;  // nullopt: about an AS or a country
  std::optional<Prefix> watched_prefix;
  uint32_t asn = 0;  // the offending AS, 0 = none known
  std::vector<uint32_t> expected_asns;
  uint32_t first_seen = 0;
  uint32_t last_seen = 0;
  uint32_t withdrawn_at = 0;
  detect::IncidentStatus status = detect::IncidentStatus::kOngoing;
  uint32_t peers = 0;                  // Incident::peer_count()
  uint32_t peers_now = 0;              // peers carrying it now
  std::vector<std::string> peer_list;  // "192.0.2.1 AS64500" per peer that saw it
  detect::Severity severity = detect::Severity::kInfo;
  std::vector<std::string> norms;  // norms_for(type) when it was stored
  std::string country;             // "" = unknown
  std::string code;
  std::string explanation;
  uint64_t alerts = 0;
  std::vector<detect::Evidence> evidence;  // the records detect listed, in order
  detect::Disposition disposition = detect::Disposition::kNone;
  std::string disposition_reason;
};

// `peers` names the peer indices (rib.peers()); indices outside it and the
// aggregate peer are left out of peer_list.
StoredIncident to_stored(const detect::Incident& in, const std::vector<rib::PeerInfo>& peers);

// One alert of an incident, appended (never updated).
struct AlertRecord {
  std::string incident_id;  // must exist in the store
  std::string peer;         // "192.0.2.1 AS64500", "" for aggregate alerts
  uint32_t time = 0;
  detect::Evidence evidence;           // the MRT record behind it
  std::optional<uint64_t> leaf_index;  // its leaf in the evidence log, once logged
};

// A link from an incident to a leaf of the evidence log (src/evidence) and
// the record that leaf holds. One per (incident, leaf).
struct EvidenceRef {
  uint64_t leaf_index = 0;
  detect::Evidence record;
};

// A feed vigil reads. Upserting widens [first_seen, last_seen].
struct Source {
  std::string name;  // file path, BMP peer, RIS Live host...
  std::string kind;  // "mrt-file", "bmp", "ris-live", ...
  uint32_t first_seen = 0;
  uint32_t last_seen = 0;
};

// An incident exempt from retention until released.
struct Hold {
  std::string incident_id;
  std::string reason;
  uint64_t time = 0;  // when it was (last) placed
};

// list_incidents() filters; unset ones match everything. Ordered by
// (first_seen, id).
struct IncidentFilter {
  std::optional<detect::IncidentStatus> status;
  std::optional<detect::AlertType> type;
  std::optional<uint32_t> since;  // last_seen >= since
  size_t limit = 0;               // 0 = no limit
};

// What apply_retention() deleted.
struct RetentionResult {
  std::vector<std::string> incidents;  // ids, sorted
  uint64_t alerts = 0;
  uint64_t evidence_refs = 0;
  // Leaves that deleted rows referenced and no remaining alert or evidence
  // reference does, ascending: the evidence module may prune them.
  std::vector<uint64_t> orphaned_leaves;
};

}  // namespace vigil::store

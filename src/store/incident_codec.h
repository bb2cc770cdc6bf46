// StoredIncident <-> a row of the incidents table: enums as their names
// ("origin-hijack", "resolved", ...), prefixes as text (NULL when absent),
// expected ASNs as "3333,1299", norms and peer lists one per line.
#pragma once

#include <array>
#include <string>

#include "core/result.h"
#include "store/records.h"
#include "store/sql_connection.h"

namespace vigil::store {

// The incidents table's columns, in the order of IncidentParams::params and
// of the rows incident_from_row() reads.
inline constexpr const char* kIncidentColumns =
    "id, type, prefix, watched_prefix, asn, expected_asns, first_seen, last_seen, withdrawn_at, "
    "status, peers, peers_now, peer_list, severity, norms, country, code, explanation, alerts, "
    "disposition, disposition_reason";
inline constexpr size_t kIncidentColumnCount = 21;

// The parameters for one incident; they point into `in` and into this
// object, which therefore neither copies nor moves.
class IncidentParams {
 public:
  explicit IncidentParams(const StoredIncident& in);
  IncidentParams(const IncidentParams&) = delete;
  IncidentParams& operator=(const IncidentParams&) = delete;
  std::array<Param, kIncidentColumnCount> params;

 private:
  std::string prefix_, watched_, expected_, peer_list_, norms_;
};

// Every field but `evidence`; kMalformed naming the incident for a value
// this code cannot read.
Result<StoredIncident> incident_from_row(const Row& row);

}  // namespace vigil::store

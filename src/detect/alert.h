// Alerts: what a detector says about one route change, with the evidence
// record it came from. Incidents (incident.h) group them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/ip.h"
#include "rib/rib.h"

namespace vigil::detect {

// The incident types of `vigil detect --json` ("type" field).
enum class AlertType : uint8_t {
  kOriginHijack,     // exact prefix, illegal origin (ARTEMIS E|0)
  kSubprefixHijack,  // more-specific of a watched prefix (S|0, S|1, S|-)
  kSquatting,        // announced space nobody may announce (Q|0)
  kPathHijack,       // legitimate origin behind an illegal first hop (E|1)
  kPolicyViolation,  // no-export travelled too far (E|-|-|L)
  kMoas,             // a new origin for a prefix (against the baseline)
  kSubMoas,          // a new more-specific with another origin
  kNewAdjacency,     // an AS link never seen in the baseline
  kBogon,            // reserved ASN or prefix in a route
  kRpkiInvalid,
  kAspaInvalid,
  kRouteLeak,
  kVisibilityLoss,
  kOutage,
  kShutdown,
};
const char* alert_type_name(AlertType t);  // "origin-hijack", ...

enum class Severity : uint8_t { kInfo, kLow, kMedium, kHigh, kCritical };
const char* severity_name(Severity s);

// Where the raw data behind an alert is: the MRT record (file and offset)
// and its time. The evidence log (later) stores these records.
// Where an alert's evidence is: the record (file and offset, record time)
// and, when the raw record was kept in an evidence log, its leaf index
// there (Engine::set_evidence_keeper).
struct Evidence {
  static constexpr uint64_t kNoLeaf = ~uint64_t{0};
  std::string file;
  uint64_t offset = 0;
  uint32_t time = 0;
  uint64_t leaf = kNoLeaf;
};

struct Alert {
  AlertType type = AlertType::kOriginHijack;
  Severity severity = Severity::kMedium;
  bool has_prefix = true;
  Prefix prefix;          // the announced prefix
  Prefix watched_prefix;  // the configured or baseline prefix
  uint32_t asn = 0;       // the offending AS (0 = none known)
  std::vector<uint32_t> expected_asns;
  rib::PeerIndex peer = 0;
  uint32_t time = 0;
  std::string code;         // detector detail, e.g. ARTEMIS "E|0|-|-"
  std::string explanation;  // one readable sentence
  Evidence evidence;
  // Alerts about an AS or a country as a whole (outage, shutdown, table
  // leak) rather than a route at one peer: `has_prefix` is false, `peer`
  // is ignored and `aggregate_peers` says how many peers the signal rests
  // on. They are cleared with clear(..., kAggregatePeer, ...).
  uint32_t aggregate_peers = 0;
  // For country-level alerts (shutdown): the ISO 3166 code; otherwise the
  // incident's country comes from the registry (the offending AS's).
  std::string country;
};

// The `peer` of clear() for aggregate alerts.
inline constexpr rib::PeerIndex kAggregatePeer = static_cast<rib::PeerIndex>(-1);

class AlertSink {
 public:
  virtual ~AlertSink() = default;
  virtual void raise(Alert a) = 0;
  // The condition behind alerts of `type` for (prefix, asn) no longer holds
  // at `peer` (the route was withdrawn or replaced).
  virtual void clear(AlertType type, const Prefix& prefix, uint32_t asn, rib::PeerIndex peer,
                     uint32_t time) = 0;
  // Clears a country-level aggregate alert (shutdown).
  virtual void clear_country(AlertType type, const std::string& country, uint32_t time) = 0;
};

}  // namespace vigil::detect

#include "store/records.h"

namespace vigil::store {

StoredIncident to_stored(const detect::Incident& in, const std::vector<rib::PeerInfo>& peers) {
  StoredIncident s;
  s.id = in.id;
  s.type = in.type;
  if (in.has_prefix) {
    s.prefix = in.prefix;
    s.watched_prefix = in.watched_prefix;
  }
  s.asn = in.asn;
  s.expected_asns = in.expected_asns;
  s.first_seen = in.first_seen;
  s.last_seen = in.last_seen;
  s.withdrawn_at = in.withdrawn_at;
  s.status = in.status;
  s.peers = static_cast<uint32_t>(in.peer_count());
  s.peers_now = in.has_prefix ? static_cast<uint32_t>(in.peers_now.size()) : 0;
  for (rib::PeerIndex p : in.peers_ever) {
    if (p == detect::kAggregatePeer || p >= peers.size()) continue;
    s.peer_list.push_back(peers[p].address.to_string() + " AS" + std::to_string(peers[p].asn));
  }
  s.severity = in.severity;
  s.norms = detect::norms_for(in.type);
  s.country = in.country;
  s.code = in.code;
  s.explanation = in.explanation;
  s.alerts = in.alerts;
  s.evidence = in.evidence;
  s.disposition = in.disposition;
  s.disposition_reason = in.disposition_reason;
  return s;
}

}  // namespace vigil::store
